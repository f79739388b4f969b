/**
 * One dispatched interaction and everything the bot answered to it, in order: the callback
 * (reply, defer, update, autocomplete choices, modal), edits of @original, follow-ups. Tests await
 * its `waitFor*` methods; the REST side records into it.
 */
import { InteractionResponseType, InteractionType, MessageFlags } from 'discord.js';
import type {
  APIApplicationCommandOptionChoice,
  APIInteraction,
  APIInteractionResponse,
  APIMessage,
  RESTPatchAPIWebhookWithTokenMessageJSONBody,
  RESTPostAPIWebhookWithTokenJSONBody,
} from 'discord.js';
import { FakeDiscordError } from './changes.ts';
import { Exchange } from './exchange.ts';
import type { DispatchReceipt } from './gateway.ts';
import type { UploadedFile } from './http-body.ts';

export type InteractionResponseKind = 'callback' | 'edit' | 'followup' | 'followup-edit' | 'delete';

export interface InteractionResponse {
  kind: InteractionResponseKind;
  /** What the fake answered: 2xx accepted, 4xx refused as real Discord would (see `violations`). */
  status: number;
  /** The JSON body as the bot sent it; for a callback `{ type, data }`. */
  body: unknown;
  files: UploadedFile[];
  /** The message created, edited or deleted, when the request was accepted. */
  messageId?: string;
  at: number;
}

const RESPONSE_NAMES: Record<number, string> = {
  [InteractionResponseType.Pong]: 'PONG',
  [InteractionResponseType.ChannelMessageWithSource]: 'reply',
  [InteractionResponseType.DeferredChannelMessageWithSource]: 'defer',
  [InteractionResponseType.DeferredMessageUpdate]: 'deferUpdate',
  [InteractionResponseType.UpdateMessage]: 'update',
  [InteractionResponseType.ApplicationCommandAutocompleteResult]: 'autocomplete',
  [InteractionResponseType.Modal]: 'modal',
};

/** Which callback types Discord takes for each interaction type. */
const ALLOWED_CALLBACKS: Record<number, readonly InteractionResponseType[]> = {
  [InteractionType.ApplicationCommand]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
  ],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [InteractionResponseType.ApplicationCommandAutocompleteResult],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

const dataOf = (body: unknown): Record<string, unknown> | undefined =>
  typeof body === 'object' && body !== null && typeof (body as { data?: unknown }).data === 'object'
    ? ((body as { data: Record<string, unknown> }).data ?? undefined)
    : undefined;

export class InteractionExchange extends Exchange {
  /** Every request the bot made about this interaction, refused ones included, in arrival order. */
  readonly responses: InteractionResponse[] = [];
  /** @original as users see it now; for a component interaction it starts as the clicked message. */
  original: APIMessage | null;
  /** Follow-up messages as they stand now (edits applied), in creation order. */
  readonly followupMessages: APIMessage[] = [];
  /** The accepted callback type, once there is one. */
  acknowledged: InteractionResponseType | null = null;
  readonly createdAt = Date.now();

  constructor(
    readonly interaction: APIInteraction,
    label: string,
    receipt: DispatchReceipt,
    defaultTimeoutMs: number,
  ) {
    super(label, receipt, defaultTimeoutMs);
    this.original = interaction.type === InteractionType.MessageComponent ? interaction.message : null;
  }

  get id(): string {
    return this.interaction.id;
  }

  get token(): string {
    return this.interaction.token;
  }

  /** The first accepted callback body. */
  get callback(): APIInteractionResponse | undefined {
    return this.responses.find((response) => response.kind === 'callback' && response.status < 300)?.body as APIInteractionResponse | undefined;
  }

  /** Accepted PATCH bodies for @original, in order. */
  get edits(): RESTPatchAPIWebhookWithTokenMessageJSONBody[] {
    return this.#accepted('edit') as RESTPatchAPIWebhookWithTokenMessageJSONBody[];
  }

  /** Accepted follow-up POST bodies, in order. */
  get followups(): RESTPostAPIWebhookWithTokenJSONBody[] {
    return this.#accepted('followup') as RESTPostAPIWebhookWithTokenJSONBody[];
  }

