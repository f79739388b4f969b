/**
 * Application commands as Discord holds them: what the bot registered (bulk overwrite, global or per
 * guild) or what a test preloaded, checked against Discord's registration rules. Invocations are
 * built from these schemas, so a test can only send what a real Discord client could send: declared
 * options, with the declared type, within the declared choices and bounds.
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  InteractionContextType,
  PermissionFlagsBits,
} from 'discord.js';
import type {
  APIApplicationCommand,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOption,
  APIInteractionDataResolved,
  APIInteractionDataResolvedGuildMember,
  APIUser,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { FakeDiscordError } from './changes.ts';
import type { LimitIssue } from './limits.ts';
import { snowflake } from './snowflake.ts';

type Json = Record<string, unknown>;

/** Matches Discord's rule for command and option names (lower case where the script has case). */
const NAME_PATTERN = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const chars = (text: string): number => [...text].length;

export interface CommandScope {
  guildId?: string;
}

export class CommandRegistry {
  readonly global: APIApplicationCommand[] = [];
  readonly guild = new Map<string, APIApplicationCommand[]>();
  /** Ids for commands invoked without a registered schema, stable per name. */
  readonly #adHocIds = new Map<string, string>();

  constructor(readonly applicationId: string) {}

  /** Replaces the set for the scope (Discord's bulk overwrite); keeps the id of a command that keeps its name. */
  overwrite(bodies: RESTPostAPIApplicationCommandsJSONBody[], scope: CommandScope = {}): APIApplicationCommand[] {
    const previous = scope.guildId ? (this.guild.get(scope.guildId) ?? []) : this.global;
    const next = bodies.map((body): APIApplicationCommand => {
      const type = body.type ?? ApplicationCommandType.ChatInput;
      const kept = previous.find((command) => command.name === body.name && command.type === type);
      return {
        description: '',
        default_member_permissions: null,
        ...(body as Partial<APIApplicationCommand>),
        id: kept?.id ?? snowflake(),
        application_id: this.applicationId,
        type,
        name: body.name,
        version: snowflake(),
        ...(scope.guildId ? { guild_id: scope.guildId } : {}),
      } as APIApplicationCommand;
    });
    if (scope.guildId) this.guild.set(scope.guildId, next);
    else this.global.splice(0, this.global.length, ...next);
    return next;
  }

  list(scope: CommandScope = {}): APIApplicationCommand[] {
    return scope.guildId ? (this.guild.get(scope.guildId) ?? []) : this.global;
  }

  /** The schema Discord would use for an invocation in this guild (or DM): guild commands shadow global ones. */
  find(name: string, type: ApplicationCommandType, guildId: string | undefined): APIApplicationCommand | undefined {
    const match = (command: APIApplicationCommand): boolean => command.name === name && command.type === type;
    return (guildId ? this.guild.get(guildId)?.find(match) : undefined) ?? this.global.find(match);
  }

  idFor(name: string, type: ApplicationCommandType, guildId: string | undefined): string {
    const registered = this.find(name, type, guildId);
    if (registered) return registered.id;
    const key = `${type}:${name}`;
    let id = this.#adHocIds.get(key);
    if (!id) this.#adHocIds.set(key, (id = snowflake()));
    return id;
  }

  /** Whether anything was registered or preloaded; without schemas, option types are inferred from values. */
  get hasSchemas(): boolean {
    return this.global.length > 0 || this.guild.size > 0;
  }
}

/**
 * Discord's checks on a bulk overwrite body (names, descriptions, option counts and order, choices).
 * Discord answers 400 for any of them.
 */
