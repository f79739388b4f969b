import { UserError } from '../../errors.ts';
import { answersIn, Cooldowns, DM_LIMIT, type Clock, type Store } from '../../store/index.ts';
import { Ignored, type Guard, type Invocation } from '../command.ts';
import { moderationNotices } from '../notices.ts';

/**
 * The guard that applies a server's settings (and the direct-message allowance) before anything
 * answers. In order, for an invocation in a server:
 * 1. a mention while mentions are turned off is ignored;
 * 2. outside the allow-list, a mention is ignored and anything else gets an ephemeral note naming
 *    the channels where the bot does answer;
 * 3. a question inside the member's cooldown is refused with when to ask again.
 * Outside servers a question counts against the fixed DM allowance instead.
 *
 * Moderator and owner commands pass untouched, so an allow-list that excludes every channel can
 * still be undone; so do feedback votes, which are not questions and come right after an answer.
 */

/** Commands and buttons the gate never holds back, by `Invocation.name`. */
export const UNGATED = new Set(['settings', 'insights', 'kb', 'button:feedback']);

/** Invocations that put a question to the engine, and so spend a cooldown. */
function asksQuestion(invocation: Invocation): boolean {
  switch (invocation.kind) {
    case 'mention':
    case 'direct-message':
      return true;
    case 'slash':
      return invocation.name === 'ask';
    case 'button':
      return invocation.name === 'button:fact';
    default:
      return false;
  }
}

/** A message cannot be answered ephemerally, so a note to it is public: say it once per wait, then go quiet. */
const isMessage = (invocation: Invocation): boolean => invocation.kind === 'mention' || invocation.kind === 'direct-message';

export interface GateOptions {
  store: Store;
  now?: Clock;
}

export function createGate({ store, now = Date.now }: GateOptions): Guard {
  // Who has already been told to wait, until that wait ends; bounded like the store's limiters.
  const told = new Cooldowns({ now });

  /** Refuses a question until `retryAt`: a note the first time, then (for messages) silence. */
  function refuse(invocation: Invocation, scope: string, retryAt: Date, note: string): never {
    if (isMessage(invocation)) {
      const wait = Math.max(1, Math.ceil((retryAt.getTime() - now()) / 1000));
      if (!told.tryConsume(scope, invocation.userId, wait).ok) throw new Ignored('already told to wait');
    }
    throw new UserError(note, 'rate-limit');
  }

  return (invocation) => {
    if (UNGATED.has(invocation.name)) return;
    const { guildId, userId } = invocation;

    if (guildId === null) {
      if (!asksQuestion(invocation)) return;
      const result = store.dmLimit.tryConsume(userId);
      if (!result.ok) {
        refuse(invocation, 'dm', result.retryAt, moderationNotices.dmLimit(result.retryAt, DM_LIMIT.limit, DM_LIMIT.windowMs / 1000));
      }
      return;
    }

    const settings = store.settings.get(guildId);
    if (invocation.kind === 'mention' && !settings.answerMentions) throw new Ignored('mentions are turned off in this server');

    const channel = invocation.threadParentId ?? invocation.channelId;
    if (channel !== null && !answersIn(settings, channel)) {
      if (isMessage(invocation)) throw new Ignored('channel is not on the allow-list');
      throw new UserError(moderationNotices.notInThisChannel(settings.channels), 'permission');
    }

    if (asksQuestion(invocation) && settings.cooldownSeconds > 0) {
      const result = store.cooldowns.tryConsume(guildId, userId, settings.cooldownSeconds);
      if (!result.ok) refuse(invocation, guildId, result.retryAt, moderationNotices.cooldown(result.retryAt, settings.cooldownSeconds));
    }
  };
}
