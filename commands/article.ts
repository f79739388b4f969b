import { messages, UserError } from '../src/errors.ts';
import { PARAGRAPH_COUNT } from '../src/knowledge/schema.ts';
import { ANY_INSTALL, EVERYWHERE, type SlashCommand } from '../src/discord/command.ts';
import { integerOption, readOptions, slashCommand } from '../src/discord/options.ts';
import { renderArticle, renderParagraph } from '../src/discord/render.ts';
import { replyTo } from '../src/discord/respond.ts';

const options = {
  paragraph: integerOption({ description: `One paragraph in full (1 to ${PARAGRAPH_COUNT})`, minValue: 1, maxValue: PARAGRAPH_COUNT }),
};

/** /article: what the source is, or one of its paragraphs in full. */
export default {
  data: slashCommand({ name: 'article', description: 'The source article: date, dateline, summary, or one paragraph', options })
    .setContexts(...EVERYWHERE)
    .setIntegrationTypes(...ANY_INSTALL),

  async execute(interaction, ctx) {
    const { paragraph } = readOptions(interaction, options);
    if (paragraph === null) {
      await replyTo(interaction, renderArticle(ctx.kb));
      return;
    }
    const count = ctx.kb.article.paragraphs.length;
    // Discord enforces the range, but a stale registration (or a future shorter article) may not.
    if (paragraph < 1 || paragraph > count) throw new UserError(messages.paragraphOutOfRange(paragraph, count));
    await replyTo(interaction, renderParagraph(ctx.kb, paragraph));
  },
} satisfies SlashCommand;
