import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertClean, startFakeDiscord, type FakeDiscord } from './fake/index.ts';
import { citedParagraphs } from './bot-harness.ts';
import { loadCommands } from '../../src/discord/load-commands.ts';

const TSX = resolve('node_modules/.bin/tsx');

interface Child {
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<[number | null, NodeJS.Signals | null]>;
}

/** Starts an entry point as `npm start` does (tsx), from an empty directory so no developer .env is read. */
function launch(entry: string, env: Record<string, string>): Child {
  const cwd = mkdtempSync(join(tmpdir(), 'factdesk-run-'));
  const { PATH, HOME } = process.env;
  const child = spawn(TSX, [resolve(entry)], { cwd, env: { PATH, HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return { process: child, stdout: () => out, stderr: () => err, exit: once(child, 'exit') as Child['exit'] };
}

let fake: FakeDiscord;
let child: Child | undefined;
beforeEach(async () => {
  fake = await startFakeDiscord({ commands: [...(await loadCommands()).payload], timeoutMs: 15_000 });
});
afterEach(async () => {
  if (child && child.process.exitCode === null && child.process.signalCode === null) {
    child.process.kill('SIGKILL');
    await child.exit;
  }
  child = undefined;
  await fake.close();
  assertClean(fake);
});

const envFor = (fake: FakeDiscord) => ({
  DISCORD_TOKEN: fake.token,
  DISCORD_APPLICATION_ID: fake.applicationId,
  DISCORD_API_URL: fake.apiUrl,
  LOG_LEVEL: 'info',
});

describe('npm start', () => {
  it('logs in through DISCORD_API_URL, answers, never logs the token, and exits cleanly on SIGTERM', async () => {
    child = launch('src/discord/main.ts', envFor(fake));
    await fake.waitForGateway('ready', { since: 0 });
    const dm = await (await fake.dm('When was the Singapore summit?')).waitForReply();
    expect(citedParagraphs(dm)[0]).toBe(4);
    const ask = await (await fake.slash('ask', { question: 'Why did the summit in Vietnam fail?' })).waitForReply();
    expect(citedParagraphs(ask)[0]).toBe(5);

    child.process.kill('SIGTERM');
    const [code] = await child.exit;
    expect(code).toBe(0);
    const logs = child.stdout().trim().split('\n').map((line) => JSON.parse(line) as { msg: string });
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['logged in and ready', 'shutting down', 'logged out']));
    expect(child.stdout() + child.stderr()).not.toContain(fake.token);
    expect(child.stderr()).toBe('');
  });

  it('exits with one line when Discord refuses the token', async () => {
    fake.failNext('GET /gateway/bot', { status: 401, body: { code: 0, message: '401: Unauthorized' } });
    child = launch('src/discord/main.ts', envFor(fake));
    const [code] = await child.exit;
    expect(code).toBe(1);
    expect(child.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^Cannot log in to Discord: .*DISCORD_TOKEN/u)]);
  });
});

describe('npm run start:sharded', () => {
  it('asks the fake for the shard count, runs the bot in a shard process, and answers', async () => {
    child = launch('src/discord/sharded.ts', envFor(fake));
    await fake.waitForGateway('ready', { since: 0 });
    const reply = await (await fake.mention('Who is Daniel Russel?')).waitForReply();
    expect(citedParagraphs(reply).length).toBeGreaterThan(0);
    expect(fake.requests.some((r) => r.route === 'GET /gateway/bot')).toBe(true);

    child.process.kill('SIGTERM');
    const [code] = await child.exit;
    expect(code).toBe(0);
    expect(child.stdout()).toContain('"msg":"shard launched"');
  });
});
