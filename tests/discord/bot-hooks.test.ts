import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { Ignored, type AnsweredEvent, type Guard, type Invocation } from '../../src/discord/command.ts';
import { citedParagraphs, customIds, embedOf, startBot, type Running } from './bot-harness.ts';

/**
 * The extension points moderator tools build on: guards before every invocation, listeners after
 * every answer, and swapping the fact base. Driven end to end, as a real guard would be.
 */

let seen: Invocation[] = [];
let answers: AnsweredEvent[] = [];
let policy: Guard = () => {};
let listenerThrows = false;

let run: Running;
beforeAll(async () => {
  run = await startBot({
    hooks: {
      guards: [
        (invocation) => {
          seen.push(invocation);
        },
        (invocation, ctx) => policy(invocation, ctx),
      ],
      onAnswer: [
        (event) => {
          answers.push(event);
        },
        () => {
          if (listenerThrows) throw new Error('listener broke');
        },
      ],
    },
  });
});
afterAll(async () => {
  await run?.close();
});
beforeEach(() => {
  seen = [];
  answers = [];
  policy = () => {};
  listenerThrows = false;
});

describe('guards', () => {
  it('see who acted, where and how, for every kind of invocation', async () => {
    const ask = await (await run.fake.slash('ask', { question: 'Who is Daniel Russel?' })).waitForReply();
    await (await run.fake.button(customIds(ask).find((id) => id.startsWith('para:'))!)).waitForReply();
    const dm = await run.fake.dm('Who is Daniel Russel?');
    await dm.waitForReply();
    const mention = await run.fake.mention('Who is Daniel Russel?');
    await mention.waitForReply();
    expect(seen.map((i) => [i.kind, i.name])).toEqual([
      ['slash', 'ask'],
      ['button', 'button:paragraph'],
      ['direct-message', 'ask'],
      ['mention', 'ask'],
    ]);
    expect(seen[0]).toMatchObject({ userId: run.fake.user.id, guildId: run.fake.guildId, channelId: run.fake.channelId, threadParentId: null });
    expect(seen[2]).toMatchObject({ id: dm.message.id, guildId: null });
    expect(seen[3]).toMatchObject({ id: mention.message.id, guildId: run.fake.guildId });
  });

  it('refuse with a UserError, shown ephemerally, before the engine is asked', async () => {
    policy = () => {
      throw new UserError('Slow down: ask again in 5 seconds.', 'rate-limit');
    };
    const ex = await run.fake.slash('ask', { question: 'Who is Daniel Russel?' });
    expect((await ex.waitForReply()).content).toBe('Slow down: ask again in 5 seconds.');
    expect(ex.ephemeral).toBe(true);
    const dm = await (await run.fake.dm('Who is Daniel Russel?')).waitForReply();
    expect(dm.content).toBe('Slow down: ask again in 5 seconds.');
    expect(answers).toEqual([]);
  });

  it('drop an invocation silently with Ignored', async () => {
    policy = (invocation) => {
      if (invocation.kind === 'mention') throw new Ignored('mentions are off here');
    };
    const before = run.fake.requests.length;
    await run.fake.mention('Who is Daniel Russel?', { awaitResponse: false });
    // Events are handled in order: once this DM is answered, the mention before it was handled too.
    await (await run.fake.dm('Who is Daniel Russel?')).waitForReply();
    const posts = run.fake.requests.slice(before).filter((r) => r.route === 'POST /channels/:channelId/messages');
    expect(posts).toHaveLength(1);
    expect(run.logs).toContainEqual(expect.objectContaining({ msg: 'ignored', reason: 'mentions are off here' }));
  });

  it('do not run for autocomplete, which must stay instant and cannot show a refusal', async () => {
    policy = () => {
      throw new UserError('refused');
    };
    const ex = await run.fake.autocomplete('ask', { question: 'singapor' });
    expect(ex.choices?.length).toBeGreaterThan(0);
    expect(seen).toEqual([]);
  });
});

describe('answer listeners', () => {
  it('hear every answered question with its result and where it was asked', async () => {
    await (await run.fake.slash('ask', { question: 'When was the Singapore summit?' })).waitForReply();
    await (await run.fake.dm('What did China say?')).waitForReply();
    expect(answers.map((a) => [a.invocation.kind, a.question, a.result.kind])).toEqual([
      ['slash', 'When was the Singapore summit?', 'answer'],
      ['direct-message', 'What did China say?', 'not_covered'],
    ]);
    expect(answers[0]!.result.citations[0]?.paragraph).toBe(4);
  });

  it('cannot break a reply by failing', async () => {
    listenerThrows = true;
    const reply = await (await run.fake.slash('ask', { question: 'When was the Singapore summit?' })).waitForReply();
    expect(citedParagraphs(reply)[0]).toBe(4);
    expect(run.logs).toContainEqual(expect.objectContaining({ msg: 'answer listener failed', command: 'ask' }));
  });
});

describe('replacing the fact base', () => {
  it('answers from the new one from the next question on', async () => {
    const original = run.kb;
    const fact = original.facts.find((f) => f.citations[0]?.paragraph === 4 && /singapore/iu.test(f.questions[0]!))!;
    const edited = {
      ...original,
      facts: original.facts.map((f) => (f.id === fact.id ? { ...f, answer: 'An edited answer about Singapore.' } : f)),
    };
    try {
      run.bot.replaceKnowledge(edited);
      const reply = await (await run.fake.slash('ask', { question: fact.questions[0]! })).waitForReply();
      expect(embedOf(reply).description).toBe('An edited answer about Singapore.');
    } finally {
      run.bot.replaceKnowledge(original);
    }
  });
});
