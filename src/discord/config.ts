import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { DEFAULT_RETENTION_DAYS, RETENTION_DAYS_MAX } from '../store/index.ts';
import { SALT_MIN_LENGTH } from '../store/pseudonym.ts';

/**
 * The bot's whole configuration, read from the environment once at start-up. This is the only module
 * that reads `process.env`; everything else receives a `Config`.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const snowflake = z
  .string({ error: (issue) => (issue.input === undefined ? 'is missing' : 'must be text') })
  .regex(/^\d{17,20}$/u, 'must be a Discord id (17 to 20 digits)');

const envShape = z.object({
  DISCORD_TOKEN: z
    .string({ error: (issue) => (issue.input === undefined ? 'is missing' : 'must be text') })
    .regex(/^\S+$/u, 'must be one word with no spaces (copy it again from the Developer Portal)'),
  DISCORD_APPLICATION_ID: snowflake,
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/u, error: 'must be an http(s) URL such as http://127.0.0.1:8080/api' })
    .optional(),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  DATABASE_PATH: z.string().default('data/factdesk.db'),
  RETENTION_DAYS: z.coerce
    .number({ error: 'must be a whole number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1')
    .max(RETENTION_DAYS_MAX, `must be at most ${RETENTION_DAYS_MAX}`)
    .default(DEFAULT_RETENTION_DAYS),
  BOT_OWNER_IDS: z
    .string()
    .transform((list) => list.split(',').map((id) => id.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d{17,20}$/u, 'must be a comma-separated list of Discord user ids')))
    .default([]),
  // Optional: without it the salt is derived from the token (see moderation/index.ts insightsSalt).
  INSIGHTS_SALT: z
    .string()
    .min(SALT_MIN_LENGTH, `must be at least ${SALT_MIN_LENGTH} characters (e.g. the output of \`openssl rand -hex 32\`)`)
    .optional(),
});

/** Every environment variable the bot reads; `.env.example` documents each of them. */
export const CONFIG_KEYS = Object.keys(envShape.shape) as (keyof typeof envShape.shape)[];

const envSchema = envShape.transform((env) => ({
  token: env.DISCORD_TOKEN,
  applicationId: env.DISCORD_APPLICATION_ID,
  guildId: env.DISCORD_GUILD_ID,
  apiUrl: env.DISCORD_API_URL,
  logLevel: env.LOG_LEVEL,
  databasePath: env.DATABASE_PATH,
  retentionDays: env.RETENTION_DAYS,
  ownerIds: env.BOT_OWNER_IDS,
  insightsSalt: env.INSIGHTS_SALT,
}));

export type Config = z.output<typeof envSchema>;
/** What commands may see: everything but the secrets. */
export type PublicConfig = Omit<Config, 'token' | 'insightsSalt'>;
export type LogLevel = Config['logLevel'];

/** Configuration that cannot start the bot. The message is one line, safe to print: it never holds a value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const HINT = 'set it in the environment or in .env (every key is described in .env.example)';

/** Parses an environment (variables as strings) into a Config; empty values count as unset. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`);
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}; ${HINT}.`);
}

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  /** Read when it exists; variables already in `env` win over the file, as with `node --env-file`. */
  envFile?: string;
}

/** The configuration for this process: `.env` (if present) overlaid by the real environment. */
export function loadConfig({ env = process.env, envFile = resolve('.env') }: LoadConfigOptions = {}): Config {
  let fromFile: Record<string, string> = {};
  if (existsSync(envFile)) {
    try {
      fromFile = parseEnv(readFileSync(envFile, 'utf8')) as Record<string, string>;
    } catch (err) {
      throw new ConfigError(`Cannot read ${envFile}: ${(err as Error).message}; fix or remove it (see .env.example).`);
    }
  }
  return parseConfig({ ...fromFile, ...env });
}

/** Drops the token and the salt, for handing configuration to code that has no business with them. */
export function publicConfig({ token: _token, insightsSalt: _salt, ...rest }: Config): PublicConfig {
  return rest;
}
