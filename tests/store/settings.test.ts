import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ALLOW_LIST_MAX, DEFAULT_SETTINGS, SHARED_CHANGES_SEEN_WITHIN_MS, StoreError, answersIn, openStore } from '../../src/store/index.ts';
import { MINUTE, NOON, SALT, errorOf, freshStore } from './support.ts';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const MOD = '200000000000000001';
const OTHER_MOD = '200000000000000002';

function rowCount(path: string, table: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('guild settings', () => {
  it('start at the defaults for a guild nobody has configured', () => {
    const { store } = freshStore();
    expect(store.settings.get(GUILD)).toEqual({
      cooldownSeconds: 0,
      privateByDefault: false,
      answerMentions: true,
      channels: { mode: 'everywhere' },
    });
    expect(store.settings.get(GUILD)).toEqual(DEFAULT_SETTINGS);
  });

  it('round-trip through the file: what one process sets, the next one reads', () => {
    const { store, path } = freshStore();
    store.settings.update(GUILD, MOD, { cooldownSeconds: 3600, privateByDefault: true, answerMentions: false });
    store.settings.allowChannel(GUILD, MOD, '300');
    store.settings.allowChannel(GUILD, MOD, '100');
    store.close();

    const reopened = openStore(path, { hashSalt: SALT });
    expect(reopened.settings.get(GUILD)).toEqual({
      cooldownSeconds: 3600,
      privateByDefault: true,
      answerMentions: false,
      channels: { mode: 'allowList', channelIds: ['300', '100'] },
    });
    expect(reopened.settings.get(OTHER_GUILD)).toEqual(DEFAULT_SETTINGS);
    reopened.close();
  });

  it('change only the keys given, and report each change made', () => {
    const { store } = freshStore();
    store.settings.update(GUILD, MOD, { cooldownSeconds: 30, privateByDefault: true });
    const { settings, changes } = store.settings.update(GUILD, MOD, { cooldownSeconds: 10 });
    expect(settings).toMatchObject({ cooldownSeconds: 10, privateByDefault: true, answerMentions: true });
    expect(changes).toMatchObject([{ key: 'cooldownSeconds', oldValue: 30, newValue: 10 }]);
  });

  it('write nothing and audit nothing when asked for what is already set', () => {
    const { store } = freshStore();
    store.settings.update(GUILD, MOD, { cooldownSeconds: 30 });
    expect(store.settings.update(GUILD, OTHER_MOD, { cooldownSeconds: 30, answerMentions: true }).changes).toEqual([]);
    expect(store.settings.update(GUILD, OTHER_MOD, {}).changes).toEqual([]);
    expect(store.settings.recentChanges(GUILD)).toHaveLength(1);
  });

  it.each([
    [{ cooldownSeconds: 3601 }, /cooldownSeconds: cooldownSeconds is at most 3600/],
    [{ cooldownSeconds: -1 }, /cooldownSeconds: cooldownSeconds cannot be negative/],
    [{ cooldownSeconds: 1.5 }, /cooldownSeconds: cooldownSeconds must be a whole number/],
    [{ privateByDefault: 'yes' }, /privateByDefault/],
    [{ colour: 'red' }, /colour/],
  ])('refuse %j, naming the field and the rule', (patch, message) => {
    const { store } = freshStore();
    const err = errorOf(() => store.settings.update(GUILD, MOD, patch as never));
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('invalid-input');
    expect(err.message).toMatch(/^settings\.update was given invalid input/);
    expect(err.message).toMatch(message);
    expect(store.settings.recentChanges(GUILD)).toEqual([]);
  });

  it('refuse ids that are not ids', () => {
    const { store } = freshStore();
    expect(errorOf(() => store.settings.get('')).message).toMatch(/settings\.get guildId.*cannot be empty/);
    expect(errorOf(() => store.settings.update(GUILD, 'two words', {})).message).toMatch(/actorId.*no spaces/);
  });

  describe('channel allow-list', () => {
    it('answers everywhere until a channel is allowed, then only there', () => {
      const { store } = freshStore();
      expect(answersIn(store.settings.get(GUILD), 'c1')).toBe(true);
      const { settings } = store.settings.allowChannel(GUILD, MOD, 'c1');
      expect(settings.channels).toEqual({ mode: 'allowList', channelIds: ['c1'] });
      expect(answersIn(settings, 'c1')).toBe(true);
      expect(answersIn(settings, 'c2')).toBe(false);
    });

    it('keeps the order channels were added in and does not list one twice', () => {
      const { store } = freshStore();
      store.settings.allowChannel(GUILD, MOD, 'c2');
      store.settings.allowChannel(GUILD, MOD, 'c1');
      const again = store.settings.allowChannel(GUILD, MOD, 'c2');
      expect(again.changes).toEqual([]);
      expect(again.settings.channels).toEqual({ mode: 'allowList', channelIds: ['c2', 'c1'] });
    });

    it('answers nowhere once the last channel is removed, and everywhere again only when cleared', () => {
      const { store } = freshStore();
      store.settings.allowChannel(GUILD, MOD, 'c1');
      store.settings.allowChannel(GUILD, MOD, 'c2');
      store.settings.disallowChannel(GUILD, MOD, 'c1');
      const { settings } = store.settings.disallowChannel(GUILD, MOD, 'c2');
      expect(settings.channels).toEqual({ mode: 'allowList', channelIds: [] });
      expect(answersIn(settings, 'c1')).toBe(false);

      const cleared = store.settings.clearChannels(GUILD, MOD);
      expect(cleared.settings.channels).toEqual({ mode: 'everywhere' });
      expect(cleared.changes).toMatchObject([
        { key: 'channels', oldValue: { mode: 'allowList', channelIds: [] }, newValue: { mode: 'everywhere' } },
      ]);
    });

    it('ignores removing a channel that is not listed', () => {
      const { store } = freshStore();
      expect(store.settings.disallowChannel(GUILD, MOD, 'c1').changes).toEqual([]);
      store.settings.allowChannel(GUILD, MOD, 'c1');
      expect(store.settings.disallowChannel(GUILD, MOD, 'c9').changes).toEqual([]);
    });

    it(`holds at most ${ALLOW_LIST_MAX} channels and says what to do at the limit`, () => {
      const { store } = freshStore();
      for (let i = 0; i < ALLOW_LIST_MAX; i++) store.settings.allowChannel(GUILD, MOD, `c${i}`);
      const err = errorOf(() => store.settings.allowChannel(GUILD, MOD, 'one-more'));
      expect(err.code).toBe('invalid-input');
      expect(err.message).toMatch(/remove one before adding another/);
      const { channels } = store.settings.get(GUILD);
      expect(channels.mode === 'allowList' && channels.channelIds.length).toBe(ALLOW_LIST_MAX);
    });
  });

  describe('reset', () => {
    it('restores every default, audits each key it changed, and leaves no row behind', () => {
      const { store, path } = freshStore();
      store.settings.update(GUILD, MOD, { cooldownSeconds: 20, answerMentions: false });
      store.settings.allowChannel(GUILD, MOD, 'c1');
      const { settings, changes } = store.settings.reset(GUILD, OTHER_MOD);
      expect(settings).toEqual(DEFAULT_SETTINGS);
      expect(changes.map((c) => [c.key, c.oldValue, c.newValue, c.actorId])).toEqual([
        ['cooldownSeconds', 20, 0, OTHER_MOD],
        ['answerMentions', false, true, OTHER_MOD],
        ['channels', { mode: 'allowList', channelIds: ['c1'] }, { mode: 'everywhere' }, OTHER_MOD],
      ]);
      expect(rowCount(path, 'guild_settings')).toBe(0);
      expect(rowCount(path, 'guild_channels')).toBe(0);
    });

    it('is a no-op on a guild already at the defaults', () => {
      const { store } = freshStore();
      expect(store.settings.reset(GUILD, MOD).changes).toEqual([]);
    });

    it('leaves other guilds alone', () => {
      const { store } = freshStore();
      store.settings.update(GUILD, MOD, { cooldownSeconds: 20 });
      store.settings.update(OTHER_GUILD, MOD, { cooldownSeconds: 40 });
      store.settings.reset(GUILD, MOD);
      expect(store.settings.get(OTHER_GUILD).cooldownSeconds).toBe(40);
    });

    it('setting everything back by hand leaves the same file as a reset', () => {
      const { store, path } = freshStore();
      store.settings.update(GUILD, MOD, { privateByDefault: true });
      store.settings.update(GUILD, MOD, { privateByDefault: false });
      expect(rowCount(path, 'guild_settings')).toBe(0);
    });
  });

  describe('audit log', () => {
    it('records who changed which setting when, from what to what, newest first', () => {
      const { store, clock } = freshStore();
      store.settings.update(GUILD, MOD, { cooldownSeconds: 15 });
      clock.advance(MINUTE);
      store.settings.allowChannel(GUILD, OTHER_MOD, 'c7');
      clock.advance(MINUTE);
      store.settings.update(GUILD, MOD, { privateByDefault: true, cooldownSeconds: 0 });

      const log = store.settings.recentChanges(GUILD);
      expect(log.map(({ id: _id, ...rest }) => rest)).toEqual([
        { guildId: GUILD, actorId: MOD, at: new Date(NOON + 2 * MINUTE), key: 'privateByDefault', oldValue: false, newValue: true },
        { guildId: GUILD, actorId: MOD, at: new Date(NOON + 2 * MINUTE), key: 'cooldownSeconds', oldValue: 15, newValue: 0 },
        {
          guildId: GUILD,
          actorId: OTHER_MOD,
          at: new Date(NOON + MINUTE),
          key: 'channels',
          oldValue: { mode: 'everywhere' },
          newValue: { mode: 'allowList', channelIds: ['c7'] },
        },
        { guildId: GUILD, actorId: MOD, at: new Date(NOON), key: 'cooldownSeconds', oldValue: 0, newValue: 15 },
      ]);
    });

    it('returns the entries the write reported, with the same ids', () => {
      const { store } = freshStore();
      const { changes } = store.settings.update(GUILD, MOD, { cooldownSeconds: 15, answerMentions: false });
      expect(store.settings.recentChanges(GUILD)).toEqual([...changes].reverse());
    });

    it('honours the limit and keeps guilds apart', () => {
      const { store } = freshStore();
      for (let s = 1; s <= 12; s++) store.settings.update(GUILD, MOD, { cooldownSeconds: s });
      store.settings.update(OTHER_GUILD, MOD, { cooldownSeconds: 99 });
      expect(store.settings.recentChanges(GUILD, 3).map((c) => c.newValue)).toEqual([12, 11, 10]);
      expect(store.settings.recentChanges(GUILD)).toHaveLength(10);
      expect(store.settings.recentChanges(OTHER_GUILD).map((c) => c.newValue)).toEqual([99]);
      expect(errorOf(() => store.settings.recentChanges(GUILD, 0)).code).toBe('invalid-input');
      expect(errorOf(() => store.settings.recentChanges(GUILD, 101)).message).toMatch(/at most 100/);
    });

    it('refuses to pass on an audit row that was tampered with', () => {
      const { store, path } = freshStore();
      store.settings.update(GUILD, MOD, { cooldownSeconds: 15 });
      const db = new Database(path);
      db.prepare(`UPDATE settings_audit SET new_value = '"fifteen"'`).run();
      db.close();
      expect(() => store.settings.recentChanges(GUILD)).toThrow(/settings_audit does not have the shape/);
    });
  });

  describe('kept in memory', () => {
    it(`see a change another process committed within ${SHARED_CHANGES_SEEN_WITHIN_MS} ms`, () => {
      const { store, path, clock } = freshStore();
      expect(store.settings.get(GUILD).cooldownSeconds).toBe(0);
      const shard = openStore(path, { hashSalt: SALT });
      shard.settings.update(GUILD, MOD, { cooldownSeconds: 30 });
      shard.settings.allowChannel(GUILD, MOD, '300');
      clock.advance(SHARED_CHANGES_SEEN_WITHIN_MS);
      expect(store.settings.get(GUILD)).toEqual({ ...DEFAULT_SETTINGS, cooldownSeconds: 30, channels: { mode: 'allowList', channelIds: ['300'] } });
      shard.settings.reset(GUILD, MOD);
      clock.advance(SHARED_CHANGES_SEEN_WITHIN_MS - 1);
      expect(store.settings.get(GUILD).cooldownSeconds).toBe(30);
      clock.advance(1);
      expect(store.settings.get(GUILD)).toEqual(DEFAULT_SETTINGS);
      shard.close();
    });

    it('sees its own changes and deletions at once', () => {
      const { store } = freshStore();
      expect(store.settings.get(GUILD).privateByDefault).toBe(false);
      store.settings.update(GUILD, MOD, { privateByDefault: true });
      expect(store.settings.get(GUILD).privateByDefault).toBe(true);
      store.forgetGuild(GUILD);
      expect(store.settings.get(GUILD)).toEqual(DEFAULT_SETTINGS);
    });

    it('hands out settings nobody can change by accident', () => {
      const { store } = freshStore();
      store.settings.allowChannel(GUILD, MOD, '300');
      const settings = store.settings.get(GUILD);
      expect(() => {
        (settings as { cooldownSeconds: number }).cooldownSeconds = 99;
      }).toThrow(TypeError);
      expect(() => settings.channels.mode === 'allowList' && (settings.channels.channelIds as string[]).push('400')).toThrow(TypeError);
      expect(store.settings.get(GUILD)).toEqual({ ...DEFAULT_SETTINGS, channels: { mode: 'allowList', channelIds: ['300'] } });
    });
  });
});
