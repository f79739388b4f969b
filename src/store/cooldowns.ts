/**
 * Rate limits, kept in the process's memory rather than in SQLite. Why that is correct here:
 * - Discord routes every event of a guild to the one shard that owns the guild, and every direct message
 *   to shard 0, so a user's cooldown in a guild, and their DM allowance, are only ever checked by one
 *   process. Nothing would be gained by sharing the state through the file.
 * - Checking is on the path of every message; a write per message would cost more than the feature.
 * - Losing the state on a restart at worst lets someone ask one question early.
 * Memory stays bounded: entries are dropped once they expire (swept at most once a minute, or whenever
 * the map is full), and at `maxEntries` the least recently used entry is evicted. Eviction fails open
 * (that user may ask early); the bound matters more than the rare early answer.
 */
import type { Clock } from './clock.ts';
import { StoreError } from './errors.ts';

/** `retryAt`: the first moment the same call would succeed. */
export type ConsumeResult = { ok: true } | { ok: false; retryAt: Date };

export interface LimiterOptions {
  now: Clock;
  /** Upper bound on users tracked at once. */
  maxEntries?: number;
  sweepIntervalMs?: number;
}

const DEFAULT_MAX_ENTRIES = 50_000;
const DEFAULT_SWEEP_MS = 60_000;

/** A Map whose entries carry an expiry time, with the sweeping and the size bound described above. */
class ExpiringMap<V> {
  readonly #entries = new Map<string, V>();
  readonly #expiresAt: (value: V) => number;
  readonly #max: number;
  readonly #sweepEvery: number;
  #lastSweep: number;

  constructor(expiresAt: (value: V) => number, max: number, sweepEvery: number, now: number) {
    if (!Number.isInteger(max) || max < 1) {
      throw new StoreError('misconfigured', `maxEntries must be a whole number of at least 1 (got ${max}).`);
    }
    this.#expiresAt = expiresAt;
    this.#max = max;
    this.#sweepEvery = sweepEvery;
    this.#lastSweep = now;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string, now: number): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    if (this.#expiresAt(value) <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return value;
  }

  /** Stores the value as the most recently used entry. */
  set(key: string, value: V, now: number): void {
    this.#entries.delete(key);
    if (now - this.#lastSweep >= this.#sweepEvery || this.#entries.size >= this.#max) this.#sweep(now);
    if (this.#entries.size >= this.#max) {
      // Map iteration follows insertion order and `set` re-inserts, so the first key is the least recent.
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, value);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  #sweep(now: number): void {
    this.#lastSweep = now;
    for (const [key, value] of this.#entries) {
      if (this.#expiresAt(value) <= now) this.#entries.delete(key);
    }
  }
}

interface CooldownEntry {
  /** When the key last consumed. */
  at: number;
  /** When the cooldown that was in force then ends. */
  until: number;
}

/**
 * "At most one every N seconds" per key within a scope, e.g. scope = guild id, key = user id, N = the
 * guild's `cooldownSeconds`. A refused attempt does not restart the wait.
 */
export class Cooldowns {
  readonly #now: Clock;
  readonly #entries: ExpiringMap<CooldownEntry>;

  constructor(options: LimiterOptions) {
    this.#now = options.now;
    this.#entries = new ExpiringMap(
      (e) => e.until,
      options.maxEntries ?? DEFAULT_MAX_ENTRIES,
      options.sweepIntervalMs ?? DEFAULT_SWEEP_MS,
      options.now(),
    );
  }

  /** Entries held right now (expired ones may linger until the next sweep). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Consumes the key's turn if its cooldown is over. `seconds` is read on every call, so a moderator
   * shortening the cooldown frees waiting users at once; lengthening it applies from their next question.
   */
  tryConsume(scope: string, key: string, seconds: number): ConsumeResult {
    if (!Number.isFinite(seconds) || seconds < 0) {
      throw new StoreError('invalid-input', `A cooldown is a number of seconds of 0 or more (got ${seconds}).`);
    }
    const id = `${scope}\u0000${key}`;
    if (seconds === 0) {
      this.#entries.delete(id);
      return { ok: true };
    }
    const now = this.#now();
    const last = this.#entries.get(id, now);
    if (last !== undefined) {
      const retryAt = Math.min(last.until, last.at + seconds * 1000);
      if (now < retryAt) return { ok: false, retryAt: new Date(retryAt) };
    }
    this.#entries.set(id, { at: now, until: now + seconds * 1000 }, now);
    return { ok: true };
  }
}

export interface WindowLimitOptions extends LimiterOptions {
  /** Most attempts allowed in any window. */
  limit: number;
  windowMs: number;
}

/**
 * "At most `limit` in any `windowMs`" per key, as an exact sliding window: it keeps the times of the last
 * `limit` accepted attempts (so at most `limit` numbers per key), and a key is forgotten once its newest
 * one has left the window. Refused attempts are not recorded, so hammering does not extend the wait.
 */
export class SlidingWindowLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly #now: Clock;
  readonly #entries: ExpiringMap<number[]>;

  constructor(options: WindowLimitOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) {
      throw new StoreError('misconfigured', `A rate limit allows at least 1 attempt (got ${options.limit}).`);
    }
    if (!Number.isFinite(options.windowMs) || options.windowMs <= 0) {
      throw new StoreError('misconfigured', `A rate-limit window is a positive duration (got ${options.windowMs} ms).`);
    }
    this.limit = options.limit;
    this.windowMs = options.windowMs;
    this.#now = options.now;
    this.#entries = new ExpiringMap(
      (times) => (times.at(-1) ?? 0) + this.windowMs,
      options.maxEntries ?? DEFAULT_MAX_ENTRIES,
      options.sweepIntervalMs ?? DEFAULT_SWEEP_MS,
      options.now(),
    );
  }

  get size(): number {
    return this.#entries.size;
  }

  tryConsume(key: string): ConsumeResult {
    const now = this.#now();
    const recent = (this.#entries.get(key, now) ?? []).filter((t) => t > now - this.windowMs);
    const oldest = recent[0];
    if (recent.length >= this.limit && oldest !== undefined) {
      return { ok: false, retryAt: new Date(oldest + this.windowMs) };
    }
    recent.push(now);
    this.#entries.set(key, recent, now);
    return { ok: true };
  }
}
