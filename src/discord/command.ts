import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type ApplicationCommandOptionChoiceData,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
  type RESTPostAPIApplicationCommandsJSONBody,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import { z } from 'zod';
import type { Engine, AnswerResult } from '../engine/types.ts';
import type { KnowledgeBase } from '../knowledge/schema.ts';
import type { PublicConfig } from './config.ts';
import type { Logger } from './logger.ts';
import type { Moderation } from './moderation/index.ts';

/**
 * The command framework: what a command module is, what it is given, and the hooks every invocation
 * passes through. A module in `commands/` default-exports a `SlashCommand` or a `MessageCommand`;
 * `loadCommands` validates each one with `commandModuleSchema` and refuses to start on a bad one.
 */

/** Where the bot's commands work: servers, DMs with the bot, and group DMs / other users' DMs. */
export const EVERYWHERE = [
  InteractionContextType.Guild,
  InteractionContextType.BotDM,
  InteractionContextType.PrivateChannel,
] as const;

/** Installable to a server and to a user's account (a user install works wherever that user is). */
export const ANY_INSTALL = [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall] as const;

/** One thing a user did that the bot acts on: a command, a button, or a message to the bot. */
export interface Invocation {
  kind: 'slash' | 'autocomplete' | 'context-menu' | 'button' | 'direct-message' | 'mention';
  /** The command name; `button:<action>` for buttons; `ask` for direct messages and mentions. */
  name: string;
  /** The interaction or message id, for logs. */
  id: string;
  userId: string;
  guildId: string | null;
  channelId: string | null;
  /** When `channelId` is a thread, the channel it belongs to (settings are per channel, not per thread). */
  threadParentId: string | null;
}

/** Swaps the fact base the bot answers from, e.g. after the files in `knowledge/` were edited. */
export interface KnowledgeHandle {
  replace(kb: KnowledgeBase): void;
}

export interface CommandContext {
  /** The fact base and engine current when the invocation began; a reload mid-way does not mix them. */
  readonly kb: KnowledgeBase;
  readonly engine: Engine;
  readonly config: PublicConfig;
  /** A child logger that already carries the invocation's name and id. */
  readonly logger: Logger;
  readonly invocation: Invocation;
  readonly commands: CommandRegistry;
  readonly knowledge: KnowledgeHandle;
  /** What /help tells users is stored about them. */
  readonly storagePolicy: string;
  /** Settings, insights, feedback and fact-base reloads; null when the bot runs without a database. */
  readonly moderation: Moderation | null;
  /** `engine.ask` followed by the `onAnswer` hooks. Every surface that answers a question uses this. */
  ask(question: string): AnswerResult;
}

export interface SlashCommand {
  data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /** Must reply (or defer and then edit) exactly once; throws `UserError` for a problem the user can fix. */
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  /**
   * Choices for the focused option. The dispatcher fits them to Discord's limits and answers; any
   * failure answers with no choices, since an autocomplete request has no way to show an error.
   */
  autocomplete?(
    interaction: AutocompleteInteraction,
    ctx: CommandContext,
  ): ApplicationCommandOptionChoiceData<string>[] | Promise<ApplicationCommandOptionChoiceData<string>[]>;
}

export interface MessageCommand {
  data: { readonly name: string; toJSON(): RESTPostAPIContextMenuApplicationCommandsJSONBody };
  /** One line for /help: context-menu commands have no description of their own. */
  help: string;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: CommandContext): Promise<void>;
}

export type Command = SlashCommand | MessageCommand;

/**
 * Thrown by a guard to drop an invocation without a word: for a mention in a channel where the bot
 * should stay quiet, a reply would itself be the noise. The reason is logged at debug level. Prefer
 * `UserError` for interactions: Discord shows "The application did not respond" to an interaction
 * that gets no reply.
 */
