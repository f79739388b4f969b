/**
 * One user message dispatched to the bot (a DM or a mention) and what the bot posted in answer.
 * A bot message belongs to the exchange whose message it replies to (`message_reference`); a
 * message without a reference belongs to the latest exchange in its channel.
 */
import type { APIMessage } from 'discord.js';
import { Exchange } from './exchange.ts';
import type { DispatchReceipt } from './gateway.ts';
import type { UploadedFile } from './http-body.ts';

export interface ChannelMessageRequest {
  kind: 'create' | 'edit' | 'delete';
  status: number;
  body: unknown;
  files: UploadedFile[];
  messageId?: string;
  at: number;
}

export class MessageExchange extends Exchange {
  /** The bot's messages in answer, as they stand now (edits applied), in creation order. */
  readonly replies: APIMessage[] = [];
  /** Every request the bot made in answer, refused ones included. */
  readonly requests: ChannelMessageRequest[] = [];
  /** Typing indicators the bot triggered in the channel while this was its latest exchange. */
  typing = 0;

  constructor(
    /** The message as dispatched in MESSAGE_CREATE. */
    readonly message: APIMessage,
    label: string,
    receipt: DispatchReceipt,
    defaultTimeoutMs: number,
  ) {
    super(label, receipt, defaultTimeoutMs);
  }

  /** The first reply, once there is one. */
  get reply(): APIMessage | undefined {
    return this.replies[0];
  }

  /** Used by the REST side. */
  record(request: Omit<ChannelMessageRequest, 'at'>): void {
    this.requests.push({ ...request, at: Date.now() });
    this.changes.notify();
  }

  /** Resolves with the first reply once the bot posted one that was accepted. */
  waitForReply(timeoutMs = this.defaultTimeoutMs): Promise<APIMessage> {
    return this.until(() => this.replies[0], timeoutMs, 'the bot never replied');
  }

  /** Resolves once the bot made any request in answer, accepted or refused. */
  waitForRequest(timeoutMs = this.defaultTimeoutMs): Promise<this> {
    return this.until(() => (this.requests.length > 0 ? this : undefined), timeoutMs, 'the bot sent nothing');
  }

  protected describeRequests(): string {
    return this.requests.length === 0 ? 'No message from the bot in answer.' : `Requests: ${this.requests.map((r) => `${r.kind} → ${r.status}`).join(', ')}.`;
  }
}
