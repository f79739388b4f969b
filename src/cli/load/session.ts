import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../../../tests/discord/fake/index.ts';
import { loadCommands } from '../../discord/load-commands.ts';
import { spawnBot, type BotProcess } from './processes.ts';
import { castOf, EVENT_KINDS, fire, LANE_OF, LANES, type Cast, type EventKind, type Lane, type Outcome, type OutcomeStatus, type PlannedEvent } from './traffic.ts';
import { LatencyBook, type LatencySummary } from './stats.ts';

/**
 * One bot under test: a fresh fake Discord in this process, the bot in its own process logged in to
 * it, a warm-up, then whatever load the caller drives through `run` or `fire`. Used by loadtest.ts
 * (closed loop: a fixed number in flight) and soak.ts (open loop: a fixed rate).
 */

export type BotKind = 'factdesk' | 'bare';

/** The process `npm start` runs, and the floor it is compared with. */
const ENTRIES: Record<BotKind, string> = {
  factdesk: 'src/discord/main.ts',
  bare: 'src/cli/load/bare-bot.ts',
};

export interface SessionOptions {
  bot: BotKind;
  /** Simulated users; enough that nobody exceeds a person's pace (the bot limits DMs per user). */
  users?: number;
  /** Guilds the bot is in (two text channels each): mentions spread over their channels as in real servers. */
  guilds?: number;
  fake?: FakeDiscordOptions;
  /** Events answered one after another before measuring, so both bots are measured warm. */
  warmup?: number;
  /** Write a V8 CPU profile of the bot process into this directory (open it in Chrome DevTools). */
  profileDir?: string;
  /** Extra node flags for the bot process (e.g. `--heapsnapshot-signal=SIGUSR2`). */
  nodeArgs?: string[];
}

export interface Session {
  readonly bot: BotKind;
  readonly fake: FakeDiscord;
  readonly process: BotProcess;
  readonly cast: Cast;
  fire(event: PlannedEvent, timeoutMs: number, onDispatch?: (id: string) => void): Promise<Outcome>;
  close(): Promise<void>;
}

async function waitForLogin(fake: FakeDiscord, bot: BotProcess, timeoutMs: number): Promise<void> {
  const exited = bot.exited.then((how) => {
    throw new Error(`${bot.label} exited (${how}) before logging in:\n  ${bot.recentProblems.join('\n  ') || '(no output)'}`);
  });
  await Promise.race([fake.waitForGateway('ready', { since: 0, timeoutMs }), exited]);
}

export async function startSession(options: SessionOptions): Promise<Session> {
  const users = options.users ?? 500;
  const registry = await loadCommands();
  const fake = await startFakeDiscord({
    commands: [...registry.payload],
    guilds: options.guilds ?? 10,
    // Discord's own heartbeat interval; the fake's short default would add traffic no real bot sees.
    heartbeatIntervalMs: 41_250,
    timeoutMs: 10_000,
    ...options.fake,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'factdesk-load-'));
  // Also on an interrupted run: processes.ts turns SIGINT/SIGTERM into an exit.
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', removeDataDir);
  const forgetDataDir = () => {
    process.off('exit', removeDataDir);
    removeDataDir();
  };
  let bot: BotProcess | undefined;
  try {
    bot = spawnBot({
      label: options.bot === 'bare' ? 'bare discord.js bot' : 'factdesk',
      entry: ENTRIES[options.bot],
      env: {
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
        DATABASE_PATH: join(dataDir, 'factdesk.db'),
        LOG_LEVEL: 'warn',
      },
      nodeArgs: [...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []), ...(options.nodeArgs ?? [])],
    });
    await waitForLogin(fake, bot, 30_000);
    const cast = castOf(fake, users);
    const session: Session = {
      bot: options.bot,
      fake,
      process: bot,
      cast,
      fire: (event, timeoutMs, onDispatch) => fire(fake, cast, event, timeoutMs, onDispatch),
      async close() {
        await bot!.stop();
        await fake.close();
        forgetDataDir();
      },
    };
    // The first events wait for ClientReady (discord.js queues them until then) and warm the JIT.
    const warmup = options.warmup ?? 200;
    for (let i = 0; i < warmup; i++) {
      const kind = EVENT_KINDS[i % EVENT_KINDS.length]!;
      const outcome = await session.fire({ kind, text: kind === 'autocomplete' ? 'Why did' : 'What is the article about?', user: i, channel: i }, 15_000);
      if (outcome.status !== 'answered') {
        throw new Error(`${bot.label} did not answer a warm-up ${kind} (${outcome.status}: ${outcome.detail ?? ''}):\n  ${bot.recentProblems.join('\n  ')}`);
      }
    }
    return session;
  } catch (error) {
    await bot?.stop();
    await fake.close();
    forgetDataDir();
    throw error;
  }
}

export interface LaneResult {
  count: number;
  concurrency: number;
  seconds: number;
  /** Answered events of the lane per second, from the start of the run to the lane's last answer. */
  throughput: number;
  latency: LatencySummary;
}

