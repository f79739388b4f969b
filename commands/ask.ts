import { QUESTION_MAX } from '../src/errors.ts';
import { ANY_INSTALL, EVERYWHERE, type SlashCommand } from '../src/discord/command.ts';
import { AUTOCOMPLETE_CHOICES_MAX } from '../src/discord/limits.ts';
import { offersFeedback, privateByDefault } from '../src/discord/moderation/answers.ts';
import { booleanOption, focusedOption, readOptions, slashCommand, stringOption } from '../src/discord/options.ts';
import { questionChoices, renderAnswer } from '../src/discord/render.ts';
import { replyTo } from '../src/discord/respond.ts';
import { cleanUserText } from '../src/discord/safe-text.ts';

const options = {
  question: stringOption({
    description: 'What you want to know about the article',
    required: true,
    maxLength: QUESTION_MAX,
    autocomplete: true,
  }),
  private: booleanOption({ description: 'Show the answer only to you' }),
};

/**
 * /ask: the answer with its cited passages. The engine answers synchronously in well under a
 * millisecond per question, so the reply goes out at once rather than through a deferral.
 */
export default {
  data: slashCommand({ name: 'ask', description: 'Ask a question about the article; the answer quotes its sources', options })
    .setContexts(...EVERYWHERE)
    .setIntegrationTypes(...ANY_INSTALL),

  async execute(interaction, ctx) {
    const { question, private: onlyMe } = readOptions(interaction, options);
    // The engine reads the question as typed: it handles hostile text itself, and line breaks,
    // invisible separators and planted "¶16:" passages are signals it uses. Cleaning is for display.
    const result = ctx.ask(question);
    const reply = renderAnswer(ctx.kb, result, { question: { text: question }, feedback: offersFeedback(ctx) });
    // The asker's own choice wins over the server's default.
    await replyTo(interaction, reply, { ephemeral: onlyMe ?? privateByDefault(ctx) });
  },

  autocomplete(interaction, ctx) {
    const typed = focusedOption(interaction, options)?.value ?? '';
    return questionChoices(ctx.engine.complete(cleanUserText(typed), AUTOCOMPLETE_CHOICES_MAX));
  },
} satisfies SlashCommand;
