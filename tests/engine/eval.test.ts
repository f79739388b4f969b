import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, formatReport, readQuestionFile, scoreOf } from '../../src/cli/evaluation.ts';
import { createEngine } from '../../src/engine/index.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';

/**
 * The project's own question set, written blind to the fact base. Floors are set a little under what
 * was measured when they were last raised, so a change that loses accuracy fails here; raise them as
 * the engine improves, never lower them to make a change pass.
 */
const FLOORS = { overall: 0.93, answerable: 0.91, unanswerable: 0.96 };

describe.each([
  ['questions.jsonl', FLOORS],
  // Written blind by someone who never saw the fact base. Its misses informed general fixes once;
  // tests/eval/blind.jsonl, written later the same way, is the set no change was measured against.
  ['holdout.jsonl', { overall: 0.92, answerable: 0.9, unanswerable: 0.97 }],
])('The project question set %s', (file, floors) => {
  const questions = readQuestionFile(fileURLToPath(new URL(`../eval/${file}`, import.meta.url)));
  const report = evaluate(createEngine(loadKnowledge()), questions);

  it('has at least 100 questions over every paragraph', () => {
    expect(questions.length).toBeGreaterThanOrEqual(100);
    const covered = new Set(questions.flatMap((q) => q.expect));
    expect(covered.size).toBe(15);
  });

  it.each(Object.entries(floors) as [keyof typeof FLOORS, number][])('scores at least the %s floor (%f)', (part, floor) => {
    expect(scoreOf(report[part]), formatReport(report)).toBeGreaterThanOrEqual(floor);
  });
});
