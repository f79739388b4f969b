import type { ButtonInteraction } from 'discord.js';
import { UserError } from '../../errors.ts';
import type { VoteValue } from '../../store/index.ts';
import type { CommandContext } from '../command.ts';
import { renderNotice } from '../render.ts';
import { replyTo } from '../respond.ts';
import { moderationNotices } from '../notices.ts';

/**
 * 👍/👎 on an answer. The vote is keyed by the answer's message and the voter's pseudonym, so each
 * person has one vote per answer and clicking the other button changes it. The acknowledgement is
 * ephemeral: the answer may be someone else's message, which a vote must not rewrite.
 */
export async function handleFeedback(
  interaction: ButtonInteraction,
  vote: { value: VoteValue; factId: string },
  ctx: CommandContext,
): Promise<void> {
  if (!ctx.moderation) throw new UserError(moderationNotices.noStore, 'not-found');
  if (!interaction.inGuild()) throw new UserError(moderationNotices.feedbackElsewhere, 'usage');
  const helpful = vote.value === 1;
  const { previous, tally } = ctx.moderation.store.feedback.vote({
    guildId: interaction.guildId,
    answerId: interaction.message.id,
    factId: vote.factId,
    voterId: interaction.user.id,
    value: vote.value,
  });
  const said =
    previous === null
      ? moderationNotices.feedbackThanks(helpful)
      : previous === vote.value
        ? moderationNotices.feedbackSame(helpful)
        : moderationNotices.feedbackChanged(helpful);
  await replyTo(interaction, renderNotice(`${said} (👍 ${tally.up} · 👎 ${tally.down} on this answer so far)`), { ephemeral: true });
}