export function checkCommandBodies(bodies: unknown, guildScoped: boolean): LimitIssue[] {
  const issues: LimitIssue[] = [];
  const add = (path: string, message: string): void => {
    issues.push({ rule: 'command-schema', path, message, rejects: true });
  };
  if (!Array.isArray(bodies)) {
    add('', 'A bulk overwrite body must be an array of commands.');
    return issues;
  }
  if (bodies.length > 100) add('', `At most 100 commands per type; got ${bodies.length}.`);
  const seen = new Set<string>();
  bodies.forEach((body: unknown, i) => {
    const path = `${i}`;
    if (!isObject(body)) return add(path, 'Each command must be an object.');
    const type = (body.type as number | undefined) ?? ApplicationCommandType.ChatInput;
    const name = body.name;
    if (typeof name !== 'string') return add(`${path}.name`, 'This field is required.');
    const chatInput = type === ApplicationCommandType.ChatInput;
    if (chatInput && (!NAME_PATTERN.test(name) || name !== name.toLowerCase())) {
      add(`${path}.name`, `"${name}" is not a valid command name: 1-32 lower-case letters, digits, - or _.`);
    }
    if (!chatInput && (chars(name) < 1 || chars(name) > 32)) add(`${path}.name`, 'A context menu name must be 1 to 32 characters.');
    const key = `${type}:${name}`;
    if (seen.has(key)) add(`${path}.name`, `Command name "${name}" is used twice.`);
    seen.add(key);
    if (chatInput) checkDescription(add, path, body.description);
    else if (body.description !== undefined && body.description !== '') add(`${path}.description`, 'Context menu commands take no description.');
    if (guildScoped && (body.contexts !== undefined || body.integration_types !== undefined)) {
      add(path, 'Guild commands cannot set contexts or integration_types.');
    }
    if (body.options !== undefined) {
      if (!chatInput) add(`${path}.options`, 'Only chat input commands take options.');
      else checkOptions(add, `${path}.options`, body.options, 0);
    }
    if (chars(JSON.stringify(body)) > 8000) add(path, 'A command may total at most 8000 characters.');
  });
  return issues;
}

function checkDescription(add: (path: string, message: string) => void, path: string, description: unknown): void {
  if (typeof description !== 'string' || chars(description) < 1 || chars(description) > 100) {
    add(`${path}.description`, 'Must be 1 to 100 characters.');
  }
}

