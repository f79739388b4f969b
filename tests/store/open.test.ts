import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError, openStore } from '../../src/store/index.ts';
import { SALT, errorOf, tempDir } from './support.ts';

describe('openStore', () => {
  it('creates the missing folders of DATABASE_PATH on first run', () => {
    const path = join(tempDir(), 'data', 'nested', 'factdesk.db');
    const store = openStore(path, { hashSalt: SALT });
    store.settings.update('g1', 'mod', { cooldownSeconds: 5 });
    store.close();
    expect(existsSync(path)).toBe(true);
  });

  it('names the folder and the setting to change when the folder cannot be created', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const path = join(dir, 'not-a-folder', 'factdesk.db');
    const err = errorOf(() => openStore(path, { hashSalt: SALT }));
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('unusable-file');
    expect(err.message).toContain(join(dir, 'not-a-folder'));
    expect(err.message).toMatch(/ENOTDIR|EEXIST/);
    expect(err.message).toContain('Set DATABASE_PATH');
  });

  it('says the file is not a database rather than failing on the first query', () => {
    const path = join(tempDir(), 'notes.txt');
    writeFileSync(path, 'these are my notes, not a database\n'.repeat(200));
    const err = errorOf(() => openStore(path, { hashSalt: SALT }));
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('unusable-file');
    expect(err.message).toContain(path);
    expect(err.message).toMatch(/is not a SQLite database.*point it at a new path/);
  });

  it('says the path cannot be opened when DATABASE_PATH names a folder', () => {
    const dir = tempDir();
    const err = errorOf(() => openStore(dir, { hashSalt: SALT }));
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('unusable-file');
    expect(err.message).toContain(dir);
    expect(err.message).toMatch(/cannot be opened or written \(SQLITE_CANTOPEN\).*DATABASE_PATH/);
  });

  it('reports a file locked by another writer for longer than the busy timeout, and writes nothing', () => {
    const path = join(tempDir(), 'locked.db');
    const store = openStore(path, { hashSalt: SALT, busyTimeoutMs: 0 });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const err = errorOf(() => store.settings.update('g1', 'mod', { cooldownSeconds: 9 }));
      expect(err).toBeInstanceOf(StoreError);
      expect(err.message).toMatch(/locked by another process longer than the busy timeout \(SQLITE_BUSY\)/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(store.settings.get('g1').cooldownSeconds).toBe(0);
    expect(store.settings.recentChanges('g1')).toEqual([]);
    store.close();
  });

  it('refuses a missing or short salt before creating any file', () => {
    const dir = tempDir();
    const path = join(dir, 'factdesk.db');
    const err = errorOf(() => openStore(path, { hashSalt: 'short' }));
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe('misconfigured');
    expect(err.message).toMatch(/at least 16 characters.*got 5.*INSIGHTS_SALT/);
    expect(errorOf(() => openStore(path, {} as { hashSalt: string })).message).toMatch(/got none/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an empty path and nonsensical options with the setting to fix', () => {
    expect(errorOf(() => openStore(' ', { hashSalt: SALT })).message).toMatch(/set DATABASE_PATH/);
    const err = errorOf(() => openStore(':memory:', { hashSalt: SALT, busyTimeoutMs: -1 }));
    expect(err.code).toBe('misconfigured');
    expect(err.message).toContain('busyTimeoutMs');
  });

  it('opens a private in-memory database for callers that need no file', () => {
    const store = openStore(':memory:', { hashSalt: SALT });
    store.settings.update('g1', 'mod', { privateByDefault: true });
    expect(store.settings.get('g1').privateByDefault).toBe(true);
    expect(store.path).toBe(':memory:');
    store.close();
  });

  it('can be closed twice, and says so', () => {
    const store = openStore(join(tempDir(), 'f.db'), { hashSalt: SALT });
    expect(store.isOpen).toBe(true);
    store.close();
    store.close();
    expect(store.isOpen).toBe(false);
  });
});
