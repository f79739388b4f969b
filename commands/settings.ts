import {
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { UserError } from '../src/errors.ts';
import { COOLDOWN_MAX_SECONDS, StoreError, type SettingsUpdate, type Store } from '../src/store/index.ts';
import type { SlashCommand } from '../src/discord/command.ts';
import { moderationNotices } from '../src/discord/notices.ts';
import { MANAGE_GUILD, requireManageGuild, requireModeration } from '../src/discord/moderation/permissions.ts';
import { RECENT_CHANGES_SHOWN, renderSettings, renderSettingsUpdate } from '../src/discord/moderation/settings-view.ts';
import { replyTo } from '../src/discord/respond.ts';

/**
 * Channels a moderator can allow-list. Threads are left out on purpose: a thread follows the
 * channel it belongs to, so allowing #help also allows every thread in it.
 */
const LISTABLE_CHANNELS = [
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildForum,
  ChannelType.GuildMedia,
  ChannelType.GuildVoice,
  ChannelType.GuildStageVoice,
] as const;

const data = new SlashCommandBuilder()
  .setName('settings')
  .setDescription('Moderators: how I behave in this server (cooldown, private answers, mentions, channels)')
  // Who sees it by default; servers can change that, so `execute` checks again.
  .setDefaultMemberPermissions(MANAGE_GUILD)
  .setContexts(InteractionContextType.Guild)
  .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
  .addSubcommand((s) => s.setName('view').setDescription('The current settings and who changed what, when'))
  .addSubcommand((s) =>
    s
      .setName('cooldown')
      .setDescription('Seconds each member waits between questions (0 turns it off)')
      .addIntegerOption((o) =>
        o.setName('seconds').setDescription(`0 to ${COOLDOWN_MAX_SECONDS}`).setRequired(true).setMinValue(0).setMaxValue(COOLDOWN_MAX_SECONDS),
      ),
  )
  .addSubcommand((s) =>
    s
      .setName('private')
      .setDescription('Whether /ask answers only the asker unless they choose otherwise')
      .addBooleanOption((o) => o.setName('enabled').setDescription('true: private by default').setRequired(true)),
  )
  .addSubcommand((s) =>
    s
      .setName('mentions')
      .setDescription('Whether I answer messages that @mention me')
      .addBooleanOption((o) => o.setName('enabled').setDescription('false: ignore mentions (slash commands still work)').setRequired(true)),
  )
  .addSubcommandGroup((g) =>
    g
      .setName('channels')
      .setDescription('Where I answer: every channel, or only an allow-list')
      .addSubcommand((s) =>
        s
          .setName('allow')
          .setDescription('Answer in this channel; the first one turns the allow-list on')
          .addChannelOption((o) => o.setName('channel').setDescription('A channel to answer in').setRequired(true).addChannelTypes(...LISTABLE_CHANNELS)),
      )
      .addSubcommand((s) =>
        s
          .setName('disallow')
          .setDescription('Stop answering in this channel (an empty allow-list means no channel)')
          .addChannelOption((o) => o.setName('channel').setDescription('A channel on the allow-list').setRequired(true).addChannelTypes(...LISTABLE_CHANNELS)),
      )
      .addSubcommand((s) => s.setName('everywhere').setDescription('Drop the allow-list and answer in every channel')),
  )
  .addSubcommand((s) => s.setName('reset').setDescription('Every setting back to its default'));

/** The channel option's id. Read raw: the id is all that is stored, and it needs no resolved channel data. */
function channelOption(interaction: ChatInputCommandInteraction): string {
  return String(interaction.options.get('channel', true).value);
}

interface Change {
  update: SettingsUpdate;
  /** What to say when the request changed nothing. */
  unchanged: string;
}

function change(interaction: ChatInputCommandInteraction, store: Store, guildId: string, route: string): Change {
  const actor = interaction.user.id;
  const settings = store.settings;
  switch (route) {
    case 'cooldown': {
      const seconds = interaction.options.getInteger('seconds', true);
      // Discord enforces the range, but a stale registration may not.
      if (seconds < 0 || seconds > COOLDOWN_MAX_SECONDS) throw new UserError(moderationNotices.cooldownRange);
      return {
        update: settings.update(guildId, actor, { cooldownSeconds: seconds }),
        unchanged: seconds === 0 ? 'The cooldown is already off.' : `The cooldown is already ${seconds} s.`,
      };
    }
    case 'private': {
      const enabled = interaction.options.getBoolean('enabled', true);
      return {
        update: settings.update(guildId, actor, { privateByDefault: enabled }),
        unchanged: `Private answers are already ${enabled ? 'on' : 'off'}.`,
      };
    }
    case 'mentions': {
      const enabled = interaction.options.getBoolean('enabled', true);
      return {
        update: settings.update(guildId, actor, { answerMentions: enabled }),
        unchanged: `Answering mentions is already ${enabled ? 'on' : 'off'}.`,
      };
    }
    case 'channels allow': {
      const channel = channelOption(interaction);
      try {
        return { update: settings.allowChannel(guildId, actor, channel), unchanged: `<#${channel}> is already on the allow-list.` };
      } catch (err) {
        // The only input the store can refuse here is a full allow-list, and its message says what to do.
        if (err instanceof StoreError && err.code === 'invalid-input') throw new UserError(err.message);
        throw err;
      }
    }
    case 'channels disallow': {
      const channel = channelOption(interaction);
      const mode = settings.get(guildId).channels.mode;
      return {
        update: settings.disallowChannel(guildId, actor, channel),
        unchanged:
          mode === 'everywhere'
            ? 'There is no allow-list: I answer in every channel. Start one with /settings channels allow.'
            : `<#${channel}> is not on the allow-list.`,
      };
    }
    case 'channels everywhere':
      return { update: settings.clearChannels(guildId, actor), unchanged: 'I already answer in every channel.' };
    case 'reset':
      return { update: settings.reset(guildId, actor), unchanged: 'Every setting is already at its default.' };
    default:
      throw new UserError(moderationNotices.subcommandGone('settings', route), 'not-found');
  }
}

/**
 * /settings, for members with Manage Server: view and change how the bot behaves in this server.
 * Every change is written with who made it and the old and new value, and `view` shows the latest.
 * Replies are ephemeral: a moderator's configuration is not the channel's business.
 */
export default {
  data,

  async execute(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    const { store } = requireModeration(ctx);
    const group = interaction.options.getSubcommandGroup(false);
    const subcommand = interaction.options.getSubcommand(true);
    const route = group ? `${group} ${subcommand}` : subcommand;

    if (route === 'view') {
      const reply = renderSettings(store.settings.get(guildId), store.settings.recentChanges(guildId, RECENT_CHANGES_SHOWN));
      await replyTo(interaction, reply, { ephemeral: true });
      return;
    }
    const { update, unchanged } = change(interaction, store, guildId, route);
    ctx.logger.info(
      { guildId, changes: update.changes.map((c) => ({ key: c.key, from: c.oldValue, to: c.newValue })) },
      update.changes.length === 0 ? 'settings unchanged' : 'settings changed',
    );
    await replyTo(interaction, renderSettingsUpdate(update.settings, update.changes, unchanged), { ephemeral: true });
  },
} satisfies SlashCommand;
