import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CommandModuleError, createRegistry, type CommandRegistry } from './command.ts';

export const DEFAULT_COMMANDS_DIR = resolve(fileURLToPath(new URL('../../commands', import.meta.url)));

const MODULE_FILE = /^(?!.*\.(?:d|test)\.[cm]?[jt]s$).*\.[cm]?[jt]s$/u;

/**
 * Imports every module in `dir` (sorted, so registration order is stable) and validates it. A module
 * that fails to import or to validate throws `CommandModuleError` naming the file: the bot refuses to
 * start with a broken command rather than discover it when someone uses it.
 */
export async function loadCommands(dir: string = DEFAULT_COMMANDS_DIR): Promise<CommandRegistry> {
  const files = readdirSync(dir)
    .filter((name) => MODULE_FILE.test(name))
    .sort();
  const modules = [];
  for (const file of files) {
    const path = join(dir, file);
    const source = relative(process.cwd(), path) || file;
    try {
      modules.push({ source, module: (await import(pathToFileURL(path).href)) as unknown });
    } catch (err) {
      throw new CommandModuleError(`Command module ${source} failed to import: ${(err as Error).message}`);
    }
  }
  if (modules.length === 0) throw new CommandModuleError(`No command modules found in ${dir}`);
  return createRegistry(modules);
}
