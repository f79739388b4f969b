import { COOLDOWN_MAX_SECONDS, type ChannelPolicy } from '../store/index.ts';

/**
 * Everything the Discord adapter tells a user, moderator features included (the engine's, the CLI's
 * and the fact base's wording is in `src/errors.ts`, which must not depend on the store). Kept
 * together so wording stays consistent and tests assert against these rather than restating them.
 */
export const notices = {
  commandGone: 'That command is not available any more. Type / to see the current commands.',
  buttonExpired: 'That button belongs to an older version of this message. Ask the question again to get a fresh one.',
  nothingToCheck: 'That message has no text I can check against the article.',
} as const;

/** What /help says the bot keeps about its users when no store is configured. */
export const NOTHING_STORED =
  'Nothing about you. I read only messages sent to me directly or that mention me, answer them, and keep no copy of them or of your questions.';

// Moderator features: settings, insights, feedback, cooldowns and the fact-base reload.

/** Discord renders `<t:unix:R>` in each reader's own clock and language ("in 25 seconds"). */
export const relativeTime = (at: Date): string => `<t:${Math.ceil(at.getTime() / 1000)}:R>`;

const seconds = (n: number): string => (n === 1 ? '1 second' : `${n} seconds`);

const channelList = (ids: readonly string[]): string => ids.map((id) => `<#${id}>`).join(', ');

export const moderationNotices = {
  guildOnly: 'Settings and insights belong to a server: run this command in the server you moderate.',
  needsManageGuild:
    'Sorry, only members with the **Manage Server** permission can change or read these. Nothing was changed. ' +
    'If you should have access, ask a server admin.',
  noStore: 'This bot is running without a database, so it keeps no settings, insights or feedback.',
  ownersOnly: 'Sorry, only the bot’s owners can reload the fact base. Nothing was changed.',
  noOwners:
    'No owners are configured (BOT_OWNER_IDS is empty), so nobody can reload the fact base from Discord. ' +
    'The operator can send the bot process SIGHUP instead.',

  cooldown: (retryAt: Date, cooldownSeconds: number) =>
    `You can ask again ${relativeTime(retryAt)}: this server allows one question every ${seconds(cooldownSeconds)}.`,
  dmLimit: (retryAt: Date, limit: number, windowSeconds: number) =>
    `That is ${limit} questions in ${seconds(windowSeconds)}, the most I answer in direct messages; you can ask again ${relativeTime(retryAt)}.`,
  notInThisChannel: (channels: ChannelPolicy) =>
    channels.mode === 'allowList' && channels.channelIds.length > 0
      ? `The moderators of this server have me answer only in ${channelList(channels.channelIds)}. Please ask there.`
      : 'The moderators of this server have turned my answers off in every channel.',

  cooldownRange: `A cooldown is 0 (off) to ${COOLDOWN_MAX_SECONDS} seconds.`,
  channelNotText: 'Pick a text, announcement or forum channel; threads follow the channel they belong to.',

  feedbackThanks: (helpful: boolean) => (helpful ? 'Thanks! Marked as helpful.' : 'Thanks, noted as not helpful. It helps improve the answers.'),
  feedbackChanged: (helpful: boolean) => `Changed your vote to ${helpful ? 'helpful' : 'not helpful'}.`,
  feedbackSame: (helpful: boolean) => `You have already marked this answer as ${helpful ? 'helpful' : 'not helpful'}.`,
  feedbackElsewhere: 'Feedback is recorded for answers in servers only.',
  subcommandGone: (command: string, route: string) => `/${command} has no "${route}" any more. Type /${command} to see what it offers.`,
  daysRange: (max: number) => `Pick 1 to ${max} days.`,
} as const;

/** What /help says is stored once the bot has a database. */
export function storagePolicy(retentionDays: number): string {
  return [
    `In servers: each question (lower-cased, up to 200 characters), whether I answered it and which paragraph I cited, and your 👍/👎 votes, for ${retentionDays} days, so the server’s moderators can see what members ask. You appear there only as a salted hash, never by name or id.`,
    'Direct messages are answered and not recorded. A moderator’s setting changes are kept, with who made them, for the same period.',
  ].join(' ');
}
