import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Cooldowns, DM_LIMIT, SlidingWindowLimiter, StoreError } from '../../src/store/index.ts';
import { MINUTE, ManualClock, NOON, SECOND, errorOf, freshStore } from './support.ts';

describe('per-user cooldown', () => {
  it('lets the first question through and refuses the next until the cooldown is over', () => {
    const clock = new ManualClock();
    const cooldowns = new Cooldowns({ now: clock.now });
    expect(cooldowns.tryConsume('guild', 'user', 30)).toEqual({ ok: true });
    clock.advance(10 * SECOND);
    expect(cooldowns.tryConsume('guild', 'user', 30)).toEqual({ ok: false, retryAt: new Date(NOON + 30 * SECOND) });
    clock.advance(20 * SECOND - 1);
    expect(cooldowns.tryConsume('guild', 'user', 30).ok).toBe(false);
    clock.advance(1);
    expect(cooldowns.tryConsume('guild', 'user', 30)).toEqual({ ok: true });
    expect(cooldowns.tryConsume('guild', 'user', 30)).toEqual({ ok: false, retryAt: new Date(NOON + 60 * SECOND) });
  });

  it('does not restart the wait when a refused user keeps asking', () => {
    const clock = new ManualClock();
    const cooldowns = new Cooldowns({ now: clock.now });
    cooldowns.tryConsume('g', 'u', 30);
    for (let i = 0; i < 5; i++) {
      clock.advance(5 * SECOND);
      expect(cooldowns.tryConsume('g', 'u', 30)).toEqual({ ok: false, retryAt: new Date(NOON + 30 * SECOND) });
    }
  });

  it('keeps users and guilds apart', () => {
    const clock = new ManualClock();
    const cooldowns = new Cooldowns({ now: clock.now });
    expect(cooldowns.tryConsume('g1', 'u1', 60).ok).toBe(true);
    expect(cooldowns.tryConsume('g1', 'u2', 60).ok).toBe(true);
    expect(cooldowns.tryConsume('g2', 'u1', 60).ok).toBe(true);
    expect(cooldowns.tryConsume('g1', 'u1', 60).ok).toBe(false);
  });

  it('is off at 0 seconds', () => {
    const clock = new ManualClock();
    const cooldowns = new Cooldowns({ now: clock.now });
    for (let i = 0; i < 20; i++) expect(cooldowns.tryConsume('g', 'u', 0)).toEqual({ ok: true });
    expect(cooldowns.size).toBe(0);
  });

  it('frees waiting users at once when a moderator shortens the cooldown; a longer one applies next time', () => {
    const clock = new ManualClock();
    const cooldowns = new Cooldowns({ now: clock.now });
    cooldowns.tryConsume('g', 'u', 600);
    clock.advance(20 * SECOND);
    expect(cooldowns.tryConsume('g', 'u', 10)).toEqual({ ok: true });

    clock.advance(20 * SECOND);
    expect(cooldowns.tryConsume('g', 'u', 10)).toEqual({ ok: true });
    clock.advance(20 * SECOND);
    // Raised from 10 s to 600 s after the last question: that question was allowed under the old rule.
    expect(cooldowns.tryConsume('g', 'u', 600)).toEqual({ ok: true });
    expect(cooldowns.tryConsume('g', 'u', 600).ok).toBe(false);
  });

  it('refuses a negative or non-numeric cooldown instead of silently allowing everything', () => {
    const cooldowns = new Cooldowns({ now: () => NOON });
    const err = errorOf(() => cooldowns.tryConsume('g', 'u', -5));
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toMatch(/0 or more \(got -5\)/);
    expect(() => cooldowns.tryConsume('g', 'u', Number.NaN)).toThrow(/got NaN/);
  });

  it('forgets users whose cooldown is over, so a busy guild does not grow the map forever', () => {
    const clock = new ManualClock();
    const cooldowns = new Cooldowns({ now: clock.now, sweepIntervalMs: MINUTE });
    for (let u = 0; u < 1000; u++) cooldowns.tryConsume('g', `u${u}`, 30);
    expect(cooldowns.size).toBe(1000);
    clock.advance(MINUTE);
    cooldowns.tryConsume('g', 'late', 30);
    expect(cooldowns.size).toBe(1);
  });

  it('never holds more than maxEntries, evicting the least recent user first', () => {
    const clock = new ManualClock();
    const cooldowns = new Cooldowns({ now: clock.now, maxEntries: 3 });
    for (const u of ['a', 'b', 'c']) cooldowns.tryConsume('g', u, 3600);
    expect(cooldowns.tryConsume('g', 'a', 3600).ok).toBe(false);
    cooldowns.tryConsume('g', 'd', 3600);
    expect(cooldowns.size).toBe(3);
    // 'a', the least recent, was evicted and may ask early (eviction fails open); 'c' is still tracked.
    expect(cooldowns.tryConsume('g', 'c', 3600).ok).toBe(false);
    expect(cooldowns.tryConsume('g', 'a', 3600).ok).toBe(true);
  });

  it('holds for any sequence of questions: accepted ones are at least the cooldown apart, refusals name the time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 20_000 }), user: fc.constantFrom('a', 'b', 'c') }), {
          maxLength: 200,
        }),
        fc.integer({ min: 1, max: 10 }),
        (steps, seconds) => {
          const clock = new ManualClock();
          const cooldowns = new Cooldowns({ now: clock.now, sweepIntervalMs: 5_000 });
          const lastOk = new Map<string, number>();
          for (const { gap, user } of steps) {
            clock.advance(gap);
            const result = cooldowns.tryConsume('g', user, seconds);
            const last = lastOk.get(user);
            const expected = last === undefined || clock.now() >= last + seconds * 1000;
            expect(result.ok).toBe(expected);
            if (result.ok) lastOk.set(user, clock.now());
            else expect(result.retryAt.getTime()).toBe(last! + seconds * 1000);
          }
        },
      ),
    );
  });
});

