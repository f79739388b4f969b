import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { UserError } from '../src/errors.ts';
import { INSIGHTS_DAYS_MAX } from '../src/store/index.ts';
import type { SlashCommand } from '../src/discord/command.ts';
import { renderCleared, renderInsights } from '../src/discord/moderation/insights-view.ts';
import { MANAGE_GUILD, requireManageGuild, requireModeration } from '../src/discord/moderation/permissions.ts';
import { moderationNotices } from '../src/discord/notices.ts';
import { replyTo } from '../src/discord/respond.ts';

const DEFAULT_DAYS = 30;
/** Each top list: enough to act on, short enough to read in one embed field. */
const TOP = 5;

const data = new SlashCommandBuilder()
  .setName('insights')
  .setDescription('Moderators: what members ask, what the article leaves unanswered, feedback')
  // Who sees it by default; servers can change that, so `execute` checks again.
  .setDefaultMemberPermissions(MANAGE_GUILD)
  .setContexts(InteractionContextType.Guild)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .addSubcommand((s) =>
    s
      .setName('view')
      .setDescription('Answer rate, questions per day, top and unanswered questions, feedback')
      .addIntegerOption((o) =>
        o.setName('days').setDescription(`How many days back, today included (default ${DEFAULT_DAYS})`).setMinValue(1).setMaxValue(INSIGHTS_DAYS_MAX),
      ),
  )
  .addSubcommand((s) => s.setName('clear').setDescription('Delete every question and vote recorded in this server'));

/**
 * /insights, for members with Manage Server: what this server's members asked over a number of
 * days, and a way to delete it. Replies are ephemeral, since they quote what members asked.
 */
export default {
  data,

  async execute(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    const moderation = requireModeration(ctx);
    const { store } = moderation;
    // A client that sends the bare command (no subcommand) gets the report, the useful default.
    const subcommand = interaction.options.getSubcommand(false) ?? 'view';
    switch (subcommand) {
      case 'view': {
        const days = interaction.options.getInteger('days') ?? DEFAULT_DAYS;
        if (days < 1 || days > INSIGHTS_DAYS_MAX) throw new UserError(moderationNotices.daysRange(INSIGHTS_DAYS_MAX));
        const report = store.insights.summary(guildId, days, { top: TOP });
        await replyTo(interaction, renderInsights(ctx.kb, report, moderation.retentionDays), { ephemeral: true });
        return;
      }
      case 'clear': {
        const removed = store.clearGuild(guildId);
        ctx.logger.info({ guildId, ...removed }, 'insights cleared by a moderator');
        await replyTo(interaction, renderCleared(removed), { ephemeral: true });
        return;
      }
      default:
        throw new UserError(moderationNotices.subcommandGone('insights', subcommand), 'not-found');
    }
  },
} satisfies SlashCommand;
