import { cpus } from 'node:os';
import { parseOptions } from './load/options.ts';
import { runClosedLoop, startSession, type BotKind, type RunResult } from './load/session.ts';
import { EVENT_KINDS, eventStream, LANES, type Lane } from './load/traffic.ts';
import type { LatencySummary } from './load/stats.ts';

/**
 * `npm run loadtest`: factdesk as `npm start` runs it, under a mixed stream of /ask, autocomplete,
 * DMs and mentions from the project's questions, against a local fake Discord; then the same stream
 * against a bare discord.js bot that answers with a fixed reply, as the floor of this machine and
 * library. Prints both and factdesk's figures as ratios to the floor, and exits 1 when a target is
 * missed. Everything runs on 127.0.0.1 and every process it starts is stopped before it exits.
 */

const TARGETS = { p99Ratio: 1.2, throughputRatio: 0.9, rssRatio: 1.3 } as const;

const USAGE = `usage: npm run loadtest -- [--count 2000] [--concurrency 200] [--rounds 3] [--seed 1] [--json] [--only factdesk|bare] [--profile DIR]`;

const { json, number, text, fail } = parseOptions(
  {
    count: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    only: { type: 'string' },
    profile: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  USAGE,
);
const positive = (name: string) => number(name, { min: 1, integer: true });
const count = positive('count');
const concurrency = positive('concurrency');
const seed = positive('seed');
const rounds = positive('rounds');
const only = text('only');
if (only !== undefined && only !== 'factdesk' && only !== 'bare') fail(`--only must be factdesk or bare, got "${only}"`);
const bots: BotKind[] = only ? [only as BotKind] : ['bare', 'factdesk'];
const profile = text('profile');

const log = (line: string) => {
  if (!json) process.stdout.write(`${line}\n`);
};

async function measure(bot: BotKind): Promise<RunResult> {
  log(`${bot}: starting the fake Discord and the bot process, warming up…`);
  const session = await startSession({ bot, ...(profile ? { profileDir: profile } : {}) });
  try {
    const stream = eventStream({ seed, users: session.cast.users.length, channels: session.cast.channels.length });
    log(`${bot}: ${count} events, ${concurrency} in flight…`);
    return await runClosedLoop(session, stream.take(count), concurrency);
  } finally {
    await session.close();
  }
}

/**
 * Rounds alternate between the bots (bare, factdesk, bare, factdesk, …) so that whatever else the
 * machine is doing weighs on both alike; each bot is then represented by its median round, ranked by
 * interaction throughput (a whole round, so its figures stay consistent with one another).
 */
const runs: Record<BotKind, RunResult[]> = { bare: [], factdesk: [] };
for (let round = 1; round <= rounds; round++) {
  for (const bot of bots) {
    if (rounds > 1) log(`round ${round} of ${rounds}`);
    runs[bot].push(await measure(bot));
  }
}
const median = (list: RunResult[]) => [...list].sort((a, b) => a.lanes.interactions.throughput - b.lanes.interactions.throughput)[Math.floor((list.length - 1) / 2)]!;
const results: Partial<Record<BotKind, RunResult>> = {};
for (const bot of bots) results[bot] = median(runs[bot]);
const roundFigures = Object.fromEntries(
  bots.map((bot) => [bot, runs[bot].map((r) => ({ throughput: r.throughput, interactions: r.lanes.interactions.throughput, p99: r.latency.p99, rssPeakMb: r.rssMb.peak, botCpuMsPerEvent: r.cpuMsPerEvent.bot }))]),
);

const ours = results.factdesk;
const floor = results.bare;
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);
/** factdesk's figures over the bare bot's, overall and per lane (the targets apply to each). */
const ratios =
  ours && floor
    ? {
        p99: ratio(ours.latency.p99, floor.latency.p99),
        throughput: ratio(ours.throughput, floor.throughput),
        lanes: Object.fromEntries(
          LANES.map((lane) => [
            lane,
            { p99: ratio(ours.lanes[lane].latency.p99, floor.lanes[lane].latency.p99), throughput: ratio(ours.lanes[lane].throughput, floor.lanes[lane].throughput) },
          ]),
        ) as Record<Lane, { p99: number | null; throughput: number | null }>,
        p99ByKind: Object.fromEntries(EVENT_KINDS.map((kind) => [kind, ratio(ours.latencyByKind[kind].p99, floor.latencyByKind[kind].p99)])),
        rssAfter: ratio(ours.rssMb.after, floor.rssMb.after),
        rssPeak: ratio(ours.rssMb.peak, floor.rssMb.peak),
      }
    : null;

