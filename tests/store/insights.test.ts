import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QUESTION_TEXT_MAX, QUEUE_BATCH, QUEUE_DELAY_MS, type Store, normaliseQuestion, openStore } from '../../src/store/index.ts';
import { DAY, MINUTE, NOON, SALT, errorOf, freshStore } from './support.ts';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const ALICE = '400000000000000001';
const BOB = '400000000000000002';
const CAROL = '400000000000000003';

function ask(store: Store, askerId: string, text: string, answered: boolean, at: number, guildId: string | null = GUILD) {
  return store.insights.recordQuestion({ guildId, askerId, text, answered, paragraph: answered ? 3 : null, at: new Date(at) });
}

function readRows(path: string, sql: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

describe('question normalisation', () => {
  it.each([
    ['  Why did the summit   FAIL?? ', 'why did the summit fail'],
    ['Who is\nKim\tJong Un?', 'who is kim jong un'],
    ['ＦＵＬＬＷＩＤＴＨ question', 'fullwidth question'],
    ['<@400000000000000001> what happened in Hanoi?', 'what happened in hanoi'],
    ['ask <@!400000000000000001>, <@&500000000000000001> and <#600000000000000001> <:kim:700000000000000001>', 'ask , and'],
    ['my id is 400000000000000001', 'my id is #'],
    ['what about 2018?', 'what about 2018'],
  ])('%j → %j', (raw, normal) => {
    expect(normaliseQuestion(raw)).toBe(normal);
  });

  it(`caps the text at ${QUESTION_TEXT_MAX} characters without splitting an emoji`, () => {
    const text = normaliseQuestion(`${'a'.repeat(QUESTION_TEXT_MAX - 1)}😀😀😀`);
    expect(Array.from(text)).toHaveLength(QUESTION_TEXT_MAX);
    expect(text.endsWith('😀')).toBe(true);
  });

  it('is idempotent, lower-case, single-spaced, capped and id-free for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (raw) => {
        const once = normaliseQuestion(raw);
        expect(normaliseQuestion(once)).toBe(once);
        expect(once).toBe(once.toLowerCase());
        expect(once).not.toMatch(/\s{2}|^\s|\s$|[?!.]$/);
        expect(Array.from(once).length).toBeLessThanOrEqual(QUESTION_TEXT_MAX);
        expect(once).not.toMatch(/\d{15}/);
      }),
    );
  });
});

describe('recording questions', () => {
  it('stores the normalised text, the outcome, the cited paragraph and the time, and a pseudonym for the asker', () => {
    const { store, path } = freshStore();
    store.insights.recordQuestion({
      guildId: GUILD,
      askerId: ALICE,
      text: 'Who MET in Hanoi?',
      answered: true,
      paragraph: 4,
      at: new Date(NOON),
    });
    ask(store, ALICE, 'other', false, NOON);
    ask(store, BOB, 'other', false, NOON);
    const rows = readRows(path, 'SELECT guild_id, asker_hash, text, answered, paragraph, at FROM questions ORDER BY id') as {
      asker_hash: string;
    }[];
    expect(rows[0]).toEqual({
      guild_id: GUILD,
      asker_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      text: 'who met in hanoi',
      answered: 1,
      paragraph: 4,
      at: NOON,
    });
    expect(rows[1]!.asker_hash).toBe(rows[0]!.asker_hash);
    expect(rows[2]!.asker_hash).not.toBe(rows[0]!.asker_hash);
  });

  it('gives the same user a different pseudonym under a different salt', () => {
    const first = freshStore();
    const second = freshStore({ hashSalt: `${SALT}-other` });
    ask(first.store, ALICE, 'q', true, NOON);
    ask(second.store, ALICE, 'q', true, NOON);
    const hash = (path: string) => (readRows(path, 'SELECT asker_hash FROM questions')[0] as { asker_hash: string }).asker_hash;
    expect(hash(first.path)).not.toBe(hash(second.path));
  });

  it('records nothing when nothing is left of the text', () => {
    const { store, path } = freshStore();
    expect(ask(store, ALICE, '<@400000000000000009> ??', false, NOON)).toBe(false);
    expect(readRows(path, 'SELECT * FROM questions')).toEqual([]);
  });

  it('defaults the time to the store clock', () => {
    const { store, path, clock } = freshStore();
    clock.advance(MINUTE);
    store.insights.recordQuestion({ guildId: null, askerId: ALICE, text: 'q', answered: false, paragraph: null });
    expect(readRows(path, 'SELECT guild_id, at FROM questions')).toEqual([{ guild_id: null, at: NOON + MINUTE }]);
  });

  it('refuses malformed records, naming the field', () => {
    const { store } = freshStore();
    const base = { guildId: GUILD, askerId: ALICE, text: 'q', answered: true, paragraph: 1, at: new Date(NOON) };
    expect(errorOf(() => store.insights.recordQuestion({ ...base, paragraph: 0 })).message).toMatch(/paragraph/);
    expect(errorOf(() => store.insights.recordQuestion({ ...base, at: new Date('nope') })).message).toMatch(
      /at: expected a valid Date/,
    );
    expect(errorOf(() => store.insights.recordQuestion({ ...base, askerId: '' })).code).toBe('invalid-input');
  });
});

