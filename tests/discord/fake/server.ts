/**
 * `startFakeDiscord`: one HTTP server on 127.0.0.1 that serves the REST API under /api/v10 and
 * upgrades any other connection to the gateway, plus the helpers tests use to act as Discord users.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  InteractionContextType,
  InteractionType,
  Locale,
} from 'discord.js';
import type {
  APIBaseInteraction,
  APIChannel,
  APIInteraction,
  APIMessage,
  APIUser,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { Changes, FakeDiscordError } from './changes.ts';
import { buildOptions, CommandRegistry, findInvocable, type OptionInput, type OptionValue } from './commands.ts';
import { BOT_PERMISSIONS, MEMBER_PERMISSIONS, makeGuildMember, makeInteractionMember, makeMessage, makeUser, type FakeGuild } from './entities.ts';
import type { Fault, FaultSpec, RouteMatcher } from './faults.ts';
import { FakeGateway, shardOf, type DispatchReceipt, type GatewayLogEntry, type GatewayLogKind } from './gateway.ts';
import { assertDeliverable, InteractionExchange } from './interactions.ts';
import { MessageExchange } from './messages.ts';
import { RestApi, type RecordedRequest } from './rest.ts';
import { snowflake } from './snowflake.ts';
import type { Violation } from './violations.ts';
import { World } from './world.ts';

export interface FakeDiscordOptions {
  /** HELLO's heartbeat_interval. Default 1000 ms (Discord's is ~41 s; short keeps heartbeats exercised). */
  heartbeatIntervalMs?: number;
  /** Shards GET /gateway/bot recommends (and IDENTIFY must use at least). Default 1. */
  shards?: number;
  /** Guilds the bot is in. Default 1. */
  guilds?: number;
  /** The bot user's username. Default `factdesk`. */
  botUsername?: string;
  /** Global commands registered before the bot connects, as a deploy script would have. */
  commands?: RESTPostAPIApplicationCommandsJSONBody[];
  /** Default timeout of every wait helper. Default 5000 ms. */
  timeoutMs?: number;
  /** Discord's window to acknowledge an interaction. Default 3000 ms; later callbacks get 404 10062. */
  ackDeadlineMs?: number;
  /** Answer 400 (as Discord does) to bodies over Discord's limits. Default true; they are recorded either way. */
  rejectInvalid?: boolean;
  /** How many requests, interactions and messages to remember (soak runs must not grow without bound). Default 10 000. */
  historyLimit?: number;
  /** Events each gateway session keeps for RESUME. Default 5000. */
  gatewayBufferLimit?: number;
}

/** Who invokes, and where. Every field is optional: by default the fake's `user`, in the first guild's first channel. */
export interface InvocationContext {
  user?: APIUser;
  /** Invoke in the DM between the user and the bot instead of a guild channel. */
  dm?: boolean;
  guildId?: string;
  channelId?: string;
  /** The member's permissions (guild only). Default: an ordinary member's. */
  permissions?: bigint | string;
  /** Role ids on the member (guild only). */
  roles?: string[];
  /** The bot's permissions in the channel (`app_permissions`). */
  appPermissions?: bigint | string;
  locale?: Locale;
  /** Overrides the fake's default timeout for the returned promise. */
  timeoutMs?: number;
  /** false: resolve as soon as the event is dispatched instead of when the bot answers. Default true. */
  awaitResponse?: boolean;
}

export interface AutocompleteContext extends InvocationContext {
  /** The option being typed; may be omitted when exactly one option is given. */
  focused?: string;
}

export interface ButtonContext extends InvocationContext {
  /** The message carrying the button. Default: the newest bot message that has a component with this custom_id. */
  message?: APIMessage;
}

export interface MessageContext {
  user?: APIUser;
  /** For `mention`: where. Default the first guild's first channel. */
  guildId?: string;
  channelId?: string;
  timeoutMs?: number;
  /** false: resolve right after dispatch. Default true (resolve with the first accepted reply). */
  awaitResponse?: boolean;
}

