import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/index.ts';
import { QUESTION_MAX, UserError } from '../../src/errors.ts';
import { QUESTION_FORM_MAX } from '../../src/knowledge/schema.ts';
import { cleanUserText } from '../../src/discord/safe-text.ts';
import { hostileText, questionLike, realKb, typedPrefix } from './hostile.ts';
import { resultProblems } from './invariants.ts';

/**
 * The engine takes whatever reaches it: raw text (a CLI, a future adapter) and the cleaned text the
 * bot hands it. A usage error is an answer; any other exception is a bug.
 */

const kb = realKb;
const engine = createEngine(kb);

function askOrUsage(question: string) {
  try {
    return engine.ask(question);
  } catch (error) {
    if (error instanceof UserError && error.category === 'usage') return error;
    throw error;
  }
}

describe('engine.ask on any input', () => {
  it('answers with verbatim citations from ¶1..¶15, or refuses with a usage error, and nothing else', () => {
    fc.assert(
      fc.property(questionLike, fc.boolean(), (raw, cleaned) => {
        const question = cleaned ? cleanUserText(raw) : raw;
        const outcome = askOrUsage(question);
        if (outcome instanceof UserError) {
          // Only two reasons are legitimate: nothing to ask, or too much.
          expect(question.trim() === '' || question.length > QUESTION_MAX, `refused ${JSON.stringify(question.slice(0, 80))}: ${outcome.message}`).toBe(true);
          return;
        }
        expect(resultProblems(outcome, kb)).toEqual([]);
        expect(outcome.suggestions.length).toBeLessThanOrEqual(3);
      }),
      { numRuns: 400 },
    );
  });

  it('refuses every question over the length limit, whatever it contains', () => {
    fc.assert(
      // Surrounding whitespace does not count towards the limit: the engine trims it first.
      fc.property(hostileText.filter((text) => text.trim().length > QUESTION_MAX), (raw) => {
        expect(() => engine.ask(raw)).toThrow(UserError);
      }),
      { numRuns: 30 },
    );
  });
});

describe('engine.complete on anything typed so far', () => {
  // Offering a question the bot then cannot answer would be worse than offering nothing.
  it('never throws and offers at most `limit` distinct questions, each of which the engine answers', () => {
    fc.assert(
      fc.property(typedPrefix, fc.integer({ min: -3, max: 40 }), (typed, limit) => {
        const offered = engine.complete(cleanUserText(typed), limit);
        expect(offered.length).toBeLessThanOrEqual(Math.max(0, Math.min(limit, 25)));
        expect(new Set(offered).size).toBe(offered.length);
        for (const question of offered) {
          expect(question.length).toBeLessThanOrEqual(QUESTION_FORM_MAX);
          expect(engine.ask(question).kind, `offered "${question}", which the engine does not answer`).toBe('answer');
        }
      }),
      { numRuns: 120 },
    );
  });
});
