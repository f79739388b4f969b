import type { ButtonInteraction } from 'discord.js';
import { messages, UserError } from '../errors.ts';
import type { CommandContext } from './command.ts';
import type { ButtonAction } from './custom-ids.ts';
import { offersFeedback } from './moderation/answers.ts';
import { handleFeedback } from './moderation/feedback.ts';
import { renderAnswer, renderParagraph } from './render.ts';
import { replyTo } from './respond.ts';

/**
 * What each button does. Answers go to the clicker alone: a button on someone else's public answer
 * must neither post in the channel on the clicker's behalf nor rewrite the other person's message.
 */
export async function handleButton(interaction: ButtonInteraction, action: ButtonAction, ctx: CommandContext): Promise<void> {
  switch (action.kind) {
    case 'paragraph': {
      const count = ctx.kb.article.paragraphs.length;
      if (action.paragraph > count) throw new UserError(messages.paragraphOutOfRange(action.paragraph, count), 'not-found');
      await replyTo(interaction, renderParagraph(ctx.kb, action.paragraph), { ephemeral: true });
      return;
    }
    case 'fact': {
      const fact = ctx.kb.facts.find((f) => f.id === action.factId);
      if (!fact) throw new UserError(messages.unknownFact, 'not-found');
      const question = fact.questions[0]!;
      const result = ctx.ask(question);
      await replyTo(interaction, renderAnswer(ctx.kb, result, { question: { text: question, trusted: true }, feedback: offersFeedback(ctx) }), {
        ephemeral: true,
      });
      return;
    }
    case 'feedback':
      await handleFeedback(interaction, action, ctx);
      return;
  }
}
