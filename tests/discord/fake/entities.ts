/**
 * Builders for the objects the fake hands to discord.js: users, members, channels, guilds and
 * messages, in the shape Discord's API v10 sends them. They are typed against discord-api-types (as
 * re-exported by discord.js) so a field discord.js relies on cannot be forgotten silently.
 */
import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
  MessageType,
  PermissionFlagsBits,
} from 'discord.js';
import type {
  APIAttachment,
  APIDMChannel,
  APIEmbed,
  APIGuildMember,
  APIInteractionGuildMember,
  APIMessage,
  APIMessageReference,
  APIRole,
  APITextChannel,
  APIUser,
  ChannelFlags,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  RoleFlags,
} from 'discord.js';
import { snowflake } from './snowflake.ts';

/** What an ordinary member may do; interactions carry it as `member.permissions`. */
export const MEMBER_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseApplicationCommands;

/** What the bot may do in the fake guild's channels; interactions carry it as `app_permissions`. */
export const BOT_PERMISSIONS = MEMBER_PERMISSIONS | PermissionFlagsBits.SendMessagesInThreads;

let userCounter = 0;

export function makeUser(overrides: Partial<APIUser> = {}): APIUser {
  userCounter += 1;
  const username = overrides.username ?? `tester${userCounter}`;
  return {
    id: snowflake(),
    username,
    global_name: username[0]!.toUpperCase() + username.slice(1),
    discriminator: '0',
    avatar: null,
    bot: false,
    ...overrides,
  };
}

export function makeBotUser(username: string): APIUser {
  return makeUser({ username, global_name: null, bot: true });
}

export function makeGuildMember(user: APIUser, joinedAt: string): APIGuildMember {
  return {
    user,
    nick: null,
    avatar: null,
    roles: [],
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
  };
}

export function makeInteractionMember(user: APIUser, permissions: bigint, joinedAt: string): APIInteractionGuildMember {
  return { ...makeGuildMember(user, joinedAt), user, permissions: permissions.toString() };
}

export function makeTextChannel(guildId: string, name: string, position: number): APITextChannel {
  return {
    id: snowflake(),
    type: ChannelType.GuildText,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    parent_id: null,
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0 as ChannelFlags,
  };
}

export function makeDmChannel(recipient: APIUser): APIDMChannel {
  return { id: snowflake(), type: ChannelType.DM, recipients: [recipient], last_message_id: null, flags: 0 as ChannelFlags, name: null };
}

export interface FakeGuild {
  id: string;
  name: string;
  channels: APITextChannel[];
  everyoneRole: APIRole;
  /** Members sent in GUILD_CREATE: the bot and the default test user. */
  members: APIGuildMember[];
  joinedAt: string;
}

export function makeGuild(name: string, members: APIUser[], id = snowflake()): FakeGuild {
  const joinedAt = new Date().toISOString();
  return {
    id,
    name,
    channels: [makeTextChannel(id, 'general', 0), makeTextChannel(id, 'questions', 1)],
    everyoneRole: {
      id,
      name: '@everyone',
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      position: 0,
      permissions: MEMBER_PERMISSIONS.toString(),
      managed: false,
      mentionable: false,
      flags: 0 as RoleFlags,
    },
    members: members.map((user) => makeGuildMember(user, joinedAt)),
    joinedAt,
  };
}

export function guildCreatePayload(guild: FakeGuild, ownerId: string): GatewayGuildCreateDispatchData {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: [guild.everyoneRole],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: Locale.EnglishUS,
    nsfw_level: GuildNSFWLevel.Default,
    hub_type: null,
    incidents_data: null,
    max_members: 500_000,
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.members.length,
    voice_states: [],
    members: guild.members,
    channels: guild.channels,
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface MessageInit {
  channelId: string;
  author: APIUser;
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessage['components'];
  flags?: number;
  attachments?: APIAttachment[];
  reference?: APIMessageReference;
  mentions?: APIUser[];
  webhookId?: string;
  applicationId?: string;
  type?: MessageType;
  interactionMetadata?: APIMessage['interaction_metadata'];
}

export function makeMessage(init: MessageInit): APIMessage {
  return {
    id: snowflake(),
    channel_id: init.channelId,
    author: init.author,
    content: init.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: init.mentions ?? [],
    mention_roles: [],
    attachments: init.attachments ?? [],
    embeds: init.embeds ?? [],
    components: init.components ?? [],
    pinned: false,
    type: init.type ?? (init.reference ? MessageType.Reply : MessageType.Default),
    flags: init.flags ?? 0,
    ...(init.reference && { message_reference: init.reference }),
    ...(init.webhookId && { webhook_id: init.webhookId }),
    ...(init.applicationId && { application_id: init.applicationId }),
    ...(init.interactionMetadata && { interaction_metadata: init.interactionMetadata }),
  };
}
