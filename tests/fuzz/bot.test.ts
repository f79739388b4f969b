import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { createEngine } from '../../src/engine/index.ts';
import { QUESTION_MAX } from '../../src/errors.ts';
import { startBot, type Running } from '../discord/bot-harness.ts';
import { problemsOf } from '../discord/fake/index.ts';
import { hostileText, questionLike } from './hostile.ts';
import { choiceProblems, citationProblems, limitProblems, unansweredProblems, type MessageLike } from './invariants.ts';

/**
 * The same hostile text, sent the way users send it — /ask, autocomplete, a DM, a mention, /who,
 * /quote, "Check against article" — to the real bot through the real discord.js client, checked on
 * the bodies that reached (fake) Discord: where `allowedMentions` is actually applied and where a
 * reply over a limit would be refused.
 */

let running: Running;
beforeAll(async () => {
  running = await startBot();
});
afterAll(async () => {
  await running?.close();
});

/** A question the Discord client lets someone type into a string option of at most QUESTION_MAX. */
const optionText = questionLike.map((text) => text.slice(0, QUESTION_MAX).replace(/[\uD800-\uDBFF]$/u, '')).filter((text) => text.trim() !== '');
/** A message a user can post (4,000 characters with Nitro). */
const messageText = hostileText.map((text) => text.slice(0, 4000).replace(/[\uD800-\uDBFF]$/u, '')).filter((text) => text.trim() !== '');

/** Callback types that carry a message (reply, update) and the one that carries autocomplete choices. */
const MESSAGE_CALLBACKS = new Set([4, 7]);
const CHOICES_CALLBACK = 8;

type Sent = { route: string; kind: 'message' | 'choices'; body: Record<string, unknown> };

/** What the bot sent since request number `start`: message bodies and autocomplete choices (defers carry neither). */
function sentSince(start: number): Sent[] {
  return running.fake.requests.slice(start).flatMap((request): Sent[] => {
    const body = request.body as Record<string, unknown> | undefined;
    if (!body) return [];
    if (request.route.endsWith('/callback')) {
      const data = body.data as Record<string, unknown> | undefined;
      if (data && MESSAGE_CALLBACKS.has(body.type as number)) return [{ route: request.route, kind: 'message', body: data }];
      if (data && body.type === CHOICES_CALLBACK) return [{ route: request.route, kind: 'choices', body: data }];
      return [];
    }
    const carriesMessage = /^(POST \/channels\/|PATCH \/webhooks\/|POST \/webhooks\/)/u.test(request.route);
    return carriesMessage ? [{ route: request.route, kind: 'message', body }] : [];
  });
}

function expectDelivered(start: number, answered: boolean | undefined): void {
  const sent = sentSince(start);
  expect(sent.length, 'the bot sent nothing').toBeGreaterThan(0);
  for (const { route, kind, body } of sent) {
    if (kind === 'choices') {
      expect(choiceProblems(body.choices as { name: string; value: string }[])).toEqual([]);
      continue;
    }
    const allowed = body.allowed_mentions as { parse?: unknown[] } | undefined;
    expect(allowed?.parse, `${route} without allowed_mentions.parse = []`).toEqual([]);
    const message: MessageLike = {
      ...(typeof body.content === 'string' ? { content: body.content } : {}),
      embeds: (body.embeds as APIEmbed[] | undefined) ?? [],
      components: (body.components as MessageLike['components']) ?? [],
    };
    expect([...limitProblems(message), ...citationProblems(message, running.kb), ...(answered === false ? unansweredProblems(message) : [])]).toEqual([]);
  }
  expect(problemsOf(running.fake)).toEqual([]);
}

const engine = () => createEngine(running.kb);

describe('the bot, through discord.js and the fake Discord', () => {
  it('answers any question by /ask, autocomplete, DM and mention inside every limit, never pinging anyone', async () => {
    const ask = engine();
    // The bot hands the engine the text as typed (it cleans only what it displays), so the engine
    // here reads the same text; a usage error means no answer.
    const answeredFor = (text: string) => {
      try {
        return ask.ask(text).kind === 'answer';
      } catch {
        return false;
      }
    };
    await fc.assert(
      fc.asyncProperty(optionText, messageText, async (question, message) => {
        const { fake } = running;
        let start = fake.requests.length;
        await fake.slash('ask', { question });
        expectDelivered(start, answeredFor(question));

        start = fake.requests.length;
        const typed = await fake.autocomplete('ask', { question });
        expect(typed.choices).toBeDefined();
        expectDelivered(start, undefined);

        start = fake.requests.length;
        await fake.dm(message);
        expectDelivered(start, answeredFor(message));

        start = fake.requests.length;
        await fake.mention(message);
        expectDelivered(start, answeredFor(message));
      }),
      { numRuns: 25 },
    );
  });

  it('handles any name typed into /who and /quote, and any message checked against the article', async () => {
    await fc.assert(
      fc.asyncProperty(optionText, messageText, async (name, content) => {
        const { fake } = running;
        let start = fake.requests.length;
        await fake.slash('who', { name });
        expectDelivered(start, undefined);

        start = fake.requests.length;
        await fake.slash('quote', { speaker: name });
        expectDelivered(start, undefined);

        start = fake.requests.length;
        await (await fake.messageContext('Check against article', { content })).waitForReply();
        expectDelivered(start, undefined);
      }),
      { numRuns: 15 },
    );
  });
});
