import Fuse from 'fuse.js';
import type { Fact } from '../knowledge/schema.ts';
import { QUESTION_MAX } from '../errors.ts';
import { words } from './text.ts';

/** Discord's cap on autocomplete choices. */
export const COMPLETE_MAX = 25;
const CACHE_MAX = 2_000;

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
  const canonical = forms.filter((f) => f.canonical).map((f) => f.q);
  // Everyone typing "why did the" asks the same search; a bounded cache keeps it to one.
  const cache = new Map<string, string[]>();
  return (typed, limit = COMPLETE_MAX) => {
    const n = Math.max(0, Math.min(limit, COMPLETE_MAX));
    const text = typed.replace(/\s+/g, ' ').trim().slice(0, QUESTION_MAX).toLowerCase();
    if (words(text).length === 0) return canonical.slice(0, n);
    let found = cache.get(text);
    if (!found) {
      found = search.search(text, { limit: COMPLETE_MAX }).map((r) => r.item.q);
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(text, found);
    }
    return found.slice(0, n);
  };
}