/** A message to target with a message context command; the fake completes it. */
export interface MessageSketch {
  content: string;
  author?: APIUser;
  channelId?: string;
}

export interface FakeMark {
  readonly unknownRequests: number;
  readonly violations: number;
}

export interface GatewayDrop {
  sessionId: string;
  /** Resolves with the next READY or RESUMED on the shard after the drop. */
  reconnected(timeoutMs?: number): Promise<GatewayLogEntry>;
}

export interface FakeDiscord {
  /** For discord.js `rest: { api }` and `new REST({ api })`, e.g. `http://127.0.0.1:PORT/api`. */
  readonly apiUrl: string;
  /** What GET /gateway/bot returns, `ws://127.0.0.1:PORT`. */
  readonly gatewayUrl: string;
  /** A token to log in with (any non-empty string works). */
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  /** The default human user: author of every invocation unless the context names another. */
  readonly user: APIUser;
  /** The first guild and its first text channel, the default place of invocations. */
  readonly guildId: string;
  readonly channelId: string;
  readonly guilds: readonly FakeGuild[];
  /** Every REST request (most recent `historyLimit`). */
  readonly requests: readonly RecordedRequest[];
  /** Requests no route matched; answered 404. A clean test leaves this empty. */
  readonly unknownRequests: readonly RecordedRequest[];
  /** What the bot did that Discord refuses, or this project forbids. A clean test leaves this empty. */
  readonly violations: readonly Violation[];
  readonly gatewayLog: readonly GatewayLogEntry[];
  /** Registered application commands (global and per guild). */
  readonly commands: CommandRegistry;
  /** The bot's messages that exist now, by id. */
  readonly botMessages: ReadonlyMap<string, APIMessage>;
  /** Faults set with failNext that still have requests to fail. */
  readonly pendingFaults: readonly Fault[];

  /** A position in the records, for `assertClean(fake, mark)` to judge only what came after (one fake shared by a suite). */
  mark(): FakeMark;
  /** Forgets faults that have not been triggered yet. */
  clearFaults(): void;

  snowflake(at?: Date | number): string;
  /** A new human user the fake knows (so the bot may open a DM with it). */
  createUser(overrides?: Partial<APIUser>): APIUser;

  /** `/name` or `/name sub` or `/name group sub` with its options; resolves once the bot answered the interaction. */
  slash(invocation: string, options?: OptionInput, context?: InvocationContext): Promise<InteractionExchange>;
  /** Autocomplete while typing `focused`; resolves once the bot answered (see `exchange.choices`). */
  autocomplete(invocation: string, options: Record<string, OptionValue>, context?: AutocompleteContext): Promise<InteractionExchange>;
  /** Clicks a button; resolves once the bot answered the interaction. */
  button(customId: string, context?: ButtonContext): Promise<InteractionExchange>;
  /** Runs a message context menu command on `target`; resolves once the bot answered. */
  messageContext(name: string, target: APIMessage | MessageSketch, context?: InvocationContext): Promise<InteractionExchange>;
  /** Dispatches any interaction payload as is; returns at once. */
  dispatchInteraction(payload: APIInteraction, label?: string, timeoutMs?: number): InteractionExchange;
  /** A DM from `user` to the bot; resolves with the exchange once the bot replied. */
  dm(content: string, context?: MessageContext): Promise<MessageExchange>;
  /** `<@bot> content` in a guild channel; resolves with the exchange once the bot replied. */
  mention(content: string, context?: MessageContext): Promise<MessageExchange>;
  /** Sends any gateway event to the shard's session (buffered while its socket is down). */
  dispatch(event: string, data: unknown, shard?: number): DispatchReceipt;

  /** The first request, past or future, that satisfies `predicate`. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** The first gateway log entry from index `since` (default: the current end of the log) of this kind or satisfying the predicate. */
  waitForGateway(match: GatewayLogKind | ((entry: GatewayLogEntry) => boolean), options?: { since?: number; timeoutMs?: number }): Promise<GatewayLogEntry>;
  /** Whether a client holds an open, authenticated gateway socket for the shard. */
  isConnected(shard?: number): boolean;

