import type { Fact } from '../knowledge/schema.ts';
import { QUESTION_MAX } from '../errors.ts';
import { words } from './text.ts';

/** Discord's cap on autocomplete choices. */
export const COMPLETE_MAX = 25;
const CACHE_MAX = 2_000;
/** A typed word matches a word of a form with at most this share of its letters wrong (fuse.js's default threshold). */
const MAX_ERROR_RATE = 0.4;
/** Words of a query that are looked at; no question form is longer, and a pasted essay must stay cheap. */
const QUERY_WORDS_MAX = 24;
/** Longer "words" (a pasted URL, a key held down) cannot match any word of the fact base. */
const WORD_LENGTH_MAX = 32;

/**
 * Autocomplete over every question form. Each typed word is matched against the words of the forms:
 * exactly, as the start of a word being typed ("singa"), or fuzzily as part of one with a few letters
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
  const letterSets = vocabulary.map(letterSet);

  /** How well one typed word matches each vocabulary word it matches at all, as [word id, 0..1]. */
  const matchesOf = new Map<string, [number, number][]>();
  function matches(term: string): [number, number][] {
    let found = matchesOf.get(term);
    if (found) return found;
    found = [];
    const allowed = Math.floor(MAX_ERROR_RATE * term.length);
    for (let id = 0; id < vocabulary.length; id++) {
      const word = vocabulary[id]!;
      let similarity = 0;
      if (word === term) similarity = 1;
      else if (word.startsWith(term)) similarity = 0.95;
      else if (term.length >= 3 && word.length >= term.length - allowed && lettersMissing(term, letterSets[id]!) <= allowed) {
        const errors = substringDistance(term, word);
        if (errors <= allowed) similarity = 0.9 * (1 - errors / term.length);
      }
      if (similarity > 0) found.push([id, similarity]);
    }
    if (matchesOf.size >= CACHE_MAX) matchesOf.delete(matchesOf.keys().next().value!);
    matchesOf.set(term, found);
    return found;
  }

  function search(terms: string[]): string[] {
    const score = new Float64Array(forms.length);
    const best = new Float64Array(forms.length);
    const touched: number[] = [];
    let total = 0;
    for (const term of terms) {
      best.fill(0);
      const hit: number[] = [];
      for (const [id, similarity] of matches(term)) {
        for (const form of postings[id]!) {
          if (best[form] === 0) hit.push(form);
          if (similarity > best[form]!) best[form] = similarity;
        }
      }
      // A word found in most forms says little about which one is meant.
      const weight = Math.log(1 + (forms.length - hit.length + 0.5) / (hit.length + 0.5));
      total += weight;
      for (const form of hit) {
        if (score[form] === 0) touched.push(form);
        score[form]! += weight * best[form]!;
      }
    }
    if (total === 0) return [];
    return touched
      .sort((a, b) => score[b]! - score[a]! || Number(forms[b]!.canonical) - Number(forms[a]!.canonical) || forms[a]!.q.length - forms[b]!.q.length || a - b)
      .slice(0, COMPLETE_MAX)
      .map((form) => forms[form]!.q);
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

/** Which of a-z and 0-9 occur in a word, one bit each; bit 31 stands for every other character. */
function letterSet(word: string): number {
  let set = 0;
  for (let i = 0; i < word.length; i++) set |= 1 << bitOf(word.charCodeAt(i));
  return set;
}

function bitOf(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return 26 + Math.min(4, code - 48);
  return 31;
}

/** Letters of `term` that occur nowhere in the word: each costs an edit, so this is a cheap lower bound on the distance. */
function lettersMissing(term: string, wordLetters: number): number {
  let missing = 0;
  for (let i = 0; i < term.length; i++) if ((wordLetters & (1 << bitOf(term.charCodeAt(i)))) === 0) missing += 1;
  return missing;
}

/** The fewest edits (insert, delete, substitute) that turn `pattern` into some substring of `text` (Sellers' algorithm). */
function substringDistance(pattern: string, text: string): number {
  const m = pattern.length;
  let previous = new Uint8Array(m + 1);
  let current = new Uint8Array(m + 1);
  for (let i = 0; i <= m; i++) previous[i] = i;
  let best = m;
  for (let j = 1; j <= text.length; j++) {
    // A match may start anywhere in the text, so reaching column j costs nothing.
    current[0] = 0;
    const c = text.charCodeAt(j - 1);
    for (let i = 1; i <= m; i++) {
      current[i] = Math.min(previous[i - 1]! + (pattern.charCodeAt(i - 1) === c ? 0 : 1), previous[i]! + 1, current[i - 1]! + 1);
    }
    if (current[m]! < best) best = current[m]!;
    [previous, current] = [current, previous];
  }
  return best;
}
