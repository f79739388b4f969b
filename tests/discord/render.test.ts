import { describe, expect, it } from 'vitest';
import { ButtonStyle, ComponentType } from 'discord.js';
import {
  displayDate,
  fitChoices,
  renderAnswer,
  renderArticle,
  renderCheck,
  renderEntity,
  renderHelp,
  renderNotice,
  renderParagraph,
  renderQuotes,
  renderTimeline,
  type Reply,
} from '../../src/discord/render.ts';
import { decodeButton } from '../../src/discord/custom-ids.ts';
import {
  AUTOCOMPLETE_CHOICES_MAX,
  AUTOCOMPLETE_CHOICE_NAME_MAX,
  EMBED_FIELDS_MAX,
  EMBED_TITLE_MAX,
  EMBEDS_TOTAL_MAX,
  embedLength,
} from '../../src/discord/limits.ts';
import { checkMessageBody } from './fake/limits.ts';
import { answered, fixtureKb, HOSTILE, notCovered } from './fixtures.ts';

const kb = fixtureKb();

/** The limit issues Discord (or the project's policy) would raise for this reply, sent as the bot sends it. */
function issues(reply: Reply) {
  return checkMessageBody({ ...reply, allowed_mentions: { parse: [] } });
}

const buttons = (reply: Reply) => reply.components.flatMap((row) => row.components);
const labels = (reply: Reply) => buttons(reply).map((b) => b.label);
const actions = (reply: Reply) => buttons(reply).map((b) => decodeButton(b.custom_id));

describe('renderAnswer, answered', () => {
  const reply = renderAnswer(kb, answered(), { question: { text: 'Why did it fail?' } });
  const embed = reply.embeds[0]!;

  it('shows the answer, then each cited passage under its ¶N label, best first', () => {
    expect(embed.description).toBe('Because of conflicts over denuclearisation and sanctions relief.');
    expect(embed.fields?.map((f) => f.name)).toEqual(['¶5', '¶3']);
    expect(embed.fields?.[0]?.value).toBe('> failed to lead to a deal because of conflicts');
  });

  it('names the source in the footer: date and dateline from the fact base', () => {
    expect(embed.footer?.text).toBe('Source: article dated 2020-06-13, SEOUL — A fixture article about two summits');
  });

  it('offers each cited paragraph in full, then the related questions, as buttons', () => {
    expect(labels(reply)).toEqual(['Read ¶5 in full', 'Read ¶3 in full', 'When was the first summit?', 'Who is Ri Son Gwon?']);
    expect(actions(reply)).toEqual([
      { kind: 'paragraph', paragraph: 5 },
      { kind: 'paragraph', paragraph: 3 },
      { kind: 'fact', factId: 'first-summit' },
      { kind: 'fact', factId: 'who-ri' },
    ]);
  });

  it('keeps every limit', () => {
    expect(issues(reply)).toEqual([]);
  });

  it('does not offer the answered fact as a related question', () => {
    const own = renderAnswer(kb, answered({ suggestions: ['Why did the second summit fail?', 'Who is Ri Son Gwon?'] }));
    expect(actions(own)).toContainEqual({ kind: 'fact', factId: 'who-ri' });
    expect(actions(own)).not.toContainEqual({ kind: 'fact', factId: 'why-failed' });
  });

  it('drops the weakest citations, never the best, when the passages would pass 6000 characters', () => {
    const citations = Array.from({ length: 40 }, (_, i) => ({ paragraph: (i % 15) + 1, quote: `${'word '.repeat(190)}${i}` }));
    const big = renderAnswer(kb, answered({ citations, answer: 'x'.repeat(1000) }));
    const fields = big.embeds[0]!.fields ?? [];
    expect(embedLength(big.embeds[0]!)).toBeLessThanOrEqual(EMBEDS_TOTAL_MAX);
    expect(fields.length).toBeLessThanOrEqual(EMBED_FIELDS_MAX);
    expect(fields[0]?.value).toContain(' 0');
    expect(issues(big)).toEqual([]);
  });
});

