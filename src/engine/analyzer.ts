import Fuse from 'fuse.js';
import type { KnowledgeBase } from '../knowledge/schema.ts';
import { commonness } from './english.ts';
import { appendTo } from './multimap.ts';
import { oneLetterChanged, oneLetterShort, sameUndoubled } from './slips.ts';
import { normalise, stem, words } from './text.ts';

/**
 * A term is what matching counts. Phrases people use for one thing collapse into one term:
 * - `e:<entity id>` for any alias of an entity ("DPRK", "Pyongyang" → e:north-korea),
 * - `s:<stem>` for a synonym group ("penalties" → s:sanction),
 * - `o:<name>` for a name the article never mentions (China, Biden...),
 * - otherwise the word's stem.
 * Stop phrases ("according to the article") frame a question and produce no term.
 */
export type TermKind = 'word' | 'entity' | 'synonym' | 'outside' | 'stop';
export interface Term {
  key: string;
  kind: TermKind;
  /** For a plain word, the word as typed (after typo correction): its commonness is looked up by it. */
  word?: string;
}

interface PhraseEntry {
  term: Term;
  /** Entities beat outside names beat synonyms when two phrases of equal length compete. */
  priority: number;
}

const LEADING_ARTICLES = new Set(['the', 'a', 'an']);
const MONTHS = new Set(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);
const isSmallNumber = (w: string) => /^\d{1,2}$/.test(w);
/** Shorter words are too ambiguous to correct: "won" would become "own", "us" anything. */
const MIN_CORRECTABLE_LENGTH = 4;
/** "feb": three letters are enough to stand for a longer word, too few to tell a slip from another word. */
const MIN_EXPANDABLE_LENGTH = 3;
/**
 * Fuse scores about errors per character: 0.2 is one slip in five letters ("sumit"). Above it, real
 * words get "corrected" into the fact base's vocabulary ("cite" → "city", "override" → "overview").
 */
const MAX_CORRECTION_SCORE = 0.21;
const LONG_WORD_CORRECTION_SCORE = 0.29;
const NAME_CORRECTION_SCORE = 0.26;
/** Above this commonness a word is everyday English (roughly the 20,000 commonest words). */
const ENGLISH_WORD = 0.05;
/** Analyses kept for reuse while one question is answered: enough for its segments and checks. */
const RECENT_ANALYSES = 64;
const ARTICLE_POINTERS = new Set(['this', 'it']);
const ARTICLE_DOINGS = new Set(['written', 'filed', 'published', 'posted', 'dated', 'from', 'reported', 'released', 'printed', 'datelined']);
/** A given name this common is an everyday word as well ("will", "mark") and names nobody on its own. */
const GIVEN_NAME_MAX = 0.7;
const MAX_LENGTH_GAP = 2;
/** Longer strings are not typos of this vocabulary (its longest word is "denuclearisation"). */
const MAX_CORRECTABLE_LENGTH = 18;
/** Dice overlap of letter pairs below which a word is not worth a fuzzy comparison. */
const MIN_SHARED_BIGRAMS = 0.5;
const MIN_SHARED_BIGRAMS_SHORT = 0.3;
const FUZZY = { includeScore: true, threshold: LONG_WORD_CORRECTION_SCORE, ignoreLocation: true } as const;
/** How chat spells sounds ("-shun", "k" for a hard "c", "z" for "s"), and the letters the words use. */
const SOUND_SPELLINGS: [RegExp, string][] = [
  [/shun/g, 'tion'],
  [/k(?=[aou]|t|$)/g, 'c'],
  [/z/g, 's'],
  [/ph/g, 'f'],
  // A silent "e" for a vowel pair: "fale", "clame", "explane"; "threet", "leeder".
  [/a([bcdfgklmnprstvz])e$/g, 'ai$1'],
  [/ee/g, 'ea'],
];
/**
 * Words for a person by what they do, which after the name of a body or place say who is meant:
 * "the King's College expert", "the London academic", "the State Department official".
 */
const PERSON_NOUNS = new Set(['expert', 'experts', 'analyst', 'academic', 'scholar', 'professor', 'prof', 'specialist', 'researcher', 'pundit', 'official', 'officials', 'diplomat', 'spokesman', 'spokesperson', 'envoy', 'representative', 'rep', 'guy', 'man', 'woman', 'dude', 'lady', 'person', 'source']);
const bigrams = (w: string) => Array.from({ length: w.length - 1 }, (_, i) => w.slice(i, i + 2));

