import type { AutocompleteInteraction, Channel, Interaction, Message } from 'discord.js';
import type { Engine } from '../engine/types.ts';
import { messages, UserError } from '../errors.ts';
import type { KnowledgeBase } from '../knowledge/schema.ts';
import {
  Ignored,
  type AnsweredEvent,
  type BotHooks,
  type CommandContext,
  type CommandRegistry,
  type Invocation,
  type KnowledgeHandle,
} from './command.ts';
import { handleButton } from './components.ts';
import type { PublicConfig } from './config.ts';
import { decodeButton } from './custom-ids.ts';
import type { Logger } from './logger.ts';
import { offersFeedback } from './moderation/answers.ts';
import type { Moderation } from './moderation/index.ts';
import { notices } from './notices.ts';
import { fitChoices, renderAnswer, renderNotice } from './render.ts';
import { replyTo, replyToMessage } from './respond.ts';

/**
 * Routes everything users do to the code that answers it, through the guards, with one catch site
 * (`guarded`) deciding what the user is told when something fails.
 */

export interface Knowledge {
  kb: KnowledgeBase;
  engine: Engine;
}

export interface DispatcherOptions {
  registry: CommandRegistry;
  /** The fact base and engine to answer from right now. */
  knowledge: () => Knowledge;
  knowledgeHandle: KnowledgeHandle;
  config: PublicConfig;
  logger: Logger;
  hooks: BotHooks;
  /** What /help says is stored about users. */
  storagePolicy: string;
  /** Handed to commands as `ctx.moderation`; its guards and listeners come in through `hooks`. */
  moderation: Moderation | null;
  /** The bot's own user id once logged in, to recognise mentions of it. */
  selfId: () => string | undefined;
}

export interface Dispatcher {
  /** Never rejects: every failure is reported to the user (where possible) and logged. */
  interaction(interaction: Interaction): Promise<void>;
  /** Never rejects. Answers direct messages and mentions; ignores everything else. */
  message(message: Message): Promise<void>;
}

/** Where a failure is reported: the user who acted, by whatever means the surface allows. */
interface FailureTarget {
  tell(text: string): Promise<void>;
}

