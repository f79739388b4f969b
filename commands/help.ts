import { ApplicationCommandType } from 'discord.js';
import { ANY_INSTALL, EVERYWHERE, type SlashCommand } from '../src/discord/command.ts';
import { slashCommand } from '../src/discord/options.ts';
import { renderHelp, type HelpEntry } from '../src/discord/render.ts';
import { replyTo } from '../src/discord/respond.ts';

/** /help: what the bot does, how to ask, what it stores. Lists whatever commands are loaded. */
export default {
  data: slashCommand({ name: 'help', description: 'What this bot does, how to ask, and what it stores', options: {} })
    .setContexts(...EVERYWHERE)
    .setIntegrationTypes(...ANY_INSTALL),

  async execute(interaction, ctx) {
    const entries: HelpEntry[] = ctx.commands.payload.map((c) =>
      c.type === ApplicationCommandType.Message
        ? { usage: `Apps → ${c.name}`, description: ctx.commands.message.get(c.name)?.help ?? c.name }
        : { usage: `/${c.name}`, description: ('description' in c && c.description) || c.name },
    );
    await replyTo(interaction, renderHelp(ctx.kb, entries, ctx.storagePolicy), { ephemeral: true });
  },
} satisfies SlashCommand;
