import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType } from 'discord.js';
import { messages } from '../../src/errors.ts';
import { notices } from '../../src/discord/notices.ts';
import { citedParagraphs, customIds, embedOf, sentBodies, startBot, type Running } from './bot-harness.ts';

let run: Running;
beforeAll(async () => {
  run = await startBot();
});
afterAll(async () => {
  await run?.close();
});

describe('/ask', () => {
  it('answers with the cited passages, best first, and names the source', async () => {
    const ex = await run.fake.slash('ask', { question: 'Why did the summit in Vietnam fail?' });
    const reply = await ex.waitForReply();
    expect(ex.ephemeral).toBe(false);
    expect(citedParagraphs(reply)[0]).toBe(5);
    const embed = embedOf(reply);
    expect(embed.footer?.text).toContain('2020-06-13');
    expect(embed.footer?.text).toContain('SEOUL');
    expect(customIds(reply)).toContain('para:5');
  });

  it('answers privately when asked to', async () => {
    const ex = await run.fake.slash('ask', { question: 'Who is Daniel Russel?', private: true });
    await ex.waitForReply();
    expect(ex.ephemeral).toBe(true);
  });

  it('says the article does not cover it, with no ¶ and suggestions as buttons', async () => {
    const ex = await run.fake.slash('ask', { question: 'What did China say about ¶2?' });
    const reply = await ex.waitForReply();
    expect(JSON.stringify([reply.content, reply.embeds, reply.components])).not.toContain('¶');
    expect(embedOf(reply).description).toMatch(/doesn't cover|does not/u);
    expect(customIds(reply).length).toBeGreaterThan(0);
    expect(customIds(reply).every((id) => id.startsWith('fact:'))).toBe(true);
  });
});

describe('autocomplete', () => {
  it('offers Singapore questions for "singapor", within the choice limits', async () => {
    const ex = await run.fake.autocomplete('ask', { question: 'singapor' });
    const choices = ex.choices ?? [];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]!.name).toMatch(/singapore/iu);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(String(choice.value).length).toBeLessThanOrEqual(100);
    }
  });

  it('offers something sensible when nothing is typed yet', async () => {
    const ex = await run.fake.autocomplete('ask', { question: '' });
    expect(ex.choices?.length).toBe(25);
  });

  it('offers speakers for /quote and entities for /who', async () => {
    const quote = await run.fake.autocomplete('quote', { speaker: 'pard' });
    expect(quote.choices?.[0]).toMatchObject({ value: 'ramon-pacheco-pardo' });
    const who = await run.fake.autocomplete('who', { name: 'kcn' });
    expect(who.choices?.[0]).toMatchObject({ value: 'kcna' });
  });
});

describe('/quote, /who, /timeline, /article, /help', () => {
  it('/quote lists who said what with ¶N, or one speaker', async () => {
    const all = await (await run.fake.slash('quote')).waitForReply();
    expect(citedParagraphs(all).length).toBe(run.kb.quotes.length);
    const one = await (await run.fake.slash('quote', { speaker: 'daniel-russel' })).waitForReply();
    expect(embedOf(one).title).toBe('What Daniel Russel said');
    expect(citedParagraphs(one)).toEqual([10, 11]);
  });

  it('/quote with a speaker the article does not quote is a friendly ephemeral error', async () => {
    const ex = await run.fake.slash('quote', { speaker: 'Kim Jong Un' });
    const reply = await ex.waitForReply();
    expect(ex.ephemeral).toBe(true);
    expect(reply.content).toBe(messages.unknownSpeaker);
  });

  it('/who says who someone is, citing the passage, accepting an alias typed by hand', async () => {
    const reply = await (await run.fake.slash('who', { name: 'mr ri' })).waitForReply();
    expect(embedOf(reply).title).toBe('Ri Son Gwon');
    expect(citedParagraphs(reply)[0]).toBe(run.kb.entities.find((e) => e.id === 'ri-son-gwon')!.citation.paragraph);
    const unknown = await run.fake.slash('who', { name: 'Joe Biden' });
    expect((await unknown.waitForReply()).content).toBe(messages.unknownEntity);
  });

  it('/timeline lists the events in date order with ¶N', async () => {
    const reply = await (await run.fake.slash('timeline')).waitForReply();
    const sorted = [...run.kb.events].sort((a, b) => a.date.localeCompare(b.date));
    expect(embedOf(reply).fields).toHaveLength(run.kb.events.length);
    expect(citedParagraphs(reply)[0]).toBe(sorted[0]!.citation.paragraph);
  });

  it('/article describes the source, or shows one paragraph in full', async () => {
    const about = await (await run.fake.slash('article')).waitForReply();
    expect(embedOf(about).fields).toContainEqual({ name: 'Paragraphs', value: '15', inline: true });
    const p7 = await (await run.fake.slash('article', { paragraph: 7 })).waitForReply();
    expect(embedOf(p7).title).toBe('¶7 of 15');
    expect(embedOf(p7).description).toContain('Never again');
  });

  it('/help lists every command and what is stored, to the asker only', async () => {
    const ex = await run.fake.slash('help');
    const reply = await ex.waitForReply();
    expect(ex.ephemeral).toBe(true);
    const names = (embedOf(reply).fields ?? []).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['/ask', '/quote', '/who', '/timeline', '/article', '/help', 'Apps → Check against article', 'What I store']));
  });
});

