import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQuestionFile } from '../../src/cli/evaluation.ts';
import { createEngine } from '../../src/engine/index.ts';
import { QUESTION_MAX } from '../../src/errors.ts';
import { citedParagraphs, startBot, type Running } from './bot-harness.ts';

/**
 * Discord must answer at the engine's accuracy: the first ¶ label of every reply is the engine's
 * first citation, and an unanswered reply carries no label at all. Run over the blind question set
 * through /ask and through direct messages, with the real client against the fake.
 */
const questions = readQuestionFile(fileURLToPath(new URL('../eval/blind.jsonl', import.meta.url)))
  .filter((q) => q.question.trim().length > 0 && q.question.length <= QUESTION_MAX)
  .slice(0, 60);

let run: Running;
beforeAll(async () => {
  run = await startBot();
});
afterAll(async () => {
  await run.close();
});

const firstLabel = (paragraphs: number[]) => paragraphs[0] ?? null;

describe('Replies on Discord carry the engine\'s citations', () => {
  it('for /ask', async () => {
    const engine = createEngine(run.kb);
    const mismatches: string[] = [];
    for (const q of questions) {
      const reply = await (await run.fake.slash('ask', { question: q.question })).waitForReply();
      const want = engine.ask(q.question).citations[0]?.paragraph ?? null;
      const got = firstLabel(citedParagraphs(reply));
      if (got !== want) mismatches.push(`${q.id}: engine ¶${want}, reply ¶${got}`);
      if (want === null) expect(JSON.stringify(reply), q.id).not.toContain('¶');
    }
    expect(mismatches).toEqual([]);
  });

  it('for direct messages', async () => {
    const engine = createEngine(run.kb);
    const mismatches: string[] = [];
    for (const q of questions.slice(0, 30)) {
      const reply = await (await run.fake.dm(q.question)).waitForReply();
      const result = engine.ask(q.question);
      const want = result.citations[0]?.paragraph ?? null;
      const got = reply.embeds.length > 0 ? firstLabel(citedParagraphs(reply)) : null;
      if (got !== want) mismatches.push(`${q.id}: engine ¶${want}, reply ¶${got}`);
    }
    expect(mismatches).toEqual([]);
  });
});
