import { z } from 'zod';
import { StoreError } from './errors.ts';

/**
 * Discord ids are snowflakes, but the store does not insist on their shape (tests and the CLI use other
 * ids); it only refuses values that are clearly not an id.
 */
export const idSchema = z
  .string()
  .min(1, 'an id cannot be empty')
  .max(64, 'an id is at most 64 characters')
  .regex(/^\S+$/, 'an id has no spaces');

// zod rejects an Invalid Date itself; the message says so in words a caller can act on.
export const dateSchema = z.date({ error: 'expected a valid Date' });

/** Parses what a caller passed, or throws `invalid-input` naming the call and the offending field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, call: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  throw new StoreError('invalid-input', `${call} was given invalid input: ${problems}.`);
}

/** Whole days back from now, for retention and report windows. */
export const daysSchema = (max: number) =>
  z.number().int('days must be a whole number').min(1, 'days must be at least 1').max(max, `days must be at most ${max}`);

export const DAY_MS = 86_400_000;

/**
 * Parses a row read back from SQLite. A mismatch means the file was edited outside factdesk or by a
 * build with a different schema, so the error says where instead of letting a bad value travel on.
 */
export function parseRow<S extends z.ZodType>(schema: S, row: unknown, table: string): z.output<S> {
  const result = schema.safeParse(row);
  if (result.success) return result.data;
  throw new Error(
    `A row of ${table} does not have the shape this build expects (${z.prettifyError(result.error)}). ` +
      'The database was probably changed outside factdesk; restore it from a backup or fix the row by hand.',
  );
}
