import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimsOf } from '../../commands/check-against-article.ts';
import { createEngine } from '../../src/engine/index.ts';
import type { AnswerResult, Citation } from '../../src/engine/types.ts';
import { messages, UserError } from '../../src/errors.ts';
import { entityChoices, findEntity, speakers } from '../../src/discord/entity-search.ts';
import { NOTHING_STORED } from '../../src/discord/notices.ts';
import {
  fitChoices,
  questionChoices,
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
import { cleanUserText, withoutParagraphSigns } from '../../src/discord/safe-text.ts';
import { hostileText, longText, projectQuestions, questionLike, realKb, typedPrefix } from './hostile.ts';
import { choiceProblems, citationProblems, limitProblems, unansweredProblems } from './invariants.ts';

/**
 * Every renderer the bot has, fed what users can make it show: their questions (echoed as titles),
 * the engine's results for them, messages checked against the article, names typed into /who and
 * /quote, and results of any shape the engine's contract allows. Each reply must be sendable as is.
 */

const kb = realKb;
const engine = createEngine(kb);
const canonical = kb.facts.map((fact) => fact.questions[0]!);

function problemsOf(reply: Reply, answered: boolean): string[] {
  return [...limitProblems(reply), ...citationProblems(reply, kb), ...(answered ? [] : unansweredProblems(reply))];
}

function expectSendable(reply: Reply, answered: boolean): void {
  expect(problemsOf(reply, answered)).toEqual([]);
}

/** What /ask, a DM and a mention do with the text: clean it, ask, render the answer or the usage error. */
function replyToQuestion(raw: string): { reply: Reply; answered: boolean } {
  const text = cleanUserText(raw);
  try {
    const result = engine.ask(text);
    return { reply: renderAnswer(kb, result, { question: { text } }), answered: result.kind === 'answer' };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { reply: renderNotice(error.message), answered: false };
  }
}

/**
 * Text that could stand in the fact base: anything, except the paragraph signs the bot reserves for
 * its own labels (fact-base text reaches embeds unstripped, so a sign in it would read as a citation).
 */
const factBaseText = fc.oneof(hostileText, longText).map(withoutParagraphSigns).filter((text) => text.trim() !== '');

/** A verbatim span of a paragraph, as the fact base's citations are. */
const citation = fc.integer({ min: 1, max: kb.article.paragraphs.length }).chain((paragraph) => {
  const text = kb.article.paragraphs[paragraph - 1]!;
  const span = fc
    .tuple(fc.nat({ max: text.length - 1 }), fc.integer({ min: 1, max: text.length }))
    .map(([start, length]) => text.slice(start, start + length).trim())
    .filter((quote) => quote.length > 0);
  return fc.oneof(fc.constant(text), span).map((quote) => ({ paragraph, quote }));
});

/** Any result the engine's contract allows, with answers and suggestions far longer than the fact base holds. */
const anyResult: fc.Arbitrary<AnswerResult> = fc.oneof(
  fc.record({
    answered: fc.constant(true),
    kind: fc.constant('answer' as const),
    answer: fc.oneof(fc.constantFrom(...kb.facts.map((f) => f.answer)), factBaseText),
    citations: fc.array(citation, { minLength: 1, maxLength: 40, size: 'max' }),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    suggestions: fc.array(fc.oneof(fc.constantFrom(...canonical), hostileText), { maxLength: 8 }),
    factId: fc.constantFrom(...kb.facts.map((f) => f.id)),
  }),
  fc.record({
    answered: fc.constant(false),
    kind: fc.constantFrom('not_covered' as const, 'smalltalk' as const),
    answer: fc.oneof(fc.constantFrom(...kb.gaps.map((g) => g.answer)), factBaseText),
    citations: fc.constant<Citation[]>([]),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    suggestions: fc.array(fc.oneof(fc.constantFrom(...canonical), hostileText), { maxLength: 8 }),
  }),
);

describe('the reply to a question (/ask, DM, mention)', () => {
  it('is sendable for whatever was typed, cites only verbatim passages, and shows no ¶ when unanswered', () => {
    fc.assert(
      fc.property(questionLike, (raw) => {
        const { reply, answered } = replyToQuestion(raw);
        expectSendable(reply, answered);
      }),
      { numRuns: 400 },
    );
  });

  it('is sendable for every question of the project, exactly as written', () => {
    for (const question of projectQuestions) {
      const { reply, answered } = replyToQuestion(question);
      expect(problemsOf(reply, answered), question).toEqual([]);
    }
  });

  it('fits any result the engine may return, under any title, user-typed or from the fact base', () => {
    fc.assert(
      fc.property(
        anyResult,
        fc.oneof(
          hostileText.map((text) => ({ text })),
          fc.constantFrom(...canonical).map((text) => ({ text, trusted: true })),
          fc.constant(undefined),
        ),
        (result, question) => {
          const reply = renderAnswer(kb, result, question ? { question } : {});
          expectSendable(reply, result.kind === 'answer');
        },
      ),
      { numRuns: 250 },
    );
  });
});

describe('"Check against article"', () => {
  it('renders a sendable verdict for any message text', () => {
    fc.assert(
      fc.property(hostileText, (raw) => {
        // As the command does: an empty message is refused before anything is checked.
        const text = cleanUserText(raw, { multiline: true });
        if (text.length === 0) return;
        const results = claimsOf(text).map((claim) => engine.ask(claim));
        expectSendable(renderCheck(kb, results), results.some((r) => r.kind === 'answer'));
      }),
      { numRuns: 40 },
    );
  });

  it('fits any set of results', () => {
    fc.assert(
      fc.property(fc.array(anyResult, { maxLength: 12, size: 'max' }), (results) => {
        expectSendable(renderCheck(kb, results), results.some((r) => r.kind === 'answer'));
      }),
      { numRuns: 100 },
    );
  });
});

describe('/who and /quote', () => {
  it('answer any typed name with a sendable entity card or the catalog refusal', () => {
    fc.assert(
      fc.property(fc.oneof(questionLike, fc.constantFrom(...kb.entities.flatMap((e) => [e.id, e.name, ...e.aliases]))), (typed) => {
        const entity = findEntity(kb.entities, typed);
        expectSendable(entity ? renderEntity(kb, entity) : renderNotice(messages.unknownEntity), entity !== undefined);
        const speaker = findEntity(speakers(kb), typed);
        expectSendable(renderQuotes(kb, speaker?.id ?? null), true);
      }),
      { numRuns: 150 },
    );
  });

  it('fit an entity whatever its name and role hold', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kb.entities), factBaseText, factBaseText, (entity, name, role) => {
        expectSendable(renderEntity(kb, { ...entity, name, role }), true);
      }),
      { numRuns: 60 },
    );
  });

  it('renders every entity and every speaker of the fact base', () => {
    for (const entity of kb.entities) expect(problemsOf(renderEntity(kb, entity), true), entity.id).toEqual([]);
    for (const speaker of [null, ...speakers(kb).map((s) => s.id)]) expect(problemsOf(renderQuotes(kb, speaker), true), String(speaker)).toEqual([]);
  });
});

