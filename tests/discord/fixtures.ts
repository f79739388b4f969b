import type { AnswerResult } from '../../src/engine/types.ts';
import type { KnowledgeBase } from '../../src/knowledge/schema.ts';

/**
 * A small, fixed fact base for renderer tests: the article's date and dateline as the real one, but
 * synthetic text, so tests do not break when `knowledge/` is edited and can plant hostile content.
 */
export function fixtureKb(): KnowledgeBase {
  return {
    article: {
      title: 'A fixture article about two summits',
      date: '2020-06-13',
      dateline: 'SEOUL',
      summary: 'A synthetic article used to test how replies look.',
      paragraphs: Array.from({ length: 15 }, (_, i) => `Paragraph ${i + 1} of the fixture article, with *stars* and _underscores_.`),
    },
    entities: [
      { id: 'ri', type: 'person', name: 'Ri Son Gwon', role: 'a foreign minister', aliases: ['Ri', 'Mr Ri'], paragraphs: [2, 6, 7],
        citation: { paragraph: 2, quote: 'Foreign Minister Ri Son Gwon said' } },
      { id: 'russel', type: 'person', name: 'Daniel Russel', role: 'a former diplomat', aliases: ['Russel'], paragraphs: [10, 11],
        citation: { paragraph: 10, quote: 'the top US diplomat for East Asia' } },
      { id: 'singapore', type: 'event', name: 'Singapore summit', role: 'the first summit', aliases: ['Singapore'], paragraphs: [4],
        citation: { paragraph: 4, quote: 'the Singapore summit in June 2018' } },
    ],
    quotes: [
      { id: 'ri-never', speaker: 'ri', text: 'Never again will we do this,', paragraph: 7, direct: true },
      { id: 'russel-pressure', speaker: 'russel', text: 'pressure is likely to rise', paragraph: 10, direct: false },
      { id: 'ri-threat', speaker: 'ri', text: 'the threat remains', paragraph: 2, direct: false },
    ],
    events: [
      {
        id: 'second',
        what: 'The second summit failed',
        when: 'February last year',
        date: '2019-02',
        resolved: true,
        paragraph: 5,
        citation: { paragraph: 5, quote: 'A second summit in February last year' },
      },
      {
        id: 'first',
        what: 'The first summit',
        when: 'June 2018',
        date: '2018-06',
        resolved: false,
        paragraph: 4,
        citation: { paragraph: 4, quote: 'the Singapore summit in June 2018' },
      },
      {
        id: 'report',
        what: 'State media reported the statement',
        when: 'yesterday',
        date: '2020-06-12',
        resolved: true,
        paragraph: 1,
        citation: { paragraph: 1, quote: 'state media reported yesterday' },
      },
    ],
    facts: [
      {
        id: 'why-failed',
        questions: ['Why did the second summit fail?', 'why no deal in vietnam'],
        answer: 'Because of conflicts over denuclearisation and sanctions relief.',
        citations: [
          { paragraph: 5, quote: 'failed to lead to a deal because of conflicts' },
          { paragraph: 3, quote: 'tighten sanctions' },
        ],
        entities: [],
        keywords: [],
      },
      {
        id: 'first-summit',
        questions: ['When was the first summit?', 'singapore summit date'],
        answer: 'In June 2018, in Singapore.',
        citations: [{ paragraph: 4, quote: 'the Singapore summit in June 2018' }],
        entities: ['singapore'],
        keywords: [],
      },
      {
        id: 'who-ri',
        questions: ['Who is Ri Son Gwon?', 'who is ri'],
        answer: 'North Korea’s Foreign Minister.',
        citations: [{ paragraph: 2, quote: 'Foreign Minister Ri Son Gwon' }],
        entities: ['ri'],
        keywords: [],
      },
    ],
    gaps: [],
    lexicon: { synonyms: [], outside: [], stopwords: [], stopPhrases: [] },
    smalltalk: [],
  };
}

export function answered(overrides: Partial<AnswerResult> = {}): AnswerResult {
  return {
    answered: true,
    kind: 'answer',
    answer: 'Because of conflicts over denuclearisation and sanctions relief.',
    citations: [
      { paragraph: 5, quote: 'failed to lead to a deal because of conflicts' },
      { paragraph: 3, quote: 'tighten sanctions' },
    ],
    confidence: 0.9,
    suggestions: ['When was the first summit?', 'Who is Ri Son Gwon?'],
    factId: 'why-failed',
    ...overrides,
  };
}

export function notCovered(overrides: Partial<AnswerResult> = {}): AnswerResult {
  return {
    answered: false,
    kind: 'not_covered',
    answer: "The article doesn't cover that. I can only answer from the article (SEOUL, 2020-06-13).",
    citations: [],
    confidence: 0.1,
    suggestions: ['Why did the second summit fail?', 'When was the first summit?'],
    ...overrides,
  };
}

/** Text that tries every trick: pings, markdown, a fake citation, controls, bidi, emoji, length. */
export const HOSTILE =
  '@everyone @here <@123456789012345678> <@&123456789012345678> <#123456789012345678> </ask:123456789012345678> ' +
  '**bold** __under__ ~~strike~~ ||spoiler|| `code` ```block``` [link](https://example.com) \n# heading\n> quote\n-# small\n' +
  '¶3 says so ⁋4 \u0000\u0007\u001b[31m \u202Eevil\u202C \u200Bzero 👨‍👩‍👧 🇰🇷 ';