  /** Breaks the shard's connection: abrupt TCP destroy (1006, the client resumes) by default, or a close frame with `code`. */
  dropGateway(options?: { code?: number; shard?: number }): Promise<GatewayDrop>;
  /** Sends op 7 RECONNECT; the client resumes. */
  requestReconnect(options?: { shard?: number }): GatewayDrop;
  /** Sends op 9 INVALID_SESSION; `resumable: false` (default) makes the client identify anew. */
  invalidateSession(options?: { resumable?: boolean; shard?: number }): GatewayDrop;
  /** The next matching REST requests fail as specified, e.g. `failNext('POST /channels/:id/messages', { status: 429, retryAfter: 0.2 })`. */
  failNext(matcher: RouteMatcher, spec: FaultSpec): Fault;

  close(): Promise<void>;
}

type Config = Required<Omit<FakeDiscordOptions, 'commands'>> & Pick<FakeDiscordOptions, 'commands'>;

const DEFAULTS: Config = {
  heartbeatIntervalMs: 1000,
  shards: 1,
  guilds: 1,
  botUsername: 'factdesk',
  timeoutMs: 5000,
  ackDeadlineMs: 3000,
  rejectInvalid: true,
  historyLimit: 10_000,
  gatewayBufferLimit: 5000,
};

const quote = (value: unknown): string => {
  const text = typeof value === 'object' && value !== null && 'username' in value ? `@${(value as APIUser).username}` : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
};

const bits = (value: bigint | string | undefined, fallback: bigint): bigint => (value === undefined ? fallback : BigInt(value));