/** Adjective endings an "-ly" adverb is made from ("specifically", "carefully", "seriously"). */
const ADJECTIVE_ENDING = /(?:al|ful|ous|ive|ic|ent|ant|ary|less|ible|able|ate)$/u;
/** Adverbs that say when or whose, which a question may turn on ("originally", "personally"). */
const TELLING_ADVERBS = new Set(['original', 'previous', 'recent', 'current', 'former', 'initial', 'final', 'eventual', 'personal', 'official', 'public', 'private', 'secret', 'direct', 'late', 'subsequent', 'immediate', 'new', 'first', 'last', 'current']);
/** An everyday English adverb in "-ly" made from an adjective: "mainly" of "main", "roughly" of "rough". */
function isMannerAdverb(word: string): boolean {
  if (word.length < 6 || !word.endsWith('ly') || commonness(word) <= ENGLISH_WORD) return false;
  const base = word.slice(0, -2);
  return !TELLING_ADVERBS.has(base) && (ADJECTIVE_ENDING.test(base) || commonness(base) > ENGLISH_WORD);
}

export class Analyzer {
  private readonly phrases = new Map<string, PhraseEntry>();
  /** The stems that begin a phrase of two or more words: any other word is looked up once, alone. */
  private readonly startsLongerPhrase = new Set<string>();
  /** Every run of two or more stems that begins a longer phrase: how far a match is worth extending. */
  private readonly phrasePrefixes = new Set<string>();
  private readonly stopwords: Set<string>;
  /** Every surface word the fact base knows, for typo correction. */
  private readonly known = new Set<string>();
  private readonly knownStems = new Set<string>();
  /** Words of entity names and aliases. */
  private readonly nameWords = new Set<string>();
  /** For a body or place, the one person the article ties to it: King's College London → Pacheco Pardo. */
  private readonly personOf = new Map<string, string>();
  /** For each word of a name of two or more words, the names it stands in and where: "son" → "ri son gwon" at 1. */
  private readonly namesWith = new Map<string, { name: string[]; at: number }[]>();
  /**
   * Words of names the article never mentions. No typo is corrected into one: "italic" must not
   * become "Italian" and turn a question into one about something the article lacks.
   */
  private readonly outsideWords = new Set<string>();
  /** `known`, sorted, to find the words a cut-short word begins. */
  private readonly sortedKnown: string[];
  /** Name words that belong to one entity only and are no English word, so they name it alone. */
  private readonly nameOwner = new Map<string, string>();
  /**
   * Typo correction asks fuse.js to score only the few known words that share most of their letter
   * pairs with the typo: fuzzy-matching the whole vocabulary costs about a millisecond a word. Keyed
   * by first letter and pair ("f" + "ri"), since a candidate keeps the typo's first letter anyway.
   */
  private readonly bigramIndex = new Map<string, string[]>();
  private readonly corrections = new Map<string, string | null>();
  /**
   * For each stem inside a name or phrase, the stems that stand after it ("state" → "depart") and
   * before it, to read a slip in context.
   */
  private readonly stemsAfter = new Map<string, Set<string>>();
  private readonly stemsBefore = new Map<string, Set<string>>();
  /** Known words by stem. */
  private readonly wordsOfStem = new Map<string, string[]>();
  /**
   * Phrases of two synonym groups (or two entities) that stem alike ("differences" and "differ"):
   * only the first group gets them, silently. Listed so a test can keep the lexicon free of them.
   */
  readonly collisions: string[] = [];

