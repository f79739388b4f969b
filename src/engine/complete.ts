import Fuse from 'fuse.js';
import type { Fact } from '../knowledge/schema.ts';
import { QUESTION_MAX } from '../errors.ts';
import { appendTo } from './multimap.ts';
import { words } from './text.ts';

/** Discord's cap on autocomplete choices. */
export const COMPLETE_MAX = 25;
const CACHE_MAX = 2_000;
/** Share of a typed word's letter pairs a vocabulary word must contain to be compared fuzzily. */
const MIN_SHARED_BIGRAMS = 0.4;
const bigrams = (w: string) => Array.from({ length: Math.max(0, w.length - 1) }, (_, i) => w.slice(i, i + 2));
/** fuse.js's threshold for a typed word against a word of a form: about this share of its letters wrong. */
const MAX_ERROR_RATE = 0.4;
/** Words of a query that are looked at; no question form is longer, and a pasted essay must stay cheap. */
const QUERY_WORDS_MAX = 24;
/** Longer "words" (a pasted URL, a key held down) cannot match any word of the fact base. */
const WORD_LENGTH_MAX = 32;

/**
 * Autocomplete over every question form. Each typed word is matched against the words of the forms:
 * exactly, as the start of a word being typed ("singa"), or fuzzily (fuse.js) with a few letters
 * wrong ("singapor", "sumit"). A form scores the share of the query's weight it matches, each typed
 * word weighted by how rare its matches are, so "why did the" ranks by "why" and not by "the".
 * Nothing typed yet: the canonical question of each fact, in fact-base order.
 *
 * Autocomplete runs on every pause in typing, so the cost is kept per word, not per form: each
 * distinct typed word is compared once with the fact base's vocabulary (a few hundred words) and
 * remembered, and a new keystroke only costs its last word.
 */
