/**
 * One user message dispatched to the bot (a DM or a mention) and what the bot posted in answer.
 * A bot message belongs to the exchange whose message it replies to (`message_reference`); a
 * message without a reference belongs to the latest exchange in its channel.
 */
import type { APIMessage } from 'discord.js';
import { Changes, FakeDiscordError } from './changes.ts';
import type { DispatchReceipt } from './gateway.ts';
import type { UploadedFile } from './http-body.ts';
import { formatViolation, type Violation } from './violations.ts';

export interface ChannelMessageRequest {
  kind: 'create' | 'edit' | 'delete';
  status: number;
  body: unknown;
  files: UploadedFile[];
  messageId?: string;
  at: number;
}

export class MessageExchange {
  /** The bot's messages in answer, as they stand now (edits applied), in creation order. */
  readonly replies: APIMessage[] = [];
  /** Every request the bot made in answer, refused ones included. */
  readonly requests: ChannelMessageRequest[] = [];
  readonly violations: Violation[] = [];
  /** Typing indicators the bot triggered in the channel while this was its latest exchange. */
  typing = 0;
  readonly #changes = new Changes();

  constructor(
    /** The message as dispatched in MESSAGE_CREATE. */
    readonly message: APIMessage,
    readonly label: string,
    readonly receipt: DispatchReceipt,
    readonly defaultTimeoutMs: number,
  ) {}

  /** The first reply, once there is one. */
  get reply(): APIMessage | undefined {
    return this.replies[0];
  }

  /** Used by the REST side. */
  record(request: Omit<ChannelMessageRequest, 'at'>): void {
    this.requests.push({ ...request, at: Date.now() });
    this.#changes.notify();
  }

  /** Used by the REST side after it added or changed a reply. */
  changed(): void {
    this.#changes.notify();
  }

  addViolation(violation: Violation): void {
    this.violations.push(violation);
    this.#changes.notify();
  }

  /** Resolves once `predicate(this)` holds; rejects at once if the message can no longer reach the bot. */
  waitFor(predicate: (exchange: MessageExchange) => boolean, timeoutMs = this.defaultTimeoutMs): Promise<this> {
    return this.#until(() => (predicate(this) ? this : undefined), timeoutMs, 'the awaited condition never held');
  }

  /** Resolves with the first reply once the bot posted one that was accepted. */
  waitForReply(timeoutMs = this.defaultTimeoutMs): Promise<APIMessage> {
    return this.#until(() => this.replies[0], timeoutMs, 'the bot never replied');
  }

  /** Resolves once the bot made any request in answer, accepted or refused. */
  waitForRequest(timeoutMs = this.defaultTimeoutMs): Promise<this> {
    return this.#until(() => (this.requests.length > 0 ? this : undefined), timeoutMs, 'the bot sent nothing');
  }

  #until<T>(probe: () => T | undefined, timeoutMs: number, failure: string): Promise<T> {
    return this.#changes.until(
      () => {
        const value = probe();
        if (value === undefined && (this.receipt.delivery === 'lost' || this.receipt.delivery === 'filtered')) {
          throw new FakeDiscordError(`${this.label}: ${failure}, and never will. ${this.summary()}`);
        }
        return value;
      },
      timeoutMs,
      () => `${this.label}: ${failure}. ${this.summary()}`,
    );
  }

  summary(): string {
    const delivery = `Gateway delivery: ${this.receipt.delivery}${this.receipt.reason ? ` (${this.receipt.reason})` : ''}.`;
    const requests =
      this.requests.length === 0 ? 'No message from the bot in answer.' : `Requests: ${this.requests.map((r) => `${r.kind} → ${r.status}`).join(', ')}.`;
    const violations = this.violations.length === 0 ? '' : ` Violations: ${this.violations.map(formatViolation).join('; ')}.`;
    return `${delivery} ${requests}${violations}`;
  }
}
