import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../engine/index.ts';
import type { Engine } from '../engine/types.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import { readQuestionFile } from './evaluation.ts';

/**
 * Engine speed over the project's own questions (every file in tests/eval, or --file). Each round
 * asks every distinct question once of a freshly built engine, so each answer is worked out as for a
 * question the bot has never seen: no memo, and typo corrections cached only for words met earlier
 * in the round, as in a running bot. The JIT is warmed first on other questions, as a running bot's
 * would be. A repeat (the same text again, as autocomplete and buttons send) is timed apart.
 */
const EVAL_DIR = fileURLToPath(new URL('../../tests/eval/', import.meta.url));
const WARMUP_FILE = fileURLToPath(new URL('../../tests/cli/fixtures/mini.jsonl', import.meta.url));
const BUILDS = 20;
const ROUNDS = 5;

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false }, file: { type: 'string' } } });
const files = values.file ? [values.file] : readdirSync(EVAL_DIR).filter((f) => f.endsWith('.jsonl')).map((f) => join(EVAL_DIR, f));
const questions = [...new Set(files.flatMap((f) => readQuestionFile(f).map((q) => q.question)))];
const kb = loadKnowledge();

const buildTimes: number[] = [];
for (let i = 0; i < BUILDS; i++) {
  const t0 = process.hrtime.bigint();
  createEngine(kb);
  buildTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
}

const ask = (engine: Engine, q: string) => {
  try {
    engine.ask(q);
  } catch {
    // Usage errors (empty, too long) are answers too, and cost what they cost.
  }
};
const time = (engine: Engine, q: string) => {
  const s = process.hrtime.bigint();
  ask(engine, q);
  return Number(process.hrtime.bigint() - s) / 1e3;
};
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

// Warm the JIT on a throwaway engine: a few questions many times over, none of them measured.
const warm = createEngine(kb);
const warmup = readQuestionFile(WARMUP_FILE).map((q) => q.question);
for (let r = 0; r < 200; r++) for (const q of warmup) ask(warm, `${q} ${r}`);

const fresh: number[] = [];
const repeat: number[] = [];
let busy = 0;
for (let r = 0; r < ROUNDS; r++) {
  const engine = createEngine(kb);
  for (const q of questions) {
    const us = time(engine, q);
    fresh.push(us);
    busy += us;
    // Asked again at once, as when someone picks an autocomplete choice or a suggestion button.
    repeat.push(time(engine, q));
  }
}
fresh.sort((a, b) => a - b);
repeat.sort((a, b) => a - b);
buildTimes.sort((a, b) => a - b);

const report = {
  questions: questions.length,
  build_ms: +quantile(buildTimes, 0.5).toFixed(2),
  p50_us: +quantile(fresh, 0.5).toFixed(1),
  p99_us: +quantile(fresh, 0.99).toFixed(1),
  max_us: +fresh[fresh.length - 1]!.toFixed(1),
  qps: Math.round(fresh.length / (busy / 1e6)),
  repeat_p50_us: +quantile(repeat, 0.5).toFixed(1),
  repeat_p99_us: +quantile(repeat, 0.99).toFixed(1),
  rss_mb: +(process.memoryUsage().rss / 2 ** 20).toFixed(1),
};
if (values.json) {
  console.log(JSON.stringify(report));
} else {
  console.log(`questions        ${report.questions} distinct, each asked once of ${ROUNDS} fresh engines`);
  console.log(`index build      ${report.build_ms} ms (median of ${BUILDS})`);
  console.log(`latency p50/p99  ${report.p50_us} / ${report.p99_us} µs   (max ${report.max_us} µs)`);
  console.log(`throughput       ${report.qps} answers/s on one core`);
  console.log(`repeat question  ${report.repeat_p50_us} / ${report.repeat_p99_us} µs p50/p99 (answered from the memo)`);
  console.log(`rss              ${report.rss_mb} MB`);
}