export function createCompleter(facts: Fact[]): (typed: string, limit?: number) => string[] {
  const seen = new Set<string>();
  const forms = facts
    .flatMap((f) => f.questions.map((q, i) => ({ q, canonical: i === 0 })))
    .filter(({ q }) => !seen.has(q.toLowerCase()) && seen.add(q.toLowerCase()));
  const canonical = forms.filter((f) => f.canonical).map((f) => f.q);

  const vocabulary: string[] = [];
  const wordIds = new Map<string, number>();
  /** For each vocabulary word, the forms it occurs in. */
  const postings: number[][] = [];
  forms.forEach(({ q }, formIndex) => {
    for (const word of new Set(words(q))) {
      let id = wordIds.get(word);
      if (id === undefined) {
        id = vocabulary.push(word) - 1;
        wordIds.set(word, id);
        postings.push([]);
      }
      postings[id]!.push(formIndex);
    }
  });
  const longestWord = Math.max(0, ...vocabulary.map((w) => w.length));
  // fuse.js does the fuzzy part, on the vocabulary rather than whole forms, and only on the words
  // sharing enough letter pairs with the typed one: a handful of short strings per distinct typed
  // word instead of every form on every keystroke.
  const byBigram = new Map<string, number[]>();
  vocabulary.forEach((word, id) => {
    for (const g of new Set(bigrams(word))) appendTo(byBigram, g, id);
  });
  function fuzzyMatches(term: string): { refIndex: number; score: number }[] {
    const grams = new Set(bigrams(term));
    const shared = new Map<number, number>();
    for (const g of grams) for (const id of byBigram.get(g) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    // Enough of the typed word's letter pairs must occur in the word for fuse.js to be worth asking.
    const candidates = [...shared].filter(([, n]) => n / grams.size >= MIN_SHARED_BIGRAMS).map(([id]) => id);
    // One kind of array whatever is found (a literal filled by push): see `rescaled` in index.ts.
    const matches: { refIndex: number; score: number }[] = [];
    if (candidates.length === 0) return matches;
    const fuse = new Fuse(candidates.map((id) => vocabulary[id]!), { includeScore: true, threshold: MAX_ERROR_RATE, ignoreLocation: true });
    for (const r of fuse.search(term)) matches.push({ refIndex: candidates[r.refIndex]!, score: r.score ?? 1 });
    return matches;
  }

  /**
   * What one typed word contributes, worked out once per distinct word: the forms it matches, how
   * well (0..1, the best of its matching words in that form), and its weight, which falls as it
   * matches more forms, since a word found in most forms says little about which one is meant.
   */
  interface TermHits {
    forms: Int32Array;
    similarity: Float64Array;
    weight: number;
  }
  const hitsOf = new Map<string, TermHits>();
  const sorted = vocabulary.map((_, id) => id).sort((a, b) => (vocabulary[a]! < vocabulary[b]! ? -1 : 1));
  const best = new Float64Array(forms.length);
  function hits(term: string): TermHits {
    const known = hitsOf.get(term);
    if (known) return known;
    const words: [number, number][] = [];
    // The words beginning with `term` sit together in sorted order, from the first one not before it.
    let lo = 0;
    for (let hi = sorted.length; lo < hi; ) {
      const mid = (lo + hi) >>> 1;
      if (vocabulary[sorted[mid]!]! < term) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sorted.length && vocabulary[sorted[i]!]!.startsWith(term); i++) {
      const id = sorted[i]!;
      words.push([id, vocabulary[id] === term ? 1 : 0.95]);
    }
    // A word that is, or begins, a word of the fact base is taken as typed; only one that is neither
    // is looked up fuzzily, as a typo ("singapor" is a start of "singapore", "sinagpore" is a typo).
    if (words.length === 0 && term.length >= 3) {
      for (const r of fuzzyMatches(term)) words.push([r.refIndex, 0.9 * (1 - r.score)]);
    }
    const hit: number[] = [];
    for (const [id, similarity] of words) {
      for (const form of postings[id]!) {
        if (best[form] === 0) hit.push(form);
        if (similarity > best[form]!) best[form] = similarity;
      }
    }
    const found: TermHits = {
      forms: Int32Array.from(hit),
      similarity: Float64Array.from(hit, (form) => best[form]!),
      weight: Math.log(1 + (forms.length - hit.length + 0.5) / (hit.length + 0.5)),
    };
    for (const form of hit) best[form] = 0;
    if (hitsOf.size >= CACHE_MAX) hitsOf.delete(hitsOf.keys().next().value!);
    hitsOf.set(term, found);
    return found;
  }

  const score = new Float64Array(forms.length);
  function search(terms: string[]): string[] {
    const touched: number[] = [];
    let total = 0;
    for (const term of terms) {
      const { forms: hit, similarity, weight } = hits(term);
      total += weight;
      for (let i = 0; i < hit.length; i++) {
        const form = hit[i]!;
        if (score[form] === 0) touched.push(form);
        score[form]! += weight * similarity[i]!;
      }
    }
    const top = total === 0 ? [] : topForms(touched, score);
    // The scores are scratch space shared by every search; clear what this one wrote.
    for (const form of touched) score[form] = 0;
    return top.map((form) => forms[form]!.q);
  }

  // Among equal scores: a fact's canonical question first, then the shorter form, then fact-base order.
  const tieRank = new Float64Array(forms.length);
  forms
    .map((_, i) => i)
    .sort((a, b) => Number(forms[b]!.canonical) - Number(forms[a]!.canonical) || forms[a]!.q.length - forms[b]!.q.length || a - b)
    .forEach((form, rank) => (tieRank[form] = rank));
  const before = (a: number, b: number, score: Float64Array) => score[a]! > score[b]! || (score[a] === score[b] && tieRank[a]! < tieRank[b]!);

  /**
   * The best COMPLETE_MAX forms, best first. A short word ("w", "the") touches most forms, and only
   * 25 are shown, so they are picked by insertion into a list of 25 rather than sorting them all.
   */
  function topForms(touched: number[], score: Float64Array): number[] {
    const top: number[] = [];
    for (const form of touched) {
      if (top.length === COMPLETE_MAX && !before(form, top[COMPLETE_MAX - 1]!, score)) continue;
      let at = top.length === COMPLETE_MAX ? COMPLETE_MAX - 1 : top.length;
      while (at > 0 && before(form, top[at - 1]!, score)) {
        top[at] = top[at - 1]!;
        at--;
      }
      top[at] = form;
    }
    return top;
  }

  // Everyone typing "why did the" asks the same search; a bounded cache keeps it to one.
  const cache = new Map<string, string[]>();
  return (typed, limit = COMPLETE_MAX) => {
    const n = Math.max(0, Math.min(limit, COMPLETE_MAX));
    const terms = [...new Set(words(typed.slice(0, QUESTION_MAX)))]
      .filter((term) => term.length <= Math.min(WORD_LENGTH_MAX, Math.ceil(longestWord / (1 - MAX_ERROR_RATE))))
      .slice(0, QUERY_WORDS_MAX);
    if (terms.length === 0) return words(typed.slice(0, QUESTION_MAX)).length === 0 ? canonical.slice(0, n) : [];
    const key = terms.join(' ');
    let found = cache.get(key);
    if (!found) {
      found = search(terms);
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(key, found);
    }
    return found.slice(0, n);
  };
}
