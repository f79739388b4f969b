import { messages, UserError } from '../src/errors.ts';
import { ANY_INSTALL, EVERYWHERE, type SlashCommand } from '../src/discord/command.ts';
import { entityChoices, findEntity, speakers } from '../src/discord/entity-search.ts';
import { focusedOption, readOptions, slashCommand, stringOption } from '../src/discord/options.ts';
import { renderQuotes } from '../src/discord/render.ts';
import { replyTo } from '../src/discord/respond.ts';

const options = {
  speaker: stringOption({ description: 'Only this person’s words', autocomplete: true }),
};

/** /quote: who said what, verbatim, each with the paragraph it is in. */
export default {
  data: slashCommand({ name: 'quote', description: 'Who said what in the article, word for word', options })
    .setContexts(...EVERYWHERE)
    .setIntegrationTypes(...ANY_INSTALL),

  async execute(interaction, ctx) {
    const { speaker } = readOptions(interaction, options);
    let speakerId: string | null = null;
    if (speaker !== null) {
      const entity = findEntity(speakers(ctx.kb), speaker);
      if (!entity) throw new UserError(messages.unknownSpeaker, 'not-found');
      speakerId = entity.id;
    }
    await replyTo(interaction, renderQuotes(ctx.kb, speakerId));
  },

  autocomplete(interaction, ctx) {
    return entityChoices(speakers(ctx.kb), focusedOption(interaction, options)?.value ?? '');
  },
} satisfies SlashCommand;
