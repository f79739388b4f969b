import { createHmac } from 'node:crypto';
import { StoreError } from './errors.ts';

export const SALT_MIN_LENGTH = 16;
/** Recent users' pseudonyms are kept in memory: the same people ask again and again, and an HMAC per question adds up. */
const REMEMBERED_MAX = 10_000;

/**
 * Turns a user id into a stable pseudonym: the same user always gets the same value (so "distinct
 * askers" and "one vote per voter" work) but the id cannot be read back from the database.
 *
 * HMAC-SHA256 with a secret salt rather than a plain hash because Discord ids are timestamps plus a few
 * bits: anyone holding the file could hash every plausible id in minutes. The salt therefore never goes
 * into the database; it comes from configuration, and losing it only means old and new pseudonyms of the
 * same user no longer match.
 */
export class Pseudonymizer {
  readonly #salt: string;

  constructor(salt: string) {
    if (typeof salt !== 'string' || salt.length < SALT_MIN_LENGTH) {
      throw new StoreError(
        'misconfigured',
        `The store needs a secret salt of at least ${SALT_MIN_LENGTH} characters to hash user ids ` +
          `(got ${typeof salt === 'string' ? `${salt.length}` : 'none'}). Set INSIGHTS_SALT to a long random value, ` +
          'e.g. the output of `openssl rand -hex 32`, and keep it out of the database folder.',
      );
    }
    this.#salt = salt;
  }

  readonly #remembered = new Map<string, string>();

  of(userId: string): string {
    let pseudonym = this.#remembered.get(userId);
    if (pseudonym === undefined) {
      pseudonym = createHmac('sha256', this.#salt).update(userId, 'utf8').digest('hex');
      if (this.#remembered.size >= REMEMBERED_MAX) this.#remembered.delete(this.#remembered.keys().next().value!);
      this.#remembered.set(userId, pseudonym);
    }
    return pseudonym;
  }
}
