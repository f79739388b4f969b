import { z } from 'zod';
import { type Connection, readTransaction, writeTransaction } from './database.ts';
import type { Clock } from './clock.ts';
import type { Pseudonymizer } from './pseudonym.ts';
import { DAY_MS, dateSchema, daysSchema, idSchema, parseInput, parseRow } from './validation.ts';

/** Long enough to tell questions apart in a report, short enough that a pasted essay is not kept. */
export const QUESTION_TEXT_MAX = 200;
export const INSIGHTS_DAYS_MAX = 366;
/** A report is read in Discord; 25 is the most fields an embed can show. */
export const TOP_MAX = 25;
/**
 * Questions the bot records wait this long, or until this many are waiting, and are then written in
 * one transaction: one commit per question was most of what recording cost under load. A crash loses
 * at most the questions of that last moment, which only statistics ever read.
 */
export const QUEUE_DELAY_MS = 250;
export const QUEUE_BATCH = 200;
/** Most questions kept waiting while the file cannot be written (locked past the busy timeout); beyond it the oldest are dropped. */
export const QUEUE_MAX = 10_000;

const MENTION = /<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>/g;
const SNOWFLAKE = /\d{15,}/g;

/**
 * The form a question is counted and stored in: "Why did the summit FAIL?? " and "why did the summit
 * fail" are the same question. Mentions and anything shaped like a Discord id are removed first, because
 * the asker is stored only as a pseudonym and a pasted `<@id>` in the text would give the id away.
 */
export function normaliseQuestion(text: string): string {
  const collapsed = text
    .normalize('NFKC')
    .replace(MENTION, ' ')
    .replace(SNOWFLAKE, '#')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s?!.]+$/u, '')
    .trim();
  // Cut on code points, not UTF-16 units, so an emoji at the limit is not split in half. A text of
  // no more units than the limit has no more code points either, and needs no cut.
  if (collapsed.length <= QUESTION_TEXT_MAX) return collapsed;
  return Array.from(collapsed).slice(0, QUESTION_TEXT_MAX).join('').trimEnd();
}

const questionSchema = z.strictObject({
  /** null for a question asked in a direct message. */
  guildId: idSchema.nullable(),
  askerId: idSchema,
  text: z.string(),
  answered: z.boolean(),
  /** The paragraph the answer cited first; null when it cited none. */
  paragraph: z.number().int().min(1).max(10_000).nullable(),
  at: dateSchema.optional(),
});
export type QuestionRecord = z.input<typeof questionSchema>;

export interface QuestionCount {
  /** The normalised text. */
  text: string;
  count: number;
  /** How many different users asked it. */
  askers: number;
  /** How many of the `count` times it was answered. */
  answered: number;
}

export interface DayCount {
  /** UTC calendar day, YYYY-MM-DD. */
  day: string;
  questions: number;
  answered: number;
}

export interface InsightsReport {
  /** null: questions asked in direct messages. */
  guildId: string | null;
  days: number;
  /** Start (UTC midnight) of the first day counted; the window ends now. */
  since: Date;
  questions: number;
  answered: number;
  /** answered / questions, 0..1; null when nothing was asked. */
  answerRate: number | null;
  /** Distinct users who asked. */
  askers: number;
  /** Mean over all `days` days of the window, quiet days included. */
  questionsPerDay: number;
  /** One entry per day of the window, oldest first, zeros included. */
  perDay: DayCount[];
  topQuestions: QuestionCount[];
  topUnanswered: QuestionCount[];
  /** Paragraphs most often cited by answers. */
  topParagraphs: { paragraph: number; count: number }[];
  feedback: {
    up: number;
    down: number;
    /** up / (up + down), 0..1; null without votes. */
    ratio: number | null;
  };
  /** Facts with down-votes, most down-voted first: the answers worth rewriting. */
  lowRatedFacts: { factId: string; up: number; down: number }[];
}

const count = z.number().int().nonnegative();
const totalsRowSchema = z.object({ questions: count, answered: z.number().int().nullable(), askers: count });
const dayRowSchema = z.object({ day: z.number().int(), questions: count, answered: count });
const questionCountRowSchema = z.object({ text: z.string(), count, askers: count, answered: count });
const paragraphRowSchema = z.object({ paragraph: z.number().int().positive(), count });
const feedbackRowSchema = z.object({ up: count.nullable(), down: count.nullable() });
const factRowSchema = z.object({ fact_id: z.string(), up: count, down: count });
type DayRow = z.infer<typeof dayRowSchema>;
interface QuestionRow {
  guild: string | null;
  asker: string;
  text: string;
  answered: 0 | 1;
  paragraph: number | null;
  at: number;
}
/** The part of a report read from the file; the rest is arithmetic on it. */
type Figures = Omit<InsightsReport, 'guildId' | 'days' | 'since' | 'perDay' | 'questionsPerDay'>;

