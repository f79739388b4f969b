/**
 * A local fake of Discord's network edge — REST API v10 and gateway v10 on 127.0.0.1 — for the real
 * discord.js client to connect to in end-to-end tests and in load/soak scripts. It imports nothing
 * from vitest, so plain tsx scripts can use it too.
 *
 *   const fake = await startFakeDiscord();
 *   const client = new Client({
 *     intents: [Guilds, GuildMessages, DirectMessages], partials: [Partials.Channel],
 *     rest: { api: fake.apiUrl },
 *     ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
 *     allowedMentions: { parse: [] },
 *   });
 *   await client.login(fake.token);                     // then wait for Events.ClientReady
 *   const ex = await fake.slash('ask', { question: 'Who met?' });   // resolves at the bot's callback
 *   const reply = await ex.waitForReply();              // @original once visible (after a defer: the edit)
 *   assertClean(fake);                                  // no unknown route, no violation, no unused fault
 *                                                       // (a shared fake: mark = fake.mark() in beforeEach,
 *                                                       //  assertClean(fake, mark) in afterEach)
 *   await fake.close();
 *
 * Acting as users (each resolves once the bot answered; `{ awaitResponse: false }` resolves at dispatch):
 *   slash(invocation, options?, context?)        `'kb topic'` = subcommand; options `{ name: value }`,
 *                                                typed by the registered schema (PUT commands, or
 *                                                `startFakeDiscord({ commands })`), else by JS type;
 *                                                a raw `data.options` array bypasses every check
 *   autocomplete(invocation, options, { focused? })  → `ex.choices`
 *   button(customId, { message? })               message defaults to the newest bot message with it
 *   messageContext(name, targetMessage | { content, author? }, context?)
 *   dm(content, { user? })  mention(content, { user?, channelId? })  → MessageExchange
 *   dispatchInteraction(payload)  dispatch(event, data, shard?)       raw escape hatches
 * context: { user, dm, guildId, channelId, permissions, roles, appPermissions, locale, timeoutMs, awaitResponse }
 *
 * InteractionExchange: interaction, responses (every request, with status), callback, edits, followups,
 *   original, reply, followupMessages, choices, ephemeral, violations, waitFor(pred, ms),
 *   waitForCallback(ms), waitForReply(ms), waitForFollowup(i, ms).
 * MessageExchange: message, replies, reply, requests, typing, violations, waitFor, waitForReply, waitForRequest.
 *
 * Observing: requests, unknownRequests, violations, gatewayLog, botMessages, commands,
 *   waitForRequest(pred, ms), waitForGateway(kind | pred, { since, timeoutMs }), isConnected(shard).
 * Faults: dropGateway({ code?, shard? }) (default: TCP destroy → 1006 → RESUME + replay; an event
 *   dispatched meanwhile is buffered and replayed), requestReconnect(), invalidateSession({ resumable }),
 *   failNext(matcher, { status, retryAfter?, global?, times? }); each drop gives `reconnected(ms)`.
 *
 * Fidelity: Discord's limits (content, embeds, components, autocomplete, files, command registration)
 * are checked on every body and refused with 400 as Discord does; a missing `allowed_mentions: {parse: []}`
 * is recorded but accepted; a callback later than 3 s gets 404 10062; a second callback 400 40060;
 * DMs and guild messages are withheld from a client without the DirectMessages / GuildMessages intent.
 */
import type { FakeDiscord, FakeMark } from './server.ts';
import { formatViolation } from './violations.ts';

export { startFakeDiscord } from './server.ts';
export type {
  AutocompleteContext,
  ButtonContext,
  FakeDiscord,
  FakeDiscordOptions,
  FakeMark,
  GatewayDrop,
  InvocationContext,
  MessageContext,
  MessageSketch,
} from './server.ts';
export { InteractionExchange, type InteractionResponse, type InteractionResponseKind } from './interactions.ts';
export { MessageExchange, type ChannelMessageRequest } from './messages.ts';
export type { RecordedRequest } from './rest.ts';
export type { Fault, FaultSpec, RouteMatcher } from './faults.ts';
export type { Delivery, DispatchReceipt, GatewayLogEntry, GatewayLogKind } from './gateway.ts';
export type { OptionInput, OptionValue } from './commands.ts';
export type { Violation, ViolationRule } from './violations.ts';
export { LIMITS } from './limits.ts';
export { FakeDiscordError } from './changes.ts';
export { DISCORD_EPOCH, snowflake, snowflakeTimestamp } from './snowflake.ts';

/**
 * What keeps a test from being clean: unknown routes, violations, and faults that were never
 * triggered. With `since` (from `fake.mark()`), only unknown routes and violations recorded after it.
 */
export function problemsOf(fake: FakeDiscord, since?: FakeMark): string[] {
  return [
    ...fake.unknownRequests.slice(since?.unknownRequests ?? 0).map((request) => `unknown route: ${request.method} ${request.path} (answered 404; add it to the fake or stop calling it)`),
    ...fake.violations.slice(since?.violations ?? 0).map(formatViolation),
    ...fake.pendingFaults.map((fault) => `fault never triggered: ${fault.description} (${fault.remaining} left)`),
  ];
}

/** Throws one error listing every problem; call it at the end of each test (e.g. in afterEach). */
export function assertClean(fake: FakeDiscord, since?: FakeMark): void {
  const problems = problemsOf(fake, since);
  if (problems.length > 0) {
    throw new Error(`fake Discord saw ${problems.length} problem(s):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}
