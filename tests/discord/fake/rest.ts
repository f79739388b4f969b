/**
 * The REST half of the fake: the v10 routes a question bot uses, answering as Discord does
 * (status codes, error codes, message objects), validating every message body against Discord's
 * limits, and recording every request. A route it does not know answers 404 and lands in
 * `unknownRequests`, so a test notices when the bot starts using an API the fake does not model.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InteractionResponseType, InteractionType, MessageFlags, MessageType, ApplicationCommandType } from 'discord.js';
import type { APIAttachment, APIMessage, APIUser, RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import { Changes } from './changes.ts';
import { checkCommandBodies, type CommandRegistry } from './commands.ts';
import { makeMessage } from './entities.ts';
import { FaultPlan } from './faults.ts';
import { readBody, type RequestBody, type UploadedFile } from './http-body.ts';
import { callbackData, callbackMessageData, type InteractionExchange } from './interactions.ts';
import { checkAutocompleteData, checkMessageBody, checkNotEmpty, invalidFormBody, type LimitIssue } from './limits.ts';
import type { MessageExchange } from './messages.ts';
import { snowflake } from './snowflake.ts';
import type { Violation, ViolationRule } from './violations.ts';
import type { World } from './world.ts';

export interface RecordedRequest {
  method: string;
  /** Decoded path below `/api/v10` (`%40original` arrives as `@original`). */
  path: string;
  /** The matched route template, e.g. `PATCH /webhooks/:applicationId/:token/messages/:messageId`; `unknown` otherwise. */
  route: string;
  query: Record<string, string>;
  /** JSON body, or the `payload_json` of a multipart body. */
  body: unknown;
  files: UploadedFile[];
  status: number;
  /** True when an injected fault answered it (the fake did nothing else with it). */
  fault: boolean;
  at: number;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: RequestBody;
  request: string;
}

type Handler = (context: RouteContext) => Reply;

const MAX_FILE_BYTES = 10 * 1024 * 1024;
const API_PREFIX = '/api/v10';

const discordError = (status: number, code: number, message: string): Reply => ({ status, body: { code, message } });

/** Where the REST side finds interactions and conversations; owned by the fake's top level. */
export interface RestRegistries {
  interactionById(id: string): InteractionExchange | undefined;
  interactionByToken(token: string): InteractionExchange | undefined;
  /** The conversation a bot message in `channelId` answers: by its reference, else the channel's latest. */
  conversationFor(channelId: string, referencedId: string | undefined): MessageExchange | undefined;
  conversationOfReply(messageId: string): MessageExchange | undefined;
  linkReply(messageId: string, exchange: MessageExchange): void;
  /** Whether a user message with this id was dispatched in the channel. */
  isUserMessage(channelId: string, messageId: string): boolean;
  knownUser(id: string): APIUser | undefined;
}

export interface RestOptions {
  gatewayUrl: () => string;
  shardCount: number;
  ackDeadlineMs: number;
  rejectInvalid: boolean;
  historyLimit: number;
}

export class RestApi {
  readonly requests: RecordedRequest[] = [];
  readonly unknownRequests: RecordedRequest[] = [];
  readonly violations: Violation[] = [];
  readonly faults = new FaultPlan();
  readonly changes = new Changes();
  /** Every message the bot created and still exists, by id, as it stands now. */
  readonly botMessages = new Map<string, APIMessage>();
  readonly #routes: { method: string; segments: string[]; template: string; handler: Handler }[] = [];

  constructor(
    readonly world: World,
    readonly commands: CommandRegistry,
    readonly registries: RestRegistries,
    readonly options: RestOptions,
  ) {
    this.#defineRoutes();
  }

  /** Records a violation found outside a request (a missed acknowledgement deadline). */
  addViolation(violation: Violation, exchange?: { addViolation(violation: Violation): void }): void {
    this.violations.push(violation);
    exchange?.addViolation(violation);
    this.changes.notify();
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake.invalid');
    const method = (request.method ?? 'GET').toUpperCase();
    const body = await readBody(request);
    const rawPath = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) || '/' : null;
    const segments = (rawPath ?? url.pathname).split('/').filter(Boolean).map(safeDecode);
    const path = rawPath === null ? url.pathname : `/${segments.join('/')}`;
    const match = rawPath === null ? undefined : this.#match(method, segments);
    const route = match ? `${method} ${match.template}` : 'unknown';
    const label = `${method} ${path}`;

