import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult } from 'discord.js';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';

/**
 * `npm run start:sharded`: one process per shard, each running `main.ts`, supervised by discord.js's
 * ShardingManager. Discord requires sharding from 2,500 servers; the shard count is the one Discord
 * recommends for this bot, asked through DISCORD_API_URL when it is set.
 */

const SHUTDOWN_GRACE_MS = 5000;
const SHARD_SCRIPT = fileURLToPath(new URL('./main.ts', import.meta.url));

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
const logger = createLogger({ level: config.logLevel, token: config.token });

/**
 * ShardingManager's own 'auto' asks the public API directly, ignoring DISCORD_API_URL, so the count is
 * fetched here with the same REST settings as the bot.
 */
async function recommendedShards({ token, apiUrl }: Config): Promise<number> {
  const rest = new REST(apiUrl ? { api: apiUrl } : {}).setToken(token);
  const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return gateway.shards;
}

const manager = new ShardingManager(SHARD_SCRIPT, {
  token: config.token,
  totalShards: await recommendedShards(config).catch((err: unknown) => {
    process.stderr.write(`Cannot ask Discord for the shard count: ${(err as Error).message} Check DISCORD_TOKEN and DISCORD_API_URL.\n`);
    process.exit(1);
  }),
  // The shards run the TypeScript entry point directly, as `npm start` does. tsx is resolved from
  // here, not from the working directory, so the bot can be started from anywhere.
  execArgv: ['--import', import.meta.resolve('tsx')],
  respawn: true,
});

manager.on('shardCreate', (shard) => {
  logger.info({ shardId: shard.id, totalShards: manager.totalShards }, 'shard launched');
  shard.on('death', () => logger.warn({ shardId: shard.id }, 'shard process exited; respawning'));
});

function shutdown(signal: NodeJS.Signals): void {
  logger.info({ signal }, 'stopping shards');
  setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
  const children = [...manager.shards.values()].flatMap((shard) => (shard.process ? [shard.process] : []));
  Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))))
    .then(() => process.exit(0))
    .catch(() => process.exit(1));
  // kill() sends SIGTERM, which each shard answers by logging out, and stops the manager respawning it.
  for (const shard of manager.shards.values()) shard.kill();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

await manager.spawn({ timeout: 60_000 });
logger.info({ totalShards: manager.totalShards }, 'all shards ready');
