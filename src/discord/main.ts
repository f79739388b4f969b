import { createEngine } from '../engine/index.ts';
import { warmUp } from '../engine/warm.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import type { KnowledgeBase } from '../knowledge/schema.ts';
import { createBot } from './bot.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { loadCommands } from './load-commands.ts';
import { createLogger } from './logger.ts';
import { createModeration, openBotStore, reloadOnSignal, scheduleRetention, type Moderation } from './moderation/index.ts';

/**
 * `npm start`: the bot in production. Everything that can be wrong before logging in (configuration,
 * fact base, command modules, the database) stops the process at once with one line saying what to fix.
 */

/** Milliseconds SIGINT/SIGTERM wait for a clean logout before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 5000;

function exitWith(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) exitWith(err.message);
  throw err;
}

const logger = createLogger({ level: config.logLevel, token: config.token });

// A failure inside one handler must not take the bot down for everyone; it is logged and the bot
// carries on. (Handlers report their own failures to users; these catch what slips past.)
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
process.on('uncaughtException', (err) => logger.error({ err }, 'uncaught exception'));

let bot: ReturnType<typeof createBot>;
let moderation: Moderation;
try {
  const kb = loadKnowledge();
  const commands = await loadCommands();
  const store = openBotStore(config, (err) => logger.error({ err }, 'could not write queued questions to the database; will retry'));
  moderation = createModeration({ store, retentionDays: config.retentionDays });
  scheduleRetention(moderation.store, config.retentionDays, logger);
  // A new engine's first answers run on cold code and empty memos; warmed first, it makes none of the
  // first users after a start or a reload pay for that.
  const warmEngine = (base: KnowledgeBase) => {
    const engine = createEngine(base);
    logger.info({ ms: Math.round(warmUp(engine, base)) }, 'engine warmed up');
    return engine;
  };
  bot = createBot({ config, kb, commands, logger, moderation, createEngine: warmEngine });
} catch (err) {
  exitWith(`Cannot start: ${(err as Error).message.replace(/\s*\n\s*/gu, '; ')}`);
}

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    logger.warn({ signal }, 'second signal; exiting without waiting for logout');
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, 'shutting down');
  setTimeout(() => {
    logger.error(`logout took longer than ${SHUTDOWN_GRACE_MS} ms; exiting anyway`);
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  try {
    await bot.stop();
  } catch (err) {
    logger.error({ err }, 'logout failed');
  }
  try {
    moderation.store.close();
  } catch (err) {
    logger.error({ err }, 'could not write the last queued questions');
  }
  process.exit(0);
}
process.on('SIGINT', (signal) => void shutdown(signal));
process.on('SIGTERM', (signal) => void shutdown(signal));
// Re-read knowledge/ and answer from it if it is valid; without this handler SIGHUP would end the process.
process.on('SIGHUP', () => reloadOnSignal(moderation.loadKnowledge, { replace: bot.replaceKnowledge }, logger));

try {
  await bot.start();
} catch (err) {
  logger.fatal({ err }, 'login failed');
  exitWith(`Cannot log in to Discord: ${(err as Error).message} Check DISCORD_TOKEN (see .env.example).`);
}
