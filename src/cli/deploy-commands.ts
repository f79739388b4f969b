import { parseArgs } from 'node:util';
import { REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import { ConfigError, loadConfig } from '../discord/config.ts';
import { loadCommands } from '../discord/load-commands.ts';

/**
 * `npm run deploy-commands [-- --guild] [-- --dry-run]`: registers the commands in `commands/` with
 * Discord by bulk overwrite, so commands removed from the folder disappear from Discord too.
 * Global commands can take up to an hour to show everywhere; `--guild` registers them on
 * DISCORD_GUILD_ID only, instantly, for development. `--dry-run` prints the payload and sends nothing.
 */

const USAGE = 'Usage: npm run deploy-commands -- [--guild] [--dry-run]';

function fail(line: string, code = 1): never {
  process.stderr.write(`${line}\n`);
  process.exit(code);
}

let flags: { guild: boolean; dryRun: boolean };
try {
  const { values } = parseArgs({
    options: { guild: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  });
  flags = { guild: values.guild, dryRun: values['dry-run'] };
} catch (err) {
  fail(`${(err as Error).message}. ${USAGE}`, 2);
}

let commands;
try {
  commands = await loadCommands();
} catch (err) {
  fail((err as Error).message);
}
const body = commands.payload;

if (flags.dryRun) {
  // Only the payload goes to stdout, so it can be piped into jq or diffed.
  process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  process.exit(0);
}

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
if (flags.guild && !config.guildId) {
  fail('--guild needs DISCORD_GUILD_ID: set it in the environment or in .env (every key is described in .env.example).');
}

const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
const route =
  flags.guild && config.guildId
    ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
    : Routes.applicationCommands(config.applicationId);

// Contexts and install types exist only for global commands; Discord refuses them on guild commands
// (a guild command works in that guild only, for whoever can see it).
const scoped = flags.guild ? body.map(({ contexts: _contexts, integration_types: _types, ...command }) => command) : body;

try {
  const registered = (await rest.put(route, { body: scoped })) as RESTPutAPIApplicationCommandsResult;
  const where = flags.guild ? `to server ${config.guildId}` : 'globally (may take up to an hour to appear everywhere)';
  process.stdout.write(
    `Registered ${registered.length} commands ${where}: ${registered.map((c) => (c.type === 1 ? `/${c.name}` : c.name)).join(', ')}\n`,
  );
  process.exit(0);
} catch (err) {
  fail(`Registering commands failed: ${(err as Error).message}`);
}
