import { z } from 'zod';
import { type Clock, systemClock } from './clock.ts';
import { Cooldowns, SlidingWindowLimiter } from './cooldowns.ts';
import { type Connection, describeFailure, openConnection, shownPath, writeTransaction } from './database.ts';
import { StoreError } from './errors.ts';
import { FeedbackRepository } from './feedback.ts';
import { InsightsRepository } from './insights.ts';
import { migrate, schemaVersion } from './migrations.ts';
import { Pseudonymizer } from './pseudonym.ts';
import { SettingsRepository } from './settings.ts';
import { DAY_MS, daysSchema, idSchema, parseInput } from './validation.ts';

export { StoreError, type StoreErrorCode } from './errors.ts';
export type { Clock } from './clock.ts';
export { Cooldowns, SlidingWindowLimiter, type ConsumeResult } from './cooldowns.ts';
export {
  ALLOW_LIST_MAX,
  COOLDOWN_MAX_SECONDS,
  DEFAULT_SETTINGS,
  SHARED_CHANGES_SEEN_WITHIN_MS,
  answersIn,
  type ChannelPolicy,
  type GuildSettings,
  type SettingChange,
  type SettingKey,
  type SettingsPatch,
  type SettingsUpdate,
} from './settings.ts';
export {
  INSIGHTS_DAYS_MAX,
  QUESTION_TEXT_MAX,
  QUEUE_BATCH,
  QUEUE_DELAY_MS,
  TOP_MAX,
  normaliseQuestion,
  type DayCount,
  type InsightsOptions,
  type InsightsReport,
  type QuestionCount,
  type QuestionRecord,
} from './insights.ts';
export type { Tally, Vote, VoteResult, VoteValue } from './feedback.ts';
export { SCHEMA_VERSION } from './migrations.ts';

export const DEFAULT_DATABASE_PATH = './data/factdesk.db';
export const DEFAULT_RETENTION_DAYS = 90;
export const RETENTION_DAYS_MAX = 3650;
/** The direct-message allowance: generous for a person, useless for a script. */
export const DM_LIMIT = { limit: 10, windowMs: 60_000 } as const;

export interface StoreOptions {
  /**
   * Secret for hashing user ids (at least 16 characters), from configuration (INSIGHTS_SALT). Keep it
   * stable: a new salt makes returning users count as new askers and lets them vote again on old answers.
   */
  hashSalt: string;
  /** Injected time, for tests; defaults to the system clock. */
  now?: Clock;
  /** How long a write waits for another process's write lock before giving up (default 5000). */
  busyTimeoutMs?: number;
  /** Upper bound on users each in-memory limiter tracks (default 50 000). */
  maxTrackedUsers?: number;
  /**
   * Told when a write the store makes on its own (queued questions) fails; the rows are kept and
   * retried. Default: a process warning.
   */
  onBackgroundError?: (error: unknown) => void;
}

/** How many rows each deletion removed. */
export interface PurgeResult {
  questions: number;
  votes: number;
  auditEntries: number;
}
export type ClearResult = Omit<PurgeResult, 'auditEntries'>;
export type ForgetResult = PurgeResult & { settings: number };

/**
 * Everything the bot persists, behind one object per process. Open it once at start-up with `openStore`
 * and `close()` it on shutdown.
 */
export class Store {
  readonly path: string;
  readonly settings: SettingsRepository;
  readonly insights: InsightsRepository;
  readonly feedback: FeedbackRepository;
  /** Per-user cooldown between questions; in memory, see cooldowns.ts for why. */
  readonly cooldowns: Cooldowns;
  /** Direct messages: `DM_LIMIT.limit` questions per user per `DM_LIMIT.windowMs`. */
  readonly dmLimit: SlidingWindowLimiter;

  readonly #db: Connection;
  readonly #now: Clock;
  readonly #purge: (cutoffMs: number) => PurgeResult;
  readonly #clear: (guildId: string) => ClearResult;
  readonly #forget: (guildId: string) => ForgetResult;

