import { z } from 'zod';
import { type Connection, readTransaction, writeTransaction } from './database.ts';
import type { Clock } from './clock.ts';
import type { Pseudonymizer } from './pseudonym.ts';
import { dateSchema, idSchema, parseInput, parseRow } from './validation.ts';

export type VoteValue = 1 | -1;

const voteSchema = z.strictObject({
  /** null for an answer given in a direct message. */
  guildId: idSchema.nullable(),
  /** The message or interaction id of the answer voted on. */
  answerId: idSchema,
  /** The fact that answered, so reports can name the answers people dislike. */
  factId: z.string().min(1, 'factId cannot be empty').max(100, 'factId is at most 100 characters'),
  voterId: idSchema,
  value: z.union([z.literal(1), z.literal(-1)], { error: 'value is 1 (helpful) or -1 (not helpful)' }),
  at: dateSchema.optional(),
});
export type Vote = z.input<typeof voteSchema>;

export interface Tally {
  up: number;
  down: number;
}

export interface VoteResult {
  /** The voter's earlier vote on this answer, or null if this is their first. */
  previous: VoteValue | null;
  /** All votes on the answer after this one, e.g. for the counts on the buttons. */
  tally: Tally;
}

const valueRowSchema = z.object({ value: z.union([z.literal(1), z.literal(-1)]) });
const tallyRowSchema = z.object({ up: z.number().int().nullable(), down: z.number().int().nullable() });

/** Helpful / not-helpful votes: one per voter per answer, which the voter can change. */
export class FeedbackRepository {
  readonly #now: Clock;
  readonly #pseudonyms: Pseudonymizer;
  readonly #statements;
  readonly #vote: (vote: z.output<typeof voteSchema>, voter: string) => VoteResult;
  readonly #tally: (answerId: string) => Tally;

  constructor(db: Connection, now: Clock, pseudonyms: Pseudonymizer) {
    this.#now = now;
    this.#pseudonyms = pseudonyms;
    this.#statements = {
      previous: db.prepare<[string, string]>(`SELECT value FROM feedback_votes WHERE answer_id = ? AND voter_hash = ?`),
      // Guild and fact stay as first recorded: they describe the answer, which a later vote cannot change.
      upsert: db.prepare<[string, string, string | null, string, number, number]>(
        `INSERT INTO feedback_votes (answer_id, voter_hash, guild_id, fact_id, value, at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (answer_id, voter_hash) DO UPDATE SET value = excluded.value, at = excluded.at`,
      ),
      tally: db.prepare<[string]>(
        `SELECT SUM(value = 1) AS up, SUM(value = -1) AS down FROM feedback_votes WHERE answer_id = ?`,
      ),
      deleteBefore: db.prepare<[number]>(`DELETE FROM feedback_votes WHERE at < ?`),
      deleteGuild: db.prepare<[string]>(`DELETE FROM feedback_votes WHERE guild_id = ?`),
    };
    const tally = (answerId: string): Tally => {
      const row = parseRow(tallyRowSchema, this.#statements.tally.get(answerId), 'feedback_votes');
      return { up: row.up ?? 0, down: row.down ?? 0 };
    };
    this.#tally = readTransaction(db, tally);
    this.#vote = writeTransaction(db, (vote: z.output<typeof voteSchema>, voter: string): VoteResult => {
      const before = this.#statements.previous.get(vote.answerId, voter);
      this.#statements.upsert.run(
        vote.answerId,
        voter,
        vote.guildId,
        vote.factId,
        vote.value,
        (vote.at ?? new Date(this.#now())).getTime(),
      );
      return {
        previous: before === undefined ? null : parseRow(valueRowSchema, before, 'feedback_votes').value,
        tally: tally(vote.answerId),
      };
    });
  }

  /** Records or changes a vote. */
  vote(vote: Vote): VoteResult {
    const v = parseInput(voteSchema, vote, 'feedback.vote');
    return this.#vote(v, this.#pseudonyms.of(v.voterId));
  }

  tally(answerId: string): Tally {
    return this.#tally(parseInput(idSchema, answerId, 'feedback.tally answerId'));
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
