import type { APIEmbedField } from 'discord.js';
import type { ChannelPolicy, GuildSettings, SettingChange, SettingKey } from '../../store/index.ts';
import { EMBED_DESCRIPTION_MAX, EMBED_FIELD_VALUE_MAX } from '../limits.ts';
import type { Reply } from '../render.ts';
import { truncate } from '../safe-text.ts';
import { relativeTime } from '../notices.ts';

/**
 * How /settings shows a server's settings and their history. Everything here is built from stored
 * values (numbers, booleans, channel and user ids), never from text a user typed, so it needs no
 * escaping; `<#id>` and `<@id>` render as names and, with mentions never parsed, ping nobody.
 */

const COLOUR = 0x6366f1;
/** Shown in /settings view; the store keeps more (until retention), which nobody needs to read in Discord. */
export const RECENT_CHANGES_SHOWN = 10;

const LABEL: Record<SettingKey, string> = {
  cooldownSeconds: 'Cooldown',
  privateByDefault: 'Private answers',
  answerMentions: '@mention answers',
  channels: 'Channels',
};

const onOff = (on: boolean): string => (on ? 'on' : 'off');

/** Channel mentions joined until `max`, then how many more. */
function channelNames(ids: readonly string[], max: number): string {
  const shown: string[] = [];
  let length = 0;
  for (const [i, id] of ids.entries()) {
    const name = `<#${id}>`;
    const tail = i < ids.length - 1 ? ` and ${ids.length - i - 1} more`.length : 0;
    if (length + name.length + 2 + tail > max) {
      return `${shown.join(', ')} and ${ids.length - i} more`;
    }
    shown.push(name);
    length += name.length + 2;
  }
  return shown.join(', ');
}

function describeChannels(channels: ChannelPolicy, max: number): string {
  if (channels.mode === 'everywhere') return 'every channel';
  if (channels.channelIds.length === 0) return 'no channel (the allow-list is empty)';
  return `only ${channelNames(channels.channelIds, max - 5)}`;
}

function describeValue(key: SettingKey, value: GuildSettings[SettingKey], max = 200): string {
  switch (key) {
    case 'cooldownSeconds':
      return value === 0 ? 'off' : `${String(value)} s`;
    case 'privateByDefault':
    case 'answerMentions':
      return onOff(value as boolean);
    case 'channels':
      return describeChannels(value as ChannelPolicy, max);
  }
}

/** One audit entry as a line: when, who, what, old → new. */
export function describeChange(change: SettingChange, { withActor = true } = {}): string {
  const who = withActor ? ` <@${change.actorId}>` : '';
  return `${relativeTime(change.at)}${who}: ${LABEL[change.key]} ${describeValue(change.key, change.oldValue)} → ${describeValue(change.key, change.newValue)}`;
}

/** Lines joined until `max`, then how many were left out. */
function fitLines(lines: readonly string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const omitted = `…and ${lines.length - i} earlier`;
    const room = max - (i < lines.length - 1 ? omitted.length + 1 : 0);
    if (length + line.length + 1 > room) {
      kept.push(omitted);
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return truncate(kept.join('\n'), max);
}

export function settingsFields(settings: GuildSettings): APIEmbedField[] {
  return [
    {
      name: LABEL.cooldownSeconds,
      value:
        settings.cooldownSeconds === 0
          ? 'Off: members may ask as often as they like.'
          : `${settings.cooldownSeconds} s between one member’s questions.`,
      inline: true,
    },
    {
      name: LABEL.privateByDefault,
      value: settings.privateByDefault
        ? 'On: /ask answers only the asker unless they set private:false.'
        : 'Off: /ask answers in the channel unless the asker sets private:true.',
      inline: true,
    },
    {
      name: LABEL.answerMentions,
      value: settings.answerMentions ? 'On: I answer messages that mention me.' : 'Off: I ignore mentions; slash commands still work.',
      inline: true,
    },
    {
      name: LABEL.channels,
      value: truncate(`I answer in ${describeChannels(settings.channels, EMBED_FIELD_VALUE_MAX - 20)}.`, EMBED_FIELD_VALUE_MAX),
    },
  ];
}

/** /settings view: the settings in force and the latest changes, newest first. */
export function renderSettings(settings: GuildSettings, recent: readonly SettingChange[]): Reply {
  return {
    embeds: [
      {
        color: COLOUR,
        title: 'Settings for this server',
        fields: [
          ...settingsFields(settings),
          {
            name: 'Recent changes',
            value: recent.length === 0 ? 'None: everything is at its default.' : fitLines(recent.map((c) => describeChange(c)), EMBED_FIELD_VALUE_MAX),
          },
        ],
        footer: { text: 'Change these with /settings cooldown, private, mentions, channels and reset.' },
      },
    ],
    components: [],
  };
}

/** The reply to a change: what changed (or that nothing did), and the settings now in force. */
export function renderSettingsUpdate(settings: GuildSettings, changes: readonly SettingChange[], unchanged: string): Reply {
  const description =
    changes.length === 0 ? unchanged : fitLines(changes.map((c) => describeChange(c, { withActor: false })), EMBED_DESCRIPTION_MAX);
  return {
    embeds: [
      {
        color: COLOUR,
        title: changes.length === 0 ? 'Nothing to change' : 'Settings changed',
        description,
        fields: settingsFields(settings),
        footer: { text: 'Every change is recorded with who made it; see /settings view.' },
      },
    ],
    components: [],
  };
}
