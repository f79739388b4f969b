import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AnswerResult, Engine } from '../engine/types.ts';
import { UserError } from '../errors.ts';

/** One line of a question file, as `../shared/eval/README.md` defines it. */
export const evalQuestionSchema = z.object({
  id: z.string(),
  question: z.string(),
  expect: z.array(z.number().int().min(1)),
  allow: z.array(z.number().int().min(1)).optional(),
  kind: z.string(),
});
export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

export function readQuestionFile(path: string): EvalQuestion[] {
  const text = readFileSync(path, 'utf8');
  return text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, n }) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw new UserError(`${path}:${n}: not valid JSON; each line must be one question object`);
      }
      const parsed = evalQuestionSchema.safeParse(json);
      if (!parsed.success) {
        throw new UserError(`${path}:${n}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'line'} ${i.message}`).join('; ')}`);
      }
      return parsed.data;
    });
}

/** The shared rule: an answerable question needs an answer whose first citation is expected. */
export function isCorrect(q: EvalQuestion, r: AnswerResult): boolean {
  const first = r.citations[0]?.paragraph;
  if (q.expect.length > 0) return r.answered && first !== undefined && q.expect.includes(first);
  return !r.answered || (first !== undefined && (q.allow ?? []).includes(first));
}

export interface Tally {
  correct: number;
  total: number;
}
export interface EvalReport {
  overall: Tally;
  answerable: Tally;
  unanswerable: Tally;
  byKind: Record<string, Tally>;
  misses: { id: string; kind: string; question: string; expect: number[]; cited: number[]; answered: boolean }[];
}

const rate = (t: Tally) => (t.total === 0 ? 1 : t.correct / t.total);

export function evaluate(engine: Engine, questions: EvalQuestion[]): EvalReport {
  const tally = (): Tally => ({ correct: 0, total: 0 });
  const report: EvalReport = { overall: tally(), answerable: tally(), unanswerable: tally(), byKind: {}, misses: [] };
  for (const q of questions) {
    let r: AnswerResult;
    try {
      r = engine.ask(q.question);
    } catch (err) {
      // A usage error (empty, too long) is the bot declining to answer, which is what an
      // unanswerable question wants.
      if (!(err instanceof UserError)) throw err;
      r = { answered: false, kind: 'not_covered', answer: err.message, citations: [], confidence: 0, suggestions: [] };
    }
    const ok = isCorrect(q, r);
    const buckets = [report.overall, q.expect.length > 0 ? report.answerable : report.unanswerable, (report.byKind[q.kind] ??= tally())];
    for (const b of buckets) {
      b.total += 1;
      if (ok) b.correct += 1;
    }
    if (!ok) {
      report.misses.push({ id: q.id, kind: q.kind, question: q.question, expect: q.expect, cited: r.citations.map((c) => c.paragraph), answered: r.answered });
    }
  }
  return report;
}

export function scoreOf(t: Tally): number {
  return rate(t);
}

export function formatReport(report: EvalReport): string {
  const pct = (t: Tally) => `${(rate(t) * 100).toFixed(1)}% (${t.correct}/${t.total})`;
  const lines = [
    `overall       ${pct(report.overall)}`,
    `answerable    ${pct(report.answerable)}`,
    `unanswerable  ${pct(report.unanswerable)}`,
    '',
    'by kind:',
    ...Object.entries(report.byKind)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, t]) => `  ${kind.padEnd(22)} ${pct(t)}`),
  ];
  if (report.misses.length > 0) {
    lines.push('', `misses (${report.misses.length}):`);
    for (const m of report.misses) {
      const got = m.answered ? `cited ${m.cited.map((p) => `¶${p}`).join(', ') || 'nothing'}` : 'not answered';
      const want = m.expect.length > 0 ? m.expect.map((p) => `¶${p}`).join('/') : 'no answer';
      lines.push(`  ${m.id} [${m.kind}] want ${want}, ${got}: ${JSON.stringify(m.question)}`);
    }
  }
  return lines.join('\n');
}
