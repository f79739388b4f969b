import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig, publicConfig } from '../../src/discord/config.ts';
import { DEFAULT_RETENTION_DAYS } from '../../src/store/index.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.secret-token-value-xyz';
const APP = '123456789012345678';
const valid = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP };

function problem(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('reads the required keys and defaults the rest', () => {
    expect(parseConfig(valid)).toEqual({
      token: TOKEN,
      applicationId: APP,
      guildId: undefined,
      apiUrl: undefined,
      logLevel: 'info',
      databasePath: 'data/factdesk.db',
      retentionDays: DEFAULT_RETENTION_DAYS,
      ownerIds: [],
      insightsSalt: undefined,
    });
  });

  it('reads every optional key', () => {
    const config = parseConfig({
      ...valid,
      DISCORD_GUILD_ID: '223456789012345678',
      DISCORD_API_URL: 'http://127.0.0.1:8080/api',
      LOG_LEVEL: 'debug',
      DATABASE_PATH: '/tmp/x.db',
      RETENTION_DAYS: '7',
      BOT_OWNER_IDS: '323456789012345678, 423456789012345678',
    });
    expect(config).toMatchObject({
      guildId: '223456789012345678',
      apiUrl: 'http://127.0.0.1:8080/api',
      logLevel: 'debug',
      databasePath: '/tmp/x.db',
      retentionDays: 7,
      ownerIds: ['323456789012345678', '423456789012345678'],
    });
  });

  it('names each missing or invalid key on one line and points at .env.example', () => {
    const message = problem({ DISCORD_APPLICATION_ID: 'abc', LOG_LEVEL: 'loud' });
    expect(message).not.toContain('\n');
    expect(message).toContain('DISCORD_TOKEN is missing');
    expect(message).toContain('DISCORD_APPLICATION_ID must be a Discord id');
    expect(message).toContain('LOG_LEVEL must be one of');
    expect(message).toContain('.env.example');
  });

  it('treats an empty value as unset', () => {
    expect(problem({ ...valid, DISCORD_TOKEN: '' })).toContain('DISCORD_TOKEN is missing');
    expect(parseConfig({ ...valid, DISCORD_GUILD_ID: '' }).guildId).toBeUndefined();
  });

  it('rejects a URL that is not http(s) and retention that is not a whole number of days', () => {
    expect(problem({ ...valid, DISCORD_API_URL: 'ftp://x' })).toContain('DISCORD_API_URL must be an http(s) URL');
    expect(problem({ ...valid, RETENTION_DAYS: '1.5' })).toContain('RETENTION_DAYS must be a whole number');
  });

  it('never repeats a value in the error, so a mistyped token cannot leak', () => {
    const message = problem({ DISCORD_TOKEN: `${TOKEN} extra`, DISCORD_APPLICATION_ID: APP });
    expect(message).toContain('DISCORD_TOKEN must be one word');
    expect(message).not.toContain(TOKEN);
  });

  it('hands commands a config without the secrets', () => {
    const config = publicConfig(parseConfig({ ...valid, INSIGHTS_SALT: 'a'.repeat(32) }));
    expect(config).not.toHaveProperty('token');
    expect(config).not.toHaveProperty('insightsSalt');
  });
});

describe('loadConfig', () => {
  it('reads .env when present, with the real environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'factdesk-env-'));
    const envFile = join(dir, '.env');
    writeFileSync(envFile, `DISCORD_TOKEN=${TOKEN}\nDISCORD_APPLICATION_ID=${APP}\nLOG_LEVEL=warn\n`);
    const config = loadConfig({ env: { LOG_LEVEL: 'error' }, envFile });
    expect(config.token).toBe(TOKEN);
    expect(config.logLevel).toBe('error');
  });

  it('works without a .env file', () => {
    expect(loadConfig({ env: valid, envFile: '/nonexistent/.env' }).applicationId).toBe(APP);
  });
});

describe('npm start with a bad configuration', () => {
  const main = resolve('src/discord/main.ts');
  const tsx = resolve('node_modules/.bin/tsx');

  /** Runs the real entry point in an empty directory, so no developer .env is picked up. */
  function start(env: Record<string, string>) {
    const cwd = mkdtempSync(join(tmpdir(), 'factdesk-start-'));
    const { PATH, HOME } = process.env;
    return spawnSync(tsx, [main], { cwd, env: { PATH, HOME, ...env }, encoding: 'utf8', timeout: 15_000 });
  }

  it('exits non-zero at once with one line naming the missing key', () => {
    const run = start({ DISCORD_APPLICATION_ID: APP });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/DISCORD_TOKEN is missing.*\.env\.example/u);
    expect(run.stdout).toBe('');
  });

  it('names an invalid key without echoing the token', () => {
    const run = start({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: 'not-an-id' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('DISCORD_APPLICATION_ID');
    expect(run.stderr + run.stdout).not.toContain(TOKEN);
  });
});
