import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages, QUESTION_MAX } from '../../src/errors.ts';
import { citedParagraphs, customIds, embedOf, sentBodies, startBot, type Running } from './bot-harness.ts';
import { HOSTILE } from './fixtures.ts';

let run: Running;
beforeAll(async () => {
  run = await startBot();
});
afterAll(async () => {
  await run?.close();
});

describe('direct messages', () => {
  it('are answered like /ask, as a reply that pings nobody', async () => {
    const ex = await run.fake.dm('When was the Singapore summit?');
    const reply = await ex.waitForReply();
    expect(citedParagraphs(reply)[0]).toBe(4);
    expect(reply.message_reference?.message_id).toBe(ex.message.id);
    expect(ex.requests[0]!.body).toMatchObject({ allowed_mentions: { parse: [], replied_user: false } });
  });

  it('tell the user what to do when the message is empty or too long', async () => {
    const long = await (await run.fake.dm('why '.repeat(200))).waitForReply();
    expect(long.content).toBe(messages.questionTooLong(799));
    const greeting = await (await run.fake.dm('hi')).waitForReply();
    expect(JSON.stringify(greeting)).not.toContain('¶');
  });
});

describe('mentions in a server channel', () => {
  it('are answered as a reply, without the mention in the question', async () => {
    const ex = await run.fake.mention('who is Ramon Pacheco Pardo?');
    const reply = await ex.waitForReply();
    expect(citedParagraphs(reply)[0]).toBe(12);
    expect(embedOf(reply).title).toBe('who is Ramon Pacheco Pardo?');
    expect(reply.message_reference?.message_id).toBe(ex.message.id);
  });

  it('with nothing else in them, explain how to ask', async () => {
    const reply = await (await run.fake.mention('')).waitForReply();
    expect(reply.content).toBe(messages.emptyQuestion);
  });

  it('are the only server messages answered; bots, including itself, are ignored', async () => {
    const before = run.fake.requests.length;
    const other = run.fake.createUser({ username: 'otherbot', bot: true });
    await run.fake.mention('who is Ri?', { user: other, awaitResponse: false });
    await run.fake.dm('who is Ri?', { user: other, awaitResponse: false });
    await run.fake.mention('who is Ri?', { user: run.fake.botUser, awaitResponse: false });
    // A human message after them: once it is answered, the bot has seen everything before it.
    await (await run.fake.dm('who is Ri?')).waitForReply();
    const posted = run.fake.requests.slice(before).filter((r) => r.route === 'POST /channels/:channelId/messages');
    expect(posted).toHaveLength(1);
  });
});

describe('hostile input', () => {
  const hostile = HOSTILE.slice(0, 400);

  it('is never echoed so that it could ping, format or look like a citation', async () => {
    const replies = [
      await (await run.fake.slash('ask', { question: hostile })).waitForReply(),
      await (await run.fake.dm(hostile)).waitForReply(),
      await (await run.fake.mention(hostile)).waitForReply(),
    ];
    for (const reply of replies) {
      const title = embedOf(reply).title ?? '';
      expect(title).toContain('everyone');
      expect(title).not.toMatch(/@(everyone|here)|<[@#/]|[¶⁋\p{Cc}\u202A-\u202E]/u);
      expect(title).not.toMatch(/(^|[^\\])\*\*/u);
    }
  });

  it('at exactly 500 characters, with emoji, is answered within every limit', async () => {
    const question = `Why did the Vietnam summit fail 👨‍👩‍👧 🇰🇷 ${'x'.repeat(QUESTION_MAX)}`.slice(0, QUESTION_MAX);
    expect(question.length).toBe(QUESTION_MAX);
    const reply = await (await run.fake.slash('ask', { question })).waitForReply();
    expect(embedOf(reply).title!.length).toBeLessThanOrEqual(256);
  });

  it('of 501 characters from a DM is refused politely', async () => {
    const reply = await (await run.fake.dm('y'.repeat(QUESTION_MAX + 1))).waitForReply();
    expect(reply.content).toBe(messages.questionTooLong(QUESTION_MAX + 1));
  });

  it('"Check against article" on a hostile message keeps every rule too', async () => {
    const ex = await run.fake.messageContext('Check against article', { content: `${hostile}\nThe Singapore summit was in June 2018.` });
    const reply = await ex.waitForReply();
    expect(embedOf(reply).title).toBe('What the article says about this message');
    expect(citedParagraphs(reply)).toContain(4);
    expect(JSON.stringify([reply.content, reply.embeds, reply.components])).not.toMatch(/everyone|spoiler/u);
    expect(customIds(reply)).toContain('para:4');
  });

  it('left every message the bot sent with mention parsing off', () => {
    for (const body of sentBodies(run.fake)) expect(body.allowed_mentions).toMatchObject({ parse: [] });
  });
});