describe('insights report', () => {
  function seeded() {
    const fixture = freshStore();
    const { store, clock } = fixture;
    clock.set(NOON + 2 * DAY); // "today" is 2024-06-15
    // Two days ago: three askers, the summit question twice answered.
    ask(store, ALICE, 'Why did the summit fail?', true, NOON);
    ask(store, BOB, 'why did the summit fail', true, NOON + MINUTE);
    ask(store, CAROL, 'What did Trump tweet?', false, NOON + 2 * MINUTE);
    // Today: the tweet question again from two people, one of them twice; one more answered question.
    ask(store, ALICE, 'what did trump tweet', false, NOON + 2 * DAY - 3 * MINUTE);
    ask(store, ALICE, 'what did trump tweet?', false, NOON + 2 * DAY - 2 * MINUTE);
    ask(store, BOB, 'Who is Moon?', true, NOON + 2 * DAY - MINUTE);
    // Out of the window, another guild, and direct messages: none of these count for GUILD over 3 days.
    ask(store, ALICE, 'ancient question', false, NOON - 2 * DAY);
    ask(store, ALICE, 'elsewhere', false, NOON + DAY, OTHER_GUILD);
    ask(store, ALICE, 'in a dm', true, NOON + DAY, null);
    return fixture;
  }

  it('gives the answer rate, askers and questions per day over the window', () => {
    const { store } = seeded();
    const report = store.insights.summary(GUILD, 3);
    expect(report).toMatchObject({
      guildId: GUILD,
      days: 3,
      since: new Date('2024-06-13T00:00:00Z'),
      questions: 6,
      answered: 3,
      answerRate: 0.5,
      askers: 3,
      questionsPerDay: 2,
    });
    expect(report.perDay).toEqual([
      { day: '2024-06-13', questions: 3, answered: 2 },
      { day: '2024-06-14', questions: 0, answered: 0 },
      { day: '2024-06-15', questions: 3, answered: 1 },
    ]);
  });

  it('ranks top questions by count, with distinct askers, and the top unanswered ones', () => {
    const { store } = seeded();
    const report = store.insights.summary(GUILD, 3);
    expect(report.topQuestions).toEqual([
      { text: 'what did trump tweet', count: 3, askers: 2, answered: 0 },
      { text: 'why did the summit fail', count: 2, askers: 2, answered: 2 },
      { text: 'who is moon', count: 1, askers: 1, answered: 1 },
    ]);
    expect(report.topUnanswered).toEqual([{ text: 'what did trump tweet', count: 3, askers: 2, answered: 0 }]);
    expect(report.topParagraphs).toEqual([{ paragraph: 3, count: 3 }]);
    expect(store.insights.summary(GUILD, 3, { top: 1 }).topQuestions).toHaveLength(1);
  });

  it('counts today as day one', () => {
    const { store } = seeded();
    const today = store.insights.summary(GUILD, 1);
    expect(today.since).toEqual(new Date('2024-06-15T00:00:00Z'));
    expect(today.questions).toBe(3);
    expect(today.perDay).toEqual([{ day: '2024-06-15', questions: 3, answered: 1 }]);
  });

  it('reports direct messages under a null guild', () => {
    const { store } = seeded();
    expect(store.insights.summary(null, 3)).toMatchObject({ guildId: null, questions: 1, answerRate: 1 });
  });

  it('has no rates, rather than zero rates, when there is nothing to count', () => {
    const { store } = freshStore();
    const report = store.insights.summary(GUILD, 7);
    expect(report).toMatchObject({ questions: 0, answerRate: null, questionsPerDay: 0, feedback: { up: 0, down: 0, ratio: null } });
    expect(report.perDay).toHaveLength(7);
    expect(report.topQuestions).toEqual([]);
  });

  it('counts feedback in the window: up/down ratio and the most down-voted facts', () => {
    const { store, clock } = seeded();
    const vote = (answerId: string, factId: string, voterId: string, value: 1 | -1, guildId: string | null = GUILD) =>
      store.feedback.vote({ guildId, answerId, factId, voterId, value });
    vote('m1', 'summit-failed', ALICE, 1);
    vote('m1', 'summit-failed', BOB, 1);
    vote('m2', 'trump-tweet', ALICE, -1);
    vote('m2', 'trump-tweet', CAROL, -1);
    vote('m3', 'moon-role', BOB, -1);
    vote('m9', 'moon-role', BOB, -1, OTHER_GUILD);
    clock.advance(-10 * DAY);
    vote('m0', 'moon-role', CAROL, 1); // long before the window
    clock.advance(10 * DAY);

    const report = store.insights.summary(GUILD, 3);
    expect(report.feedback).toEqual({ up: 2, down: 3, ratio: 0.4 });
    expect(report.lowRatedFacts).toEqual([
      { factId: 'trump-tweet', up: 0, down: 2 },
      { factId: 'moon-role', up: 0, down: 1 },
    ]);
  });

  it('refuses windows and list sizes out of range', () => {
    const { store } = freshStore();
    expect(errorOf(() => store.insights.summary(GUILD, 0)).message).toMatch(/days must be at least 1/);
    expect(errorOf(() => store.insights.summary(GUILD, 367)).message).toMatch(/at most 366/);
    expect(errorOf(() => store.insights.summary(GUILD, 7, { top: 26 })).code).toBe('invalid-input');
  });
});