/** The channel a thread belongs to; null for anything that is not a thread (or is not cached). */
function parentOfThread(channel: Channel | null): string | null {
  return channel?.isThread() ? channel.parentId : null;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { registry, hooks, logger } = options;
  const guards = hooks.guards ?? [];
  const listeners = hooks.onAnswer ?? [];

  function notify(event: AnsweredEvent, log: () => Logger): void {
    for (const listener of listeners) {
      try {
        const pending = listener(event);
        if (pending instanceof Promise) pending.catch((err: unknown) => log().error({ err }, 'answer listener failed'));
      } catch (err) {
        log().error({ err }, 'answer listener failed');
      }
    }
  }

  function contextFor(invocation: Invocation): CommandContext {
    const { kb, engine } = options.knowledge();
    // Most invocations log nothing (below warn, nothing is written): the child logger, which copies
    // its bindings, is made the first time something is logged.
    let child: Logger | undefined;
    const log = () => (child ??= logger.child({ command: invocation.name, invocationId: invocation.id }));
    return {
      kb,
      engine,
      config: options.config,
      get logger() {
        return log();
      },
      invocation,
      commands: registry,
      knowledge: options.knowledgeHandle,
      storagePolicy: options.storagePolicy,
      moderation: options.moderation,
      ask(question) {
        const result = engine.ask(question);
        notify({ invocation, question, result }, log);
        return result;
      },
    };
  }

  /**
   * The one catch site. A `UserError` is told to the user as it is; `Ignored` is dropped; anything
   * else is logged with the command and invocation id and the user gets the generic apology.
   * Failing to tell the user is logged too, and nothing escapes.
   */
  async function guarded(ctx: CommandContext, target: FailureTarget, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof Ignored) {
        ctx.logger.debug({ reason: error.reason }, 'ignored');
        return;
      }
      const expected = error instanceof UserError;
      if (expected) {
        ctx.logger.debug({ category: error.category, reason: error.message }, 'refused with a user error');
      } else {
        ctx.logger.error(
          { err: error, command: ctx.invocation.name, invocationId: ctx.invocation.id },
          'invocation failed',
        );
      }
      try {
        await target.tell(expected ? error.message : messages.generic);
      } catch (reportError) {
        ctx.logger.error({ err: reportError }, 'could not tell the user about a failure');
      }
    }
  }

  async function runGuards(ctx: CommandContext): Promise<void> {
    for (const guard of guards) await guard(ctx.invocation, ctx);
  }

  function invocationOf(interaction: Interaction, kind: Invocation['kind'], name: string): Invocation {
    return {
      kind,
      name,
      id: interaction.id,
      userId: interaction.user.id,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      threadParentId: parentOfThread(interaction.channel),
    };
  }

  async function autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const ctx = contextFor(invocationOf(interaction, 'autocomplete', interaction.commandName));
    // An autocomplete request cannot show an error; an empty list is the honest answer.
    const target: FailureTarget = {
      tell: async () => {
        if (!interaction.responded) await interaction.respond([]);
      },
    };
    await guarded(ctx, target, async () => {
      const command = registry.slash.get(interaction.commandName);
      const choices = command?.autocomplete ? await command.autocomplete(interaction, ctx) : [];
      await interaction.respond(fitChoices(choices));
    });
  }

  async function interaction(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) return autocomplete(interaction);
    if (!interaction.isRepliable()) return;

    let invocation: Invocation;
    let run: (ctx: CommandContext) => Promise<void>;
    if (interaction.isChatInputCommand()) {
      invocation = invocationOf(interaction, 'slash', interaction.commandName);
      const command = registry.slash.get(interaction.commandName);
      run = async (ctx) => {
        if (!command) throw new UserError(notices.commandGone, 'not-found');
        await command.execute(interaction, ctx);
      };
    } else if (interaction.isMessageContextMenuCommand()) {
      invocation = invocationOf(interaction, 'context-menu', interaction.commandName);
      const command = registry.message.get(interaction.commandName);
      run = async (ctx) => {
        if (!command) throw new UserError(notices.commandGone, 'not-found');
        await command.execute(interaction, ctx);
      };
    } else if (interaction.isButton()) {
      const action = decodeButton(interaction.customId);
      invocation = invocationOf(interaction, 'button', `button:${action?.kind ?? 'unknown'}`);
      run = async (ctx) => {
        if (!action) throw new UserError(notices.buttonExpired, 'not-found');
        await handleButton(interaction, action, ctx);
      };
    } else {
      // Select menus, modals and user context menus: the bot registers none, so there is nothing to do.
      return;
    }

    const ctx = contextFor(invocation);
    const target: FailureTarget = {
      tell: (text) => replyTo(interaction, renderNotice(text), { ephemeral: true }),
    };
    await guarded(ctx, target, async () => {
      await runGuards(ctx);
      await run(ctx);
    });
  }

  async function message(message: Message): Promise<void> {
    const self = options.selfId();
    if (!self || message.author.bot || message.author.id === self || message.system || message.webhookId) return;

    let question: string;
    let kind: Invocation['kind'];
    if (!message.inGuild()) {
      kind = 'direct-message';
      question = message.content;
    } else if (message.mentions.users.has(self)) {
      kind = 'mention';
      question = message.content.replace(new RegExp(`<@!?${self}>`, 'gu'), ' ');
    } else {
      return;
    }

    const ctx = contextFor({
      kind,
      name: 'ask',
      id: message.id,
      userId: message.author.id,
      guildId: message.guildId,
      channelId: message.channelId,
      threadParentId: parentOfThread(message.channel),
    });
    const target: FailureTarget = { tell: (text) => replyToMessage(message, renderNotice(text)) };
    await guarded(ctx, target, async () => {
      await runGuards(ctx);
      // As for /ask: the engine reads the message as written; the renderer cleans what it shows.
      const result = ctx.ask(question);
      await replyToMessage(message, renderAnswer(ctx.kb, result, { question: { text: question }, feedback: offersFeedback(ctx) }));
    });
  }

  return { interaction, message };
}