const misses: string[] = [];
// Every round counts here, not just the median: one unanswered event in any round is a miss.
for (const result of bots.flatMap((bot) => runs[bot])) {
  const missing = result.count - result.outcomes.answered;
  if (missing > 0) misses.push(`${result.bot}: ${missing} of ${result.count} events not answered (${JSON.stringify(result.outcomes)})`);
  if (result.late > 0) misses.push(`${result.bot}: ${result.late} answers later than Discord's 3 s`);
  if (result.violations.length > 0) misses.push(`${result.bot}: the fake Discord saw violations`);
}
if (ratios) {
  const checks: [string, { p99: number | null; throughput: number | null }][] = [['overall', ratios], ...LANES.map((lane) => [lane, ratios.lanes[lane]] as [string, { p99: number | null; throughput: number | null }])];
  for (const [what, r] of checks) {
    if (r.p99 !== null && r.p99 > TARGETS.p99Ratio) misses.push(`${what}: p99 is ${r.p99}× the bare bot's (target ≤ ${TARGETS.p99Ratio}×)`);
    if (r.throughput !== null && r.throughput < TARGETS.throughputRatio) misses.push(`${what}: throughput is ${r.throughput}× the bare bot's (target ≥ ${TARGETS.throughputRatio}×)`);
  }
  if (ratios.rssPeak !== null && ratios.rssPeak > TARGETS.rssRatio) misses.push(`peak RSS is ${ratios.rssPeak}× the bare bot's (target ≤ ${TARGETS.rssRatio}×)`);
}

const machine = { cpus: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown', node: process.version };
if (json) {
  process.stdout.write(`${JSON.stringify({ count, concurrency, rounds, seed, machine, targets: TARGETS, results, ratios, roundFigures, misses, ok: misses.length === 0 })}\n`);
} else {
  const pad = (text: string | number, width: number) => String(text).padStart(width);
  const row = (label: string, s: LatencySummary) => `  ${label.padEnd(15)} ${pad(s.count, 5)} ${pad(s.p50, 7)} ${pad(s.p95, 7)} ${pad(s.p99, 7)} ${pad(s.max, 7)}`;
  log('');
  log(`machine: ${machine.cpus} × ${machine.cpu}, Node ${machine.node}; ${count} events, ${concurrency} in flight, seed ${seed}`);
  if (rounds > 1) {
    log(`${rounds} rounds each, alternating; the median round of each bot is shown. Interaction throughput by round: ${bots.map((bot) => `${bot} ${runs[bot].map((r) => r.lanes.interactions.throughput).join(', ')}`).join('; ')}`);
  }
  for (const result of Object.values(results)) {
    log('');
    log(`${result.bot}: ${result.throughput} answers/s over ${result.seconds} s; outcomes ${JSON.stringify(result.outcomes)}, late ${result.late}`);
    for (const lane of LANES) {
      const l = result.lanes[lane];
      log(`  ${lane.padEnd(15)} ${l.count} events, ${l.concurrency} in flight: ${l.throughput}/s over ${l.seconds} s`);
    }
    log(`  latency ms       ${pad('n', 5)} ${pad('p50', 7)} ${pad('p95', 7)} ${pad('p99', 7)} ${pad('max', 7)}`);
    log(row('all', result.latency));
    for (const kind of EVENT_KINDS) log(row(kind, result.latencyByKind[kind]));
    log(`  RSS MB           before ${result.rssMb.before}, after ${result.rssMb.after}, peak ${result.rssMb.peak}`);
    log(`  CPU ms/event     bot ${result.cpuMsPerEvent.bot}, fake Discord + load generator ${result.cpuMsPerEvent.driver}`);
    log(`  bot log lines    ${JSON.stringify(result.logLines)}`);
    for (const problem of [...result.problems, ...result.violations]) log(`  ! ${problem}`);
    for (const line of result.recentLog) log(`  bot: ${line}`);
  }
  if (ratios) {
    log('');
    log(`factdesk / bare: p99 ${ratios.p99}×, throughput ${ratios.throughput}×; ${LANES.map((lane) => `${lane} p99 ${ratios.lanes[lane].p99}× throughput ${ratios.lanes[lane].throughput}×`).join('; ')}`);
    log(`                 p99 by kind ${JSON.stringify(ratios.p99ByKind)}; RSS after ${ratios.rssAfter}×, peak ${ratios.rssPeak}×`);
    log(`targets: p99 ≤ ${TARGETS.p99Ratio}×, throughput ≥ ${TARGETS.throughputRatio}× (overall and per lane), peak RSS ≤ ${TARGETS.rssRatio}×, every event answered within 3 s`);
  } else {
    log('(one bot only: no ratios; run without --only to compare with the bare bot)');
  }
  log(misses.length === 0 ? 'all targets met' : `MISSED:\n  ${misses.join('\n  ')}`);
}
process.exitCode = misses.length === 0 ? 0 : 1;
