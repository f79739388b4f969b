import { ApplicationCommandType, ContextMenuCommandBuilder, type Message } from 'discord.js';
import { QUESTION_MAX, UserError } from '../src/errors.ts';
import { ANY_INSTALL, EVERYWHERE, type MessageCommand } from '../src/discord/command.ts';
import { notices } from '../src/discord/notices.ts';
import { renderCheck } from '../src/discord/render.ts';
import { defer, replyTo } from '../src/discord/respond.ts';
import { cleanUserText } from '../src/discord/safe-text.ts';

/** A long message is checked a sentence at a time; this many sentences at most. */
const MAX_CLAIMS = 12;
/** Fewer words than this is not a claim ("lol", "so true"). */
const MIN_CLAIM_WORDS = 3;

/** The text of a message, including embeds, which is where other bots put theirs. */
function textOf(message: Message): string {
  const parts = [message.content, ...message.embeds.flatMap((e) => [e.title ?? '', e.description ?? ''])];
  return cleanUserText(parts.filter(Boolean).join('\n'), { multiline: true });
}

/** The whole message when it is short enough to ask, then each sentence long enough to be a claim. */
export function claimsOf(text: string): string[] {
  const sentences = text
    .split(/(?<=[.!?])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s.split(/\s+/u).length >= MIN_CLAIM_WORDS)
    .map((s) => s.slice(0, QUESTION_MAX));
  const whole = text.replace(/\s+/gu, ' ').trim();
  const claims = whole.length <= QUESTION_MAX ? [whole, ...sentences] : sentences;
  return [...new Set(claims)].slice(0, MAX_CLAIMS);
}

/**
 * "Check against article": the passages that bear on what a message says, or that the article says
 * nothing about it. Only the checker sees the result. Checking is not asking, so it uses the engine
 * directly and does not count as a question in the answer hooks.
 */
export default {
  data: new ContextMenuCommandBuilder()
    .setName('Check against article')
    .setType(ApplicationCommandType.Message)
    .setContexts(...EVERYWHERE)
    .setIntegrationTypes(...ANY_INSTALL),
  help: 'Shows what the article says about a message, or that it says nothing about it.',

  async execute(interaction, ctx) {
    // Up to a dozen engine calls: acknowledge first so the 3 s deadline cannot be missed.
    await defer(interaction, { ephemeral: true });
    const text = textOf(interaction.targetMessage);
    if (text.length === 0) throw new UserError(notices.nothingToCheck);
    const results = claimsOf(text).map((claim) => ctx.engine.ask(claim));
    await replyTo(interaction, renderCheck(ctx.kb, results), { ephemeral: true });
  },
} satisfies MessageCommand;
