import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApplicationCommandType } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCommands } from '../../src/discord/load-commands.ts';
import { assertClean, startFakeDiscord, type FakeDiscord } from './fake/index.ts';

const TSX = resolve('node_modules/.bin/tsx');
const SCRIPT = resolve('src/cli/deploy-commands.ts');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real script as its own process, from an empty directory so no developer .env is read.
 * Asynchronous on purpose: the fake Discord answering it lives in this process's event loop.
 */
function deploy(args: string[], env: Record<string, string>): Promise<Outcome> {
  const cwd = mkdtempSync(join(tmpdir(), 'factdesk-deploy-'));
  const { PATH, HOME } = process.env;
  return new Promise((done) => {
    execFile(TSX, [SCRIPT, ...args], { cwd, env: { PATH, HOME, ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let fake: FakeDiscord;
let env: Record<string, string>;
beforeEach(async () => {
  fake = await startFakeDiscord();
  env = { DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl };
});
afterEach(async () => {
  await fake.close();
  assertClean(fake);
});

describe('npm run deploy-commands', () => {
  it('bulk-overwrites the global commands: /ask with autocomplete, usable in DMs and user installs', async () => {
    const outcome = await deploy([], env);
    expect(outcome).toMatchObject({ code: 0, stderr: '' });
    const registry = await loadCommands();
    expect(outcome.stdout).toMatch(new RegExp(`^Registered ${registry.payload.length} commands globally.*/ask`, 'u'));
    expect(fake.commands.global.map((c) => c.name).sort()).toEqual(registry.payload.map((c) => c.name).sort());
    const puts = fake.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.route)).toEqual(['PUT /applications/:applicationId/commands']);
    const ask = fake.commands.global.find((c) => c.name === 'ask')!;
    expect(ask.options?.[0]).toMatchObject({ name: 'question', autocomplete: true, required: true });
    expect(ask.contexts).toEqual([0, 1, 2]);
    expect(ask.integration_types).toEqual([0, 1]);
    expect(fake.commands.global.find((c) => c.type === ApplicationCommandType.Message)?.name).toBe('Check against article');
  });

  it('--guild registers on DISCORD_GUILD_ID instead', async () => {
    const outcome = await deploy(['--guild'], { ...env, DISCORD_GUILD_ID: fake.guildId });
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain(`to server ${fake.guildId}`);
    expect(fake.commands.global).toEqual([]);
    expect(fake.commands.guild.get(fake.guildId)?.map((c) => c.name)).toContain('ask');
  });

  it('--guild without DISCORD_GUILD_ID says which key is missing, touching nothing', async () => {
    const outcome = await deploy(['--guild'], env);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr.trim().split('\n')).toEqual([expect.stringMatching(/DISCORD_GUILD_ID.*\.env\.example/u)]);
    expect(fake.requests).toEqual([]);
  });

  it('--dry-run prints the payload and sends nothing, even with no configuration', async () => {
    const outcome = await deploy(['--dry-run'], { DISCORD_API_URL: fake.apiUrl });
    expect(outcome.code).toBe(0);
    const payload = JSON.parse(outcome.stdout) as unknown[];
    expect(payload).toEqual(JSON.parse(JSON.stringify((await loadCommands()).payload)));
    expect(fake.requests).toEqual([]);
  });

  it('refuses an unknown flag with the usage line', async () => {
    const outcome = await deploy(['--globally'], env);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('Usage: npm run deploy-commands');
    expect(fake.requests).toEqual([]);
  });

  it('reports a refusal from Discord in one line and exits non-zero', async () => {
    fake.failNext('PUT /applications/:id/commands', { status: 403, body: { code: 50001, message: 'Missing Access' } });
    const outcome = await deploy([], env);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr.trim()).toMatch(/^Registering commands failed: Missing Access$/u);
  });
});
