import type { Connection } from './database.ts';
import { StoreError } from './errors.ts';

/**
 * The schema's history, oldest first. A released migration is never edited: a change to the schema is a
 * new entry, so every existing file can be brought forward from whatever version it is at. The version
 * lives in `PRAGMA user_version` (a header field SQLite updates inside the same transaction as the DDL).
 * Timestamps are integer milliseconds since the epoch; ids are Discord snowflakes kept as text.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'guild settings, channel allow-lists and recorded questions',
    sql: `
      CREATE TABLE guild_settings (
        guild_id           TEXT PRIMARY KEY,
        cooldown_seconds   INTEGER NOT NULL CHECK (cooldown_seconds BETWEEN 0 AND 3600),
        private_by_default INTEGER NOT NULL CHECK (private_by_default IN (0, 1)),
        answer_mentions    INTEGER NOT NULL CHECK (answer_mentions IN (0, 1)),
        channel_mode       TEXT    NOT NULL CHECK (channel_mode IN ('everywhere', 'allowList')),
        updated_at         INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE guild_channels (
        guild_id   TEXT NOT NULL REFERENCES guild_settings (guild_id) ON DELETE CASCADE,
        channel_id TEXT NOT NULL,
        position   INTEGER NOT NULL,
        PRIMARY KEY (guild_id, channel_id)
      ) STRICT;

      CREATE TABLE questions (
        id         INTEGER PRIMARY KEY,
        guild_id   TEXT,
        asker_hash TEXT    NOT NULL,
        text       TEXT    NOT NULL,
        answered   INTEGER NOT NULL CHECK (answered IN (0, 1)),
        paragraph  INTEGER CHECK (paragraph > 0),
        at         INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX questions_by_guild_time ON questions (guild_id, at);
      CREATE INDEX questions_by_time ON questions (at);
    `,
  },
  {
    version: 2,
    description: 'settings audit log and answer feedback votes',
    sql: `
      CREATE TABLE settings_audit (
        id        INTEGER PRIMARY KEY,
        guild_id  TEXT    NOT NULL,
        actor_id  TEXT    NOT NULL,
        at        INTEGER NOT NULL,
        key       TEXT    NOT NULL,
        old_value TEXT    NOT NULL,
        new_value TEXT    NOT NULL
      ) STRICT;
      CREATE INDEX settings_audit_by_guild ON settings_audit (guild_id, id);
      CREATE INDEX settings_audit_by_time ON settings_audit (at);

      CREATE TABLE feedback_votes (
        answer_id  TEXT    NOT NULL,
        voter_hash TEXT    NOT NULL,
        guild_id   TEXT,
        fact_id    TEXT    NOT NULL,
        value      INTEGER NOT NULL CHECK (value IN (1, -1)),
        at         INTEGER NOT NULL,
        PRIMARY KEY (answer_id, voter_hash)
      ) STRICT;
      CREATE INDEX feedback_votes_by_guild_time ON feedback_votes (guild_id, at);
      CREATE INDEX feedback_votes_by_time ON feedback_votes (at);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Connection): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings the file up to `target` (default: the newest version). All pending migrations run in one
 * IMMEDIATE transaction, so a failure leaves the file at its old version with nothing half-created, and
 * shards starting at the same moment queue on the write lock: the first migrates, the others then find
 * nothing left to do.
 */
export function migrate(
  db: Connection,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = migrations.length,
): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Migration #${i} declares version ${m.version}; versions must run 1, 2, 3, ... without gaps.`);
    }
  });
  if (!Number.isInteger(target) || target < 0 || target > migrations.length) {
    throw new Error(`Cannot migrate to version ${target}: the known versions are 0 to ${migrations.length}.`);
  }

  const run = db.transaction(() => {
    const from = schemaVersion(db);
    if (from > migrations.length) {
      throw new StoreError(
        'schema-too-new',
        `The database ${db.name} is at schema version ${from}, but this build only knows versions up to ` +
          `${migrations.length}. It was written by a newer factdesk: run that version, or set DATABASE_PATH to another file.`,
      );
    }
    for (const m of migrations.slice(from, target)) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
    return { from, to: Math.max(from, target) };
  });

  // Skip taking the write lock when the file is already current, the usual case at every start.
  const current = schemaVersion(db);
  if (current >= target && current <= migrations.length) return { from: current, to: current };
  return run.immediate();
}