  constructor(kb: KnowledgeBase) {
    this.stopwords = new Set(kb.lexicon.stopwords.flatMap(words));
    kb.lexicon.synonyms.forEach((group) => {
      const canonical = words(group[0]!).map(stem).join('_');
      for (const phrase of group) this.addPhrase(phrase, { key: `s:${canonical}`, kind: 'synonym' }, 1);
    });
    for (const phrase of kb.lexicon.stopPhrases) this.addPhrase(phrase, { key: '', kind: 'stop' }, 4);
    for (const name of kb.lexicon.outside) this.addPhrase(name, { key: `o:${words(name).join('_')}`, kind: 'outside' }, 2);
    for (const entity of kb.entities) {
      for (const alias of [entity.name, ...entity.aliases]) {
        this.addPhrase(alias, { key: `e:${entity.id}`, kind: 'entity' }, 3);
      }
    }
    const texts = [
      ...kb.article.paragraphs,
      kb.article.summary,
      ...kb.facts.flatMap((f) => [...f.questions, f.answer, ...f.keywords]),
      ...kb.gaps.flatMap((g) => [...g.questions, g.answer]),
      ...kb.lexicon.outside,
      // Synonyms are words people use for the article's concepts; without them "react" would be
      // "corrected" to "reach".
      ...kb.lexicon.synonyms.flat(),
      ...kb.lexicon.stopPhrases,
      ...kb.entities.flatMap((e) => [e.name, e.role, ...e.aliases]),
    ];
    for (const text of texts) for (const w of words(text)) this.known.add(w);
    for (const w of this.stopwords) this.known.add(w);
    for (const e of kb.entities) for (const w of [e.name, ...e.aliases].flatMap(words)) this.nameWords.add(w);
    // Only names of their own words: "the spokesman" or "mr ri" would make every "the" and "mr" a
    // neighbour to look beside.
    for (const e of kb.entities.filter((entity) => entity.type === 'person')) {
      for (const name of [e.name, ...e.aliases].map(words).filter((w) => w.length >= 2 && !w.some((x) => this.stopwords.has(x) || LEADING_ARTICLES.has(x)))) {
        name.forEach((w, at) => appendTo(this.namesWith, w, { name, at }));
      }
    }
    for (const w of kb.lexicon.outside.flatMap(words)) if (!this.nameWords.has(w)) this.outsideWords.add(w);
    const owners = new Map<string, Set<string>>();
    for (const e of kb.entities) {
      for (const w of [e.name, ...e.aliases].flatMap(words)) owners.set(w, (owners.get(w) ?? new Set()).add(e.id));
    }
    // A person's given name names them too ("whos ramon"), however common it is as a name.
    const givenNames = new Set(kb.entities.filter((e) => e.type === 'person').map((e) => words(e.name)[0]!));
    for (const [w, ids] of owners) {
      const given = givenNames.has(w) && commonness(w) > ENGLISH_WORD && commonness(w) < GIVEN_NAME_MAX;
      const plain = commonness(w) <= ENGLISH_WORD || given;
      if (ids.size === 1 && w.length >= 3 && !/\p{N}/u.test(w) && !this.stopwords.has(w) && !this.outsideWords.has(w) && plain) {
        this.nameOwner.set(w, [...ids][0]!);
      }
    }
    for (const w of this.known) {
      this.knownStems.add(stem(w));
      appendTo(this.wordsOfStem, stem(w), w);
    }
    this.sortedKnown = [...this.known].sort();
    for (const w of this.known) {
      if (w.length < 3 || /\p{N}/u.test(w)) continue;
      for (const g of new Set(bigrams(w))) appendTo(this.bigramIndex, w[0]! + g, w);
    }
    // A person's role names the body they work for ("a Korea expert at King's College London"), or
    // their name does ("State Department spokesman"); a body tied to two people names neither.
    const holders = new Map<string, Set<string>>();
    const places = new Set(kb.entities.filter((e) => e.type === 'organisation' || e.type === 'place').map((e) => `e:${e.id}`));
    for (const person of kb.entities.filter((e) => e.type === 'person')) {
      const own = new Set(this.analyzeUncached(person.role, false).terms.map((t) => t.key));
      for (const body of kb.entities.filter((e) => places.has(`e:${e.id}`))) {
        if (own.has(`e:${body.id}`) || normalise(person.name).includes(normalise(body.name))) holders.set(body.id, (holders.get(body.id) ?? new Set()).add(person.id));
      }
    }
    for (const [body, people] of holders) if (people.size === 1) this.personOf.set(`e:${body}`, [...people][0]!);
  }

