import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, openStore } from '../../src/store/index.ts';
import { cooldownAtStep } from './constants.ts';
import { SALT, spawnTs, tempDir } from './support.ts';

const children = join(import.meta.dirname, 'children');

function query<T>(path: string, sql: string): T {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as T;
  } finally {
    db.close();
  }
}

describe('several processes on one file', () => {
  it('two shards writing at once, on a brand-new file, lose no row and never fail with SQLITE_BUSY', async () => {
    const path = join(tempDir(), 'shared.db');
    const perWriter = 250;
    // Both open the new file at the same moment, so they also race to migrate it.
    const writers = ['alpha', 'beta'].map((label) =>
      spawnTs(join(children, 'writer.ts'), [path, label, String(perWriter)]),
    );
    await Promise.all(writers.map((w) => w.waitFor((line) => line === 'ready')));
    for (const w of writers) w.process.stdin.end('go\n');
    const exits = await Promise.all(writers.map((w) => w.exited));

    expect(writers.map((w) => w.stderr())).toEqual(['', '']);
    expect(exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    expect(writers.map((w) => w.lines.at(-1))).toEqual(['done', 'done']);

    expect(query(path, 'PRAGMA integrity_check')).toBe('ok');
    expect(query(path, 'PRAGMA user_version')).toBe(SCHEMA_VERSION);
    expect(query(path, 'SELECT COUNT(*) FROM questions')).toBe(2 * perWriter);
    expect(query(path, 'SELECT COUNT(DISTINCT text) FROM questions')).toBe(2 * perWriter);
    expect(query(path, 'SELECT COUNT(*) FROM feedback_votes')).toBe(2 * perWriter);

    // Both added channels to the same guild's list, read-modify-write: none of the additions was lost.
    const store = openStore(path, { hashSalt: SALT });
    const { channels } = store.settings.get('shared-guild');
    const expected = ['alpha', 'beta'].flatMap((label) =>
      Array.from({ length: perWriter / 5 }, (_, i) => `${label}-channel-${i * 5}`),
    );
    expect(channels.mode).toBe('allowList');
    expect(channels.mode === 'allowList' && [...channels.channelIds].sort()).toEqual(expected.sort());
    expect(query(path, `SELECT COUNT(*) FROM settings_audit WHERE guild_id = 'shared-guild'`)).toBe(expected.length);
    store.close();
  });

  it('a process killed mid-run (SIGKILL) loses no setting it had committed', async () => {
    const path = join(tempDir(), 'killed.db');
    const child = spawnTs(join(children, 'killed.ts'), [path]);
    const step = (line: string) => Number(/^committed (\d+)$/.exec(line)?.[1] ?? 0);
    await child.waitFor((line) => step(line) >= 50);
    child.process.kill('SIGKILL');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // Every reported step was committed before it was printed.
    const reported = Math.max(...child.lines.map(step));
    expect(reported).toBeGreaterThanOrEqual(50);

    expect(query(path, 'PRAGMA integrity_check')).toBe('ok');
    const store = openStore(path, { hashSalt: SALT });
    const audited = query<number>(path, 'SELECT COUNT(*) FROM settings_audit');
    const questions = query<number>(path, 'SELECT COUNT(*) FROM questions');
    // The kill may land after a commit that was not yet reported, never before a reported one.
    expect(audited).toBeGreaterThanOrEqual(reported);
    // A setting and its audit entry commit together: the newest entry is exactly the stored value.
    const setting = store.settings.get('guild-under-test').cooldownSeconds;
    expect(setting).toBe(cooldownAtStep(audited));
    expect(store.settings.recentChanges('guild-under-test', 1)[0]).toMatchObject({
      key: 'cooldownSeconds',
      oldValue: cooldownAtStep(audited - 1),
      newValue: setting,
    });
    // Each step's question is written after its setting: at most the last step's is missing.
    expect(questions).toBeGreaterThanOrEqual(reported);
    expect(audited - questions).toBeGreaterThanOrEqual(0);
    expect(audited - questions).toBeLessThanOrEqual(1);
    store.close();
  });
});
