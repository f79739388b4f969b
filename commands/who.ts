import { messages, UserError } from '../src/errors.ts';
import { ANY_INSTALL, EVERYWHERE, type SlashCommand } from '../src/discord/command.ts';
import { entityChoices, findEntity } from '../src/discord/entity-search.ts';
import { focusedOption, readOptions, slashCommand, stringOption } from '../src/discord/options.ts';
import { renderEntity } from '../src/discord/render.ts';
import { replyTo } from '../src/discord/respond.ts';

const options = {
  name: stringOption({ description: 'A person, country, organisation, place or event in the article', required: true, autocomplete: true }),
};

/** /who: who or what this is according to the article, their words, and where they appear. */
export default {
  data: slashCommand({ name: 'who', description: 'Who or what someone or something is, according to the article', options })
    .setContexts(...EVERYWHERE)
    .setIntegrationTypes(...ANY_INSTALL),

  async execute(interaction, ctx) {
    const { name } = readOptions(interaction, options);
    const entity = findEntity(ctx.kb.entities, name);
    if (!entity) throw new UserError(messages.unknownEntity, 'not-found');
    await replyTo(interaction, renderEntity(ctx.kb, entity));
  },

  autocomplete(interaction, ctx) {
    return entityChoices(ctx.kb.entities, focusedOption(interaction, options)?.value ?? '');
  },
} satisfies SlashCommand;
