import { parseArgs } from 'node:util';
import { createEngine } from '../engine/index.ts';
import { UserError } from '../errors.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import { evaluate, formatReport, readQuestionFile } from './evaluation.ts';

const USAGE = 'usage: npm run eval -- FILE.jsonl [--json]';

try {
  const { values, positionals } = parseArgs({ options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UserError(USAGE);
  const report = evaluate(createEngine(loadKnowledge()), readQuestionFile(positionals[0]!));
  console.log(values.json ? JSON.stringify(report) : formatReport(report));
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 2;
}
