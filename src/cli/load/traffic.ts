import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { APIUser } from 'discord.js';
import type { FakeDiscord, InteractionExchange, MessageExchange } from '../../../tests/discord/fake/index.ts';
import { messages } from '../../errors.ts';

/**
 * The traffic of the load and soak scripts: what people do to the bot (ask, type into the /ask
 * field, DM it, mention it), planned from the project's own question set with a seed so the bare
 * bot and factdesk get exactly the same stream, and fired at the fake Discord as its users.
 */

export const EVENT_KINDS = ['ask', 'autocomplete', 'dm', 'mention'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * Interaction callbacks are exempt from Discord's global limit of 50 requests a second; message
 * replies (DMs, mentions) are not, and discord.js holds them back to stay within it. The two are
 * driven as separate lanes, so replies queued behind that limit cannot occupy the slots of
 * interactions and throttle them by proxy; each lane is measured on its own.
 */
export type Lane = 'interactions' | 'messages';
export const LANES: readonly Lane[] = ['interactions', 'messages'];
export const LANE_OF: Record<EventKind, Lane> = { ask: 'interactions', autocomplete: 'interactions', dm: 'messages', mention: 'messages' };

/** Relative weights of the kinds in the stream. */
export type Mix = Record<EventKind, number>;

/**
 * Most traffic is slash commands and the autocomplete they trigger while typing. DMs and mentions
 * are a small share, as in a server where /ask is offered; their replies go through Discord's
 * global 50 requests/s limit, which discord.js enforces on the bot's side.
 */
export const DEFAULT_MIX: Mix = { ask: 0.5, autocomplete: 0.4, dm: 0.05, mention: 0.05 };

export interface PlannedEvent {
  kind: EventKind;
  text: string;
  /** Which simulated user acts (an index into the user pool). */
  user: number;
  /** Which guild channel, for /ask, autocomplete and mentions (an index into all guild channels). */
  channel: number;
}

const QUESTIONS_FILE = fileURLToPath(new URL('../../../tests/eval/questions.jsonl', import.meta.url));

export function projectQuestions(file = QUESTIONS_FILE): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { question: string }).question);
}

/** mulberry32: a small seeded PRNG, so a seed replays the same stream. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PlanOptions {
  seed: number;
  mix?: Mix;
  users: number;
  channels: number;
  questions?: readonly string[];
}

/** An endless, reproducible stream of events; `take(n)` for a bounded run. */
export function eventStream({ seed, mix = DEFAULT_MIX, users, channels, questions = projectQuestions() }: PlanOptions) {
  const random = seededRandom(seed);
  const total = EVENT_KINDS.reduce((sum, kind) => sum + mix[kind], 0);
  if (!(total > 0)) throw new RangeError('the mix gives every kind a weight of 0; give at least one kind a positive weight');
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  let nextUser = 0;
  const next = (): PlannedEvent => {
    let roll = random() * total;
    const kind = EVENT_KINDS.find((k) => (roll -= mix[k]) < 0) ?? 'ask';
    const question = pick(questions);
    // Someone typing: Discord asks for choices after each pause, with what is in the field so far.
    const text = kind === 'autocomplete' ? question.slice(0, 1 + Math.floor(random() * question.length)) : question;
    // Users take turns, so no one person asks faster than a person would (the bot's per-user limits stay out of the way).
    nextUser = (nextUser + 1) % users;
    return { kind, text, user: nextUser, channel: Math.floor(random() * channels) };
  };
  return {
    next,
    take: (count: number): PlannedEvent[] => Array.from({ length: count }, next),
  };
}

/**
 * - answered: the bot's first accepted response (a reply, choices, or a deferral) reached Discord;
 * - notice: it answered with a short notice (a refusal by a guard, a usage error) instead of an answer;
 * - failed: it answered with the generic "something went wrong", or Discord refused what it sent;
 * - unanswered: nothing accepted arrived before the timeout;
 * - lost: Discord itself would never have delivered the event (its session was not resumable).
 */