describe('retention and deletion', () => {
  it('purges questions, votes and audit entries older than the retention period, and nothing newer', () => {
    const { store, clock } = freshStore();
    ask(store, ALICE, 'old', false, NOON);
    store.feedback.vote({ guildId: GUILD, answerId: 'm1', factId: 'f', voterId: ALICE, value: 1 });
    store.settings.update(GUILD, ALICE, { cooldownSeconds: 5 });
    clock.advance(50 * DAY);
    ask(store, BOB, 'recent', true, NOON + 50 * DAY);
    store.feedback.vote({ guildId: GUILD, answerId: 'm2', factId: 'f', voterId: BOB, value: -1 });
    store.settings.update(GUILD, ALICE, { cooldownSeconds: 6 });

    clock.advance(41 * DAY); // the first batch is now 91 days old, the second 41
    expect(store.purgeOlderThan(90)).toEqual({ questions: 1, votes: 1, auditEntries: 1 });
    const report = store.insights.summary(GUILD, 366);
    expect(report.topQuestions.map((q) => q.text)).toEqual(['recent']);
    expect(report.feedback).toMatchObject({ up: 0, down: 1 });
    expect(store.settings.recentChanges(GUILD).map((c) => c.newValue)).toEqual([6]);
    // Settings themselves are not personal data and outlive the retention period.
    expect(store.settings.get(GUILD).cooldownSeconds).toBe(6);
    expect(store.purgeOlderThan(90)).toEqual({ questions: 0, votes: 0, auditEntries: 0 });
    expect(errorOf(() => store.purgeOlderThan(0)).code).toBe('invalid-input');
  });

  it("clearGuild deletes one guild's questions and votes, keeping its settings and other guilds", () => {
    const { store } = freshStore();
    ask(store, ALICE, 'mine', true, NOON);
    ask(store, ALICE, 'theirs', true, NOON, OTHER_GUILD);
    store.feedback.vote({ guildId: GUILD, answerId: 'm1', factId: 'f', voterId: ALICE, value: 1 });
    store.feedback.vote({ guildId: OTHER_GUILD, answerId: 'm2', factId: 'f', voterId: ALICE, value: 1 });
    store.settings.update(GUILD, ALICE, { cooldownSeconds: 5 });

    expect(store.clearGuild(GUILD)).toEqual({ questions: 1, votes: 1 });
    expect(store.insights.summary(GUILD, 7)).toMatchObject({ questions: 0, feedback: { up: 0 } });
    expect(store.insights.summary(OTHER_GUILD, 7)).toMatchObject({ questions: 1, feedback: { up: 1 } });
    expect(store.settings.get(GUILD).cooldownSeconds).toBe(5);
    expect(store.settings.recentChanges(GUILD)).toHaveLength(1);
  });

  it('forgetGuild deletes settings and audit log too', () => {
    const { store } = freshStore();
    ask(store, ALICE, 'mine', true, NOON);
    store.settings.update(GUILD, ALICE, { cooldownSeconds: 5 });
    store.settings.allowChannel(GUILD, ALICE, 'c1');
    store.settings.update(OTHER_GUILD, ALICE, { cooldownSeconds: 7 });
    expect(store.forgetGuild(GUILD)).toEqual({ questions: 1, votes: 0, settings: 1, auditEntries: 2 });
    expect(store.settings.get(GUILD).cooldownSeconds).toBe(0);
    expect(store.settings.recentChanges(GUILD)).toEqual([]);
    expect(store.settings.get(OTHER_GUILD).cooldownSeconds).toBe(7);
  });
});