  private addPhrase(phrase: string, term: Term, priority: number): void {
    const w = words(phrase);
    // "the State Department" must not swallow the start of "the State Department spokesman": matching
    // is greedy from the left, and a leading article adds nothing a question needs.
    while (w.length > 1 && LEADING_ARTICLES.has(w[0]!)) w.shift();
    const key = w.map(stem).join(' ');
    if (!key) return;
    const first = stem(w[0]!);
    for (let i = 0; i + 1 < w.length; i++) {
      const [a, b] = [stem(w[i]!), stem(w[i + 1]!)];
      this.stemsAfter.set(a, (this.stemsAfter.get(a) ?? new Set()).add(b));
      this.stemsBefore.set(b, (this.stemsBefore.get(b) ?? new Set()).add(a));
    }
    if (w.length > 1) this.startsLongerPhrase.add(first);
    const stems = key.split(' ');
    for (let n = 2; n < stems.length; n++) this.phrasePrefixes.add(stems.slice(0, n).join(' '));
    const existing = this.phrases.get(key);
    if (existing && existing.priority === priority && existing.term.key !== term.key) {
      this.collisions.push(`"${phrase}" means both ${existing.term.key} and ${term.key}`);
    }
    if (!existing || existing.priority < priority) this.phrases.set(key, { term, priority });
  }

  /** The one person the article ties to a body or place (its entity key), if any. */
  personTiedTo(key: string): string | undefined {
    return this.personOf.get(key);
  }

  isStopword(word: string): boolean {
    return this.stopwords.has(word);
  }

  /** The nearest known word for a misspelt one, or null when nothing is close enough. */
  correct(word: string): string | null {
    // "times" is not a typo for "ties" when "time" is a known word: a known stem is a known word.
    if (this.known.has(word) || this.knownStems.has(stem(word))) return word;
    if (word.length < MIN_EXPANDABLE_LENGTH || word.length > MAX_CORRECTABLE_LENGTH || /\p{N}/u.test(word)) return null;
    const cached = this.corrections.get(word);
    if (cached !== undefined) return cached;
    // An everyday English word is what the user meant, not a slip for one of ours: "chasing" is not
    // "changing", "italic" not "italian", "teacher" not "weather".
    const best =
      commonness(word) > ENGLISH_WORD
        ? null
        : word.length < MIN_CORRECTABLE_LENGTH
          ? (this.swapCorrection(word) ?? this.expansion(word))
          : (this.swapCorrection(word) ?? this.fuzzyCorrection(word) ?? this.expansion(word) ?? this.soundAlike(word));
    // Bounded: a flood of random words must not grow memory without limit.
    if (this.corrections.size > 10_000) this.corrections.clear();
    this.corrections.set(word, best);
    return best;
  }

