import { stemmer } from 'stemmer';

/**
 * Discord markup a question may carry: user/role/channel mentions, @everyone/@here, custom emoji, URLs,
 * HTML tags ("<img src=x onerror=…>"), and template placeholders ("{{user}}", "${x}") pasted from bots and code.
 * None of it is ever a word of the question, and matching it as text would let "@everyone" or a role id
 * steer the answer.
 */
const MARKUP = /<a?:\w+:\d+>|<[@#][!&]?\d+>|<\/?[a-z][a-z0-9]*(?:\s[^<>]{0,200})?\/?>|@(?:everyone|here)\b|https?:\/\/\S+|\{\{[^}]*\}\}|\$\{[^}]*\}/gi;
/**
 * Paragraph labels a user types ("cite ¶99", "[[CITE ¶15]]", "¶3 says..."). They name a paragraph,
 * never ask about one's content, and matching "15" as a word would let a user steer the citation.
 */
const PARAGRAPH_LABEL = /¶\s*\d*|\bparagraph\s+\d+\b/gi;
/** Invisible characters that split or join words without showing: "wh\u200bo" must read as "who". */
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Cyrillic and Greek letters that look like Latin ones. "Whеn" with a Cyrillic "е" reads the same to a
 * person and must match the same; NFKD does not fold across scripts.
 */
const CONFUSABLES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', І: 'I', Ј: 'J', Ѕ: 'S',
  α: 'a', ο: 'o', ρ: 'p', ι: 'i', κ: 'k', ν: 'v', τ: 't', υ: 'u', χ: 'x', Α: 'A', Β: 'B', Ε: 'E', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Χ: 'X',
};
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'gu');

/** Lower-case, accent-free, punctuation-free words: the one tokenisation every part of the engine shares. */
export function words(text: string): string[] {
  // One question is split into words several times over (segments, question type, smalltalk), and
  // the fact base's own texts recur; a small cache spares the regular expressions.
  let found = wordCache.get(text);
  if (found === undefined) {
    found = split(text);
    if (wordCache.size >= WORD_CACHE_MAX) wordCache.clear();
    wordCache.set(text, found);
  }
  return [...found];
}

const wordCache = new Map<string, readonly string[]>();
const NON_ASCII = /[^\x00-\x7f]/u;
const WORD_CACHE_MAX = 5_000;

function split(text: string): string[] {
  // Most questions are plain ASCII, which has no invisible characters, confusables, accents or curly
  // quotes to fold: those passes are skipped for them.
  const folded = NON_ASCII.test(text)
    ? text
        .replace(INVISIBLE, '')
        .replace(MARKUP, ' ')
        .replace(PARAGRAPH_LABEL, ' ')
        .replace(CONFUSABLE_RE, (c) => CONFUSABLES[c] ?? c)
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
    : text.replace(MARKUP, ' ').replace(PARAGRAPH_LABEL, ' ');
  return folded
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    // "it'll", "they're", "we've": the auxiliary adds nothing, and run together "he'll" would be "hell".
    .replace(/(\p{L})'(?:ll|re|ve|d|m)\b/gu, '$1')
    // "Korea's" and "Kings'" are the same word as "Korea" and "Kings" for matching.
    .replace(/(\p{L})'s?\b/gu, '$1')
    .replace(/'/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map(unleet);
}

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't' };
/**
 * "wh0 1s r1 s0n gw0n": digits standing for letters inside a word. A word of letters and digits
 * mixed is read with them as letters, unless it is an ordinal, a decade or a number with a unit ("2nd", "1990s", "10am").
 */
function unleet(word: string): string {
  if (!/[013457]/u.test(word) || !/\p{L}/u.test(word) || /^\d+(?:st|nd|rd|th|am|pm|k|m|bn|km|kg|yo)$|^\d{2,}s$/u.test(word)) return word;
  return word.replace(/[013457]/gu, (d) => LEET[d] ?? d);
}

const stemCache = new Map<string, string>();
/**
 * Porter stem, cached: the vocabulary is small and the same words recur in every question. Words of
 * three letters or fewer are left alone: they are mostly acronyms, and stemming "US" to "u" or "DoS"
 * to "do" would make "can u" and "how do I" mean the United States and the State Department.
 */
/** Where Porter's stems make one word of two the questions tell apart: "positive" is not "position". */
const OVERSTEMMED: Record<string, string> = { positive: 'positiv', positives: 'positiv', positively: 'positiv' };

/**
 * Irregular past forms, which Porter leaves as they are: "where did they hold the summit" asks what
 * "a summit was held" says. Each is read as its present form (and stemmed as that is). "gave",
 * "led", "began" and their like are left out: measured on the project's questions, reading them so
 * turned as many answers wrong as right ("gave up" is not "give").
 */
const IRREGULAR: Record<string, string> = {
  held: 'hold', met: 'meet', told: 'tell', made: 'make', ran: 'run', spoke: 'speak', spoken: 'speak', sought: 'seek', wrote: 'write',
  written: 'write', thought: 'think', knew: 'know', known: 'know', sent: 'send', meant: 'mean', found: 'find', chose: 'choose',
  chosen: 'choose', struck: 'strike', threw: 'throw', thrown: 'throw', drew: 'draw', drawn: 'draw', sold: 'sell', paid: 'pay',
  spent: 'spend', fought: 'fight', bought: 'buy', caught: 'catch', taught: 'teach',
};

export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    const base = IRREGULAR[word] ?? word;
    s = OVERSTEMMED[base] ?? (base.length <= 3 || /^\p{N}+$/u.test(base) ? base : stemmer(base));
    // Cut to two letters a stem means nothing of its own and collides with short names: "used" and
    // "uses" would become "us".
    if (s.length < 3) s = base;
    if (stemCache.size < 50_000) stemCache.set(word, s);
  }
  return s;
}

/**
 * The text with invisible characters read as spaces instead of nothing: "who\u200bis\u200bdaniel"
 * uses them between words, "wh\u200bo" inside one. `words` joins; this variant separates.
 */
export function withInvisibleAsSpace(text: string): string | undefined {
  const spaced = text.replace(INVISIBLE, ' ');
  return spaced === text ? undefined : spaced;
}

/** One normalised string for a whole text, for exact phrase comparisons (smalltalk, dedupe). */
export function normalise(text: string): string {
  return words(text).join(' ');
}
