import { z } from 'zod';
import { type Connection, readTransaction, writeTransaction } from './database.ts';
import type { Clock } from './clock.ts';
import { StoreError } from './errors.ts';
import { idSchema, parseInput, parseRow } from './validation.ts';

export const COOLDOWN_MAX_SECONDS = 3600;
/** Far more channels than a moderator would list by hand, and short enough to show in one reply. */
export const ALLOW_LIST_MAX = 100;
export const RECENT_CHANGES_MAX = 100;
/** How soon a setting changed by another shard process is seen by this one. */
export const SHARED_CHANGES_SEEN_WITHIN_MS = 1000;
/** Guilds whose settings are kept in memory at once; a bot in more guilds reads the rest from the file. */
const CACHED_GUILDS_MAX = 10_000;

const cooldownSchema = z
  .number()
  .int('cooldownSeconds must be a whole number of seconds')
  .min(0, 'cooldownSeconds cannot be negative')
  .max(COOLDOWN_MAX_SECONDS, `cooldownSeconds is at most ${COOLDOWN_MAX_SECONDS} (one hour)`);

const channelPolicySchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('everywhere') }),
  z.strictObject({ mode: z.literal('allowList'), channelIds: z.array(idSchema).max(ALLOW_LIST_MAX) }),
]);

/**
 * Where the bot answers in a guild. `allowList` with no channels means nowhere: removing the last
 * channel must not silently open the bot up to every channel; `clearChannels` is the explicit way back
 * to `everywhere`.
 */
export type ChannelPolicy = z.infer<typeof channelPolicySchema>;

export interface GuildSettings {
  /** Seconds a user waits between two questions in this guild; 0 turns the cooldown off. */
  cooldownSeconds: number;
  /** Answer slash commands ephemerally unless the user asks otherwise. */
  privateByDefault: boolean;
  /** Answer messages that mention the bot (slash commands work regardless). */
  answerMentions: boolean;
  channels: ChannelPolicy;
}

export const DEFAULT_SETTINGS: Readonly<GuildSettings> = Object.freeze({
  cooldownSeconds: 0,
  privateByDefault: false,
  answerMentions: true,
  channels: Object.freeze({ mode: 'everywhere' }),
});

/** Whether the bot may answer in a channel. For a thread, pass the id of the channel it belongs to. */
export function answersIn(settings: GuildSettings, channelId: string): boolean {
  return settings.channels.mode === 'everywhere' || settings.channels.channelIds.includes(channelId);
}

const patchSchema = z.strictObject({
  cooldownSeconds: cooldownSchema.optional(),
  privateByDefault: z.boolean().optional(),
  answerMentions: z.boolean().optional(),
});
export type SettingsPatch = z.input<typeof patchSchema>;

export type SettingKey = keyof GuildSettings;
const SETTING_KEYS: readonly SettingKey[] = ['cooldownSeconds', 'privateByDefault', 'answerMentions', 'channels'];

const changeValuesSchema = z.discriminatedUnion('key', [
  z.object({ key: z.literal('cooldownSeconds'), oldValue: cooldownSchema, newValue: cooldownSchema }),
  z.object({ key: z.literal('privateByDefault'), oldValue: z.boolean(), newValue: z.boolean() }),
  z.object({ key: z.literal('answerMentions'), oldValue: z.boolean(), newValue: z.boolean() }),
  z.object({ key: z.literal('channels'), oldValue: channelPolicySchema, newValue: channelPolicySchema }),
]);

/** One audited change of one setting, with the values before and after. */
export type SettingChange = {
  id: number;
  guildId: string;
  /** The moderator who made the change. */
  actorId: string;
  at: Date;
} & z.infer<typeof changeValuesSchema>;

export interface SettingsUpdate {
  settings: GuildSettings;
  /** Empty when the call asked for what was already set; nothing is written or audited then. */
  changes: SettingChange[];
}

