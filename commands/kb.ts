import { PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { loadKnowledge } from '../src/knowledge/load.ts';
import { ANY_INSTALL, EVERYWHERE, type SlashCommand } from '../src/discord/command.ts';
import { reloadKnowledge, renderReload } from '../src/discord/moderation/knowledge-reload.ts';
import { requireOwner } from '../src/discord/moderation/permissions.ts';
import { defer, replyTo } from '../src/discord/respond.ts';

const data = new SlashCommandBuilder()
  .setName('kb')
  .setDescription('Bot owners: manage the fact base the answers come from')
  // Hidden from everyone but server admins in servers, to keep it out of members' command lists; it is
  // meant for DMs with the bot. Who may actually run it is BOT_OWNER_IDS, checked in `execute`.
  .setDefaultMemberPermissions(PermissionFlagsBits.Administrator)
  .setContexts(...EVERYWHERE)
  .setIntegrationTypes(...ANY_INSTALL)
  .addSubcommand((s) => s.setName('reload').setDescription('Re-read knowledge/, check it, and answer from it if it is valid'));

/**
 * /kb reload, for the bot's owners (BOT_OWNER_IDS): re-reads and checks knowledge/ and swaps the new
 * fact base in, or reports the checker's problems and keeps serving the old one. Only this process
 * reloads; under sharding, send SIGHUP to every shard process instead.
 */
export default {
  data,

  async execute(interaction, ctx) {
    requireOwner(interaction.user.id, ctx);
    // Reading, checking and indexing the fact base can take longer than Discord's 3 s on a slow disk.
    await defer(interaction, { ephemeral: true });
    const load = ctx.moderation?.loadKnowledge ?? (() => loadKnowledge());
    const outcome = reloadKnowledge(load, ctx.knowledge);
    if (outcome.ok) ctx.logger.info({ facts: outcome.facts }, 'fact base reloaded by an owner');
    else ctx.logger.warn({ problems: outcome.problems }, 'fact base reload refused; the old one keeps serving');
    await replyTo(interaction, renderReload(outcome), { ephemeral: true });
  },
} satisfies SlashCommand;