function checkOptions(add: (path: string, message: string) => void, path: string, options: unknown, depth: number): void {
  if (!Array.isArray(options)) return add(path, 'Must be an array.');
  if (options.length > 25) add(path, `At most 25 options; got ${options.length}.`);
  let sawOptional = false;
  const names = new Set<string>();
  options.forEach((option: unknown, i) => {
    const at = `${path}.${i}`;
    if (!isObject(option)) return add(at, 'Each option must be an object.');
    const { type, name } = option;
    if (typeof name !== 'string' || !NAME_PATTERN.test(name) || name !== name.toLowerCase()) {
      add(`${at}.name`, `${JSON.stringify(name)} is not a valid option name.`);
    }
    if (typeof name === 'string') {
      if (names.has(name)) add(`${at}.name`, `Option name "${name}" is used twice.`);
      names.add(name);
    }
    checkDescription(add, at, option.description);
    const nested = type === ApplicationCommandOptionType.Subcommand || type === ApplicationCommandOptionType.SubcommandGroup;
    if (nested) {
      if (type === ApplicationCommandOptionType.SubcommandGroup && depth > 0) add(at, 'A subcommand group can only sit at the top level.');
      if (type === ApplicationCommandOptionType.Subcommand && depth > 1) add(at, 'Subcommands nest at most two levels deep.');
      if (option.options !== undefined) checkOptions(add, `${at}.options`, option.options, depth + 1);
      return;
    }
    if (option.required === true) {
      if (sawOptional) add(`${at}.required`, 'Required options must come before optional ones.');
    } else {
      sawOptional = true;
    }
    if (option.autocomplete === true && option.choices !== undefined) add(at, 'An option cannot have both choices and autocomplete.');
    if (option.choices !== undefined) {
      if (!Array.isArray(option.choices) || option.choices.length > 25) add(`${at}.choices`, 'At most 25 choices.');
      else {
        option.choices.forEach((choice: unknown, k) => {
          if (!isObject(choice) || typeof choice.name !== 'string' || chars(choice.name) < 1 || chars(choice.name) > 100) {
            add(`${at}.choices.${k}.name`, 'Must be 1 to 100 characters.');
          } else if (typeof choice.value === 'string' && chars(choice.value) > 100) {
            add(`${at}.choices.${k}.value`, 'Must be 100 or fewer characters.');
          }
        });
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Building invocations

/** A value for one option. A user option takes the APIUser (it is resolved into `data.resolved`). */
export type OptionValue = string | number | boolean | APIUser | { type: ApplicationCommandOptionType; value: string | number | boolean };

/**
 * Options as a record `{ name: value }` (types come from the registered schema, else from the value)
 * or, to bypass every check, the raw `data.options` array Discord would send.
 */
export type OptionInput = Record<string, OptionValue> | APIApplicationCommandInteractionDataOption[];

export interface BuiltOptions {
  commandName: string;
  options: APIApplicationCommandInteractionDataOption[];
  resolved?: APIInteractionDataResolved;
}

export interface InvocationTarget {
  guildId: string | undefined;
  /** Permissions of the invoking member, or undefined in a DM. */
  memberPermissions: bigint | undefined;
  /** Builds the `resolved.members` entry for a user option in a guild. */
  resolvedMember(user: APIUser): APIInteractionDataResolvedGuildMember;
}

const isUser = (value: unknown): value is APIUser => isObject(value) && typeof value.id === 'string' && typeof value.username === 'string';

function inferType(value: OptionValue): ApplicationCommandOptionType {
  if (isUser(value)) return ApplicationCommandOptionType.User;
  if (typeof value === 'string') return ApplicationCommandOptionType.String;
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  return value.type;
}

/**
 * Turns `('kb topic', { name: 'x' })` into Discord's nested `data.options`, checking it against the
 * registered schema when there is one. `focused` marks the option being typed (autocomplete): its
 * value is then the raw text typed so far, and required options may still be missing.
 */
export function buildOptions(
  registry: CommandRegistry,
  invocation: string,
  input: OptionInput,
  target: InvocationTarget,
  focused?: string,
): BuiltOptions {
  const [commandName, ...path] = invocation.trim().split(/\s+/);
  if (!commandName) throw new FakeDiscordError('slash: the command name is empty');
  if (path.length > 2) throw new FakeDiscordError(`slash: "${invocation}" nests deeper than command → group → subcommand`);
  const schema = findInvocable(registry, commandName, ApplicationCommandType.ChatInput, target);

  // Walk down the subcommand path, keeping the schema options at each level.
  let levelSchema = schema?.options;
  const chain: { type: ApplicationCommandOptionType; name: string }[] = [];
  for (const name of path) {
    const found = levelSchema?.find((option) => option.name === name);
    if (schema && (!found || (found.type !== ApplicationCommandOptionType.Subcommand && found.type !== ApplicationCommandOptionType.SubcommandGroup))) {
      throw new FakeDiscordError(`slash: /${commandName} has no subcommand (group) "${name}"`);
    }
    const type = found?.type ?? (name === path.at(-1) ? ApplicationCommandOptionType.Subcommand : ApplicationCommandOptionType.SubcommandGroup);
    chain.push({ type, name });
    levelSchema = found && 'options' in found ? (found.options as APIApplicationCommandOption[] | undefined) : undefined;
  }
  if (schema && levelSchema?.some((option) => option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup)) {
    throw new FakeDiscordError(`slash: "/${invocation}" needs a subcommand: ${levelSchema.map((option) => option.name).join(', ')}`);
  }

  const resolved: APIInteractionDataResolved = {};
  const leaf = Array.isArray(input) ? input : leafOptions(input, schema ? (levelSchema ?? []) : undefined, `/${invocation}`, target, resolved, focused);
  let options: APIApplicationCommandInteractionDataOption[] = leaf;
  for (const { type, name } of chain.reverse()) {
    options = [{ type, name, options } as APIApplicationCommandInteractionDataOption];
  }
  return { commandName, options, ...(Object.keys(resolved).length > 0 && { resolved }) };
}

/**
 * The registered command a Discord client would invoke, or undefined when nothing is registered at
 * all (then invocations are taken on trust). Throws when commands are registered but this one is
 * not, or Discord would not offer it here (DM vs guild contexts, default_member_permissions).
 */
export function findInvocable(
  registry: CommandRegistry,
  name: string,
  type: ApplicationCommandType,
  target: Pick<InvocationTarget, 'guildId' | 'memberPermissions'>,
): APIApplicationCommand | undefined {
  const schema = registry.find(name, type, target.guildId);
  if (!registry.hasSchemas) return undefined;
  if (!schema) {
    const known = [...registry.list(), ...(target.guildId ? registry.list({ guildId: target.guildId }) : [])]
      .filter((command) => command.type === type)
      .map((command) => command.name);
    throw new FakeDiscordError(
      `no ${ApplicationCommandType[type]} command "${name}" is registered${target.guildId ? '' : ' for DMs'}; registered: ${known.join(', ') || 'none'}`,
    );
  }
  checkAvailability(schema, target, name);
  return schema;
}

function checkAvailability(schema: APIApplicationCommand, target: Pick<InvocationTarget, 'guildId' | 'memberPermissions'>, name: string): void {
  const inDm = target.guildId === undefined;
  const dmAllowed = schema.contexts ? schema.contexts.includes(InteractionContextType.BotDM) : schema.dm_permission !== false;
  if (inDm && !schema.guild_id && !dmAllowed) throw new FakeDiscordError(`Discord does not offer "${name}" in DMs (its contexts exclude BotDM)`);
  if (!inDm && schema.contexts && !schema.contexts.includes(InteractionContextType.Guild)) {
    throw new FakeDiscordError(`Discord does not offer "${name}" in guilds (its contexts exclude Guild)`);
  }
  if (!inDm && schema.default_member_permissions != null && target.memberPermissions !== undefined) {
    const needed = BigInt(schema.default_member_permissions);
    const has = target.memberPermissions;
    if ((has & PermissionFlagsBits.Administrator) === 0n && (has & needed) !== needed) {
      throw new FakeDiscordError(`Discord hides "${name}" from a member without permissions ${needed} (default_member_permissions)`);
    }
  }
}

function leafOptions(
  input: Record<string, OptionValue>,
  schema: APIApplicationCommandOption[] | undefined,
  where: string,
  target: InvocationTarget,
  resolved: APIInteractionDataResolved,
  focused: string | undefined,
): APIApplicationCommandInteractionDataOption[] {
  const out: APIApplicationCommandInteractionDataOption[] = [];
  if (focused !== undefined && !(focused in input)) throw new FakeDiscordError(`autocomplete: focused option "${focused}" is not among the options given`);
  for (const [name, raw] of Object.entries(input)) {
    const declared = schema?.find((option) => option.name === name);
    if (schema && !declared) {
      throw new FakeDiscordError(`${where} has no option "${name}"; it declares: ${schema.map((option) => option.name).join(', ') || 'none'}`);
    }
    const type = declared?.type ?? inferType(raw);
    const isFocused = name === focused;
    const value = isObject(raw) && !isUser(raw) ? (raw as { value: string | number | boolean }).value : raw;
    if (isFocused) {
      if (declared && !('autocomplete' in declared && declared.autocomplete)) {
        throw new FakeDiscordError(`${where}: Discord only sends autocomplete for options declared autocomplete: true, and "${name}" is not`);
      }
      // While typing, Discord sends the raw text whatever the option's type.
      out.push({ type, name, value: String(value), focused: true } as APIApplicationCommandInteractionDataOption);
      continue;
    }
    if (declared && focused === undefined) checkValue(declared, value, `${where} option "${name}"`);
    if (type === ApplicationCommandOptionType.User) {
      if (!isUser(value)) throw new FakeDiscordError(`${where} option "${name}" is a user option: pass an APIUser (e.g. fake.user()), not ${JSON.stringify(value)}`);
      (resolved.users ??= {})[value.id] = value;
      if (target.guildId) (resolved.members ??= {})[value.id] = target.resolvedMember(value);
      out.push({ type, name, value: value.id });
      continue;
    }
    out.push({ type, name, value } as APIApplicationCommandInteractionDataOption);
  }
  if (schema && focused === undefined) {
    const missing = schema.filter((option) => 'required' in option && option.required && !(option.name in input));
    if (missing.length > 0) throw new FakeDiscordError(`${where}: Discord will not send it without required option(s) ${missing.map((option) => option.name).join(', ')}`);
  }
  return out;
}

function checkValue(declared: APIApplicationCommandOption, value: unknown, where: string): void {
  const fail = (why: string): never => {
    throw new FakeDiscordError(`${where}: ${why}, which a Discord client cannot send`);
  };
  switch (declared.type) {
    case ApplicationCommandOptionType.String:
      if (typeof value !== 'string') fail(`expects a string, got ${JSON.stringify(value)}`);
      if (declared.min_length !== undefined && chars(value as string) < declared.min_length) fail(`is shorter than min_length ${declared.min_length}`);
      if (declared.max_length !== undefined && chars(value as string) > declared.max_length) fail(`is longer than max_length ${declared.max_length}`);
      break;
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      if (typeof value !== 'number' || (declared.type === ApplicationCommandOptionType.Integer && !Number.isInteger(value))) {
        fail(`expects ${declared.type === ApplicationCommandOptionType.Integer ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`);
      }
      if (declared.min_value !== undefined && (value as number) < declared.min_value) fail(`is below min_value ${declared.min_value}`);
      if (declared.max_value !== undefined && (value as number) > declared.max_value) fail(`is above max_value ${declared.max_value}`);
      break;
    case ApplicationCommandOptionType.Boolean:
      if (typeof value !== 'boolean') fail(`expects a boolean, got ${JSON.stringify(value)}`);
      break;
    default:
      break;
  }
  if ('choices' in declared && declared.choices && !declared.choices.some((choice) => choice.value === value)) {
    fail(`${JSON.stringify(value)} is not one of the declared choices ${declared.choices.map((choice) => JSON.stringify(choice.value)).join(', ')}`);
  }
}
