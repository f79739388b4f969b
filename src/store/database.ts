import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from './errors.ts';

export type Connection = Database.Database;

export const IN_MEMORY = ':memory:';

/** The path as error messages show it: absolute, so it is clear which file is meant. */
export function shownPath(path: string): string {
  return path === IN_MEMORY ? IN_MEMORY : resolve(path);
}

/**
 * Wraps `fn` in a transaction that takes the write lock up front (BEGIN IMMEDIATE). A deferred
 * transaction that reads and then writes can find another process committed in between and fail with
 * SQLITE_BUSY at once, without the busy timeout helping; taking the lock first makes it wait its turn,
 * and makes the read that decides a new value and the write of it one atomic step.
 */
export function writeTransaction<A extends unknown[], R>(db: Connection, fn: (...args: A) => R): (...args: A) => R {
  const tx = db.transaction(fn);
  return (...args) => {
    try {
      return tx.immediate(...args);
    } catch (err) {
      throw describeFailure(err, shownPath(db.name));
    }
  };
}

/** Runs several reads in one transaction, so they all see the same snapshot of the file. */
export function readTransaction<A extends unknown[], R>(db: Connection, fn: (...args: A) => R): (...args: A) => R {
  const tx = db.transaction(fn);
  return (...args) => {
    try {
      return tx.deferred(...args);
    } catch (err) {
      throw describeFailure(err, shownPath(db.name));
    }
  };
}

/**
 * Opens (creating if needed) the SQLite file and sets the connection up for several shard processes
 * sharing it:
 * - WAL lets readers and one writer proceed at once instead of locking the whole file per write.
 * - `busy_timeout` makes a writer that finds the file locked wait for its turn instead of failing with
 *   SQLITE_BUSY; every transaction here is a few milliseconds, so a few seconds of patience is plenty.
 * - `synchronous = NORMAL` in WAL mode keeps every committed transaction through a process crash (the
 *   WAL is written before COMMIT returns); only an OS crash or power cut can lose the last commits. One
 *   fsync per question recorded would cost far more than that risk is worth for settings and statistics.
 */
export function openConnection(path: string, busyTimeoutMs: number): Connection {
  const inMemory = path === IN_MEMORY;
  const shown = shownPath(path);
  if (!inMemory) createFolder(path, shown);

  let db: Connection;
  try {
    db = new Database(path);
  } catch (err) {
    throw describeFailure(err, shown);
  }
  try {
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    if (!inMemory) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') {
        throw new StoreError(
          'unusable-file',
          `The database at ${shown} could not be switched to WAL mode (SQLite kept "${String(mode)}"). ` +
            'WAL needs a local disk: point DATABASE_PATH at a file that is not on a network share.',
        );
      }
    }
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (err) {
    db.close();
    throw describeFailure(err, shown);
  }
  return db;
}

function createFolder(path: string, shown: string): void {
  const folder = dirname(resolve(path));
  try {
    // Owner-only: the folder holds moderators' ids and hashed user ids.
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    throw new StoreError(
      'unusable-file',
      `Cannot create the folder ${folder} for the database ${shown} (${reason}). ` +
        'Set DATABASE_PATH to a file in a folder this process can write, or create the folder and give it write access.',
      { cause: err },
    );
  }
}

/** Turns SQLite's terse codes into a message that says which file and what to do about it. */
export function describeFailure(err: unknown, shown: string): unknown {
  if (err instanceof StoreError || !(err instanceof Error) || !('code' in err)) return err;
  const code = String(err.code);
  // Extended codes (SQLITE_READONLY_DIRECTORY, SQLITE_IOERR_WRITE, ...) share their primary code's cause.
  const primary = code.split('_').slice(0, 2).join('_');
  const fix = (what: string, how: string) =>
    new StoreError('unusable-file', `The database at ${shown} ${what} (${code}). ${how}`, { cause: err });
  switch (primary) {
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
    case 'SQLITE_READONLY':
    case 'SQLITE_IOERR':
    case 'SQLITE_AUTH':
      return fix(
        'cannot be opened or written',
        'Check that the file and its folder are writable by this process, or set DATABASE_PATH to another path.',
      );
    case 'SQLITE_NOTADB':
      return fix(
        'is not a SQLite database',
        'DATABASE_PATH points at some other file; point it at a new path (it is created on first run).',
      );
    case 'SQLITE_CORRUPT':
      return fix(
        'is corrupt',
        'Restore it from a backup, or move it aside and start with a new file (settings and insights are then lost).',
      );
    case 'SQLITE_BUSY':
      return fix(
        'stayed locked by another process longer than the busy timeout',
        'Another process holds a long write lock on it; stop it or raise the busy timeout.',
      );
    case 'SQLITE_FULL':
      return fix('cannot grow because the disk is full', 'Free some disk space or move DATABASE_PATH to a larger disk.');
    default:
      return err;
  }
}
