import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * Bots under test run as child processes, exactly as `npm start` runs one (node with tsx's loader),
 * so their memory and CPU are theirs alone and the load generator cannot flatter them. Every child
 * is killed when this process exits, however it exits.
 */

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
// A signal's default action ends the process without 'exit', which would leave the bots running.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    for (const child of live) child.kill('SIGKILL');
    process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[signal]);
  });
}

/** USER_HZ: the unit of the CPU times in /proc/PID/stat; 100 on every Linux that Node supports. */
const CLOCK_TICKS = 100;

/** pino's numeric levels. */
const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

export interface BotProcess {
  readonly label: string;
  readonly pid: number;
  /** Log lines by level (pino JSON on stdout); `other` counts anything that is not a JSON line. */
  readonly logCounts: Record<string, number>;
  /** The last few warnings, errors and non-JSON lines, to show when something went wrong. */
  readonly recentProblems: string[];
  /** Resident set size now, from /proc (what the kernel charges the process, heap and all). */
  rssMb(): number;
  /** CPU time (user + system) the process has used so far, in ms, from /proc. */
  cpuMs(): number;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<string>;
  /** SIGTERM (the bot logs out cleanly), then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<string>;
}

export interface SpawnOptions {
  label: string;
  /** Path of the entry module, relative to the repository root. */
  entry: string;
  env: Record<string, string>;
  /** Extra node flags, e.g. `--cpu-prof` to see where a bot spends its time under load. */
  nodeArgs?: readonly string[];
}

export function spawnBot({ label, entry, env, nodeArgs = [] }: SpawnOptions): BotProcess {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${label} (${entry}): no process id`);
  live.add(child);

  const logCounts: Record<string, number> = {};
  const recentProblems: string[] = [];
  const note = (line: string) => {
    recentProblems.push(line.length > 400 ? `${line.slice(0, 400)}…` : line);
    if (recentProblems.length > 12) recentProblems.shift();
  };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let level = 'other';
    try {
      level = LEVEL_NAMES[(JSON.parse(line) as { level?: number }).level ?? 0] ?? 'other';
    } catch {
      // Not pino's JSON: counted as "other" and kept below.
    }
    logCounts[level] = (logCounts[level] ?? 0) + 1;
    if (level !== 'info' && level !== 'debug' && level !== 'trace') note(line);
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    logCounts.stderr = (logCounts.stderr ?? 0) + 1;
    note(line);
  });

  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(signal ?? String(code));
    });
  });

  return {
    label,
    pid: child.pid,
    logCounts,
    recentProblems,
    rssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = /^VmRSS:\s+(\d+)\s+kB$/mu.exec(status)?.[1];
      if (kb === undefined) throw new Error(`${label} (pid ${child.pid}) has no VmRSS in /proc; has it exited?`);
      return Math.round((Number(kb) / 1024) * 10) / 10;
    },
    cpuMs() {
      // Fields 14 and 15 of /proc/PID/stat, after the parenthesised command name (which may hold spaces).
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    },
    exited,
    async stop(graceMs = 8000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const how = await exited;
      clearTimeout(timer);
      return how;
    },
  };
}
