import type { CommandContext } from '../command.ts';

/** How an answer is delivered under the server's settings; the same everywhere an answer is rendered. */

/**
 * Whether an answer carries 👍/👎: only where votes are stored and someone can read them, i.e. with
 * a database and in a server (direct messages are not recorded).
 */
export function offersFeedback(ctx: CommandContext): boolean {
  return ctx.moderation !== null && ctx.invocation.guildId !== null;
}

/** Whether /ask answers only the asker when they did not say (`privateByDefault`; off outside servers). */
export function privateByDefault(ctx: CommandContext): boolean {
  const { guildId } = ctx.invocation;
  if (ctx.moderation === null || guildId === null) return false;
  // Read on every question, not cached: another shard process may have just changed it.
  return ctx.moderation.store.settings.get(guildId).privateByDefault;
}
