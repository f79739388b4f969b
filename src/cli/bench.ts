import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../engine/index.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import { readQuestionFile } from './evaluation.ts';

/**
 * Engine speed over the project's own questions: index build time, then every question asked
 * ROUNDS times. The first round is reported apart because it pays for typo-correction look-ups that
 * later rounds find cached; a bot sees both.
 */
const DEFAULT_FILE = fileURLToPath(new URL('../../tests/eval/questions.jsonl', import.meta.url));
const BUILDS = 20;
const ROUNDS = 30;

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, file: { type: 'string', default: DEFAULT_FILE } },
});
const questions = readQuestionFile(values.file).map((q) => q.question);
const kb = loadKnowledge();

const buildTimes: number[] = [];
let engine = createEngine(kb);
for (let i = 0; i < BUILDS; i++) {
  const t0 = process.hrtime.bigint();
  engine = createEngine(kb);
  buildTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
}

const ask = (q: string) => {
  try {
    engine.ask(q);
  } catch {
    // Usage errors (empty, too long) are answers too, and cost what they cost.
  }
};
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const measure = (rounds: number) => {
  const us: number[] = [];
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const s = process.hrtime.bigint();
      ask(q);
      us.push(Number(process.hrtime.bigint() - s) / 1e3);
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  us.sort((a, b) => a - b);
  return { p50: quantile(us, 0.5), p99: quantile(us, 0.99), max: us[us.length - 1]!, qps: us.length / seconds };
};

const cold = measure(1);
const warm = measure(ROUNDS);
buildTimes.sort((a, b) => a - b);
const report = {
  questions: questions.length,
  build_ms: +quantile(buildTimes, 0.5).toFixed(2),
  p50_us: +warm.p50.toFixed(1),
  p99_us: +warm.p99.toFixed(1),
  max_us: +warm.max.toFixed(1),
  qps: Math.round(warm.qps),
  cold_p50_us: +cold.p50.toFixed(1),
  cold_p99_us: +cold.p99.toFixed(1),
  rss_mb: +(process.memoryUsage().rss / 2 ** 20).toFixed(1),
};
if (values.json) {
  console.log(JSON.stringify(report));
} else {
  console.log(`questions        ${report.questions} (x${ROUNDS} rounds)`);
  console.log(`index build      ${report.build_ms} ms (median of ${BUILDS})`);
  console.log(`latency p50/p99  ${report.p50_us} / ${report.p99_us} µs   (max ${report.max_us} µs)`);
  console.log(`first round      ${report.cold_p50_us} / ${report.cold_p99_us} µs p50/p99, typo cache cold`);
  console.log(`throughput       ${report.qps} answers/s on one core`);
  console.log(`rss              ${report.rss_mb} MB`);
}
