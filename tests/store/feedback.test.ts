import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { errorOf, freshStore } from './support.ts';

const GUILD = '100000000000000001';
const ALICE = '400000000000000001';
const BOB = '400000000000000002';

const vote = (voterId: string, value: 1 | -1, answerId = 'answer-1') => ({
  guildId: GUILD,
  answerId,
  factId: 'summit-failed',
  voterId,
  value,
});

describe('feedback votes', () => {
  it('count one vote per voter per answer, and tell the voter what they voted before', () => {
    const { store } = freshStore();
    expect(store.feedback.vote(vote(ALICE, 1))).toEqual({ previous: null, tally: { up: 1, down: 0 } });
    expect(store.feedback.vote(vote(ALICE, 1))).toEqual({ previous: 1, tally: { up: 1, down: 0 } });
    expect(store.feedback.vote(vote(BOB, 1))).toEqual({ previous: null, tally: { up: 2, down: 0 } });
    expect(store.feedback.vote(vote(ALICE, -1))).toEqual({ previous: 1, tally: { up: 1, down: 1 } });
    expect(store.feedback.tally('answer-1')).toEqual({ up: 1, down: 1 });
  });

  it('keep answers apart', () => {
    const { store } = freshStore();
    store.feedback.vote(vote(ALICE, 1, 'answer-1'));
    store.feedback.vote(vote(ALICE, -1, 'answer-2'));
    expect(store.feedback.tally('answer-1')).toEqual({ up: 1, down: 0 });
    expect(store.feedback.tally('answer-2')).toEqual({ up: 0, down: 1 });
    expect(store.feedback.tally('never-voted')).toEqual({ up: 0, down: 0 });
  });

  it('store the voter as a pseudonym, and keep the answer it was cast on when it changes', () => {
    const { store, path } = freshStore();
    store.feedback.vote(vote(ALICE, 1));
    store.feedback.vote({ ...vote(ALICE, -1), factId: 'someone-else', guildId: null });
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT * FROM feedback_votes').all();
    db.close();
    expect(rows).toEqual([
      {
        answer_id: 'answer-1',
        voter_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        guild_id: GUILD,
        fact_id: 'summit-failed',
        value: -1,
        at: expect.any(Number),
      },
    ]);
  });

  it('refuse anything but 1 or -1, naming the rule', () => {
    const { store } = freshStore();
    const err = errorOf(() => store.feedback.vote({ ...vote(ALICE, 1), value: 0 as 1 }));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toMatch(/value: value is 1 \(helpful\) or -1 \(not helpful\)/);
    expect(errorOf(() => store.feedback.vote({ ...vote(ALICE, 1), factId: '' })).message).toMatch(/factId cannot be empty/);
    expect(store.feedback.tally('answer-1')).toEqual({ up: 0, down: 0 });
  });
});
