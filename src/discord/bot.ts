import { Client, DefaultRestOptions, Events, GatewayIntentBits, Options, Partials, RESTEvents, type ClientOptions, type RESTOptions } from 'discord.js';
import { createEngine as defaultCreateEngine } from '../engine/index.ts';
import type { Engine } from '../engine/types.ts';
import type { KnowledgeBase } from '../knowledge/schema.ts';
import type { BotHooks, CommandRegistry } from './command.ts';
import { publicConfig, type Config } from './config.ts';
import { createDispatcher, type Knowledge } from './dispatch.ts';
import type { Logger } from './logger.ts';
import type { Moderation } from './moderation/index.ts';
import { NOTHING_STORED } from './notices.ts';
import { NO_MENTIONS } from './respond.ts';

export interface BotOptions {
  config: Config;
  kb: KnowledgeBase;
  commands: CommandRegistry;
  logger: Logger;
  /** Builds the engine for a fact base; also used when the fact base is replaced. */
  createEngine?: (kb: KnowledgeBase) => Engine;
  hooks?: BotHooks;
  /** What /help says is kept about users; a store that keeps anything must say so here. */
  storagePolicy?: string;
  /**
   * Settings, insights, feedback and reloads (`createModeration`). Its guards run before `hooks.guards`,
   * its listeners with `hooks.onAnswer`, and its storage policy is the default for `storagePolicy`.
   */
  moderation?: Moderation;
  /**
   * Merged into the discord.js client options, for tests (e.g. skipping the identify throttle).
   * `rest.api` comes from `config.apiUrl`.
   */
  clientOptions?: Partial<ClientOptions>;
}

export interface Bot {
  readonly client: Client;
  /** Logs in and resolves once the gateway session is ready. */
  start(): Promise<void>;
  /** Closes the gateway session and REST handles. Safe to call twice. */
  stop(): Promise<void>;
  /** Answers from `kb` from the next invocation on; one being answered keeps the fact base it began with. */
  replaceKnowledge(kb: KnowledgeBase): void;
}

/**
 * Intents: guilds (channel cache for mentions), guild messages (to see mentions), direct messages.
 * No MessageContent: Discord still sends the text of DMs and of messages that mention the bot.
 * Partials.Channel: a DM channel is not cached before its first message, and without the partial
 * discord.js drops that message.
 */
const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

/** A request's route as logs show it, with ids and interaction tokens taken out: `/interactions/:id/:token/callback`. */
function routeOf(url: string): string {
  const path = new URL(url).pathname.replace(/^.*?\/v\d+(?=\/)/u, '');
  return path.replace(/(\/interactions\/)[^/]+\/[^/]+/u, '$1:id/:token').replace(/\/\d{15,}(?=\/|$)/gu, '/:id');
}

/**
 * Every REST request goes through this, to log what @discordjs/rest retries on its own (429s after
 * their Retry-After, 5xx up to three times) and would otherwise do silently. It wraps the request
 * rather than listening to RESTEvents.Response because with a listener attached @discordjs/rest
 * clones every response body, success or not: under load that cost as much CPU as answering.
 */
function observedRequests(logger: Logger, send: RESTOptions['makeRequest']): RESTOptions['makeRequest'] {
  return async (url, init) => {
    const response = await send(url, init);
    if (response.status === 429) {
      logger.warn({ route: routeOf(url), retryAfter: response.headers.get('retry-after') }, 'Discord answered 429; retrying after Retry-After');
    } else if (response.status >= 500) {
      logger.warn({ route: routeOf(url), status: response.status }, 'Discord answered a server error');
    }
    return response;
  };
}

export function createBot(options: BotOptions): Bot {
  const { config, logger, commands, moderation } = options;
  const build = options.createEngine ?? defaultCreateEngine;
  let knowledge: Knowledge = { kb: options.kb, engine: build(options.kb) };

  const client = new Client({
    ...options.clientOptions,
    intents: INTENTS,
    partials: [Partials.Channel],
    // Nothing reads discord.js's message cache (a reply goes to the message in hand), and by default it
    // keeps 200 messages in every channel and DM the bot has seen: memory that grows with every new user.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    // Replies are built as Discord API JSON (APIEmbed, snake_case already), so discord.js's default pass
    // that snake-cases every key of every embed and component on the way out is work for nothing.
    jsonTransformer: (json: unknown) => json,
    // A default for anything that slips past respond.ts: never parse mentions.
    allowedMentions: NO_MENTIONS,
    rest: {
      ...options.clientOptions?.rest,
      ...(config.apiUrl ? { api: config.apiUrl } : {}),
      makeRequest: observedRequests(logger, options.clientOptions?.rest?.makeRequest ?? DefaultRestOptions.makeRequest),
    },
  });

  const replaceKnowledge = (kb: KnowledgeBase): void => {
    knowledge = { kb, engine: build(kb) };
    logger.info({ facts: kb.facts.length }, 'fact base replaced');
  };

  const dispatcher = createDispatcher({
    registry: commands,
    knowledge: () => knowledge,
    knowledgeHandle: { replace: replaceKnowledge },
    config: publicConfig(config),
    logger,
    hooks: {
      guards: [...(moderation?.guards ?? []), ...(options.hooks?.guards ?? [])],
      onAnswer: [...(moderation?.onAnswer ?? []), ...(options.hooks?.onAnswer ?? [])],
    },
    storagePolicy: options.storagePolicy ?? moderation?.storagePolicy ?? NOTHING_STORED,
    moderation: moderation ?? null,
    selfId: () => client.user?.id,
  });

  client.on(Events.InteractionCreate, (interaction) => void dispatcher.interaction(interaction));
  client.on(Events.MessageCreate, (message) => void dispatcher.message(message));
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (warning) => logger.warn({ warning }, 'discord client warning'));
  client.on(Events.ShardError, (err, shardId) => logger.error({ err, shardId }, 'gateway connection error'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ code: event.code, shardId }, 'gateway disconnected'));
  client.on(Events.ShardReconnecting, (shardId) => logger.info({ shardId }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway session resumed'));
  client.rest.on(RESTEvents.RateLimited, (info) =>
    logger.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'rate limit reached; waiting'),
  );
  let stopped = false;
  return {
    client,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(config.token);
      await ready;
      logger.info(
        { user: client.user?.tag, guilds: client.guilds.cache.size, commands: commands.payload.length },
        'logged in and ready',
      );
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await client.destroy();
      logger.info('logged out');
    },
    replaceKnowledge,
  };
}
