import { cpus } from 'node:os';
import type { RecordedRequest } from '../../tests/discord/fake/index.ts';
import { parseOptions } from './load/options.ts';
import { ACK_DEADLINE_MS, startSession } from './load/session.ts';
import { LatencyBook, summarise } from './load/stats.ts';
import { EVENT_KINDS, eventStream, seededRandom, type EventKind, type OutcomeStatus } from './load/traffic.ts';

/**
 * `npm run soak -- --minutes N`: factdesk as `npm start` runs it, under a steady stream of the load
 * test's mixed events for N minutes while Discord misbehaves as it does in production: the gateway
 * connection is cut every 30 s without a close frame (discord.js resumes and Discord replays what
 * was sent meanwhile), and reply requests randomly get 429s (with Retry-After) and 500s, which
 * discord.js retries. Reports what was answered, retried and lost, and the bot's RSS every ~10 s;
 * exits 1 if anything resumable was lost or RSS grew by more than 10% after warm-up.
 */

const USAGE =
  'usage: npm run soak -- --minutes N [--rate 50] [--drop-every 30] [--p429 0.02] [--p500 0.01] [--sample-every 10] [--warmup 90] [--seed 1] [--json]';

const { json, number: numberOption, fail } = parseOptions(
  {
    minutes: { type: 'string' },
    rate: { type: 'string', default: '50' },
    'drop-every': { type: 'string', default: '30' },
    p429: { type: 'string', default: '0.02' },
    p500: { type: 'string', default: '0.01' },
    'sample-every': { type: 'string', default: '10' },
    warmup: { type: 'string', default: '90' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
  },
  USAGE,
);
const minutes = numberOption('minutes', { min: 0.25, max: 24 * 60 });
const rate = numberOption('rate', { min: 1, max: 2000 });
const dropEverySeconds = numberOption('drop-every', { min: 1, max: 3600 });
const p429 = numberOption('p429', { min: 0, max: 0.5 });
const p500 = numberOption('p500', { min: 0, max: 0.5 });
const sampleEverySeconds = numberOption('sample-every', { min: 1, max: 600 });
const seed = numberOption('seed', { min: 1, max: 2 ** 31 });
/**
 * RSS samples taken before this show start-up, not steady state: V8 grows its heap under the new
 * load, then its first full collections hand memory back (about 40-60 s in at the default rate) and
 * the heap settles at its working size.
 */
const warmupMs = numberOption('warmup', { min: 0, max: 3600 }) * 1000;
if (warmupMs >= minutes * 60_000) fail(`--warmup (${warmupMs / 1000} s) must be shorter than the run (${minutes * 60} s) so there is a steady state to judge`);

const log = (line: string) => {
  if (!json) process.stdout.write(`${line}\n`);
};

/** How long an event may wait for its answer: well past Discord's 3 s, to tell "late" from "never". */
const ANSWER_TIMEOUT_MS = 15_000;
const RSS_GROWTH_MAX = 0.1;

log(`factdesk: starting the fake Discord and the bot process, warming up…`);
const session = await startSession({ bot: 'factdesk' });
const { fake } = session;
const random = seededRandom(seed + 1);

// ——— faults: each reply request fails with a 429 or a 500 at random, and is remembered by route and id.
const REPLY_ROUTES = new Set(['POST /interactions/:interactionId/:token/callback', 'POST /channels/:channelId/messages']);
const injected = { 429: 0, 500: 0 };
const faulted = (status: 429 | 500, p: number) => (request: { route: string }) => {
  if (!REPLY_ROUTES.has(request.route) || random() >= p) return false;
  injected[status] += 1;
  return true;
};
// `times` is the budget of failures: effectively unlimited, the matcher decides.
if (p429 > 0) fake.failNext(faulted(429, p429), { status: 429, retryAfter: 0.25, times: Number.MAX_SAFE_INTEGER });
if (p500 > 0) fake.failNext(faulted(500, p500), { status: 500, times: Number.MAX_SAFE_INTEGER });

// ——— which events had a reply request fail: interactions by the id in the callback path,
// messages by the reference in the reply body.
const eventOf = new Map<string, number>();
const retried = new Set<number>();
const seenRequests = new WeakSet<RecordedRequest>();
function attributeFaults(): void {
  const { requests } = fake;
  for (let i = requests.length - 1; i >= 0 && !seenRequests.has(requests[i]!); i--) {
    const request = requests[i]!;
    seenRequests.add(request);
    if (!request.fault) continue;
    const id = request.route.endsWith('/callback')
      ? request.path.split('/')[2]
      : (request.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference?.message_id;
    const event = id === undefined ? undefined : eventOf.get(id);
    if (event !== undefined) retried.add(event);
  }
}

// ——— the steady stream.
const stream = eventStream({ seed, users: session.cast.users.length, channels: session.cast.channels.length });
const book = new LatencyBook<EventKind>();
const outcomes: Record<OutcomeStatus, number> = { answered: 0, notice: 0, failed: 0, unanswered: 0, lost: 0 };
const problems = new Set<string>();
let late = 0;
let dispatched = 0;
const pending = new Set<Promise<void>>();
const latencyOfRetried: number[] = [];

function dispatchOne(): void {
  const index = dispatched++;
  let sentAs: string | undefined;
  const work = session
    .fire(stream.next(), ANSWER_TIMEOUT_MS, (id) => {
      sentAs = id;
      eventOf.set(id, index);
    })
    .then((outcome) => {
      outcomes[outcome.status] += 1;
      if (outcome.latencyMs !== null) {
        book.record(outcome.kind, outcome.latencyMs);
        if (outcome.latencyMs > ACK_DEADLINE_MS) late += 1;
      }
      if (outcome.status !== 'answered' && problems.size < 8) problems.add(`${outcome.kind} ${outcome.status}: ${outcome.detail ?? ''}`);
      // Its faults all came before its answer, so once they are attributed the id can be forgotten.
      attributeFaults();
      if (sentAs !== undefined) eventOf.delete(sentAs);
      if (retried.has(index) && outcome.latencyMs !== null) latencyOfRetried.push(outcome.latencyMs);
    });
  pending.add(work);
  void work.finally(() => pending.delete(work));
}

interface Sample {
  atSeconds: number;
  rssMb: number;
  /** Share of one core the bot used since the previous sample. */
  cpu: number;
  answered: number;
}
interface Drop {
  atSeconds: number;
  /** RESUMED (nothing lost) or READY (a new session: what was sent meanwhile is gone). */
  outcome: 'resumed' | 'ready' | 'skipped' | 'timeout';
  reconnectMs: number | null;
  replayed: number;
}
const samples: Sample[] = [];
const drops: Drop[] = [];
const started = performance.now();
const endAt = started + minutes * 60_000;
const elapsedSeconds = () => Math.round((performance.now() - started) / 100) / 10;

let lastCpu = session.process.cpuMs();
let lastSampleAt = performance.now();
function sample(): void {
  const now = performance.now();
  const cpu = session.process.cpuMs();
  samples.push({ atSeconds: elapsedSeconds(), rssMb: session.process.rssMb(), cpu: Math.round(((cpu - lastCpu) / (now - lastSampleAt)) * 100) / 100, answered: outcomes.answered });
  lastCpu = cpu;
  lastSampleAt = now;
  const s = samples.at(-1)!;
  log(`  ${String(s.atSeconds).padStart(6)} s  RSS ${s.rssMb} MB  CPU ${Math.round(s.cpu * 100)}%  answered ${s.answered}/${dispatched}`);
}

async function dropGateway(): Promise<void> {
  const at = elapsedSeconds();
  if (!fake.isConnected()) {
    drops.push({ atSeconds: at, outcome: 'skipped', reconnectMs: null, replayed: 0 });
    return;
  }
  const t0 = performance.now();
  const drop = await fake.dropGateway();
  try {
    const entry = await drop.reconnected(20_000);
    drops.push({ atSeconds: at, outcome: entry.kind === 'resumed' ? 'resumed' : 'ready', reconnectMs: Math.round(performance.now() - t0), replayed: entry.replayed ?? 0 });
  } catch {
    drops.push({ atSeconds: at, outcome: 'timeout', reconnectMs: null, replayed: 0 });
  }
  log(`  ${String(at).padStart(6)} s  gateway dropped (TCP reset): ${drops.at(-1)!.outcome} after ${drops.at(-1)!.reconnectMs ?? '?'} ms, ${drops.at(-1)!.replayed} events replayed`);
}

log(`factdesk: ${minutes} min at ${rate} events/s; gateway cut every ${dropEverySeconds} s; ${p429 * 100}% 429s and ${p500 * 100}% 500s on replies`);
sample();
const ticker = setInterval(() => {
  const due = Math.floor(((Math.min(performance.now(), endAt) - started) / 1000) * rate);
  while (dispatched < due) dispatchOne();
}, 20);
const sampler = setInterval(sample, sampleEverySeconds * 1000);
const dropper = setInterval(() => void dropGateway(), dropEverySeconds * 1000);

await new Promise((resolve) => setTimeout(resolve, Math.max(0, endAt - performance.now())));
clearInterval(ticker);
clearInterval(dropper);
while (pending.size > 0) await Promise.race(pending);
clearInterval(sampler);
sample();
attributeFaults();
const seconds = Math.round((performance.now() - started) / 100) / 10;
const logLines = { ...session.process.logCounts };
await session.close();

// ——— verdict.
/**
 * Flat means no climb. V8 hands memory back now and then (a dip of 20-30 MB when its memory reducer
 * runs), so a dip is reported but is no failure; what fails is a sample more than 10% above the steady
 * median, or a last third of the run whose peak is more than 10% above the first third's (a leak climbs).
 */
const steady = samples.filter((s) => s.atSeconds * 1000 >= warmupMs);
const rssSteady = steady.map((s) => s.rssMb);
const rssMin = Math.min(...rssSteady);
const rssMax = Math.max(...rssSteady);
const rssMedian = [...rssSteady].sort((a, b) => a - b)[Math.floor(rssSteady.length / 2)] ?? 0;
const third = Math.max(1, Math.floor(rssSteady.length / 3));
const peakOf = (list: number[]) => Math.max(...list);
const rounded = (x: number) => Math.round(x * 1000) / 1000;
const aboveMedian = rssSteady.length > 0 ? rounded(rssMax / rssMedian - 1) : null;
const climb = rssSteady.length >= 3 ? rounded(peakOf(rssSteady.slice(-third)) / peakOf(rssSteady.slice(0, third)) - 1) : null;
// Least-squares slope of RSS over the steady samples, for the record.
const slopeMbPerMinute = (() => {
  if (steady.length < 2) return null;
  const xs = steady.map((s) => s.atSeconds / 60);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = rssSteady.reduce((a, b) => a + b, 0) / rssSteady.length;
  const num = xs.reduce((sum, x, i) => sum + (x - mx) * (rssSteady[i]! - my), 0);
  const den = xs.reduce((sum, x) => sum + (x - mx) ** 2, 0);
  return den === 0 ? null : Math.round((num / den) * 100) / 100;
})();
const lostByDiscord = outcomes.lost;
const lostByBot = outcomes.unanswered + outcomes.failed;
const misses: string[] = [];
if (lostByBot > 0) misses.push(`${lostByBot} events not answered by the bot (${outcomes.unanswered} never, ${outcomes.failed} with a failure)`);
if (lostByDiscord > 0 && drops.every((d) => d.outcome === 'resumed')) misses.push(`${lostByDiscord} events lost although every session resumed`);
if (late > 0) misses.push(`${late} answers later than Discord's 3 s`);
if (aboveMedian !== null && aboveMedian > RSS_GROWTH_MAX) misses.push(`RSS peaked ${Math.round(aboveMedian * 100)}% above its steady median (target ≤ ${RSS_GROWTH_MAX * 100}%)`);
if (climb !== null && climb > RSS_GROWTH_MAX) misses.push(`RSS climbed ${Math.round(climb * 100)}% from the first to the last third of the run (target ≤ ${RSS_GROWTH_MAX * 100}%)`);
if (steady.length < 3) misses.push(`too few RSS samples after warm-up to judge memory; run for longer`);

const report = {
  minutes,
  rate,
  seconds,
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown', node: process.version },
  dispatched,
  outcomes,
  lost: { byDiscord: lostByDiscord, byBot: lostByBot },
  retried: retried.size,
  faultsInjected: injected,
  late,
  latency: book.overall(),
  latencyByKind: book.byKind(EVENT_KINDS),
  latencyOfRetried: summarise(latencyOfRetried),
  drops: {
    count: drops.length,
    resumed: drops.filter((d) => d.outcome === 'resumed').length,
    newSession: drops.filter((d) => d.outcome === 'ready').length,
    maxReconnectMs: Math.max(0, ...drops.map((d) => d.reconnectMs ?? 0)),
    replayed: drops.reduce((sum, d) => sum + d.replayed, 0),
  },
  rss: { warmupSeconds: warmupMs / 1000, steadyMinMb: rssMin, steadyMedianMb: rssMedian, steadyMaxMb: rssMax, peakAboveMedian: aboveMedian, climb, slopeMbPerMinute, samples },
  botLogLines: logLines,
  problems: [...problems],
  misses,
  ok: misses.length === 0,
};

if (json) {
  process.stdout.write(`${JSON.stringify(report)}\n`);
} else {
  const l = report.latency;
  log('');
  log(`machine: ${report.machine.cpus} × ${report.machine.cpu}, Node ${report.machine.node}`);
  log(`${dispatched} events in ${seconds} s: ${JSON.stringify(outcomes)}`);
  log(`lost: ${lostByDiscord} by Discord (sent while no session could resume), ${lostByBot} by the bot`);
  log(`retried: ${retried.size} events answered after ${injected[429]} injected 429s and ${injected[500]} injected 500s; their latency p50 ${report.latencyOfRetried.p50} / p99 ${report.latencyOfRetried.p99} ms`);
  log(`gateway: ${report.drops.count} drops, ${report.drops.resumed} resumed, ${report.drops.newSession} new sessions, ${report.drops.replayed} events replayed, slowest reconnect ${report.drops.maxReconnectMs} ms`);
  log(`latency ms: p50 ${l.p50}, p95 ${l.p95}, p99 ${l.p99}, max ${l.max}; ${late} later than 3 s`);
  const pct = (x: number | null) => (x === null ? '?' : `${Math.round(x * 1000) / 10}%`);
  log(`RSS after the first ${warmupMs / 1000} s: median ${rssMedian} MB, range ${rssMin}–${rssMax} MB; peak ${pct(aboveMedian)} above the median, last third vs first third ${pct(climb)}, slope ${slopeMbPerMinute ?? '?'} MB/min`);
  log(`bot log lines: ${JSON.stringify(logLines)}`);
  for (const problem of problems) log(`  ! ${problem}`);
  log(misses.length === 0 ? 'all targets met' : `MISSED:\n  ${misses.join('\n  ')}`);
}
process.exitCode = misses.length === 0 ? 0 : 1;