export type OutcomeStatus = 'answered' | 'notice' | 'failed' | 'unanswered' | 'lost';

export interface Outcome {
  kind: EventKind;
  status: OutcomeStatus;
  /** Dispatch to the first accepted response, in ms; null when there was none. */
  latencyMs: number | null;
  detail?: string;
}

/** Who acts and where: users the fake knows (so DMs can be opened) and every guild text channel. */
export interface Cast {
  users: APIUser[];
  channels: { guildId: string; channelId: string }[];
}

export function castOf(fake: FakeDiscord, users: number): Cast {
  return {
    users: Array.from({ length: users }, (_, i) => fake.createUser({ username: `loaduser${i}` })),
    channels: fake.guilds.flatMap((guild) => guild.channels.map((channel) => ({ guildId: guild.id, channelId: channel.id }))),
  };
}

/** The text of a reply body when it is a bare notice (content, no embed): what users are told instead of an answer. */
function noticeText(body: unknown): string | undefined {
  const data = (body as { data?: { content?: unknown; embeds?: unknown[] } } | undefined)?.data ?? (body as { content?: unknown; embeds?: unknown[] } | undefined);
  if (!data || typeof data.content !== 'string' || (Array.isArray(data.embeds) && data.embeds.length > 0)) return undefined;
  return data.content;
}

function judge(kind: EventKind, started: number, status: number, body: unknown): Outcome {
  const latencyMs = performance.now() - started;
  if (status >= 300) return { kind, status: 'failed', latencyMs: null, detail: `Discord refused the reply with ${status}` };
  const notice = noticeText(body);
  if (notice === messages.generic) return { kind, status: 'failed', latencyMs, detail: notice };
  if (notice !== undefined) return { kind, status: 'notice', latencyMs, detail: notice };
  return { kind, status: 'answered', latencyMs };
}

/**
 * Dispatches one event as its user and resolves once the bot's first response is in (or `timeoutMs`
 * passed). `onDispatch` learns the interaction or message id the event went out with, to tie later
 * REST requests (and injected faults) back to it.
 */
export async function fire(fake: FakeDiscord, cast: Cast, event: PlannedEvent, timeoutMs: number, onDispatch?: (id: string) => void): Promise<Outcome> {
  const user = cast.users[event.user % cast.users.length]!;
  const place = cast.channels[event.channel % cast.channels.length]!;
  const started = performance.now();
  let exchange: InteractionExchange | MessageExchange;
  try {
    switch (event.kind) {
      case 'ask':
        exchange = await fake.slash('ask', { question: event.text }, { user, ...place, awaitResponse: false, timeoutMs });
        break;
      case 'autocomplete':
        exchange = await fake.autocomplete('ask', { question: event.text }, { user, ...place, awaitResponse: false, timeoutMs });
        break;
      case 'dm':
        exchange = await fake.dm(event.text, { user, awaitResponse: false, timeoutMs });
        break;
      case 'mention':
        exchange = await fake.mention(event.text, { user, ...place, awaitResponse: false, timeoutMs });
        break;
    }
  } catch (error) {
    // The fake refuses to dispatch when no session could take the event: Discord would drop it too.
    return { kind: event.kind, status: 'lost', latencyMs: null, detail: (error as Error).message };
  }
  onDispatch?.('responses' in exchange ? exchange.id : exchange.message.id);
  try {
    if ('responses' in exchange) {
      await exchange.waitFor((e) => e.responses.length > 0, timeoutMs);
      const first = exchange.responses[0]!;
      return judge(event.kind, started, first.status, first.body);
    }
    await exchange.waitFor((e) => e.requests.length > 0, timeoutMs);
    const first = exchange.requests[0]!;
    return judge(event.kind, started, first.status, first.body);
  } catch (error) {
    const delivery = exchange.receipt.delivery;
    if (delivery === 'lost') return { kind: event.kind, status: 'lost', latencyMs: null, detail: exchange.receipt.reason ?? 'session ended' };
    return { kind: event.kind, status: 'unanswered', latencyMs: null, detail: (error as Error).message.slice(0, 300) };
  }
}
