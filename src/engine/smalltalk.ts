import type { KnowledgeBase, Smalltalk } from '../knowledge/schema.ts';
import { normalise, words } from './text.ts';

/** Words that may pad a greeting or thanks without making it a question ("thanks a lot bot"). */
const FILLER = new Set(['bot', 'factdesk', 'so', 'very', 'much', 'again', 'there', 'guys', 'mate', 'man', 'a', 'lot', 'you', 'and', 'me', 'oh', 'this', 'is', 'it', 'its', 'really', 'totally', 'just', 'kinda', 'lol', 'lmao', 'haha', 'bruh', 'ngl', 'tbh', 'rn', 'pls', 'plz']);
/** Longer messages are questions even when they open with "hi". */
const MAX_WORDS = 8;

/**
 * Greetings, thanks and "what can you do": a whole message that is one of the fact base's patterns,
 * or made only of their words and filler. Anything with a content word goes to the matcher.
 */
export function createSmalltalk(kb: KnowledgeBase): (message: string) => Smalltalk | undefined {
  const items = kb.smalltalk.map((item) => ({
    item,
    patterns: new Set(item.patterns.map(normalise)),
    vocabulary: new Set(item.patterns.flatMap(words)),
  }));
  return (message) => {
    const norm = normalise(message);
    const w = norm.split(' ').filter(Boolean);
    if (w.length === 0 || w.length > MAX_WORDS) return undefined;
    let best: { item: Smalltalk; overlap: number } | undefined;
    for (const s of items) {
      if (s.patterns.has(norm)) return s.item;
      if (!w.every((x) => s.vocabulary.has(x) || FILLER.has(x))) continue;
      const overlap = w.filter((x) => s.vocabulary.has(x)).length;
      if (overlap > 0 && (!best || overlap > best.overlap)) best = { item: s.item, overlap };
    }
    return best?.item;
  };
}
