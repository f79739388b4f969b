import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, StoreError, openStore } from '../../src/store/index.ts';
import { MIGRATIONS, migrate, schemaVersion } from '../../src/store/migrations.ts';
import { ManualClock, NOON, SALT, errorOf, tempDir } from './support.ts';

function tables(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .pluck()
      .all() as string[];
  } finally {
    db.close();
  }
}

describe('migrations', () => {
  it('are numbered 1, 2, ... so every file can be brought forward step by step', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
  });

  it('build the whole schema in an empty file, in WAL mode', () => {
    const path = join(tempDir(), 'new.db');
    const store = openStore(path, { hashSalt: SALT });
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    store.close();

    expect(tables(path)).toEqual(['feedback_votes', 'guild_channels', 'guild_settings', 'questions', 'settings_audit']);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('bring a version 1 file forward and keep its data', () => {
    const path = join(tempDir(), 'v1.db');
    const v1 = new Database(path);
    expect(migrate(v1, MIGRATIONS, 1)).toEqual({ from: 0, to: 1 });
    v1.prepare(
      `INSERT INTO guild_settings (guild_id, cooldown_seconds, private_by_default, answer_mentions, channel_mode, updated_at)
       VALUES ('g1', 45, 1, 0, 'allowList', ?)`,
    ).run(NOON);
    v1.prepare(`INSERT INTO guild_channels (guild_id, channel_id, position) VALUES ('g1', 'c2', 0), ('g1', 'c1', 1)`).run();
    v1.prepare(
      `INSERT INTO questions (guild_id, asker_hash, text, answered, paragraph, at) VALUES ('g1', 'h1', 'who met', 1, 4, ?)`,
    ).run(NOON);
    expect(tables(path)).not.toContain('settings_audit');
    v1.close();

    const clock = new ManualClock();
    const store = openStore(path, { hashSalt: SALT, now: clock.now });
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.settings.get('g1')).toEqual({
      cooldownSeconds: 45,
      privateByDefault: true,
      answerMentions: false,
      channels: { mode: 'allowList', channelIds: ['c2', 'c1'] },
    });
    expect(store.insights.summary('g1', 1).topQuestions).toEqual([{ text: 'who met', count: 1, askers: 1, answered: 1 }]);

    // What version 2 added works on the upgraded file.
    store.settings.update('g1', 'mod', { cooldownSeconds: 60 });
    expect(store.settings.recentChanges('g1')).toMatchObject([{ key: 'cooldownSeconds', oldValue: 45, newValue: 60 }]);
    expect(store.feedback.vote({ guildId: 'g1', answerId: 'a1', factId: 'f', voterId: 'u', value: 1 }).tally).toEqual({
      up: 1,
      down: 0,
    });
    store.close();
  });

  it('leave an up-to-date file alone when it is opened again', () => {
    const path = join(tempDir(), 'again.db');
    const first = openStore(path, { hashSalt: SALT });
    first.settings.update('g1', 'mod', { answerMentions: false });
    first.close();

    const db = new Database(path);
    expect(migrate(db)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    db.close();
    const second = openStore(path, { hashSalt: SALT });
    expect(second.settings.get('g1').answerMentions).toBe(false);
    expect(second.settings.recentChanges('g1')).toHaveLength(1);
    second.close();
  });

  it('roll back completely when a step fails, leaving the file at its old version', () => {
    const path = join(tempDir(), 'broken.db');
    const db = new Database(path);
    migrate(db, MIGRATIONS, 1);
    const broken = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, description: 'fails halfway', sql: 'CREATE TABLE half (x); SELECT * FROM missing;' },
    ];
    expect(() => migrate(db, broken)).toThrow(/no such table: missing/);
    expect(schemaVersion(db)).toBe(1);
    const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all();
    expect(names).not.toContain('half');
    expect(names).not.toContain('settings_audit');
    db.close();
  });

  it('refuse a file written by a newer build, saying what to do', () => {
    const path = join(tempDir(), 'future.db');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();

    const err = errorOf(() => openStore(path, { hashSalt: SALT }));
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('schema-too-new');
    expect(err.message).toMatch(new RegExp(`schema version 99.*versions up to ${SCHEMA_VERSION}.*DATABASE_PATH`, 's'));
  });

  it('reject a migration list with a gap, which would skip a step on some files', () => {
    const db = new Database(':memory:');
    const gap = [MIGRATIONS[0]!, { ...MIGRATIONS[1]!, version: 3 }];
    expect(() => migrate(db, gap)).toThrow(/declares version 3/);
    expect(schemaVersion(db)).toBe(0);
    db.close();
  });
});