    let reply: Reply;
    let fault = false;
    const injected = this.faults.take({ method, path, route });
    if (injected) {
      reply = injected;
      fault = true;
    } else if (!match) {
      reply = discordError(404, 0, rawPath === null ? `404: Not Found (the fake serves ${API_PREFIX} only)` : '404: Not Found');
    } else if (body.error) {
      this.#violate('bad-body', body.error, label);
      reply = discordError(400, 50109, `The request body contains invalid JSON. (${body.error})`);
    } else if (!match.template.startsWith('/interactions/') && !match.template.startsWith('/webhooks/') && !/^Bot \S+/.test(request.headers.authorization ?? '')) {
      this.#violate('unauthorized', `${route} needs an "Authorization: Bot <token>" header`, label);
      reply = discordError(401, 0, '401: Unauthorized');
    } else {
      reply = match.handler({ params: match.params, query: url.searchParams, body, request: label });
    }

    const entry: RecordedRequest = {
      method,
      path,
      route,
      query: Object.fromEntries(url.searchParams),
      body: body.json,
      files: body.files,
      status: reply.status,
      fault,
      at: Date.now(),
    };
    this.requests.push(entry);
    if (this.requests.length > this.options.historyLimit) this.requests.shift();
    if (route === 'unknown' && !fault) this.unknownRequests.push(entry);
    this.changes.notify();

    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body !== undefined) headers['content-type'] = 'application/json';
    response.writeHead(reply.status, headers);
    response.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  #match(method: string, segments: string[]): { template: string; params: Record<string, string>; handler: Handler } | undefined {
    for (const route of this.#routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const fits = route.segments.every((part, i) => {
        if (part.startsWith(':')) {
          params[part.slice(1)] = segments[i]!;
          return true;
        }
        return part === segments[i];
      });
      if (fits) return { template: route.template, params, handler: route.handler };
    }
    return undefined;
  }

  #on(method: string, template: string, handler: Handler): void {
    this.#routes.push({ method, segments: template.split('/').filter(Boolean), template, handler });
  }

  #violate(rule: ViolationRule, detail: string, request: string, exchange?: { id?: string; addViolation(v: Violation): void }): void {
    const violation: Violation = { rule, detail, request, at: Date.now(), ...(exchange?.id && { interactionId: exchange.id }) };
    this.addViolation(violation, exchange);
  }

  /** Records every issue; answers 400 Invalid Form Body when one of them is a reason for Discord to refuse. */
  #judge(issues: LimitIssue[], request: string, exchange?: { id?: string; addViolation(v: Violation): void }, prefix = ''): Reply | null {
    for (const issue of issues) {
      const where = [prefix, issue.path].filter(Boolean).join('.');
      this.#violate(issue.rule, `${where ? `${where}: ` : ''}${issue.message}`, request, exchange);
    }
    const refusing = issues.filter((issue) => issue.rejects);
    if (refusing.length > 0 && this.options.rejectInvalid) return { status: 400, body: invalidFormBody(refusing, prefix) };
    return null;
  }

  #remember(message: APIMessage): APIMessage {
    this.botMessages.set(message.id, message);
    if (this.botMessages.size > this.options.historyLimit) this.botMessages.delete(this.botMessages.keys().next().value!);
    return message;
  }

  #defineRoutes(): void {
    const { world } = this;

    this.#on('GET', '/gateway/bot', () => ({
      status: 200,
      body: {
        url: this.options.gatewayUrl(),
        shards: this.options.shardCount,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      },
    }));
    this.#on('GET', '/gateway', () => ({ status: 200, body: { url: this.options.gatewayUrl() } }));
    this.#on('GET', '/users/@me', () => ({ status: 200, body: world.botUser }));
    this.#on('GET', '/applications/@me', () => ({ status: 200, body: this.#application() }));
    this.#on('POST', '/users/@me/channels', ({ body, request }) => {
      const recipientId = (body.json as { recipient_id?: unknown } | undefined)?.recipient_id;
      const user = typeof recipientId === 'string' ? this.registries.knownUser(recipientId) : undefined;
      if (!user) {
        this.#violate('unknown-target', `opened a DM with unknown user ${JSON.stringify(recipientId)}`, request);
        return discordError(404, 10013, 'Unknown User');
      }
      return { status: 200, body: world.openDm(user) };
    });
    this.#on('GET', '/channels/:channelId', ({ params, request }) => {
      const channel = world.guildChannel(params.channelId!)?.channel ?? world.dmChannel(params.channelId!);
      if (!channel) {
        this.#violate('unknown-target', `channel ${params.channelId} does not exist`, request);
        return discordError(404, 10003, 'Unknown Channel');
      }
      return { status: 200, body: channel };
    });

    this.#on('POST', '/interactions/:interactionId/:token/callback', (context) => this.#callback(context));

    this.#on('GET', '/webhooks/:applicationId/:token/messages/:messageId', (context) => this.#webhookMessage(context, 'get'));
    this.#on('PATCH', '/webhooks/:applicationId/:token/messages/:messageId', (context) => this.#webhookMessage(context, 'edit'));
    this.#on('DELETE', '/webhooks/:applicationId/:token/messages/:messageId', (context) => this.#webhookMessage(context, 'delete'));
    this.#on('POST', '/webhooks/:applicationId/:token', (context) => this.#followup(context));

    this.#on('POST', '/channels/:channelId/messages', (context) => this.#createChannelMessage(context));
    this.#on('PATCH', '/channels/:channelId/messages/:messageId', (context) => this.#changeChannelMessage(context, 'edit'));
    this.#on('DELETE', '/channels/:channelId/messages/:messageId', (context) => this.#changeChannelMessage(context, 'delete'));
    this.#on('POST', '/channels/:channelId/typing', ({ params, request }) => {
      if (!this.#channelExists(params.channelId!)) {
        this.#violate('unknown-target', `typing in unknown channel ${params.channelId}`, request);
        return discordError(404, 10003, 'Unknown Channel');
      }
      const exchange = this.registries.conversationFor(params.channelId!, undefined);
      if (exchange) {
        exchange.typing += 1;
        exchange.changed();
      }
      return { status: 204 };
    });

    this.#on('GET', '/applications/:applicationId/commands', (context) => this.#commands(context, 'get'));
    this.#on('PUT', '/applications/:applicationId/commands', (context) => this.#commands(context, 'put'));
    this.#on('GET', '/applications/:applicationId/guilds/:guildId/commands', (context) => this.#commands(context, 'get'));
    this.#on('PUT', '/applications/:applicationId/guilds/:guildId/commands', (context) => this.#commands(context, 'put'));
  }

  #application(): Record<string, unknown> {
    const { botUser, applicationId } = this.world;
    return {
      id: applicationId,
      name: botUser.username,
      icon: null,
      description: '',
      summary: '',
      bot_public: false,
      bot_require_code_grant: false,
      bot: botUser,
      verify_key: '0'.repeat(64),
      flags: 0,
      team: null,
      owner: this.world.user,
    };
  }

  #channelExists(id: string): boolean {
    return Boolean(this.world.guildChannel(id) ?? this.world.dmChannel(id));
  }

  #attachments(files: UploadedFile[], declared: unknown): APIAttachment[] {
    const descriptions = Array.isArray(declared) ? (declared as { id?: unknown; description?: string }[]) : [];
    return files.map((file, i) => {
      const id = snowflake();
      const described = descriptions.find((attachment) => String(attachment.id) === String(i));
      return {
        id,
        filename: file.name,
        size: file.size,
        url: `https://cdn.fake-discord.invalid/attachments/${id}/${encodeURIComponent(file.name)}`,
        proxy_url: `https://media.fake-discord.invalid/attachments/${id}/${encodeURIComponent(file.name)}`,
        content_type: file.contentType,
        ...(described?.description && { description: described.description }),
      };
    });
  }

  #fileProblem(files: UploadedFile[], request: string, exchange?: InteractionExchange | MessageExchange): Reply | null {
    const big = files.find((file) => file.size > MAX_FILE_BYTES);
    if (!big) return null;
    this.#violate('file-limit', `file ${big.name} is ${big.size} bytes; the limit is ${MAX_FILE_BYTES}`, request, exchange);
    return discordError(413, 40005, 'Request entity too large');
  }

  /** A new bot message from a create body (interaction reply, follow-up or channel message). */
  #newMessage(
    body: Record<string, unknown>,
    files: UploadedFile[],
    where: { channelId: string; exchange?: InteractionExchange; reference?: APIMessage['message_reference']; flags?: number },
  ): APIMessage {
    const { exchange } = where;
    const interaction = exchange?.interaction;
    const commandType = interaction?.type === InteractionType.ApplicationCommand ? interaction.data.type : undefined;
    return makeMessage({
      channelId: where.channelId,
      author: this.world.botUser,
      content: typeof body.content === 'string' ? body.content : '',
      embeds: (body.embeds as APIMessage['embeds'] | undefined) ?? [],
      components: (body.components as APIMessage['components'] | undefined) ?? [],
      flags: where.flags ?? ((body.flags as number | undefined) ?? 0),
      attachments: this.#attachments(files, body.attachments),
      ...(where.reference && { reference: where.reference }),
      ...(interaction && {
        webhookId: this.world.applicationId,
        applicationId: this.world.applicationId,
        type:
          commandType === ApplicationCommandType.ChatInput
            ? MessageType.ChatInputCommand
            : commandType !== undefined
              ? MessageType.ContextMenuCommand
              : MessageType.Reply,
        interactionMetadata: {
          id: interaction.id,
          type: interaction.type,
          user: (interaction.member?.user ?? interaction.user)!,
          authorizing_integration_owners: interaction.authorizing_integration_owners,
        } as APIMessage['interaction_metadata'],
      }),
    });
  }

  /**
   * A PATCH of a message the bot sent (an interaction reply or a channel message): the edit checked
   * against Discord's limits and applied, or the refusal Discord would answer with.
   */
  #edit(
    current: APIMessage,
    body: RequestBody,
    request: string,
    exchange: InteractionExchange | MessageExchange | undefined,
  ): { next: APIMessage } | { refused: Reply } {
    const tooBig = this.#fileProblem(body.files, request, exchange);
    if (tooBig) return { refused: tooBig };
    const edit = (body.json ?? {}) as Record<string, unknown>;
    const next = this.#edited(current, edit, body.files);
    const refused = this.#judge([...checkMessageBody(edit, body.files.length), ...checkNotEmpty(next)], request, exchange);
    if (refused) return { refused };
    this.#remember(next);
    return { next };
  }

  /** Applies an edit body to a message, as Discord does: given fields replace, others stay. */
  #edited(message: APIMessage, body: Record<string, unknown>, files: UploadedFile[]): APIMessage {
    const next: APIMessage = { ...message, edited_timestamp: new Date().toISOString() };
    if ('content' in body) next.content = typeof body.content === 'string' ? body.content : '';
    if ('embeds' in body) next.embeds = (body.embeds as APIMessage['embeds'] | null) ?? [];
    if ('components' in body) next.components = (body.components as APIMessage['components'] | null) ?? [];
    // An edit ends the "thinking…" state of a deferred reply; ephemerality was fixed at creation.
    const fixedAtCreation = MessageFlags.Ephemeral | MessageFlags.Loading;
    const requested = typeof body.flags === 'number' ? body.flags : (message.flags ?? 0);
    next.flags = (requested & ~fixedAtCreation) | ((message.flags ?? 0) & MessageFlags.Ephemeral);
    const kept = Array.isArray(body.attachments)
      ? message.attachments.filter((attachment) => (body.attachments as { id?: unknown }[]).some((declared) => String(declared.id) === attachment.id))
      : message.attachments;
    next.attachments = [...kept, ...this.#attachments(files, body.attachments)];
    return next;
  }

  #exchangeFor(applicationId: string, token: string, request: string): InteractionExchange | Reply {
    const exchange = applicationId === this.world.applicationId ? this.registries.interactionByToken(token) : undefined;
    if (!exchange) {
      const why = applicationId === this.world.applicationId ? 'no interaction has this token' : `application id ${applicationId} is not the bot's (${this.world.applicationId})`;
      this.#violate('unknown-target', `webhook for an unknown interaction: ${why}`, request);
      return discordError(404, 10015, 'Unknown Webhook');
    }
    return exchange;
  }

  #callback({ params, query, body, request }: RouteContext): Reply {
    const exchange = this.registries.interactionById(params.interactionId!);
    if (!exchange || exchange.token !== params.token) {
      this.#violate('unknown-target', `callback for unknown interaction ${params.interactionId} (or a token that is not its own)`, request);
      return discordError(404, 10062, 'Unknown interaction');
    }
    const payload = body.json as { type?: unknown; data?: unknown } | undefined;
    const type = payload?.type;
    const record = (reply: Reply, messageId?: string): Reply => {
      exchange.record({ kind: 'callback', status: reply.status, body: payload, files: body.files, ...(messageId && { messageId }) });
      return reply;
    };

    const problem = exchange.callbackProblem(type, this.options.ackDeadlineMs);
    if (problem) {
      this.#violate(problem.code === 10062 ? 'ack-deadline' : 'interaction-protocol', problem.message, request, exchange);
      return record(discordError(problem.status, problem.code, problem.message));
    }
    const tooBig = this.#fileProblem(body.files, request, exchange);
    if (tooBig) return record(tooBig);

    const data = callbackData(payload) ?? {};
    const messageData = callbackMessageData(payload);
    let issues: LimitIssue[] = [];
    if (messageData) issues = checkMessageBody(messageData, body.files.length);
    if (type === InteractionResponseType.ChannelMessageWithSource) {
      issues.push(...checkNotEmpty({ ...data, attachments: body.files.length > 0 ? body.files : data.attachments }));
    }
    if (type === InteractionResponseType.UpdateMessage && exchange.original) {
      issues.push(...checkNotEmpty(this.#edited(exchange.original, data, body.files)));
    }
    if (type === InteractionResponseType.ApplicationCommandAutocompleteResult) {
      issues = checkAutocompleteData(data).map((issue) => ({ ...issue, path: issue.path.replace(/^data\.?/, '') }));
    }
    if (type === InteractionResponseType.Modal) issues = checkModal(data);
    const refused = this.#judge(issues, request, exchange, 'data');
    if (refused) return record(refused);

    const channelId = exchange.interaction.channel?.id ?? exchange.interaction.channel_id ?? '';
    let created: APIMessage | undefined;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource:
        created = this.#remember(this.#newMessage(data, body.files, { channelId, exchange }));
        exchange.original = created;
        break;
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const ephemeral = ((data.flags as number | undefined) ?? 0) & MessageFlags.Ephemeral;
        created = this.#remember(this.#newMessage({}, [], { channelId, exchange, flags: MessageFlags.Loading | ephemeral }));
        exchange.original = created;
        break;
      }
      case InteractionResponseType.UpdateMessage:
        if (exchange.original) exchange.original = this.#remember(this.#edited(exchange.original, data, body.files));
        break;
      default:
        break;
    }
    const reply = record(
      query.get('with_response') === 'true'
        ? {
            status: 200,
            body: {
              interaction: {
                id: exchange.id,
                type: exchange.interaction.type,
                response_message_id: exchange.original?.id,
                response_message_loading: type === InteractionResponseType.DeferredChannelMessageWithSource,
                response_message_ephemeral: exchange.ephemeral,
              },
              resource: {
                type,
                ...(exchange.original && (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.UpdateMessage) && { message: exchange.original }),
              },
            },
          }
        : { status: 204 },
      exchange.original?.id,
    );
    exchange.changed();
    return reply;
  }

  #webhookMessage({ params, body, request }: RouteContext, action: 'get' | 'edit' | 'delete'): Reply {
    const found = this.#exchangeFor(params.applicationId!, params.token!, request);
    if (!('interaction' in found)) return found;
    const exchange = found;
    const kind = params.messageId === '@original' || params.messageId === exchange.original?.id ? 'original' : 'followup';
    const record = (reply: Reply, messageId?: string): Reply => {
      if (action !== 'get') {
        exchange.record({ kind: action === 'delete' ? 'delete' : kind === 'original' ? 'edit' : 'followup-edit', status: reply.status, body: body.json, files: body.files, ...(messageId && { messageId }) });
      }
      return reply;
    };
    if (exchange.acknowledged === null) {
      this.#violate('interaction-protocol', `${action} of ${params.messageId} before the interaction was acknowledged`, request, exchange);
      return record(discordError(404, 10008, 'Unknown Message'));
    }
    const followupIndex = exchange.followupMessages.findIndex((message) => message.id === params.messageId);
    const current = kind === 'original' ? exchange.original : exchange.followupMessages[followupIndex];
    if (!current) {
      this.#violate('unknown-target', `${action} of message ${params.messageId}, which this interaction did not create (or was deleted)`, request, exchange);
      return record(discordError(404, 10008, 'Unknown Message'));
    }
    if (action === 'get') return { status: 200, body: current };
    if (action === 'delete') {
      this.botMessages.delete(current.id);
      if (kind === 'original') exchange.original = null;
      else exchange.followupMessages.splice(followupIndex, 1);
      const reply = record({ status: 204 }, current.id);
      exchange.changed();
      return reply;
    }
    const edit = this.#edit(current, body, request, exchange);
    if ('refused' in edit) return record(edit.refused);
    const { next } = edit;
    if (kind === 'original') exchange.original = next;
    else exchange.followupMessages[followupIndex] = next;
    const reply = record({ status: 200, body: next }, next.id);
    exchange.changed();
    return reply;
  }

  #followup({ params, query, body, request }: RouteContext): Reply {
    const found = this.#exchangeFor(params.applicationId!, params.token!, request);
    if (!('interaction' in found)) return found;
    const exchange = found;
    const record = (reply: Reply, messageId?: string): Reply => {
      exchange.record({ kind: 'followup', status: reply.status, body: body.json, files: body.files, ...(messageId && { messageId }) });
      return reply;
    };
    if (exchange.acknowledged === null) {
      this.#violate('interaction-protocol', 'follow-up sent before the interaction was acknowledged', request, exchange);
      return record(discordError(404, 10015, 'Unknown Webhook'));
    }
    const tooBig = this.#fileProblem(body.files, request, exchange);
    if (tooBig) return record(tooBig);
    const data = (body.json ?? {}) as Record<string, unknown>;
    const refused = this.#judge(
      [...checkMessageBody(data, body.files.length), ...checkNotEmpty({ ...data, attachments: body.files.length > 0 ? body.files : data.attachments })],
      request,
      exchange,
    );
    if (refused) return record(refused);
    const channelId = exchange.interaction.channel?.id ?? exchange.interaction.channel_id ?? '';
    const message = this.#remember(this.#newMessage(data, body.files, { channelId, exchange }));
    exchange.followupMessages.push(message);
    const reply = record(query.get('wait') === 'false' ? { status: 204 } : { status: 200, body: message }, message.id);
    exchange.changed();
    return reply;
  }

  #createChannelMessage({ params, body, request }: RouteContext): Reply {
    const channelId = params.channelId!;
    const data = (body.json ?? {}) as Record<string, unknown>;
    const reference = data.message_reference as { message_id?: string; fail_if_not_exists?: boolean } | undefined;
    const exchange = this.registries.conversationFor(channelId, reference?.message_id);
    const record = (reply: Reply, messageId?: string): Reply => {
      exchange?.record({ kind: 'create', status: reply.status, body: body.json, files: body.files, ...(messageId && { messageId }) });
      return reply;
    };
    if (!this.#channelExists(channelId)) {
      this.#violate('unknown-target', `message to unknown channel ${channelId}`, request, exchange);
      return record(discordError(404, 10003, 'Unknown Channel'));
    }
    const tooBig = this.#fileProblem(body.files, request, exchange);
    if (tooBig) return record(tooBig);
    if (reference?.message_id !== undefined) {
      const known = this.registries.isUserMessage(channelId, reference.message_id) || this.botMessages.get(reference.message_id)?.channel_id === channelId;
      if (!known && reference.fail_if_not_exists !== false) {
        this.#violate('unknown-target', `reply to message ${reference.message_id}, which does not exist in channel ${channelId}`, request, exchange);
        return record({ status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: { message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }] } } } });
      }
    }
    const refused = this.#judge(
      [...checkMessageBody(data, body.files.length), ...checkNotEmpty({ ...data, attachments: body.files.length > 0 ? body.files : data.attachments })],
      request,
      exchange,
    );
    if (refused) return record(refused);
    const message = this.#remember(
      this.#newMessage(data, body.files, {
        channelId,
        ...(reference?.message_id !== undefined && {
          reference: { type: 0, message_id: reference.message_id, channel_id: channelId, ...(this.world.guildChannel(channelId) && { guild_id: this.world.guildChannel(channelId)!.guild.id }) },
        }),
      }),
    );
    const reply = record({ status: 200, body: message }, message.id);
    if (exchange) {
      exchange.replies.push(message);
      this.registries.linkReply(message.id, exchange);
      exchange.changed();
    }
    return reply;
  }

  #changeChannelMessage({ params, body, request }: RouteContext, action: 'edit' | 'delete'): Reply {
    const { channelId, messageId } = params as { channelId: string; messageId: string };
    const exchange = this.registries.conversationOfReply(messageId);
    const record = (reply: Reply): Reply => {
      exchange?.record({ kind: action, status: reply.status, body: body.json, files: body.files, messageId });
      return reply;
    };
    const current = this.botMessages.get(messageId);
    if (!current || current.channel_id !== channelId) {
      if (this.registries.isUserMessage(channelId, messageId)) {
        if (action === 'edit') {
          this.#violate('interaction-protocol', `edit of message ${messageId}, which a user wrote`, request, exchange);
          return record(discordError(403, 50005, 'Cannot edit a message authored by another user'));
        }
        this.#violate('unknown-target', `delete of user message ${messageId}: the bot has no Manage Messages permission in the fake`, request, exchange);
        return record(discordError(403, 50013, 'Missing Permissions'));
      }
      this.#violate('unknown-target', `${action} of message ${messageId}, which does not exist in channel ${channelId}`, request, exchange);
      return record(discordError(404, 10008, 'Unknown Message'));
    }
    const index = exchange?.replies.findIndex((reply) => reply.id === messageId) ?? -1;
    if (action === 'delete') {
      this.botMessages.delete(messageId);
      if (exchange && index >= 0) exchange.replies.splice(index, 1);
      const reply = record({ status: 204 });
      exchange?.changed();
      return reply;
    }
    const edit = this.#edit(current, body, request, exchange);
    if ('refused' in edit) return record(edit.refused);
    const { next } = edit;
    if (exchange && index >= 0) exchange.replies[index] = next;
    const reply = record({ status: 200, body: next });
    exchange?.changed();
    return reply;
  }

  #commands({ params, body, request }: RouteContext, action: 'get' | 'put'): Reply {
    if (params.applicationId !== this.world.applicationId) {
      this.#violate('unknown-target', `commands of application ${params.applicationId}, which is not the bot's (${this.world.applicationId})`, request);
      return discordError(404, 10002, 'Unknown Application');
    }
    const guildId = params.guildId;
    if (guildId !== undefined && !this.world.guild(guildId)) {
      this.#violate('unknown-target', `commands of guild ${guildId}, which the bot is not in`, request);
      return discordError(404, 10004, 'Unknown Guild');
    }
    const scope = guildId === undefined ? {} : { guildId };
    if (action === 'get') return { status: 200, body: this.commands.list(scope) };
    const refused = this.#judge(checkCommandBodies(body.json, guildId !== undefined), request);
    if (refused) return refused;
    return { status: 200, body: this.commands.overwrite(body.json as RESTPostAPIApplicationCommandsJSONBody[], scope) };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function checkModal(data: Record<string, unknown>): LimitIssue[] {
  const issues: LimitIssue[] = [];
  const add = (path: string, message: string): void => {
    issues.push({ rule: 'component-limit', path, message, rejects: true });
  };
  if (typeof data.custom_id !== 'string' || [...data.custom_id].length < 1 || [...data.custom_id].length > 100) add('custom_id', 'Must be 1 to 100 characters.');
  if (typeof data.title !== 'string' || [...data.title].length < 1 || [...data.title].length > 45) add('title', 'Must be 1 to 45 characters.');
  if (!Array.isArray(data.components) || data.components.length < 1 || data.components.length > 5) add('components', 'A modal holds 1 to 5 components.');
  return issues;
}