/** Sets a key in an insertion-ordered map, forgetting the oldest entries beyond `limit`. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.set(key, value);
  while (map.size > limit) map.delete(map.keys().next().value as K);
}

function findComponent(components: unknown, customId: string): { disabled?: boolean; type?: number } | undefined {
  if (!Array.isArray(components)) return undefined;
  for (const component of components as { custom_id?: string; components?: unknown; accessory?: unknown; type?: number; disabled?: boolean }[]) {
    if (component.custom_id === customId) return component;
    const nested = findComponent(component.components, customId) ?? findComponent(component.accessory ? [component.accessory] : undefined, customId);
    if (nested) return nested;
  }
  return undefined;
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const config: Config = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) };
  const world = new World(config.botUsername, config.guilds, config.shards);
  const commands = new CommandRegistry(world.applicationId);
  if (config.commands) commands.overwrite(config.commands);

  const users = new Map<string, APIUser>([
    [world.user.id, world.user],
    [world.botUser.id, world.botUser],
  ]);
  const interactionsById = new Map<string, InteractionExchange>();
  const interactionsByToken = new Map<string, InteractionExchange>();
  const conversationsByMessage = new Map<string, MessageExchange>();
  const latestConversation = new Map<string, MessageExchange>();
  const conversationsByReply = new Map<string, MessageExchange>();
  /** User-authored messages the fake made up (dispatched or used as context-menu targets): id → channel. */
  const userMessages = new Map<string, string>();
  const deadlines = new Set<NodeJS.Timeout>();
  /** Which exchange waits on a dispatched event, so it can fail at once when the event is lost. */
  const waitingOn = new WeakMap<DispatchReceipt, { changed(): void }>();
  const limit = config.historyLimit;

  const gateway = new FakeGateway(
    { botUser: world.botUser, applicationId: world.applicationId, guildsFor: (shard, count) => world.guildsFor(shard, count) },
    { heartbeatIntervalMs: config.heartbeatIntervalMs, shardCount: config.shards, bufferLimit: config.gatewayBufferLimit },
  );
  gateway.onLost = (receipt) => waitingOn.get(receipt)?.changed();
  const rest = new RestApi(
    world,
    commands,
    {
      interactionById: (id) => interactionsById.get(id),
      interactionByToken: (token) => interactionsByToken.get(token),
      conversationFor: (channelId, referencedId) =>
        (referencedId !== undefined ? (conversationsByMessage.get(referencedId) ?? conversationsByReply.get(referencedId)) : undefined) ??
        latestConversation.get(channelId),
      conversationOfReply: (messageId) => conversationsByReply.get(messageId),
      linkReply: (messageId, exchange) => remember(conversationsByReply, messageId, exchange, limit),
      isUserMessage: (channelId, messageId) => userMessages.get(messageId) === channelId,
      knownUser: (id) => users.get(id),
    },
    {
      gatewayUrl: () => gateway.url,
      shardCount: config.shards,
      ackDeadlineMs: config.ackDeadlineMs,
      rejectInvalid: config.rejectInvalid,
      historyLimit: limit,
    },
  );

  const server = createServer((request, response) => {
    rest.handle(request, response).catch((error: unknown) => {
      // A bug in the fake must fail loudly, not hang the client's request.
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 0, message: `fake Discord crashed: ${(error as Error).stack ?? String(error)}` }));
    });
  });
  server.on('upgrade', (request, socket, head) => gateway.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  gateway.url = `ws://127.0.0.1:${port}`;

  const know = (user: APIUser): APIUser => {
    if (!users.has(user.id)) users.set(user.id, user);
    return user;
  };

  /** Where an invocation happens: a guild text channel or the user's DM with the bot. */
  const placeOf = (context: InvocationContext, user: APIUser) => {
    const dm = context.dm === true || (context.channelId !== undefined && world.dmChannel(context.channelId) !== undefined);
    if (dm) {
      const channel = context.channelId ? world.dmChannel(context.channelId)! : world.openDm(user);
      return { dm: true as const, channel, guild: undefined };
    }
    const guild = context.guildId ? world.guild(context.guildId) : context.channelId ? world.guildChannel(context.channelId)?.guild : world.guilds[0];
    if (!guild) throw new FakeDiscordError(`no guild ${context.guildId ?? `with channel ${context.channelId}`} in the fake; use fake.guildId / fake.channelId`);
    const channel = context.channelId ? guild.channels.find((candidate) => candidate.id === context.channelId) : guild.channels[0];
    if (!channel) throw new FakeDiscordError(`channel ${context.channelId} is not in guild ${guild.id}`);
    return { dm: false as const, channel, guild };
  };

  const baseInteraction = <T extends InteractionType, D>(type: T, data: D, context: InvocationContext): APIBaseInteraction<T, D> & { guild_id?: string } => {
    const user = know(context.user ?? world.user);
    const place = placeOf(context, user);
    const locale = context.locale ?? Locale.EnglishUS;
    const common = {
      id: snowflake(),
      application_id: world.applicationId,
      type,
      data,
      token: `fake-${randomBytes(24).toString('base64url')}`,
      version: 1 as const,
      locale,
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
      channel_id: place.channel.id,
      app_permissions: bits(context.appPermissions, BOT_PERMISSIONS).toString(),
    };
    if (place.dm) {
      return {
        ...common,
        user,
        channel: { id: place.channel.id, type: ChannelType.DM, recipients: [user] } as APIChannel,
        context: InteractionContextType.BotDM,
        authorizing_integration_owners: { 0: '0' },
      } as APIBaseInteraction<T, D>;
    }
    const member = makeInteractionMember(user, bits(context.permissions, MEMBER_PERMISSIONS), place.guild.joinedAt);
    member.roles = context.roles ?? [];
    return {
      ...common,
      guild_id: place.guild.id,
      guild: { id: place.guild.id, locale: Locale.EnglishUS, features: [] },
      guild_locale: Locale.EnglishUS,
      member,
      channel: place.channel,
      context: InteractionContextType.Guild,
      authorizing_integration_owners: { 0: place.guild.id },
    } as APIBaseInteraction<T, D>;
  };

  const dispatchInteraction = (payload: APIInteraction, label = `interaction ${payload.id}`, timeoutMs = config.timeoutMs): InteractionExchange => {
    const guildId = 'guild_id' in payload ? payload.guild_id : undefined;
    const receipt = gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload, guildId ? shardOf(guildId, config.shards) : 0);
    const exchange = new InteractionExchange(payload, label, receipt, timeoutMs);
    waitingOn.set(receipt, exchange);
    remember(interactionsById, payload.id, exchange, limit);
    remember(interactionsByToken, payload.token, exchange, limit);
    if (receipt.delivery !== 'lost' && receipt.delivery !== 'filtered') {
      const timer = setTimeout(() => {
        deadlines.delete(timer);
        // A lost event is the test's doing (or the fake's), not the bot's.
        if (exchange.responses.some((response) => response.kind === 'callback') || receipt.delivery === 'lost') return;
        rest.addViolation(
          {
            rule: 'ack-deadline',
            detail: `${label} was not acknowledged within ${config.ackDeadlineMs} ms; users see "The application did not respond"`,
            request: 'gateway',
            interactionId: exchange.id,
            at: Date.now(),
          },
          exchange,
        );
      }, config.ackDeadlineMs);
      timer.unref();
      deadlines.add(timer);
    }
    return exchange;
  };

  const settle = async (exchange: InteractionExchange, context: InvocationContext): Promise<InteractionExchange> => {
    assertDeliverable(exchange);
    if (context.awaitResponse === false) return exchange;
    return exchange.waitForCallback(context.timeoutMs ?? config.timeoutMs);
  };

  const target = (context: InvocationContext) => {
    const user = context.user ?? world.user;
    const place = placeOf(context, user);
    return {
      guildId: place.guild?.id,
      memberPermissions: place.dm ? undefined : bits(context.permissions, MEMBER_PERMISSIONS),
      resolvedMember: (resolvedUser: APIUser) => {
        const { user: _omitted, deaf: _deaf, mute: _mute, ...member } = makeGuildMember(resolvedUser, place.guild?.joinedAt ?? new Date().toISOString());
        return { ...member, permissions: MEMBER_PERMISSIONS.toString() };
      },
    };
  };

  const dispatchMessage = (message: APIMessage & { guild_id?: string }, label: string, intent: { bit: number; name: string }, context: MessageContext) => {
    const shard = message.guild_id ? shardOf(message.guild_id, config.shards) : 0;
    remember(userMessages, message.id, message.channel_id, limit);
    const receipt = gateway.dispatch(GatewayDispatchEvents.MessageCreate, message, shard, intent);
    const exchange = new MessageExchange(message, label, receipt, context.timeoutMs ?? config.timeoutMs);
    waitingOn.set(receipt, exchange);
    remember(conversationsByMessage, message.id, exchange, limit);
    latestConversation.set(message.channel_id, exchange);
    assertDeliverable(exchange);
    if (context.awaitResponse === false) return Promise.resolve(exchange);
    return exchange.waitForReply().then(() => exchange);
  };

  const gatewayWait = (match: GatewayLogKind | ((entry: GatewayLogEntry) => boolean), since: number, timeoutMs: number, what: string) => {
    const test = typeof match === 'function' ? match : (entry: GatewayLogEntry) => entry.kind === match;
    return gateway.changes.until(
      () => gateway.log.slice(since).find(test),
      timeoutMs,
      () => `${what}; gateway log since then: ${gateway.log.slice(since).map((entry) => entry.kind + (entry.code ? ` ${entry.code}` : '')).join(', ') || 'nothing'}`,
    );
  };

  const dropOf = (sessionId: string, shard: number, since: number): GatewayDrop => ({
    sessionId,
    reconnected: (timeoutMs = config.timeoutMs) =>
      gatewayWait((entry) => entry.shard === shard && (entry.kind === 'resumed' || entry.kind === 'ready'), since, timeoutMs, `shard ${shard} never reconnected`),
  });

  const guild = world.guilds[0]!;
  const requestChanges: Changes = rest.changes;

  const fake: FakeDiscord = {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl: gateway.url,
    token: 'fake-bot-token',
    applicationId: world.applicationId,
    botUser: world.botUser,
    user: world.user,
    guildId: guild.id,
    channelId: guild.channels[0]!.id,
    guilds: world.guilds,
    requests: rest.requests,
    unknownRequests: rest.unknownRequests,
    violations: rest.violations,
    gatewayLog: gateway.log,
    commands,
    botMessages: rest.botMessages,
    get pendingFaults() {
      return rest.faults.pending;
    },

    mark: () => ({ unknownRequests: rest.unknownRequests.length, violations: rest.violations.length }),
    clearFaults: () => rest.faults.clear(),

    snowflake,
    createUser: (overrides) => know(makeUser(overrides)),

    slash(invocation, options = {}, context = {}) {
      try {
        const built = buildOptions(commands, invocation.replace(/^\//, ''), options, target(context));
        const commandId = commands.idFor(built.commandName, ApplicationCommandType.ChatInput, target(context).guildId);
        const payload = baseInteraction(
          InteractionType.ApplicationCommand,
          {
            id: commandId,
            name: built.commandName,
            type: ApplicationCommandType.ChatInput,
            options: built.options,
            ...(built.resolved && { resolved: built.resolved }),
            ...(commands.find(built.commandName, ApplicationCommandType.ChatInput, target(context).guildId)?.guild_id && { guild_id: target(context).guildId }),
          },
          context,
        ) as APIInteraction;
        const shown = Array.isArray(options) ? '' : Object.entries(options).map(([name, value]) => ` ${name}:${quote(value)}`).join('');
        return settle(dispatchInteraction(payload, `/${invocation.replace(/^\//, '')}${shown}`, context.timeoutMs), context);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    autocomplete(invocation, options, context = {}) {
      try {
        const names = Object.keys(options);
        const focused = context.focused ?? (names.length === 1 ? names[0] : undefined);
        if (focused === undefined) {
          throw new FakeDiscordError(`autocomplete /${invocation}: say which option is being typed ({ focused: 'name' }); options given: ${names.join(', ') || 'none'}`);
        }
        const built = buildOptions(commands, invocation.replace(/^\//, ''), options, target(context), focused);
        const payload = baseInteraction(
          InteractionType.ApplicationCommandAutocomplete,
          {
            id: commands.idFor(built.commandName, ApplicationCommandType.ChatInput, target(context).guildId),
            name: built.commandName,
            type: ApplicationCommandType.ChatInput,
            options: built.options,
          },
          context,
        ) as APIInteraction;
        return settle(dispatchInteraction(payload, `autocomplete /${invocation} ${focused}:${quote(options[focused])}`, context.timeoutMs), context);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    button(customId, context = {}) {
      try {
        const message = context.message ?? [...rest.botMessages.values()].reverse().find((candidate) => findComponent(candidate.components, customId));
        if (!message) throw new FakeDiscordError(`button ${customId}: no bot message has a component with this custom_id`);
        const component = findComponent(message.components, customId);
        if (!component) throw new FakeDiscordError(`button ${customId}: message ${message.id} has no component with this custom_id`);
        if (component.type !== ComponentType.Button) throw new FakeDiscordError(`button ${customId}: the component is of type ${component.type}, not a button`);
        if (component.disabled) throw new FakeDiscordError(`button ${customId}: the button is disabled, so nobody can click it`);
        const payload = baseInteraction(
          InteractionType.MessageComponent,
          { custom_id: customId, component_type: ComponentType.Button },
          { channelId: message.channel_id, ...context },
        ) as APIInteraction & { message?: APIMessage };
        payload.message = message;
        return settle(dispatchInteraction(payload as APIInteraction, `button ${customId}`, context.timeoutMs), context);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    messageContext(name, targetMessage, context = {}) {
      try {
        const schema = findInvocable(commands, name, ApplicationCommandType.Message, target(context));
        const message =
          'id' in targetMessage
            ? targetMessage
            : makeMessage({
                channelId: targetMessage.channelId ?? placeOf(context, context.user ?? world.user).channel.id,
                author: know(targetMessage.author ?? world.user),
                content: targetMessage.content,
              });
        if (!world.guildChannel(message.channel_id) && !world.dmChannel(message.channel_id)) {
          throw new FakeDiscordError(`messageContext "${name}": target message ${message.id} is in unknown channel ${message.channel_id}`);
        }
        if (!rest.botMessages.has(message.id)) remember(userMessages, message.id, message.channel_id, limit);
        const payload = baseInteraction(
          InteractionType.ApplicationCommand,
          {
            id: schema?.id ?? commands.idFor(name, ApplicationCommandType.Message, target(context).guildId),
            name,
            type: ApplicationCommandType.Message,
            target_id: message.id,
            resolved: { messages: { [message.id]: message } },
          },
          { ...context, channelId: message.channel_id },
        ) as APIInteraction;
        return settle(dispatchInteraction(payload, `message command "${name}" on ${quote(message.content)}`, context.timeoutMs), context);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    dispatchInteraction,

    dm(content, context = {}) {
      try {
        const user = know(context.user ?? world.user);
        const channel = world.openDm(user);
        const message = { ...makeMessage({ channelId: channel.id, author: user, content }), channel_type: ChannelType.DM };
        return dispatchMessage(message, `DM ${quote(content)}`, { bit: GatewayIntentBits.DirectMessages, name: 'DirectMessages' }, context);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    mention(content, context = {}) {
      try {
        const user = know(context.user ?? world.user);
        const place = placeOf({ ...(context.guildId && { guildId: context.guildId }), ...(context.channelId && { channelId: context.channelId }) }, user);
        if (place.dm) throw new FakeDiscordError('mention: the channel is a DM; use fake.dm() for direct messages');
        const tag = `<@${world.botUser.id}>`;
        const text = content.includes(tag) ? content : `${tag} ${content}`;
        const { user: _user, ...member } = makeGuildMember(user, place.guild.joinedAt);
        const botMember = (({ user: _bot, ...rest }) => rest)(makeGuildMember(world.botUser, place.guild.joinedAt));
        const message = {
          ...makeMessage({ channelId: place.channel.id, author: user, content: text, mentions: [{ ...world.botUser, member: botMember } as APIUser] }),
          guild_id: place.guild.id,
          member,
          channel_type: ChannelType.GuildText,
        };
        return dispatchMessage(message, `mention ${quote(text)}`, { bit: GatewayIntentBits.GuildMessages, name: 'GuildMessages' }, context);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    dispatch: (event, data, shard = 0) => gateway.dispatch(event, data, shard),

    waitForRequest(predicate, timeoutMs = config.timeoutMs) {
      return requestChanges.until(
        () => rest.requests.find(predicate),
        timeoutMs,
        () => `no REST request matched; last requests: ${rest.requests.slice(-8).map((request) => `${request.method} ${request.path} → ${request.status}`).join(', ') || 'none'}`,
      );
    },

    waitForGateway(match, { since = gateway.log.length, timeoutMs = config.timeoutMs } = {}) {
      return gatewayWait(match, since, timeoutMs, `no gateway event ${typeof match === 'string' ? `"${match}"` : 'matched'}`);
    },

    isConnected: (shard = 0) => gateway.isConnected(shard),

    async dropGateway({ code, shard = 0 } = {}) {
      const since = gateway.log.length;
      const sessionId = code === undefined ? gateway.terminate(shard) : gateway.closeWith(code, shard);
      return dropOf(sessionId, shard, since);
    },

    requestReconnect({ shard = 0 } = {}) {
      const since = gateway.log.length;
      return dropOf(gateway.requestReconnect(shard), shard, since);
    },

    invalidateSession({ resumable = false, shard = 0 } = {}) {
      const since = gateway.log.length;
      return dropOf(gateway.invalidateSession(resumable, shard), shard, since);
    },

    failNext: (matcher, spec) => rest.faults.add(matcher, spec),

    async close() {
      for (const timer of deadlines) clearTimeout(timer);
      deadlines.clear();
      rest.changes.close('the fake Discord was closed');
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
