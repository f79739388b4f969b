import Fuse from 'fuse.js';
import type { Fact } from '../knowledge/schema.ts';
import { QUESTION_MAX } from '../errors.ts';
import { words } from './text.ts';

/** Discord's cap on autocomplete choices. */
export const COMPLETE_MAX = 25;

/**
 * Autocomplete over every question form, ranked by fuse.js token search: each typed word is matched
 * fuzzily ("singapor"), so a half-typed question finds its forms. Nothing typed yet: the canonical
 * question of each fact, in fact-base order.
 */
export function createCompleter(facts: Fact[]): (typed: string, limit?: number) => string[] {
  const seen = new Set<string>();
  const forms = facts
    .flatMap((f) => f.questions.map((q, i) => ({ q, canonical: i === 0 })))
    .filter(({ q }) => !seen.has(q.toLowerCase()) && seen.add(q.toLowerCase()));
  const search = new Fuse(forms, { keys: ['q'], includeScore: true, useTokenSearch: true, threshold: 0.4, ignoreLocation: true });
  return (typed, limit = COMPLETE_MAX) => {
    const n = Math.max(0, Math.min(limit, COMPLETE_MAX));
    const text = typed.replace(/\s+/g, ' ').trim().slice(0, QUESTION_MAX);
    if (words(text).length === 0) return forms.filter((f) => f.canonical).slice(0, n).map((f) => f.q);
    return search.search(text, { limit: n }).map((r) => r.item.q);
  };
}