  /** The autocomplete choices the bot answered with. */
  get choices(): APIApplicationCommandOptionChoice[] | undefined {
    const callback = this.callback;
    if (callback?.type !== InteractionResponseType.ApplicationCommandAutocompleteResult) return undefined;
    return callback.data.choices ?? [];
  }

  get ephemeral(): boolean {
    return ((this.original?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
  }

  /** @original once it shows something: after a reply or update, or after the first edit that follows a defer. */
  get reply(): APIMessage | null {
    if (this.acknowledged === null || !this.original) return null;
    if (((this.original.flags ?? 0) & MessageFlags.Loading) !== 0) return null;
    return this.original;
  }

  /** Why Discord would refuse a callback of `type` now, or null. */
  callbackProblem(type: unknown, deadlineMs: number): { status: number; code: number; message: string } | null {
    if (this.acknowledged !== null) {
      return { status: 400, code: 40060, message: 'Interaction has already been acknowledged.' };
    }
    if (Date.now() - this.createdAt > deadlineMs) {
      return { status: 404, code: 10062, message: `Unknown interaction (the ${deadlineMs} ms window to acknowledge it had closed).` };
    }
    const allowed = ALLOWED_CALLBACKS[this.interaction.type] ?? [];
    if (!allowed.includes(type as InteractionResponseType)) {
      const name = RESPONSE_NAMES[type as number] ?? `type ${JSON.stringify(type)}`;
      return {
        status: 400,
        code: 50035,
        message: `A ${name} callback is not valid for a ${InteractionType[this.interaction.type]} interaction; Discord accepts ${allowed.map((t) => RESPONSE_NAMES[t]).join(', ')}.`,
      };
    }
    return null;
  }

  /** Used by the REST side: records one request about this interaction and wakes waiters. */
  record(response: Omit<InteractionResponse, 'at'>): void {
    this.responses.push({ ...response, at: Date.now() });
    if (response.kind === 'callback' && response.status < 300) this.acknowledged = (response.body as { type: InteractionResponseType }).type;
    this.changes.notify();
  }

  /** Resolves once the bot sent a callback, accepted or not (a refused one shows in `responses` and `violations`). */
  waitForCallback(timeoutMs = this.defaultTimeoutMs): Promise<this> {
    return this.until(() => (this.responses.some((response) => response.kind === 'callback') ? this : undefined), timeoutMs, 'the bot never answered the interaction');
  }

  /**
   * Resolves with @original once it is visible (see `reply`). After a deferUpdate that is the clicked
   * message as it was; wait for `edits` instead to see the bot's change.
   */
  waitForReply(timeoutMs = this.defaultTimeoutMs): Promise<APIMessage> {
    return this.until(() => this.reply ?? undefined, timeoutMs, 'no visible reply');
  }

  /** Resolves with the n-th follow-up message (0-based) once it exists. */
  waitForFollowup(index = 0, timeoutMs = this.defaultTimeoutMs): Promise<APIMessage> {
    return this.until(() => this.followupMessages[index], timeoutMs, `no follow-up #${index}`);
  }

  protected describeRequests(): string {
    return this.responses.length === 0
      ? 'No request from the bot about it.'
      : `Requests: ${this.responses.map((r) => `${r.kind}${r.kind === 'callback' ? ` ${RESPONSE_NAMES[(r.body as { type?: number })?.type ?? -1] ?? '?'}` : ''} → ${r.status}`).join(', ')}.`;
  }

  #accepted(kind: InteractionResponseKind): unknown[] {
    return this.responses.filter((response) => response.kind === kind && response.status < 300).map((response) => response.body);
  }
}

/** The message data of a callback that carries one (reply, update), else undefined. */
export function callbackMessageData(body: unknown): Record<string, unknown> | undefined {
  const type = (body as { type?: unknown } | undefined)?.type;
  if (type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.UpdateMessage) return dataOf(body) ?? {};
  return undefined;
}

export function callbackData(body: unknown): Record<string, unknown> | undefined {
  return dataOf(body);
}

export function assertDeliverable(exchange: { receipt: DispatchReceipt; label: string }): void {
  const { receipt } = exchange;
  if (receipt.delivery === 'lost' || receipt.delivery === 'filtered') {
    throw new FakeDiscordError(`${exchange.label}: not delivered (${receipt.delivery}): ${receipt.reason ?? 'no reason recorded'}`);
  }
}