describe('the reference replies', () => {
  it('render every paragraph, the article, the timeline and help within the limits', () => {
    for (let paragraph = 1; paragraph <= kb.article.paragraphs.length; paragraph++) {
      expect(problemsOf(renderParagraph(kb, paragraph), true), `¶${paragraph}`).toEqual([]);
    }
    expect(problemsOf(renderArticle(kb), true)).toEqual([]);
    expect(problemsOf(renderTimeline(kb), true)).toEqual([]);
  });

  it('fit /help whatever the commands say and whatever the storage policy is', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ usage: hostileText, description: hostileText }), { maxLength: 30, size: 'max' }),
        fc.oneof(fc.constant(NOTHING_STORED), hostileText.filter((t) => t.trim() !== '')),
        (entries, storage) => {
          expect(limitProblems(renderHelp(kb, entries.filter((e) => e.usage.trim() && e.description.trim()), storage))).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('fit a notice of any length', () => {
    fc.assert(
      fc.property(hostileText.filter((t) => t.trim() !== ''), (text) => {
        expect(limitProblems(renderNotice(text))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('autocomplete', () => {
  it('offers sendable choices for whatever has been typed into /ask, /who and /quote', () => {
    fc.assert(
      fc.property(typedPrefix, (typed) => {
        const cleaned = cleanUserText(typed);
        expect(choiceProblems(questionChoices(engine.complete(cleaned, 25)))).toEqual([]);
        expect(choiceProblems(entityChoices(kb.entities, typed))).toEqual([]);
        expect(choiceProblems(entityChoices(speakers(kb), typed))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('fits any list of choices', () => {
    const text = hostileText.filter((t) => t.trim() !== '');
    fc.assert(
      fc.property(fc.array(fc.record({ name: text, value: text }), { maxLength: 60, size: 'max' }), (choices) => {
        expect(choiceProblems(fitChoices(choices))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
