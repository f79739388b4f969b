import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/discord/load-commands.ts';
import { citedParagraphs, embedOf } from './bot-harness.ts';
import { assertClean, startFakeDiscord, type FakeDiscord, type InvocationContext } from './fake/index.ts';
import { fieldsOf, MODERATOR_PERMISSIONS, tempDir } from './moderation-harness.ts';

/**
 * The production entry point (`npm start`'s src/discord/main.ts) as a real process against the fake
 * Discord and a real DATABASE_PATH: killed with SIGKILL, nothing a moderator committed is lost.
 */

/** tsx's loader in-process (`node --import`), so SIGKILL hits the bot itself and not a tsx wrapper. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const MAIN = resolve('src/discord/main.ts');

interface Bot {
  process: ChildProcess;
  exit: Promise<[number | null, NodeJS.Signals | null]>;
  logs: { msg: string; [key: string]: unknown }[];
  /** Resolves with the first log line (from the start) whose msg is `msg` and that satisfies `match`. */
  waitForLog(msg: string, match?: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  stderr(): string;
}

function launch(cwd: string, env: Record<string, string>): Bot {
  const { PATH, HOME } = process.env;
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN], { cwd, env: { PATH, HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Bot['logs'] = [];
  const waiters: (() => void)[] = [];
  let buffered = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line.trim()) logs.push(JSON.parse(line) as Bot['logs'][number]);
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exit = once(child, 'exit') as Bot['exit'];
  // 'close' comes after the last of stdout: only then is a missing line really missing.
  let closed = false;
  child.once('close', () => {
    closed = true;
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    process: child,
    exit,
    logs,
    stderr: () => err,
    waitForLog(msg, match = () => true) {
      return new Promise((resolveLine, reject) => {
        const fail = (why: string) => reject(new Error(`${why} "${msg}"; it logged: ${logs.map((l) => l.msg).join(' | ')}; stderr: ${err}`));
        const timer = setTimeout(() => fail('the bot never logged'), 30_000);
        const probe = () => {
          const line = logs.find((l) => l.msg === msg && match(l));
          if (line) {
            clearTimeout(timer);
            resolveLine(line);
          } else if (closed) {
            clearTimeout(timer);
            fail('the bot exited without logging');
          } else waiters.push(probe);
        };
        probe();
      });
    },
  };
}

let fake: FakeDiscord;
let running: Bot[] = [];
beforeEach(async () => {
  fake = await startFakeDiscord({ commands: [...(await loadCommands()).payload], timeoutMs: 15_000 });
});
afterEach(async () => {
  for (const bot of running) {
    if (bot.process.exitCode === null && bot.process.signalCode === null) {
      bot.process.kill('SIGKILL');
      await bot.exit;
    }
  }
  running = [];
  await fake.close();
  assertClean(fake);
});

describe('npm start with DATABASE_PATH', () => {
  it('keeps a moderator’s /settings cooldown across a SIGKILL and a restart on the same file', { timeout: 90_000 }, async () => {
    const cwd = tempDir('factdesk-restart-');
    const env = {
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_PATH: join(cwd, 'db', 'factdesk.db'),
      LOG_LEVEL: 'info',
    };
    const moderator: InvocationContext = { user: fake.createUser({ username: 'moderator' }), permissions: MODERATOR_PERMISSIONS };

    const first = launch(cwd, env);
    running.push(first);
    await first.waitForLog('logged in and ready');
    expect(await first.waitForLog('retention purge done')).toMatchObject({ retentionDays: 90, questions: 0 });
    const set = await (await fake.slash('settings cooldown', { seconds: 30 }, moderator)).waitForReply();
    expect(embedOf(set).title).toBe('Settings changed');

    first.process.kill('SIGKILL');
    expect(await first.exit).toEqual([null, 'SIGKILL']);

    const second = launch(cwd, env);
    running.push(second);
    await second.waitForLog('logged in and ready');
    const view = await (await fake.slash('settings view', {}, moderator)).waitForReply();
    expect(fieldsOf(view).Cooldown).toBe('30 s between one member’s questions.');
    expect(fieldsOf(view)['Recent changes']).toMatch(new RegExp(`<@${moderator.user!.id}>: Cooldown off → 30 s$`, 'u'));

    // The restored setting is in force: the same member's second question is held back.
    const answered = await (await fake.slash('ask', { question: 'What did China say about the statement?' })).waitForReply();
    expect(answered.embeds).toHaveLength(1);
    const held = await fake.slash('ask', { question: 'Why did the summit in Vietnam fail?' });
    expect((await held.waitForReply()).content).toMatch(/^You can ask again <t:\d+:R>/u);
    expect(held.ephemeral).toBe(true);

    // What was just asked, unanswered, is in the report.
    const report = await (await fake.slash('insights view', { days: 1 }, moderator)).waitForReply();
    expect(fieldsOf(report)['Asked but not covered by the article']).toBe('1. what did china say about the statement — once by 1 person');

    second.process.kill('SIGTERM');
    expect((await second.exit)[0]).toBe(0);
    expect(second.logs.map((l) => JSON.stringify(l)).join('\n')).not.toContain(fake.token);
  });

  it('reloads the fact base on SIGHUP instead of exiting, and keeps answering', { timeout: 60_000 }, async () => {
    const cwd = tempDir('factdesk-sighup-');
    const bot = launch(cwd, {
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      LOG_LEVEL: 'info',
    });
    running.push(bot);
    await bot.waitForLog('logged in and ready');
    bot.process.kill('SIGHUP');
    expect(await bot.waitForLog('fact base reloaded')).toMatchObject({ trigger: 'SIGHUP' });
    expect(bot.process.exitCode).toBeNull();
    const ask = await (await fake.slash('ask', { question: 'Why did the summit in Vietnam fail?' })).waitForReply();
    expect(citedParagraphs(ask)[0]).toBe(5);
    bot.process.kill('SIGTERM');
    expect((await bot.exit)[0]).toBe(0);
    expect(bot.stderr()).toBe('');
  });
});