  /** Use `openStore`; this takes a connection that is already migrated. */
  constructor(db: Connection, pseudonyms: Pseudonymizer, options: Omit<StoreOptions, 'hashSalt'>) {
    const now = options.now ?? systemClock;
    this.path = shownPath(db.name);
    this.#db = db;
    this.#now = now;
    this.settings = new SettingsRepository(db, now);
    this.insights = new InsightsRepository(db, now, pseudonyms, options.onBackgroundError ?? warn);
    this.feedback = new FeedbackRepository(db, now, pseudonyms);
    const limits = { now, ...(options.maxTrackedUsers === undefined ? {} : { maxEntries: options.maxTrackedUsers }) };
    this.cooldowns = new Cooldowns(limits);
    this.dmLimit = new SlidingWindowLimiter({ ...limits, ...DM_LIMIT });

    this.#purge = writeTransaction(db, (cutoffMs: number) => ({
      questions: this.insights.deleteBefore(cutoffMs),
      votes: this.feedback.deleteBefore(cutoffMs),
      auditEntries: this.settings.deleteAuditBefore(cutoffMs),
    }));
    this.#clear = writeTransaction(db, (guildId: string) => ({
      questions: this.insights.deleteGuild(guildId),
      votes: this.feedback.deleteGuild(guildId),
    }));
    this.#forget = writeTransaction(db, (guildId: string) => ({
      questions: this.insights.deleteGuild(guildId),
      votes: this.feedback.deleteGuild(guildId),
      ...this.settings.deleteGuild(guildId),
    }));
  }

  /** The file's schema version (`SCHEMA_VERSION` once open). */
  get schemaVersion(): number {
    return schemaVersion(this.#db);
  }

  get isOpen(): boolean {
    return this.#db.open;
  }

  /**
   * Retention: deletes questions, votes and settings-audit entries older than `days` days. Run it at
   * start-up and then daily with RETENTION_DAYS (default 90).
   */
  purgeOlderThan(days: number): PurgeResult {
    const span = parseInput(daysSchema(RETENTION_DAYS_MAX), days, 'purgeOlderThan days');
    this.insights.flush();
    return this.#purge(this.#now() - span * DAY_MS);
  }

  /** Deletes a guild's questions and votes (a moderator's "clear insights"); settings stay. */
  clearGuild(guildId: string): ClearResult {
    this.insights.flush();
    return this.#clear(parseInput(idSchema, guildId, 'clearGuild guildId'));
  }

  /** Deletes everything kept about a guild, settings and audit log included (e.g. the bot was removed). */
  forgetGuild(guildId: string): ForgetResult {
    this.insights.flush();
    return this.#forget(parseInput(idSchema, guildId, 'forgetGuild guildId'));
  }

  /** Closes the file; safe to call twice. The last process to close also folds the WAL back into the file. */
  close(): void {
    if (!this.#db.open) return;
    try {
      this.insights.flush();
    } finally {
      this.#db.close();
    }
  }
}

const warn = (error: unknown) => process.emitWarning(error instanceof Error ? error : String(error), 'StoreWarning');

const optionsSchema = z.object({
  busyTimeoutMs: z.number().int().min(0).max(600_000).optional(),
  maxTrackedUsers: z.number().int().min(1).optional(),
});

/**
 * Opens the database at `path` (DATABASE_PATH, default `./data/factdesk.db`; its folder is created if
 * missing; `:memory:` gives a private in-memory database), migrates it to the current schema and returns
 * the store. Throws `StoreError` saying what to change when the path, the file or an option is unusable.
 */
export function openStore(path: string, options: StoreOptions): Store {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new StoreError(
      'misconfigured',
      `The database path is empty; set DATABASE_PATH to a file path such as ${DEFAULT_DATABASE_PATH}.`,
    );
  }
  const checked = optionsSchema.safeParse(options);
  if (!checked.success) {
    throw new StoreError('misconfigured', `openStore options are invalid: ${z.prettifyError(checked.error)}`);
  }
  // Checked before touching the disk, so a misconfigured bot does not leave an empty file behind.
  const pseudonyms = new Pseudonymizer(options.hashSalt);

  const db = openConnection(path, options.busyTimeoutMs ?? 5000);
  try {
    migrate(db);
    return new Store(db, pseudonyms, options);
  } catch (err) {
    db.close();
    throw describeFailure(err, shownPath(path));
  }
}