describe('renderAnswer, not covered', () => {
  const result = notCovered({ answer: 'The article does not say; see ¶4 for what it does say.' });
  const reply = renderAnswer(kb, result, { question: { text: 'What does ¶9 say about China?' } });
  const json = JSON.stringify(reply);

  it('cites nothing and shows no ¶ label anywhere, not even one echoed from the question or the answer', () => {
    expect(reply.embeds[0]!.fields ?? []).toEqual([]);
    expect(json).not.toMatch(/[¶⁋]/u);
  });

  it('says the article does not cover it and offers the suggestions as buttons', () => {
    expect(reply.embeds[0]!.description).toMatch(/article does not say/u);
    expect(reply.embeds[0]!.description).toMatch(/Did you mean/u);
    expect(actions(reply)).toEqual([
      { kind: 'fact', factId: 'why-failed' },
      { kind: 'fact', factId: 'first-summit' },
    ]);
    expect(buttons(reply).every((b) => b.style === ButtonStyle.Primary)).toBe(true);
  });

  it('has no paragraph buttons and keeps every limit', () => {
    expect(actions(reply).some((a) => a?.kind === 'paragraph')).toBe(false);
    expect(issues(reply)).toEqual([]);
  });

  it('skips suggestions that are not canonical questions of the fact base', () => {
    const odd = renderAnswer(kb, notCovered({ suggestions: ['a question nobody wrote'] }));
    expect(odd.components).toEqual([]);
    expect(odd.embeds[0]!.description).not.toMatch(/Did you mean/u);
  });
});

