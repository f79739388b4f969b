import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { onTestFinished } from 'vitest';
import { type Store, type StoreOptions, openStore } from '../../src/store/index.ts';
import { SALT } from './constants.ts';

export { SALT } from './constants.ts';
/** 2024-06-13 12:00 UTC: a fixed noon, so "today" and "n days ago" are unambiguous. */
export const NOON = Date.UTC(2024, 5, 13, 12);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const DAY = 24 * 60 * MINUTE;

/** Time that moves only when the test says so. */
export class ManualClock {
  #t: number;
  constructor(start = NOON) {
    this.#t = start;
  }
  readonly now = (): number => this.#t;
  advance(ms: number): void {
    this.#t += ms;
  }
  set(ms: number): void {
    this.#t = ms;
  }
}

/** A fresh folder removed when the current test ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'factdesk-store-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A store on a real file in a fresh folder, closed when the test ends. */
export function freshStore(options: Partial<StoreOptions> = {}): { store: Store; path: string; clock: ManualClock } {
  const clock = new ManualClock();
  const path = join(tempDir(), 'factdesk.db');
  const store = openStore(path, { hashSalt: SALT, now: clock.now, ...options });
  onTestFinished(() => store.close());
  return { store, path, clock };
}

export interface Child {
  process: ChildProcessWithoutNullStreams;
  /** Resolves with the next line the child prints that satisfies `match`. */
  waitFor(match: (line: string) => boolean): Promise<string>;
  lines: string[];
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a TypeScript file in a separate Node process, as a shard would run. */
export function spawnTs(script: string, args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: join(import.meta.dirname, '..', '..'),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const w of waiters.splice(0)) {
      if (w.match(line)) w.resolve(line);
      else waiters.push(w);
    }
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return {
    process: child,
    lines,
    stderr: () => errors,
    exited,
    waitFor: (match) =>
      new Promise((resolve, reject) => {
        const seen = lines.find(match);
        if (seen !== undefined) return resolve(seen);
        waiters.push({ match, resolve });
        void exited.then(({ code, signal }) =>
          reject(new Error(`child exited (code ${code}, signal ${signal}) before printing the line; stderr:\n${errors}`)),
        );
      }),
  };
}

/** The error `fn` throws; fails the test if it returns normally. */
export function errorOf(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`threw a non-Error: ${String(err)}`);
  }
  throw new Error('expected the call to throw, but it returned');
}
