import { ANY_INSTALL, EVERYWHERE, type SlashCommand } from '../src/discord/command.ts';
import { slashCommand } from '../src/discord/options.ts';
import { renderTimeline } from '../src/discord/render.ts';
import { replyTo } from '../src/discord/respond.ts';

/** /timeline: the article's events in date order, relative dates resolved, each with its paragraph. */
export default {
  data: slashCommand({ name: 'timeline', description: 'The events in the article, in date order', options: {} })
    .setContexts(...EVERYWHERE)
    .setIntegrationTypes(...ANY_INSTALL),

  async execute(interaction, ctx) {
    await replyTo(interaction, renderTimeline(ctx.kb));
  },
} satisfies SlashCommand;