describe('buttons', () => {
  it('"Read ¶N in full" shows the paragraph to the clicker only', async () => {
    await (await run.fake.slash('ask', { question: 'Why did the summit in Vietnam fail?' })).waitForReply();
    const click = await run.fake.button('para:5');
    const reply = await click.waitForReply();
    expect(click.callback?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(click.ephemeral).toBe(true);
    expect(embedOf(reply).title).toBe('¶5 of 15');
  });

  it('a related question answers it, to the clicker only', async () => {
    const answer = await (await run.fake.slash('ask', { question: 'Why did the summit in Vietnam fail?' })).waitForReply();
    const related = customIds(answer).find((id) => id.startsWith('fact:'))!;
    const click = await run.fake.button(related);
    const reply = await click.waitForReply();
    expect(click.ephemeral).toBe(true);
    const fact = run.kb.facts.find((f) => `fact:${f.id}` === related)!;
    expect(embedOf(reply).title).toBe(fact.questions[0]);
    expect(citedParagraphs(reply).length).toBeGreaterThan(0);
  });

  it('a button from an older version of the bot, or for a fact since removed, gets a friendly note', async () => {
    const answer = await (await run.fake.slash('ask', { question: 'Who is Daniel Russel?' })).waitForReply();
    const withButton = (customId: string) => ({
      ...answer,
      components: [{ type: 1, components: [{ type: 2, style: 2, label: 'old', custom_id: customId }] }],
    });
    const removed = await run.fake.button('fact:no-such-fact', { message: withButton('fact:no-such-fact') });
    expect((await removed.waitForReply()).content).toBe(messages.unknownFact);
    expect(removed.ephemeral).toBe(true);
    const old = await run.fake.button('v0-more:3', { message: withButton('v0-more:3') });
    expect((await old.waitForReply()).content).toBe(notices.buttonExpired);
  });
});

describe('"Check against article"', () => {
  it('shows the passages that bear on a message, ephemerally', async () => {
    const ex = await run.fake.messageContext('Check against article', { content: 'Trump and Kim met in Singapore in June 2018.' });
    const reply = await ex.waitForReply();
    expect(ex.ephemeral).toBe(true);
    expect(ex.callback?.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(citedParagraphs(reply)).toContain(4);
  });

  it('says the article says nothing about an unrelated message, with no ¶', async () => {
    const ex = await run.fake.messageContext('Check against article', { content: 'The best pizza topping is pineapple.' });
    const reply = await ex.waitForReply();
    expect(embedOf(reply).description).toMatch(/says nothing/u);
    expect(JSON.stringify([reply.content, reply.embeds, reply.components])).not.toContain('¶');
  });
});

describe('every message the bot sent', () => {
  it('parses no mentions', () => {
    const bodies = sentBodies(run.fake);
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) expect(body.allowed_mentions).toMatchObject({ parse: [] });
  });
});