describe('privacy', () => {
  it('never writes a raw asker or voter id to the database files', () => {
    const { store, path, clock } = freshStore();
    const ids = [ALICE, BOB];
    for (const id of ids) {
      ask(store, id, `hello <@${id}>, this is ${id} asking`, true, NOON);
      store.insights.recordQuestion({ guildId: null, askerId: id, text: 'dm', answered: false, paragraph: null, at: new Date(NOON) });
      store.feedback.vote({ guildId: GUILD, answerId: 'm1', factId: 'f', voterId: id, value: 1 });
      store.feedback.vote({ guildId: null, answerId: 'm2', factId: 'f', voterId: id, value: -1 });
    }
    const files = [path, `${path}-wal`, `${path}-shm`];
    const leaks = () =>
      files
        .filter((file) => existsSync(file))
        .flatMap((file) => {
          const bytes = readFileSync(file);
          return ids
            .filter((id) => bytes.includes(Buffer.from(id, 'utf8')) || bytes.includes(Buffer.from(id, 'utf16le')))
            .map((id) => `${id} in ${file}`);
        });

    expect(readFileSync(`${path}-wal`).length).toBeGreaterThan(0);
    expect(leaks()).toEqual([]); // while open, most of it still in the WAL
    store.close();
    expect(leaks()).toEqual([]); // after the checkpoint into the main file

    // The records were really written: the check above is not passing on an empty file.
    const reopened = openStore(path, { hashSalt: SALT, now: clock.now });
    expect(reopened.insights.summary(GUILD, 1)).toMatchObject({ questions: 2, askers: 2, feedback: { up: 2 } });
    reopened.close();
  });
});

describe('queued questions (how the bot records them)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const queue = (store: Store, text: string, guildId: string | null = GUILD) =>
    store.insights.queueQuestion({ guildId, askerId: ALICE, text, answered: true, paragraph: 3, at: new Date(NOON) });
  const stored = (path: string) => readRows(path, 'SELECT text FROM questions ORDER BY id').map((r) => (r as { text: string }).text);

  it(`are written together ${QUEUE_DELAY_MS} ms after the first, in the order asked`, () => {
    vi.useFakeTimers();
    const { store, path } = freshStore();
    queue(store, 'Who met?');
    queue(store, 'Where?');
    expect(stored(path)).toEqual([]);
    expect(store.insights.queued).toBe(2);
    vi.advanceTimersByTime(QUEUE_DELAY_MS);
    expect(stored(path)).toEqual(['who met', 'where']);
    expect(store.insights.queued).toBe(0);
  });

  it(`are written at once when ${QUEUE_BATCH} are waiting`, () => {
    vi.useFakeTimers();
    const { store, path } = freshStore();
    for (let i = 0; i < QUEUE_BATCH; i++) queue(store, `question ${i}`);
    expect(stored(path)).toHaveLength(QUEUE_BATCH);
  });

  it('count in a report, a clear and a retention purge asked for before they were written', () => {
    const { store } = freshStore();
    queue(store, 'Who met?');
    expect(store.insights.summary(GUILD, 1).questions).toBe(1);
    queue(store, 'Who met again?');
    expect(store.clearGuild(GUILD).questions).toBe(2);
    queue(store, 'and again');
    expect(store.purgeOlderThan(1).questions).toBe(0);
    expect(store.insights.summary(GUILD, 1).questions).toBe(1);
  });

  it('are written by close(), so a clean shutdown loses none', () => {
    const { store, path, clock } = freshStore();
    queue(store, 'Who met?');
    store.close();
    const reopened = openStore(path, { hashSalt: SALT, now: clock.now });
    expect(reopened.insights.summary(GUILD, 1).topQuestions.map((q) => q.text)).toEqual(['who met']);
    reopened.close();
  });

  it('refuse bad input when queued, not later in the background', () => {
    const { store } = freshStore();
    expect(errorOf(() => store.insights.queueQuestion({ guildId: GUILD, askerId: '', text: 'q', answered: true, paragraph: 1 })).code).toBe('invalid-input');
    expect(queue(store, '<@400000000000000001>')).toBe(false);
    expect(store.insights.queued).toBe(0);
  });

  it('wait and are retried when the file stays locked, and the failure is reported', () => {
    vi.useFakeTimers();
    const failures: unknown[] = [];
    const { store, path } = freshStore({ busyTimeoutMs: 0, onBackgroundError: (err) => failures.push(err) });
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    queue(store, 'Who met?');
    vi.advanceTimersByTime(QUEUE_DELAY_MS);
    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toMatch(/locked|busy/i);
    expect(store.insights.queued).toBe(1);
    other.exec('COMMIT');
    other.close();
    vi.advanceTimersByTime(QUEUE_DELAY_MS);
    expect(stored(path)).toEqual(['who met']);
    expect(failures).toHaveLength(1);
  });
});