describe('direct-message limit', () => {
  it(`allows ${DM_LIMIT.limit} a minute and says when the next one is allowed`, () => {
    const { store, clock } = freshStore();
    for (let i = 0; i < DM_LIMIT.limit; i++) {
      expect(store.dmLimit.tryConsume('u')).toEqual({ ok: true });
      clock.advance(SECOND);
    }
    expect(store.dmLimit.tryConsume('u')).toEqual({ ok: false, retryAt: new Date(NOON + MINUTE) });
    expect(store.dmLimit.tryConsume('someone-else')).toEqual({ ok: true });
  });

  it('slides: each accepted message frees its slot exactly a minute later', () => {
    const clock = new ManualClock();
    const dm = new SlidingWindowLimiter({ now: clock.now, limit: 3, windowMs: MINUTE });
    dm.tryConsume('u'); // t = 0
    clock.advance(10 * SECOND);
    dm.tryConsume('u'); // t = 10 s
    dm.tryConsume('u'); // t = 10 s
    expect(dm.tryConsume('u')).toEqual({ ok: false, retryAt: new Date(NOON + MINUTE) });
    clock.set(NOON + MINUTE);
    expect(dm.tryConsume('u')).toEqual({ ok: true });
    expect(dm.tryConsume('u')).toEqual({ ok: false, retryAt: new Date(NOON + 70 * SECOND) });
  });

  it('does not count refused attempts, so hammering does not extend the wait', () => {
    const clock = new ManualClock();
    const dm = new SlidingWindowLimiter({ now: clock.now, limit: 2, windowMs: MINUTE });
    dm.tryConsume('u');
    dm.tryConsume('u');
    for (let i = 0; i < 50; i++) {
      clock.advance(SECOND);
      expect(dm.tryConsume('u').ok).toBe(false);
    }
    clock.set(NOON + MINUTE);
    expect(dm.tryConsume('u').ok).toBe(true);
  });

  it('forgets quiet users and stays within maxEntries', () => {
    const clock = new ManualClock();
    const dm = new SlidingWindowLimiter({ now: clock.now, limit: 10, windowMs: MINUTE, maxEntries: 100 });
    for (let u = 0; u < 500; u++) dm.tryConsume(`u${u}`);
    expect(dm.size).toBe(100);
    clock.advance(MINUTE);
    dm.tryConsume('late');
    expect(dm.size).toBe(1);
  });

  it('never lets more than the limit through in any window, whatever the timing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 15_000 }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 5 }),
        (gaps, limit) => {
          const clock = new ManualClock();
          const dm = new SlidingWindowLimiter({ now: clock.now, limit, windowMs: MINUTE, sweepIntervalMs: 7_000 });
          const accepted: number[] = [];
          for (const gap of gaps) {
            clock.advance(gap);
            const now = clock.now();
            const inWindow = accepted.filter((t) => t > now - MINUTE);
            const result = dm.tryConsume('u');
            expect(result.ok).toBe(inWindow.length < limit);
            if (result.ok) accepted.push(now);
            else expect(result.retryAt.getTime()).toBe(inWindow[0]! + MINUTE);
          }
        },
      ),
    );
  });

  it('rejects a limit that would allow nothing', () => {
    expect(() => new SlidingWindowLimiter({ now: () => NOON, limit: 0, windowMs: MINUTE })).toThrow(/at least 1 attempt/);
    expect(() => new SlidingWindowLimiter({ now: () => NOON, limit: 1, windowMs: 0 })).toThrow(/positive duration/);
  });
});