export interface RunResult {
  bot: BotKind;
  count: number;
  concurrency: number;
  seconds: number;
  /** Answered events per second over the whole run. */
  throughput: number;
  lanes: Record<Lane, LaneResult>;
  latency: LatencySummary;
  latencyByKind: Record<EventKind, LatencySummary>;
  outcomes: Record<OutcomeStatus, number>;
  /** Answers that came later than Discord's 3 s window (Discord would have shown "did not respond"). */
  late: number;
  /** Up to five distinct details of what was not answered, so a failing run says why. */
  problems: string[];
  rssMb: { before: number; after: number; peak: number };
  /** CPU time per event, in ms: the bot process's, and this process's (the fake Discord and the load generator). */
  cpuMsPerEvent: { bot: number; driver: number };
  /** Log lines the bot wrote during the run, by level. */
  logLines: Record<string, number>;
  /** The bot's last few warnings and errors, when it wrote any during the run. */
  recentLog: string[];
  /** What the fake Discord held against the bot: limit violations, unknown routes. */
  violations: string[];
}

export const ACK_DEADLINE_MS = 3000;

const seconds = (ms: number) => Math.round(ms) / 1000;

/**
 * Closed loop per lane: the `concurrency` slots are shared out between the lanes in proportion to
 * their events (at least one each), and each slot fires its lane's next event as soon as its last
 * one was answered.
 */
export async function runClosedLoop(session: Session, events: readonly PlannedEvent[], concurrency: number, timeoutMs = 10_000): Promise<RunResult> {
  const book = new LatencyBook<EventKind>();
  const laneBooks = Object.fromEntries(LANES.map((lane) => [lane, new LatencyBook<Lane>()])) as Record<Lane, LatencyBook<Lane>>;
  const outcomes: Record<OutcomeStatus, number> = { answered: 0, notice: 0, failed: 0, unanswered: 0, lost: 0 };
  const problems = new Set<string>();
  const logsBefore = { ...session.process.logCounts };
  const violationsBefore = session.fake.violations.length;
  let late = 0;
  const before = session.process.rssMb();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, session.process.rssMb());
  }, 100);

  const queues = Object.fromEntries(LANES.map((lane) => [lane, events.filter((event) => LANE_OF[event.kind] === lane)])) as Record<Lane, PlannedEvent[]>;
  const busy = LANES.filter((lane) => queues[lane].length > 0);
  const slots = Object.fromEntries(LANES.map((lane) => [lane, 0])) as Record<Lane, number>;
  for (const lane of busy) slots[lane] = Math.max(1, Math.round((concurrency * queues[lane].length) / events.length));
  const answeredIn = Object.fromEntries(LANES.map((lane) => [lane, 0])) as Record<Lane, number>;
  const finishedAt = Object.fromEntries(LANES.map((lane) => [lane, 0])) as Record<Lane, number>;

  const botCpuBefore = session.process.cpuMs();
  const driverCpuBefore = process.cpuUsage();
  const started = performance.now();
  const runLane = async (lane: Lane) => {
    const queue = queues[lane];
    let next = 0;
    const slot = async () => {
      while (next < queue.length) {
        const outcome = await session.fire(queue[next++]!, timeoutMs);
        outcomes[outcome.status] += 1;
        if (outcome.status === 'answered') answeredIn[lane] += 1;
        if (outcome.latencyMs !== null) {
          book.record(outcome.kind, outcome.latencyMs);
          laneBooks[lane].record(lane, outcome.latencyMs);
          if (outcome.latencyMs > ACK_DEADLINE_MS) late += 1;
        }
        if (outcome.status !== 'answered' && problems.size < 5) problems.add(`${outcome.kind} ${outcome.status}: ${outcome.detail ?? ''}`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(slots[lane], queue.length) }, slot));
    finishedAt[lane] = performance.now();
  };
  await Promise.all(busy.map(runLane));
  const elapsed = performance.now() - started;
  const botCpu = session.process.cpuMs() - botCpuBefore;
  const driverCpu = process.cpuUsage(driverCpuBefore);
  clearInterval(sampler);
  const after = session.process.rssMb();

  const logLines: Record<string, number> = {};
  for (const [level, n] of Object.entries(session.process.logCounts)) {
    const delta = n - (logsBefore[level] ?? 0);
    if (delta > 0) logLines[level] = delta;
  }
  const lanes = Object.fromEntries(
    LANES.map((lane) => {
      const ms = Math.max(1, finishedAt[lane] - started);
      return [lane, { count: queues[lane].length, concurrency: slots[lane], seconds: seconds(ms), throughput: Math.round((answeredIn[lane] * 1000) / ms), latency: laneBooks[lane].overall() }];
    }),
  ) as Record<Lane, LaneResult>;
  return {
    bot: session.bot,
    count: events.length,
    concurrency,
    seconds: seconds(elapsed),
    throughput: Math.round((outcomes.answered * 1000) / elapsed),
    lanes,
    latency: book.overall(),
    latencyByKind: book.byKind(EVENT_KINDS),
    outcomes,
    late,
    problems: [...problems],
    rssMb: { before, after, peak: Math.max(peak, after) },
    cpuMsPerEvent: {
      bot: Math.round((botCpu / events.length) * 1000) / 1000,
      driver: Math.round(((driverCpu.user + driverCpu.system) / 1000 / events.length) * 1000) / 1000,
    },
    logLines,
    recentLog: Object.keys(logLines).some((level) => level !== 'info') ? session.process.recentProblems.slice(-5) : [],
    violations: session.fake.violations.slice(violationsBefore).slice(0, 10).map((v) => `[${v.rule}] ${v.request}: ${v.detail}`),
  };
}