describe('renderAnswer with hostile question text', () => {
  const reply = renderAnswer(kb, notCovered(), { question: { text: HOSTILE.repeat(3) } });
  const title = reply.embeds[0]!.title ?? '';

  it('cannot ping: @everyone, @here and mention syntax are broken up', () => {
    expect(title).not.toMatch(/@(everyone|here)/u);
    expect(title).not.toMatch(/<[@#/]/u);
  });

  it('cannot format: markdown is escaped', () => {
    expect(title).toContain('\\*\\*bold\\*\\*');
    expect(title).toContain('\\[link\\](');
    expect(title).not.toMatch(/(^|[^\\])\*\*/u);
  });

  it('cannot fake a citation or hide text: no ¶, controls or bidi overrides', () => {
    expect(title).not.toMatch(/[¶⁋\p{Cc}\u202A-\u202E]/u);
  });

  it('keeps emoji whole and fits the title limit', () => {
    const emoji = renderAnswer(kb, notCovered(), { question: { text: 'Is 👨‍👩‍👧 or 🇰🇷 in it?' } });
    expect(emoji.embeds[0]!.title).toBe('Is 👨‍👩‍👧 or 🇰🇷 in it?');
    expect(title.length).toBeLessThanOrEqual(EMBED_TITLE_MAX);
    expect(issues(reply)).toEqual([]);
  });

  it('shows no title when nothing printable is left', () => {
    const empty = renderAnswer(kb, notCovered(), { question: { text: '\u0000\u200B\u202E ¶' } });
    expect(empty.embeds[0]!.title).toBeUndefined();
  });
});

describe('renderAnswer, smalltalk', () => {
  it('replies kindly with no citation and offers questions to try', () => {
    const reply = renderAnswer(kb, {
      answered: false,
      kind: 'smalltalk',
      answer: 'Hi! Ask me about the article.',
      citations: [],
      confidence: 1,
      suggestions: ['When was the first summit?'],
    });
    expect(reply.embeds[0]!.description).toBe('Hi! Ask me about the article.\n\nYou could ask:');
    expect(JSON.stringify(reply)).not.toContain('¶');
    expect(actions(reply)).toEqual([{ kind: 'fact', factId: 'first-summit' }]);
  });
});

describe('renderParagraph and renderArticle', () => {
  it('shows one paragraph in full, escaped, with buttons to its neighbours', () => {
    const reply = renderParagraph(kb, 1);
    expect(reply.embeds[0]!.title).toBe('¶1 of 15');
    expect(reply.embeds[0]!.description).toBe('Paragraph 1 of the fixture article, with \\*stars\\* and \\_underscores\\_.');
    expect(labels(reply)).toEqual(['¶2 ▶']);
    expect(labels(renderParagraph(kb, 8))).toEqual(['◀ ¶7', '¶9 ▶']);
    expect(labels(renderParagraph(kb, 15))).toEqual(['◀ ¶14']);
  });

  it('refuses a paragraph the article does not have', () => {
    expect(() => renderParagraph(kb, 16)).toThrow(RangeError);
  });

  it('describes the source: title, summary, date, dateline, paragraph count', () => {
    const embed = renderArticle(kb).embeds[0]!;
    expect(embed.title).toBe('A fixture article about two summits');
    expect(embed.fields).toEqual([
      { name: 'Date', value: '2020-06-13', inline: true },
      { name: 'Dateline', value: 'SEOUL', inline: true },
      { name: 'Paragraphs', value: '15', inline: true },
    ]);
  });
});

describe('renderQuotes and renderEntity', () => {
  it('lists everyone quoted in article order, direct speech in quotation marks', () => {
    const fields = renderQuotes(kb, null).embeds[0]!.fields!;
    expect(fields.map((f) => f.name)).toEqual(['Ri Son Gwon · ¶2', 'Ri Son Gwon · ¶7', 'Daniel Russel · ¶10']);
    expect(fields[1]!.value).toBe('> “Never again will we do this”');
    expect(fields[2]!.value).toBe('> pressure is likely to rise (reported speech)');
  });

  it('lists one speaker’s words only', () => {
    const reply = renderQuotes(kb, 'russel');
    expect(reply.embeds[0]!.title).toBe('What Daniel Russel said');
    expect(reply.embeds[0]!.fields!.map((f) => f.name)).toEqual(['¶10']);
  });

  it('says who someone is, where they appear and what they said', () => {
    const reply = renderEntity(kb, kb.entities[0]!);
    const embed = reply.embeds[0]!;
    expect(embed.description).toBe('Person: a foreign minister.');
    expect(embed.fields!.map((f) => f.name)).toEqual(['¶2', 'Mentioned in', 'In their words · ¶2', 'In their words · ¶7']);
    expect(embed.fields![0]!.value).toBe('> Foreign Minister Ri Son Gwon said');
    expect(embed.fields![1]!.value).toBe('¶2, ¶6, ¶7');
    expect(labels(reply)).toEqual(['Read ¶2 in full', 'Read ¶6 in full', 'Read ¶7 in full']);
  });
});

describe('renderTimeline', () => {
  it('lists events by resolved date, each with its paragraph, noting dates worked out from the text', () => {
    const fields = renderTimeline(kb).embeds[0]!.fields!;
    expect(fields.map((f) => f.name)).toEqual(['June 2018 · ¶4', 'February 2019 · ¶5', '12 June 2020 · ¶1']);
    expect(fields[1]!.value).toContain('“February last year” in the article');
    expect(fields[0]!.value).not.toContain('in the article');
  });

  it('formats partial dates', () => {
    expect([displayDate('2017'), displayDate('2019-02'), displayDate('2020-06-01')]).toEqual(['2017', 'February 2019', '1 June 2020']);
  });
});

describe('renderCheck', () => {
  it('merges the passages of every answered claim, best claim first, without repeats', () => {
    const reply = renderCheck(kb, [
      answered({ confidence: 0.5, citations: [{ paragraph: 4, quote: 'the Singapore summit in June 2018' }] }),
      notCovered(),
      answered({ confidence: 0.9 }),
      answered({ confidence: 0.4, citations: [{ paragraph: 5, quote: 'failed to lead to a deal because of conflicts' }] }),
    ]);
    expect(reply.embeds[0]!.fields!.map((f) => f.name)).toEqual(['¶5', '¶3', '¶4']);
  });

  it('says the article says nothing, with no ¶, when no claim is answered', () => {
    const reply = renderCheck(kb, [notCovered()]);
    expect(reply.embeds[0]!.description).toMatch(/says nothing/u);
    expect(JSON.stringify(reply)).not.toContain('¶');
  });
});

describe('renderHelp, renderNotice, fitChoices', () => {
  it('lists the loaded commands and what is stored', () => {
    const embed = renderHelp(kb, [{ usage: '/ask', description: 'Ask' }], 'Nothing.').embeds[0]!;
    expect(embed.fields).toContainEqual({ name: '/ask', value: 'Ask', inline: true });
    expect(embed.fields).toContainEqual({ name: 'What I store', value: 'Nothing.' });
  });

  it('fits a notice into the content limit', () => {
    expect(renderNotice('x'.repeat(5000)).content!.length).toBe(2000);
  });

  it('fits autocomplete choices to 25 of at most 100 characters', () => {
    const choices = fitChoices(Array.from({ length: 40 }, (_, i) => ({ name: `${i} ${'q'.repeat(150)}`, value: `${i}` })));
    expect(choices).toHaveLength(AUTOCOMPLETE_CHOICES_MAX);
    expect(choices.every((c) => c.name.length <= AUTOCOMPLETE_CHOICE_NAME_MAX)).toBe(true);
    expect(choices[0]!.name.endsWith('…')).toBe(true);
  });

  it('renders buttons as Discord components', () => {
    const row = renderAnswer(kb, answered()).components[0]!;
    expect(row.type).toBe(ComponentType.ActionRow);
    expect(row.components[0]!.type).toBe(ComponentType.Button);
  });
});