  /**
   * "feb" → "february", "anniv" → "anniversary": the start of exactly one word of the fact base (or of
   * words sharing one stem), cut short as people do in chat.
   */
  private expansion(word: string): string | null {
    const sorted = this.sortedKnown;
    // The words starting with `word` sit together in sorted order, from the first one not before it.
    let lo = 0;
    for (let hi = sorted.length; lo < hi; ) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < word) lo = mid + 1;
      else hi = mid;
    }
    let found: string | null = null;
    for (let i = lo; i < sorted.length && sorted[i]!.startsWith(word); i++) {
      const w = sorted[i]!;
      if (w.length < word.length + 2 || this.stopwords.has(w)) continue;
      if (found !== null && stem(found) !== stem(w)) return null;
      if (found === null || w.length < found.length) found = w;
    }
    return found;
  }

  /**
   * "stat departmnt": "stat" is an English word, so it is not corrected on its own, but with a letter
   * put back it and its neighbour make a name of the fact base ("state department"), and that is
   * what was meant. Only a letter left out, doubled or typed for another is read this way, the commonest slips.
   */
  private readSlipsInContext(tokens: { raw: string; fixed: string }[], unknown: string[]): void {
    // An English word skipped typo correction; a short slip ("hell bnt") found none on its own; beside
    // the rest of a phrase, either can only be the phrase's word.
    const slips = new Set(unknown.filter((w) => w.length >= 3 && (commonness(w) > ENGLISH_WORD || w.length <= 4)));
    if (slips.size === 0) return;
    tokens.forEach((t, i) => {
      if (!slips.has(t.raw)) return;
      // Only the words a neighbour stands beside in some name are candidates: usually none at all.
      const before = tokens[i - 1] && this.stemsAfter.get(stem(tokens[i - 1]!.fixed));
      const after = tokens[i + 1] && this.stemsBefore.get(stem(tokens[i + 1]!.fixed));
      if (before === undefined && after === undefined) return;
      const found = new Set<string>();
      for (const stems of [before, after]) {
        for (const k of stems ?? []) {
          for (const w of this.wordsOfStem.get(k) ?? []) {
            // A slip keeps the first letter and changes the length by a letter or two.
            if (w[0] !== t.raw[0] || Math.abs(w.length - t.raw.length) > 2) continue;
            if (oneLetterShort(t.raw, w) || sameUndoubled(t.raw, w) || oneLetterChanged(t.raw, w)) found.add(w);
          }
        }
      }
      if (found.size !== 1) return;
      tokens[i] = { raw: t.raw, fixed: [...found][0]! };
      unknown.splice(unknown.indexOf(t.raw), 1);
    });
  }

  /**
   * "rii son gwon", "ri song gwon", "rio son gwon": one word of a person's name slipped by a letter,
   * while the rest of the name stands beside it as typed (or as corrected). The slip may be a word
   * in its own right ("song", "rio"), which alone would never be corrected, but within the name it
   * can only be the name's word. A slip here keeps the first letter and adds, drops or changes one.
   */
  private readNameSlips(tokens: { raw: string; fixed: string }[], unknown: string[]): void {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      // A stopword is read as one ("on", "is"); and only a word beside a name can be a slip of it.
      if (this.nameWords.has(t.fixed) || this.stopwords.has(t.fixed)) continue;
      if (!this.namesWith.has(tokens[i - 1]?.fixed ?? '') && !this.namesWith.has(tokens[i + 1]?.fixed ?? '')) continue;
      let fix: string | undefined;
      let fixes = 0;
      for (const side of [-1, 1]) {
        const neighbour = tokens[i + side];
        const names = neighbour && this.namesWith.get(neighbour.fixed);
        if (!names) continue;
        for (const { name, at } of names) {
          const start = i + side - at;
          const j = i - start;
          if (start < 0 || j < 0 || j >= name.length) continue;
          const meant = name[j]!;
          if (meant[0] !== t.raw[0] || meant === fix) continue;
          if (!name.every((w, k) => k === j || tokens[start + k]?.fixed === w)) continue;
          if (oneLetterShort(meant, t.raw) || oneLetterShort(t.raw, meant) || sameUndoubled(t.raw, meant) || oneLetterChanged(t.raw, meant)) {
            fix = meant;
            fixes += 1;
          }
        }
      }
      if (fixes !== 1) continue;
      tokens[i] = { raw: t.raw, fixed: fix! };
      const at = unknown.indexOf(t.raw);
      if (at >= 0) unknown.splice(at, 1);
    }
  }

  /** "hellbent" → "hell bent", "nuclearweapons" → "nuclear weapons": two known words run together. */
  private split(word: string): [string, string] | null {
    for (let i = 3; i <= word.length - 3; i++) {
      const [a, b] = [word.slice(0, i), word.slice(i)];
      if (this.known.has(a) && this.known.has(b) && !this.stopwords.has(a) && !this.stopwords.has(b)) return [a, b];
    }
    return null;
  }

  /**
   * Swapped neighbours ("vietman", "knca") are the commonest slip, and a fuzzy score counts them as
   * two errors, which would put them past the threshold that keeps real words uncorrected.
   */
  private swapCorrection(word: string): string | null {
    for (let i = 0; i + 1 < word.length; i++) {
      const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
      if (this.known.has(swapped)) return swapped;
    }
    return null;
  }

  /**
   * "elecshun", "sankshuns", "presidenz": spelt as it sounds, which is more than a slip or two away
   * from the word. The commonest sound spellings are put back, and the result corrected as any word.
   */
  private soundAlike(word: string): string | null {
    const spelt = SOUND_SPELLINGS.reduce((w, [sound, letters]) => w.replace(sound, letters), word);
    if (spelt === word) return null;
    return this.known.has(spelt) ? spelt : (this.swapCorrection(spelt) ?? this.fuzzyCorrection(spelt));
  }

  private fuzzyCorrection(word: string): string | null {
    const grams = new Set(bigrams(word));
    const shared = new Map<string, number>();
    // Only words with the same first letter are candidates, so only their letter pairs are counted.
    for (const g of grams) for (const w of this.bigramIndex.get(word[0]! + g) ?? []) shared.set(w, (shared.get(w) ?? 0) + 1);
    // A first-letter slip is rare, and without this "teacher" would become "weather".
    // A short word has few letter pairs, so one slip costs it a larger share of them.
    const minShared = word.length <= 5 ? MIN_SHARED_BIGRAMS_SHORT : MIN_SHARED_BIGRAMS;
    const candidates = [...shared]
      .filter(([w, n]) => w[0] === word[0] && !this.outsideWords.has(w) && Math.abs(w.length - word.length) <= MAX_LENGTH_GAP && (2 * n) / (grams.size + w.length - 1) >= minShared)
      .map(([w]) => w);
    if (candidates.length === 0) return null;
    // A letter doubled or left out is the commonest slip of all ("sumitt", "empy"), and more certain
    // than any fuzzy score says: taken when exactly one word fits that way.
    const slips = candidates.filter((w) => sameUndoubled(w, word) || oneLetterShort(word, w));
    if (slips.length === 1) return slips[0]!;
    // Long words tolerate two slips ("vietnm" for "vietnam"); short ones only one.
    const limit = word.length >= 7 ? LONG_WORD_CORRECTION_SCORE : MAX_CORRECTION_SCORE;
    // Names are what people misspell most, and are no English word: "gwan" for "gwon".
    const nameLimit = Math.max(limit, NAME_CORRECTION_SCORE);
    let best: string | null = null;
    let bestRank = Infinity;
    for (const r of new Fuse(candidates, FUZZY).search(word)) {
      const score = r.score ?? 1;
      // Two slips are believable only as swapped or substituted letters ("vietman"); with a length
      // change as well they turn real words into others ("starter" → "states").
      const allowed = this.nameWords.has(r.item) ? nameLimit : limit;
      if (score > allowed || (score > MAX_CORRECTION_SCORE && r.item.length !== word.length)) continue;
      // Among near-equal fuzzy scores prefer the word of the same length: "russle" → "russel".
      const rank = score + Math.abs(r.item.length - word.length) * 0.05;
      if (rank < bestRank) {
        bestRank = rank;
        best = r.item;
      }
    }
    return best;
  }

  /**
   * Turns text into terms. `known: false` marks words the fact base has never seen even after typo
   * correction: evidence the question is about something the article does not cover.
   */
  /**
   * The same question is analysed several times over while it is answered (its segments, then the
   * checks on what it asks for), so the last few analyses are kept. Callers get their own arrays.
   */
  analyze(text: string, { correctTypos = true } = {}): { terms: Term[]; unknown: string[] } {
    const key = correctTypos ? text : `\u0000${text}`;
    let found = this.recent.get(key);
    if (found === undefined) {
      found = this.analyzeUncached(text, correctTypos);
      if (this.recent.size >= RECENT_ANALYSES) this.recent.delete(this.recent.keys().next().value!);
      this.recent.set(key, found);
    }
    return { terms: [...found.terms], unknown: [...found.unknown] };
  }

  /**
   * Forgets the analyses kept while a question was answered. Kept across questions, they outlive
   * young-generation collections, and V8 then allocates every analysis in the old generation: in a
   * five-minute soak the bot's RSS climbed by 70 MB before the first full collection.
   */
  forgetRecent(): void {
    this.recent.clear();
  }

  private readonly recent = new Map<string, { readonly terms: readonly Term[]; readonly unknown: readonly string[] }>();

  private analyzeUncached(text: string, correctTypos: boolean): { terms: Term[]; unknown: string[] } {
    const unknown: string[] = [];
    const typed = words(text);
    const isKnown = typed.map((w) => this.known.has(w));
    // "viet nam", "pyong yang": one word of the fact base typed as two unknown halves.
    const joined: string[] = [];
    const joinedKnown: boolean[] = [];
    for (let i = 0; i < typed.length; i++) {
      const [a, b] = [typed[i]!, typed[i + 1]];
      if (correctTypos && b !== undefined && !(isKnown[i] && isKnown[i + 1]) && this.known.has(a + b) && !this.stopwords.has(a + b)) {
        joined.push(a + b);
        joinedKnown.push(true);
        i++;
      } else {
        joined.push(a);
        joinedKnown.push(isKnown[i]!);
      }
    }
    const tokens = joined.flatMap((w, at): { raw: string; fixed: string }[] => {
      if (!correctTypos || joinedKnown[at]) return [{ raw: w, fixed: w }];
      const corrected = this.correct(w);
      if (corrected !== null) return [{ raw: w, fixed: corrected }];
      // An everyday word is a word, not two run together: "coverage" is not "cover age".
      const parts = commonness(w) > ENGLISH_WORD ? null : this.split(w);
      if (parts !== null) return parts.map((p) => ({ raw: p, fixed: p }));
      // "mainly", "roughly", "specifically": an adverb says how, never what the question is about.
      // One made from a word of the fact base ("specifically", "militarily") is left to count as asked.
      if (isMannerAdverb(w) && !this.knownStems.has(stem(w.slice(0, -2))) && !this.knownStems.has(stem(`${w.slice(0, -3)}y`))) return [];
      unknown.push(w);
      return [{ raw: w, fixed: w }];
    });
    if (correctTypos) this.readNameSlips(tokens, unknown);
    if (correctTypos && unknown.length > 0) this.readSlipsInContext(tokens, unknown);
    // "was this written in tokyo", "is it from 2020": a bare "this" or "it" before what an article
    // does is the article itself.
    tokens.forEach((t, i) => {
      if (ARTICLE_POINTERS.has(t.fixed) && ARTICLE_DOINGS.has(tokens[i + 1]?.fixed ?? '')) tokens[i] = { raw: 'article', fixed: 'article' };
    });
    const raw = tokens.map((t) => t.raw);
    const fixed = tokens.map((t) => t.fixed);
    const stems = fixed.map(stem);
    const terms: Term[] = [];
    for (let i = 0; i < stems.length; ) {
      let matched = 0;
      // The longest phrase starting here, extended a stem at a time while some phrase still begins so.
      let entry = this.phrases.get(stems[i]!);
      let n = 1;
      if (this.startsLongerPhrase.has(stems[i]!)) {
        let run = stems[i]!;
        for (let size = 2; i + size <= stems.length; size++) {
          run = `${run} ${stems[i + size - 1]!}`;
          const longer = this.phrases.get(run);
          if (longer !== undefined) [entry, n] = [longer, size];
          if (!this.phrasePrefixes.has(run)) break;
        }
      }
      // A one-word phrase that is also a stopword ("us" aside, which is an entity) stays a stopword.
      if (entry && !(n === 1 && entry.term.kind === 'synonym' && this.stopwords.has(fixed[i]!))) {
        if (entry.term.kind !== 'stop') terms.push(entry.term);
        // "the London academic": the body's one person is named too.
        const person = this.personOf.get(entry.term.key);
        if (person !== undefined && PERSON_NOUNS.has(fixed[i + n] ?? '')) terms.push({ key: `e:${person}`, kind: 'entity' });
        matched = n;
      }
      if (matched > 0) {
        i += matched;
        continue;
      }
      const w = fixed[i]!;
      // A lone letter ("n" for "and", a stray "x") carries no meaning, and a small number only as a day
      // of a month ("June 11"): otherwise "what's 2+2" would match "2 years".
      // raw[-1] would be read as a property named "-1", which V8 compiles for apart from array reads.
      const before = i > 0 ? raw[i - 1]! : '';
      const meaningful = w.length > 1 ? !isSmallNumber(w) || MONTHS.has(before) : /\p{N}/u.test(w) && MONTHS.has(before);
      // Part of one person's name that is no English word ("gwon" of "ri sun gwon") names them.
      const named = this.nameOwner.get(w);
      if (named !== undefined) terms.push({ key: `e:${named}`, kind: 'entity' });
      else if (meaningful && !this.stopwords.has(w) && !this.stopwords.has(raw[i]!)) terms.push({ key: stems[i]!, kind: 'word', word: w });
      i += 1;
    }
    return { terms, unknown: unknown.filter((w) => !this.stopwords.has(w)) };
  }
}
