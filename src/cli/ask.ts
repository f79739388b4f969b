import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createEngine } from '../engine/index.ts';
import type { AnswerResult } from '../engine/types.ts';
import { UserError } from '../errors.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import { formatResult } from './format.ts';

const USAGE = `usage: npm run ask -- [--json] ["question"]
  With a question, answers it. Without one, reads questions from stdin, one a line; a line that is a
  JSON object with a "question" field (like ../shared/eval/dev.jsonl) is taken as one, its "id" echoed.`;

/** Exit codes: 0 answered or not answered, 2 a usage error (no question, empty, or too long). */
const EXIT_USAGE = 2;

function parse(): { json: boolean; explain: boolean; question: string | undefined } {
  try {
    const { values, positionals } = parseArgs({
      options: { json: { type: 'boolean', default: false }, explain: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
      allowPositionals: true,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    return { json: values.json, explain: values.explain, question: positionals.length > 0 ? positionals.join(' ') : undefined };
  } catch (err) {
    throw new UserError(`${(err as Error).message}\n${USAGE}`);
  }
}

/** A stdin line: a JSON question object, or else the question itself. */
function readLine(line: string): { id?: unknown; question: string } {
  if (line.trimStart().startsWith('{')) {
    try {
      const obj: unknown = JSON.parse(line);
      if (obj && typeof obj === 'object' && typeof (obj as { question?: unknown }).question === 'string') {
        const { id, question } = obj as { id?: unknown; question: string };
        return { id, question };
      }
    } catch {
      // Not JSON after all: the line is a question that happens to start with a brace.
    }
  }
  return { question: line };
}

async function main(): Promise<number> {
  const args = parse();
  const kb = loadKnowledge();
  const engine = createEngine(kb);

  const answerOne = (question: string, id?: unknown): { out: string; ok: boolean } => {
    const head = id === undefined ? {} : { id };
    let result: AnswerResult;
    try {
      result = engine.ask(question);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      return { out: args.json ? JSON.stringify({ ...head, question, error: err.message }) : `error: ${err.message}`, ok: false };
    }
    if (args.json) {
      const extra = args.explain ? { explain: engine.explain(question) } : {};
      return { out: JSON.stringify({ ...head, question, ...result, ...extra }), ok: true };
    }
    const label = id === undefined ? '' : `[${String(id)}] `;
    const explain = args.explain ? `\n${JSON.stringify(engine.explain(question), null, 2)}` : '';
    return { out: `${label}${formatResult(result, kb.article)}${explain}`, ok: true };
  };

  if (args.question !== undefined) {
    const { out, ok } = answerOne(args.question);
    (ok ? console.log : console.error)(out);
    return ok ? 0 : EXIT_USAGE;
  }
  if (process.stdin.isTTY) throw new UserError(`no question given\n${USAGE}`);

  let failed = false;
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim().length === 0) continue;
    const { id, question } = readLine(line);
    const { out, ok } = answerOne(question, id);
    if (!ok) failed = true;
    // In JSON mode errors stay on stdout so the output keeps one object per input line, in order.
    (ok || args.json ? console.log : console.error)(args.json ? out : `${out}\n`);
  }
  return failed ? EXIT_USAGE : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = err instanceof UserError ? EXIT_USAGE : 1;
  },
);