const bit = z.union([z.literal(0), z.literal(1)]).transform((b) => b === 1);
const settingsRowSchema = z.object({
  cooldown_seconds: cooldownSchema,
  private_by_default: bit,
  answer_mentions: bit,
  channel_mode: z.enum(['everywhere', 'allowList']),
});
const channelRowSchema = z.object({ channel_id: idSchema });
const auditRowSchema = z.object({
  id: z.number().int(),
  guild_id: idSchema,
  actor_id: idSchema,
  at: z.number().int(),
  key: z.string(),
  old_value: z.string(),
  new_value: z.string(),
});

/**
 * Per-guild settings. A guild without a row has the defaults; a change that brings a guild back to all
 * defaults deletes its row, so `reset` and "set everything back by hand" leave the same file.
 */
export class SettingsRepository {
  readonly #now: Clock;
  readonly #statements;
  /**
   * Settings are read on every question and change a few times a month, so they are kept in memory.
   * `PRAGMA data_version` changes whenever another connection (another shard process) commits, and
   * then the whole cache is dropped; this connection's own changes drop it at once. The pragma costs
   * about as much as the read it saves when another connection is writing, so it is asked at most
   * every SHARED_CHANGES_SEEN_WITHIN_MS: a change made on one shard reaches the others within that.
   */
  readonly #cache = new Map<string, GuildSettings>();
  readonly #dataVersion: () => unknown;
  #seenVersion: unknown;
  #checkedAt = -Infinity;
  readonly #read: (guildId: string) => GuildSettings;
  readonly #change: (
    guildId: string,
    actorId: string,
    next: (current: GuildSettings) => GuildSettings,
  ) => SettingsUpdate;

  constructor(db: Connection, now: Clock) {
    this.#now = now;
    this.#statements = {
      settings: db.prepare<[string]>(
        `SELECT cooldown_seconds, private_by_default, answer_mentions, channel_mode
           FROM guild_settings WHERE guild_id = ?`,
      ),
      channels: db.prepare<[string]>(`SELECT channel_id FROM guild_channels WHERE guild_id = ? ORDER BY position`),
      upsert: db.prepare<[string, number, number, number, string, number]>(
        `INSERT INTO guild_settings (guild_id, cooldown_seconds, private_by_default, answer_mentions, channel_mode, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (guild_id) DO UPDATE SET
           cooldown_seconds = excluded.cooldown_seconds,
           private_by_default = excluded.private_by_default,
           answer_mentions = excluded.answer_mentions,
           channel_mode = excluded.channel_mode,
           updated_at = excluded.updated_at`,
      ),
      deleteSettings: db.prepare<[string]>(`DELETE FROM guild_settings WHERE guild_id = ?`),
      deleteChannels: db.prepare<[string]>(`DELETE FROM guild_channels WHERE guild_id = ?`),
      insertChannel: db.prepare<[string, string, number]>(
        `INSERT INTO guild_channels (guild_id, channel_id, position) VALUES (?, ?, ?)`,
      ),
      audit: db.prepare<[string, string, number, string, string, string]>(
        `INSERT INTO settings_audit (guild_id, actor_id, at, key, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      recent: db.prepare<[string, number]>(
        `SELECT id, guild_id, actor_id, at, key, old_value, new_value
           FROM settings_audit WHERE guild_id = ? ORDER BY id DESC LIMIT ?`,
      ),
      deleteAuditOfGuild: db.prepare<[string]>(`DELETE FROM settings_audit WHERE guild_id = ?`),
      deleteAuditBefore: db.prepare<[number]>(`DELETE FROM settings_audit WHERE at < ?`),
    };

    const dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.#dataVersion = () => dataVersion.get();
    this.#seenVersion = this.#dataVersion();

    // The row and its channels are read in one transaction so a concurrent writer cannot be seen half-done.
    this.#read = readTransaction(db, (guildId: string) => this.#load(guildId));
    // The read that decides the new value and its write share one write lock, so two shards changing the
    // same guild cannot both start from the same old value.
    const change = writeTransaction(
      db,
      (guildId: string, actorId: string, next: (current: GuildSettings) => GuildSettings) =>
        this.#apply(guildId, actorId, next),
    );
    this.#change = (...args) => {
      try {
        return change(...args);
      } finally {
        this.#cache.clear();
      }
    };
  }

  /** The guild's settings; the object is shared and frozen. */
  get(guildId: string): GuildSettings {
    const guild = parseInput(idSchema, guildId, 'settings.get guildId');
    const now = this.#now();
    if (!(now - this.#checkedAt < SHARED_CHANGES_SEEN_WITHIN_MS)) {
      this.#checkedAt = now;
      const version = this.#dataVersion();
      if (version !== this.#seenVersion) {
        this.#cache.clear();
        this.#seenVersion = version;
      }
    }
    let settings = this.#cache.get(guild);
    if (settings === undefined) {
      settings = frozen(this.#read(guild));
      if (this.#cache.size >= CACHED_GUILDS_MAX) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(guild, settings);
    }
    return settings;
  }

  /** Sets any of the scalar settings; keys left out keep their value. */
  update(guildId: string, actorId: string, patch: SettingsPatch): SettingsUpdate {
    const values = parseInput(patchSchema, patch, 'settings.update');
    return this.#changeAs('settings.update', guildId, actorId, (current) => ({
      ...current,
      cooldownSeconds: values.cooldownSeconds ?? current.cooldownSeconds,
      privateByDefault: values.privateByDefault ?? current.privateByDefault,
      answerMentions: values.answerMentions ?? current.answerMentions,
    }));
  }

  /** Restricts the bot to an allow-list and adds the channel to it (switching from `everywhere` if needed). */
  allowChannel(guildId: string, actorId: string, channelId: string): SettingsUpdate {
    const channel = parseInput(idSchema, channelId, 'settings.allowChannel channelId');
    return this.#changeAs('settings.allowChannel', guildId, actorId, (current) => {
      const listed = current.channels.mode === 'allowList' ? current.channels.channelIds : [];
      if (listed.includes(channel)) return { ...current, channels: { mode: 'allowList', channelIds: listed } };
      if (listed.length >= ALLOW_LIST_MAX) {
        throw new StoreError(
          'invalid-input',
          `The allow-list already holds ${ALLOW_LIST_MAX} channels, the most it can; remove one before adding another.`,
        );
      }
      return { ...current, channels: { mode: 'allowList', channelIds: [...listed, channel] } };
    });
  }

  /** Takes a channel off the allow-list. The list may become empty: the bot then answers in no channel. */
  disallowChannel(guildId: string, actorId: string, channelId: string): SettingsUpdate {
    const channel = parseInput(idSchema, channelId, 'settings.disallowChannel channelId');
    return this.#changeAs('settings.disallowChannel', guildId, actorId, (current) =>
      current.channels.mode === 'allowList'
        ? { ...current, channels: { mode: 'allowList', channelIds: current.channels.channelIds.filter((c) => c !== channel) } }
        : current,
    );
  }

  /** Drops the allow-list: the bot answers in every channel again. */
  clearChannels(guildId: string, actorId: string): SettingsUpdate {
    return this.#changeAs('settings.clearChannels', guildId, actorId, (current) => ({
      ...current,
      channels: { mode: 'everywhere' },
    }));
  }

  /** Puts every setting back to its default; each setting that changes gets its own audit entry. */
  reset(guildId: string, actorId: string): SettingsUpdate {
    return this.#changeAs('settings.reset', guildId, actorId, defaults);
  }

  /** The guild's most recent setting changes, newest first. */
  recentChanges(guildId: string, limit = 10): SettingChange[] {
    const guild = parseInput(idSchema, guildId, 'settings.recentChanges guildId');
    const count = parseInput(
      z.number().int().min(1).max(RECENT_CHANGES_MAX, `limit is at most ${RECENT_CHANGES_MAX}`),
      limit,
      'settings.recentChanges limit',
    );
    return this.#statements.recent.all(guild, count).map((raw) => {
      const row = parseRow(auditRowSchema, raw, 'settings_audit');
      const values = parseRow(
        changeValuesSchema,
        { key: row.key, oldValue: JSON.parse(row.old_value), newValue: JSON.parse(row.new_value) },
        'settings_audit',
      );
      return { id: row.id, guildId: row.guild_id, actorId: row.actor_id, at: new Date(row.at), ...values };
    });
  }

  /** For `Store.forgetGuild`; runs inside the caller's transaction. */
  deleteGuild(guildId: string): { settings: number; auditEntries: number } {
    this.#cache.clear();
    return {
      settings: this.#statements.deleteSettings.run(guildId).changes,
      auditEntries: this.#statements.deleteAuditOfGuild.run(guildId).changes,
    };
  }

  /** For retention; runs inside the caller's transaction. */
  deleteAuditBefore(cutoffMs: number): number {
    return this.#statements.deleteAuditBefore.run(cutoffMs).changes;
  }

  #changeAs(
    call: string,
    guildId: string,
    actorId: string,
    next: (current: GuildSettings) => GuildSettings,
  ): SettingsUpdate {
    const guild = parseInput(idSchema, guildId, `${call} guildId`);
    const actor = parseInput(idSchema, actorId, `${call} actorId`);
    return this.#change(guild, actor, next);
  }

  #load(guildId: string): GuildSettings {
    const raw = this.#statements.settings.get(guildId);
    if (raw === undefined) return defaults();
    const row = parseRow(settingsRowSchema, raw, 'guild_settings');
    return {
      cooldownSeconds: row.cooldown_seconds,
      privateByDefault: row.private_by_default,
      answerMentions: row.answer_mentions,
      channels:
        row.channel_mode === 'everywhere'
          ? { mode: 'everywhere' }
          : {
              mode: 'allowList',
              channelIds: this.#statements.channels
                .all(guildId)
                .map((c) => parseRow(channelRowSchema, c, 'guild_channels').channel_id),
            },
    };
  }

  #apply(guildId: string, actorId: string, next: (current: GuildSettings) => GuildSettings): SettingsUpdate {
    const before = this.#load(guildId);
    const after = next(before);
    const changed = SETTING_KEYS.filter((key) => !sameValue(before[key], after[key]));
    if (changed.length === 0) return { settings: before, changes: [] };

    const at = this.#now();
    if (SETTING_KEYS.every((key) => sameValue(after[key], DEFAULT_SETTINGS[key]))) {
      this.#statements.deleteSettings.run(guildId);
    } else {
      this.#statements.upsert.run(
        guildId,
        after.cooldownSeconds,
        after.privateByDefault ? 1 : 0,
        after.answerMentions ? 1 : 0,
        after.channels.mode,
        at,
      );
      if (changed.includes('channels')) {
        this.#statements.deleteChannels.run(guildId);
        if (after.channels.mode === 'allowList') {
          after.channels.channelIds.forEach((channel, position) =>
            this.#statements.insertChannel.run(guildId, channel, position),
          );
        }
      }
    }

    const changes = changed.map((key): SettingChange => {
      const values = changeValuesSchema.parse({ key, oldValue: before[key], newValue: after[key] });
      const { lastInsertRowid } = this.#statements.audit.run(
        guildId,
        actorId,
        at,
        key,
        JSON.stringify(values.oldValue),
        JSON.stringify(values.newValue),
      );
      return { id: Number(lastInsertRowid), guildId, actorId, at: new Date(at), ...values };
    });
    return { settings: after, changes };
  }
}

function frozen(settings: GuildSettings): GuildSettings {
  if (settings.channels.mode === 'allowList') Object.freeze(settings.channels.channelIds);
  Object.freeze(settings.channels);
  return Object.freeze(settings);
}

function defaults(): GuildSettings {
  return { ...DEFAULT_SETTINGS, channels: { mode: 'everywhere' } };
}

function sameValue(a: GuildSettings[SettingKey], b: GuildSettings[SettingKey]): boolean {
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a.mode === 'everywhere' || b.mode === 'everywhere') return a.mode === b.mode;
  return a.channelIds.length === b.channelIds.length && a.channelIds.every((id, i) => id === b.channelIds[i]);
}