export class Ignored extends Error {
  override readonly name = 'Ignored';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * A guard runs before every command, button and conversation message (not autocomplete) and refuses
 * it by throwing `UserError` (e.g. category 'rate-limit' for a cooldown, 'permission' for a
 * moderator-only action), which the user sees (ephemerally for interactions), or `Ignored`, which
 * drops it silently. Guards run in order; the first to throw wins.
 */
export type Guard = (invocation: Invocation, ctx: CommandContext) => void | Promise<void>;

export interface AnsweredEvent {
  invocation: Invocation;
  question: string;
  result: AnswerResult;
}

/** Told about every answered question after the engine answered; failures are logged and ignored. */
export type AnswerListener = (event: AnsweredEvent) => void | Promise<void>;

export interface BotHooks {
  guards?: readonly Guard[];
  onAnswer?: readonly AnswerListener[];
}

const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';
const fn = z.custom<(...args: never[]) => unknown>(isFunction, 'must be a function');

const registrationSchema = z.object({
  type: z.union([z.literal(ApplicationCommandType.ChatInput), z.literal(ApplicationCommandType.Message)], {
    error: 'only slash commands (type 1) and message context-menu commands (type 3) are dispatched',
  }),
  name: z.string(),
  contexts: z
    .array(z.enum(InteractionContextType))
    .min(1, 'say where the command works: call setContexts(...EVERYWHERE) or a narrower list'),
  integration_types: z
    .array(z.enum(ApplicationIntegrationType))
    .min(1, 'say how it is installed: call setIntegrationTypes(...ANY_INSTALL) or a narrower list'),
  options: z.array(z.looseObject({ name: z.string(), autocomplete: z.boolean().optional() })).optional(),
});

const commandShape = z.object({
  data: z.custom<Command['data']>(
    (value) => typeof value === 'object' && value !== null && isFunction((value as { toJSON?: unknown }).toJSON),
    'must be a command builder (SlashCommandBuilder or ContextMenuCommandBuilder)',
  ),
  execute: fn,
  autocomplete: fn.optional(),
  help: z.string().trim().min(1, 'must say in one line what the command does').optional(),
}, {
  error: (issue) =>
    issue.input === undefined
      ? 'is missing: a command module must `export default { data, execute }`'
      : 'must be an object { data, execute, autocomplete? }',
});

/**
 * What `commands/*.ts` must default-export. Beyond the shape it checks what the builders cannot:
 * contexts and install types are stated, and an autocomplete handler exists exactly when an option
 * asks for autocomplete (Discord would otherwise wait 3 s for choices that never come).
 */
export const commandModuleSchema = z
  .object({ default: commandShape }, { error: 'must have a default export' })
  .transform((module, ctx) => {
    const command = module.default as Command;
    let json: RESTPostAPIApplicationCommandsJSONBody;
    try {
      json = command.data.toJSON();
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['default', 'data'], message: `is not a valid command: ${(err as Error).message}` });
      return z.NEVER;
    }
    const registration = registrationSchema.safeParse({ type: ApplicationCommandType.ChatInput, ...json });
    if (!registration.success) {
      for (const issue of registration.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['default', 'data', ...issue.path.map(String)], message: issue.message });
      }
      return z.NEVER;
    }
    const { type, options = [] } = registration.data;
    const wantsAutocomplete = options.filter((o) => o.autocomplete).map((o) => o.name);
    const hasAutocomplete = 'autocomplete' in command && command.autocomplete !== undefined;
    if (type === ApplicationCommandType.Message && !('help' in command && command.help)) {
      ctx.addIssue({ code: 'custom', path: ['default', 'help'], message: 'is required for a context-menu command (shown by /help)' });
    }
    if (type === ApplicationCommandType.Message && hasAutocomplete) {
      ctx.addIssue({ code: 'custom', path: ['default', 'autocomplete'], message: 'a context-menu command has no options to complete' });
    } else if (wantsAutocomplete.length > 0 && !hasAutocomplete) {
      ctx.addIssue({
        code: 'custom',
        path: ['default', 'autocomplete'],
        message: `is missing, but option(s) ${wantsAutocomplete.join(', ')} set autocomplete`,
      });
    } else if (wantsAutocomplete.length === 0 && hasAutocomplete) {
      ctx.addIssue({ code: 'custom', path: ['default', 'autocomplete'], message: 'is defined, but no option sets autocomplete' });
    }
    return type === ApplicationCommandType.Message
      ? { kind: 'message' as const, command: command as MessageCommand, json }
      : { kind: 'slash' as const, command: command as SlashCommand, json };
  });

export class CommandModuleError extends Error {
  override readonly name = 'CommandModuleError';
}

export interface CommandRegistry {
  readonly slash: ReadonlyMap<string, SlashCommand>;
  readonly message: ReadonlyMap<string, MessageCommand>;
  /** The bulk-overwrite payload for PUT /applications/:id/commands, in load order. */
  readonly payload: readonly RESTPostAPIApplicationCommandsJSONBody[];
}

/**
 * Validates command modules (as `import()` returns them) into a registry. `source` names each module
 * in errors. Throws `CommandModuleError` on the first bad module or a duplicate name.
 */
export function createRegistry(modules: readonly { source: string; module: unknown }[]): CommandRegistry {
  const slash = new Map<string, SlashCommand>();
  const message = new Map<string, MessageCommand>();
  const payload: RESTPostAPIApplicationCommandsJSONBody[] = [];
  for (const { source, module } of modules) {
    const parsed = commandModuleSchema.safeParse(module);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'module'} ${i.message}`).join('; ');
      throw new CommandModuleError(`Command module ${source} is invalid: ${problems}`);
    }
    const entry = parsed.data;
    const map: Map<string, Command> = entry.kind === 'slash' ? slash : message;
    if (map.has(entry.json.name)) {
      throw new CommandModuleError(`Command module ${source} registers "${entry.json.name}", which another module already registers`);
    }
    map.set(entry.json.name, entry.command);
    payload.push(entry.json);
  }
  return { slash, message, payload };
}