export interface InsightsOptions {
  /** How many entries each top list holds, 1..25 (default 5). */
  top?: number;
}

/**
 * Questions asked and what the guild's moderators can learn from them. Only the normalised text is kept,
 * and the asker only as a salted pseudonym; `Store.purgeOlderThan` enforces the retention period.
 */
export class InsightsRepository {
  readonly #now: Clock;
  readonly #pseudonyms: Pseudonymizer;
  readonly #statements;
  readonly #report: (guild: string | null, sinceMs: number, untilMs: number, top: number) => {
    figures: Figures;
    days: DayRow[];
  };
  readonly #insert: (rows: readonly QuestionRow[]) => void;
  readonly #onBackgroundError: (error: unknown) => void;
  #queue: QuestionRow[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(db: Connection, now: Clock, pseudonyms: Pseudonymizer, onBackgroundError: (error: unknown) => void) {
    this.#now = now;
    this.#pseudonyms = pseudonyms;
    this.#onBackgroundError = onBackgroundError;
    // `guild_id IS ?` rather than `=`, so a null guild selects the direct-message questions.
    const window = `guild_id IS @guild AND at >= @since AND at <= @until`;
    this.#statements = {
      insert: db.prepare<[QuestionRow]>(
        `INSERT INTO questions (guild_id, asker_hash, text, answered, paragraph, at)
         VALUES (@guild, @asker, @text, @answered, @paragraph, @at)`,
      ),
      totals: db.prepare(
        `SELECT COUNT(*) AS questions, SUM(answered) AS answered, COUNT(DISTINCT asker_hash) AS askers
           FROM questions WHERE ${window}`,
      ),
      perDay: db.prepare(
        `SELECT at / ${DAY_MS} AS day, COUNT(*) AS questions, SUM(answered) AS answered
           FROM questions WHERE ${window} GROUP BY day`,
      ),
      top: db.prepare(
        `SELECT text, COUNT(*) AS count, COUNT(DISTINCT asker_hash) AS askers, SUM(answered) AS answered
           FROM questions WHERE ${window}
          GROUP BY text ORDER BY count DESC, askers DESC, text LIMIT @top`,
      ),
      topUnanswered: db.prepare(
        `SELECT text, COUNT(*) AS count, COUNT(DISTINCT asker_hash) AS askers, 0 AS answered
           FROM questions WHERE ${window} AND answered = 0
          GROUP BY text ORDER BY count DESC, askers DESC, text LIMIT @top`,
      ),
      paragraphs: db.prepare(
        `SELECT paragraph, COUNT(*) AS count FROM questions WHERE ${window} AND paragraph IS NOT NULL
          GROUP BY paragraph ORDER BY count DESC, paragraph LIMIT @top`,
      ),
      feedback: db.prepare(
        `SELECT SUM(value = 1) AS up, SUM(value = -1) AS down FROM feedback_votes WHERE ${window}`,
      ),
      lowRated: db.prepare(
        `SELECT fact_id, SUM(value = 1) AS up, SUM(value = -1) AS down FROM feedback_votes WHERE ${window}
          GROUP BY fact_id HAVING down > 0 ORDER BY down DESC, up, fact_id LIMIT @top`,
      ),
      deleteBefore: db.prepare<[number]>(`DELETE FROM questions WHERE at < ?`),
      deleteGuild: db.prepare<[string]>(`DELETE FROM questions WHERE guild_id = ?`),
    };

    const s = this.#statements;
    this.#insert = writeTransaction(db, (rows: readonly QuestionRow[]) => {
      for (const row of rows) s.insert.run(row);
    });
    // One read transaction: every figure in a report comes from the same snapshot of the file.
    this.#report = readTransaction(db, (guild: string | null, since: number, until: number, top: number) => {
      const range = { guild, since, until };
      const totals = parseRow(totalsRowSchema, s.totals.get(range), 'questions');
      const votes = parseRow(feedbackRowSchema, s.feedback.get(range), 'feedback_votes');
      const up = votes.up ?? 0;
      const down = votes.down ?? 0;
      const figures: Figures = {
        questions: totals.questions,
        answered: totals.answered ?? 0,
        answerRate: totals.questions === 0 ? null : (totals.answered ?? 0) / totals.questions,
        askers: totals.askers,
        topQuestions: s.top.all({ ...range, top }).map((r) => parseRow(questionCountRowSchema, r, 'questions')),
        topUnanswered: s.topUnanswered
          .all({ ...range, top })
          .map((r) => parseRow(questionCountRowSchema, r, 'questions')),
        topParagraphs: s.paragraphs.all({ ...range, top }).map((r) => parseRow(paragraphRowSchema, r, 'questions')),
        feedback: { up, down, ratio: up + down === 0 ? null : up / (up + down) },
        lowRatedFacts: s.lowRated
          .all({ ...range, top })
          .map((r) => parseRow(factRowSchema, r, 'feedback_votes'))
          .map((r) => ({ factId: r.fact_id, up: r.up, down: r.down })),
      };
      return { figures, days: s.perDay.all(range).map((r) => parseRow(dayRowSchema, r, 'questions')) };
    });
  }

  /**
   * Records one question at once. Returns false, storing nothing, when nothing is left of the text
   * once normalised (e.g. it was only a mention).
   */
  recordQuestion(question: QuestionRecord): boolean {
    const row = this.#rowOf(question, 'insights.recordQuestion');
    if (row === null) return false;
    this.#insert([row]);
    return true;
  }

  /**
   * Records one question with those around it: it is checked now (bad input throws here, as with
   * `recordQuestion`) and written within QUEUE_DELAY_MS, or as soon as QUEUE_BATCH are waiting. Reports,
   * deletions and `Store.close()` write what is waiting first, so they never miss a queued question.
   * A write that fails in the background goes to the store's `onBackgroundError`, and its rows wait
   * for the next attempt.
   */
  queueQuestion(question: QuestionRecord): boolean {
    const row = this.#rowOf(question, 'insights.queueQuestion');
    if (row === null) return false;
    this.#queue.push(row);
    if (this.#queue.length > QUEUE_MAX) this.#queue.splice(0, this.#queue.length - QUEUE_MAX);
    if (this.#queue.length >= QUEUE_BATCH) this.#flushInBackground();
    else this.#timer ??= setTimeout(() => this.#flushInBackground(), QUEUE_DELAY_MS).unref();
    return true;
  }

  /** Writes every queued question now, in one transaction; returns how many. Throws `StoreError` if the file cannot be written. */
  flush(): number {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const rows = this.#queue;
    if (rows.length === 0) return 0;
    this.#queue = [];
    try {
      this.#insert(rows);
    } catch (err) {
      this.#queue = [...rows, ...this.#queue].slice(-QUEUE_MAX);
      throw err;
    }
    return rows.length;
  }

  /** Questions queued and not yet written. */
  get queued(): number {
    return this.#queue.length;
  }

  #flushInBackground(): void {
    try {
      this.flush();
    } catch (err) {
      this.#onBackgroundError(err);
      this.#timer ??= setTimeout(() => this.#flushInBackground(), QUEUE_DELAY_MS).unref();
    }
  }

  #rowOf(question: QuestionRecord, what: string): QuestionRow | null {
    const q = parseInput(questionSchema, question, what);
    const text = normaliseQuestion(q.text);
    if (text === '') return null;
    return {
      guild: q.guildId,
      asker: this.#pseudonyms.of(q.askerId),
      text,
      answered: q.answered ? 1 : 0,
      paragraph: q.paragraph,
      at: (q.at ?? new Date(this.#now())).getTime(),
    };
  }

  /** What was asked in the guild (null: in direct messages) over the last `days` UTC days, today included. */
  summary(guildId: string | null, days: number, options: InsightsOptions = {}): InsightsReport {
    const guild = parseInput(idSchema.nullable(), guildId, 'insights.summary guildId');
    const span = parseInput(daysSchema(INSIGHTS_DAYS_MAX), days, 'insights.summary days');
    const top = parseInput(z.number().int().min(1).max(TOP_MAX), options.top ?? 5, 'insights.summary top');

    this.flush();
    const now = this.#now();
    const firstDay = Math.floor(now / DAY_MS) - (span - 1);
    const { figures, days: counted } = this.#report(guild, firstDay * DAY_MS, now, top);

    const byDay = new Map(counted.map((d) => [d.day, d]));
    const perDay = Array.from({ length: span }, (_, i): DayCount => {
      const day = firstDay + i;
      return {
        day: new Date(day * DAY_MS).toISOString().slice(0, 10),
        questions: byDay.get(day)?.questions ?? 0,
        answered: byDay.get(day)?.answered ?? 0,
      };
    });
    return {
      guildId: guild,
      days: span,
      since: new Date(firstDay * DAY_MS),
      ...figures,
      questionsPerDay: figures.questions / span,
      perDay,
    };
  }

  /** For retention; runs inside the caller's transaction. */
  deleteBefore(cutoffMs: number): number {
    return this.#statements.deleteBefore.run(cutoffMs).changes;
  }

  /** For `Store.clearGuild`; runs inside the caller's transaction. */
  deleteGuild(guildId: string): number {
    return this.#statements.deleteGuild.run(guildId).changes;
  }
}
