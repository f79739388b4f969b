import { stemmer } from 'stemmer';

/**
 * Discord markup a question may carry: user/role/channel mentions, @everyone/@here, custom emoji, URLs.
 * None of it is ever a word of the question, and matching it as text would let "@everyone" or a role id
 * steer the answer.
 */
const MARKUP = /<a?:\w+:\d+>|<[@#][!&]?\d+>|@(?:everyone|here)\b|https?:\/\/\S+/giu;

/** Lower-case, accent-free, punctuation-free words: the one tokenisation every part of the engine shares. */
export function words(text: string): string[] {
  return text
    .replace(MARKUP, ' ')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    // "Korea's" and "Kings'" are the same word as "Korea" and "Kings" for matching.
    .replace(/(\p{L})'s?\b/gu, '$1')
    .replace(/'/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

const stemCache = new Map<string, string>();
/** Porter stem, cached: the vocabulary is small and the same words recur in every question. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = /^\p{N}+$/u.test(word) ? word : stemmer(word);
    if (stemCache.size < 50_000) stemCache.set(word, s);
  }
  return s;
}

/** One normalised string for a whole text, for exact phrase comparisons (smalltalk, dedupe). */
export function normalise(text: string): string {
  return words(text).join(' ');
}
