import type { KnowledgeBase } from '../knowledge/schema.ts';
import type { Analyzer, Term } from './analyzer.ts';
import { commonness } from './english.ts';
import { questionType, type QuestionType } from './question.ts';
import { appendTo } from './multimap.ts';
import { oneLetterChanged, oneLetterShort } from './slips.ts';
import { words } from './text.ts';

/**
 * How much a term found in each part of a fact counts, relative to a question form. A question form
 * is what people ask; the answer and quotes are what the article says, a looser but real signal.
 */
const FIELD_WEIGHT = { question: 1, keyword: 0.85, answer: 0.6, quote: 0.5, entity: 0.35 } as const;
type Field = keyof typeof FIELD_WEIGHT;

/**
 * A word no fact uses is evidence against answering: strong when it is a rare word in a short
 * question ("When did Kim retire?", "sourdough starter": the unknown word is the subject), weak when
 * it is everyday English ("who's this guy") or one of many in a long question, where most unknown
 * words are chatter ("my teacher wants me to include...").
 */
function unseenWeight(contentTerms: number, word: string | undefined): number {
  const byLength = Math.min(3, Math.max(0.6, 3.6 - 0.2 * contentTerms));
  return byLength * (1 - UNSEEN_COMMON_DISCOUNT * commonness(word ?? ''));
}
const UNSEEN_COMMON_DISCOUNT = 0.8;
/**
 * IDF says "US" and "North Korea" are in most facts and so tell little; but whether a question is
 * about one or the other ("is the US still open to talks?") decides the answer.
 */
const ENTITY_MIN_WEIGHT = 2;
/** A name the article never mentions (China, Biden...): strong evidence the article does not cover it. */
const OUTSIDE_WEIGHT = 7;
/**
 * A plain word (not an alias or synonym concept) that happens to occur once in the fact base gets a
 * high IDF for no good reason ("consider", "keep", "big"); the curated concepts carry the meaning.
 */
const PLAIN_WORD_FACTOR = 0.55;
/** What an alias or concept must contribute, at least, for a match to count as evidence. */
export const MIN_MATCHED_WEIGHT = 1.0;
/** A fact asked the same way ("when...?") as the question is preferred among near-equals. */
const TYPE_BONUS = 0.08;
const TYPE_PRECISION_SLACK = 0.2;
const FORMS_WORTH_CHECKING = 0.25;
const NEGLIGIBLE_COVERAGE = 0.1;
/** Bonus for a fact whose paragraph the question quotes word for word (four words or more: all of it). */
const ECHO_BONUS = 0.15;
const ECHO_MAX_WORDS = 5;
/** Below this share of its word pairs found in the article, a quotation is not from it. */
const QUOTE_FOUND_SHARE = 0.3;
const CALENDAR = new Set(
  ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
);
/** Below this commonness a plain word is rare enough in English to be evidence alone. */
const RARE_WORD = 0.35;
/** Ranking bonus for a fact holding the question's adjacent word pairs (all of them: the full bonus). */
const PAIR_BONUS = 0.2;
/**
 * A fact citing several paragraphs ("how did the two summits compare?") matches many questions
 * loosely; it should win only where the question really spans them, not tie with the one passage.
 */
const BROAD_FACTOR = 0.88;

export interface Doc {
  kind: 'fact' | 'gap';
  /** Index into `kb.facts` or `kb.gaps`. */
  index: number;
  /** Best field weight of each term anywhere in the doc. */
  weights: Map<string, number>;
  /** Its question forms, as indexes into the matcher's forms: how precisely the question matches one form. */
  forms: number[];
  /** Adjacent term pairs in any field: "proper deal" is stronger evidence than "proper" and "deal" apart. */
  pairs: Set<string>;
  /** Cites more than one paragraph: a summary that must not outrank the one passage asked about. */
  broad: boolean;
  /** The paragraph of its first citation; for a gap, of its first related fact (0 if none). */
  paragraph: number;
}

/** A question segment's term weights: what matching is measured against. */
export interface Query {
  weightOf: Map<string, number>;
  total: number;
  /** Adjacent term pairs of the question, each weighted by the mean of its two terms. */
  pairs: Map<string, number>;
  pairTotal: number;
  /** The question names something the article never mentions (China, Biden...). */
  outside: boolean;
  /** Terms that are plain words, not aliases or synonym concepts. */
  plain: Set<string>;
  /** Plain words rare in English ("dateline", "hypocritical"): one of them is evidence on its own. */
  rare: Set<string>;
}

export interface Scored {
  doc: Doc;
  score: number;
  /** Share of the question's weight this doc matched. */
  coverage: number;
  /** The best share of one question form that the question accounts for. */
  precision: number;
  matched: number;
  /** An alias or synonym concept matched, or at least two plain words did. */
  evidence: boolean;
}

const PAIR_JOIN = '|';
function adjacentPairs(keys: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < keys.length; i++) if (keys[i] !== keys[i + 1]) out.push(`${keys[i]}${PAIR_JOIN}${keys[i + 1]}`);
  return out;
}

/**
 * The index over facts and gaps, and the scoring of a question against it. Scores are coverage (how
 * much of the question's IDF weight a doc holds) shaded by form precision, question type and word
 * pairs; the decision to answer is the engine's.
 */
export class Matcher {
  readonly docs: Doc[] = [];
  /** Every run of 2 to ECHO_MAX_WORDS words in the article, with the paragraphs it occurs in. */
  private readonly phrases = new Map<string, number[]>();
  /** The words the article has right after, and right before, each of its words. */
  private readonly wordsAfter = new Map<string, string[]>();
  private readonly wordsBefore = new Map<string, string[]>();
  private readonly idfs = new Map<string, number>();
  /**
   * For each term, the docs holding it (as positions in `docs`) and its weight in each; for each
   * word pair, the docs holding it. Scoring adds up what each doc matched term by term, walking the
   * docs that hold a term instead of asking every candidate doc about every term of the question:
   * a long message has thirty terms and touches most docs, and the lookups were its dearest part.
   */
  private readonly postings = new Map<string, { docs: number[]; weights: number[] }>();
  private readonly pairPostings = new Map<string, number[]>();
  /**
   * Every question form of every doc, by index: its total IDF, its question type, and for each term
   * the forms holding it with the term's weight there. Scoring adds up a form's matched weight from
   * the question's terms instead of walking every term of every form.
   */
  private readonly formTotal: number[] = [];
  private readonly formType: (QuestionType | undefined)[] = [];
  private readonly formPostings = new Map<string, { forms: number[]; weights: number[] }>();
  /** Scratch space for `score`, by form and by doc position, cleared after each use. */
  private formHit = new Float64Array(0);
  private docMatched = new Float64Array(0);
  private docConcept = new Float64Array(0);
  private docPairs = new Float64Array(0);
  private docPlain = new Int32Array(0);
  private docRare = new Int32Array(0);
  private docTouched = new Uint8Array(0);

  constructor(
    kb: KnowledgeBase,
    private readonly analyzer: Analyzer,
  ) {
    // Loaded with the index, not on the first question: parsing the word list would be its latency.
    commonness('');
    // "Give me the quote from Russel" should find the fact that quotes him, not the one about him.
    const quoteKeys = this.termKeys('quote');
    const formKeys = new Map<Doc, { keys: Set<string>; type: QuestionType | undefined }[]>();
    const add = (kind: Doc['kind'], index: number, fields: [Field, string[]][], forms: string[], paragraphs: number[], quotesSpeech: boolean) => {
      const weights = new Map<string, number>();
      if (quotesSpeech) for (const key of quoteKeys) weights.set(key, FIELD_WEIGHT.question);
      const pairs = new Set<string>();
      for (const [field, texts] of fields) {
        for (const text of texts) {
          const keys = this.termKeys(text);
          for (const key of keys) weights.set(key, Math.max(weights.get(key) ?? 0, FIELD_WEIGHT[field]));
          for (const pair of adjacentPairs(keys)) pairs.add(pair);
        }
      }
      const doc: Doc = { kind, index, weights, pairs, forms: [], broad: new Set(paragraphs).size > 1, paragraph: paragraphs[0] ?? 0 };
      formKeys.set(doc, forms.map((f) => ({ keys: new Set(this.termKeys(f)), type: questionType(f) })));
      this.docs.push(doc);
    };
    const entityName = new Map(kb.entities.map((e) => [e.id, e.name]));
    kb.facts.forEach((f, i) =>
      add(
        'fact',
        i,
        [
          ['question', f.questions],
          ['keyword', f.keywords],
          ['answer', [f.answer]],
          ['quote', f.citations.map((c) => c.quote)],
          ['entity', f.entities.map((id) => entityName.get(id) ?? id)],
        ],
        f.questions,
        f.citations.map((c) => c.paragraph),
        f.citations.some((c) => /["\u201c\u201d]/.test(c.quote)),
      ),
    );
    // A gap stands for its related facts' paragraph, so quoting that paragraph favours neither.
    const paragraphOf = new Map(kb.facts.map((f) => [f.id, f.citations[0]!.paragraph]));
    kb.gaps.forEach((g, i) => add('gap', i, [['question', g.questions]], g.questions, g.related.slice(0, 1).map((id) => paragraphOf.get(id) ?? 0), false));
    kb.article.paragraphs.forEach((text, p) => {
      const w = words(text);
      for (let n = 2; n <= ECHO_MAX_WORDS; n++) {
        for (let i = 0; i + n <= w.length; i++) {
          const gram = w.slice(i, i + n).join(' ');
          if (n === 2) {
            appendTo(this.wordsAfter, w[i]!, w[i + 1]!);
            appendTo(this.wordsBefore, w[i + 1]!, w[i]!);
          }
          const list = this.phrases.get(gram) ?? [];
          if (!list.includes(p + 1)) list.push(p + 1);
          this.phrases.set(gram, list);
        }
      }
    });

    // Inverse document frequency over facts and gaps: "North Korea" is in nearly every fact and says
    // little; "Yonhap" is in two and says a lot.
    const df = new Map<string, number>();
    for (const d of this.docs) for (const key of d.weights.keys()) df.set(key, (df.get(key) ?? 0) + 1);
    for (const [key, n] of df) this.idfs.set(key, Math.log(1 + this.docs.length / n));
    for (const d of this.docs) {
      d.forms = formKeys.get(d)!.map(({ keys, type }) => {
        const form = this.formTotal.length;
        let total = 0;
        for (const key of keys) {
          const w = this.idf(key) ?? 0;
          total += w;
          const list = this.formPostings.get(key) ?? { forms: [], weights: [] };
          list.forms.push(form);
          list.weights.push(w);
          this.formPostings.set(key, list);
        }
        this.formTotal.push(total);
        this.formType.push(type);
        return form;
      });
    }
    this.docs.forEach((d, at) => {
      for (const [key, w] of d.weights) {
        const list = this.postings.get(key) ?? { docs: [], weights: [] };
        list.docs.push(at);
        list.weights.push(w);
        this.postings.set(key, list);
      }
      for (const pair of d.pairs) appendTo(this.pairPostings, pair, at);
    });
    this.formHit = new Float64Array(this.formTotal.length);
    const n = this.docs.length;
    [this.docMatched, this.docConcept, this.docPairs] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    [this.docPlain, this.docRare, this.docTouched] = [new Int32Array(n), new Int32Array(n), new Uint8Array(n)];
  }

  /** Term keys of fact-base text, which is spelt right and so skips typo correction. */
  termKeys(text: string): string[] {
    return this.analyzer.analyze(text, { correctTypos: false }).terms.map((t) => t.key);
  }

  idf(key: string): number | undefined {
    return this.idfs.get(key);
  }

  /** How much each of the question's terms counts, and their sum. */
  weigh(terms: Term[]): Query {
    const unique = new Map<string, Term>();
    for (const t of terms) unique.set(t.key, t);
    let total = 0;
    let outside = false;
    const plain = new Set<string>();
    const rare = new Set<string>();
    const weightOf = new Map<string, number>();
    for (const [key, t] of unique) {
      // A year, month or weekday ("2017", "Thursday") is as telling as a name; other plain words are
      // everyday vocabulary.
      if (t.kind === 'word' && !/^\d{4}$/.test(key) && !CALENDAR.has(t.word ?? '')) plain.add(key);
      if (t.kind === 'word' && commonness(t.word ?? '') < RARE_WORD) rare.add(key);
      if (t.kind === 'outside') outside = true;
      const known = this.idf(key);
      const w =
        t.kind === 'outside'
          ? OUTSIDE_WEIGHT
          : known === undefined
            ? unseenWeight(unique.size, t.word)
            : plain.has(key)
              ? known * PLAIN_WORD_FACTOR
              : t.kind === 'entity'
                ? Math.max(known, ENTITY_MIN_WEIGHT)
                : known;
      weightOf.set(key, w);
      total += w;
    }
    const pairs = new Map<string, number>();
    let pairTotal = 0;
    for (const pair of adjacentPairs(terms.map((t) => t.key))) {
      if (pairs.has(pair)) continue;
      const [a, b] = pair.split(PAIR_JOIN) as [string, string];
      const w = ((weightOf.get(a) ?? 0) + (weightOf.get(b) ?? 0)) / 2;
      pairs.set(pair, w);
      pairTotal += w;
    }
    return { weightOf, total, outside, plain, rare, pairs, pairTotal };
  }

  /** The question's weight that `doc` holds and `other` does not: what a second passage would add. */
  gain(query: Query, doc: Doc, other: Doc): number {
    let gain = 0;
    for (const [key, w] of query.weightOf) {
      const fw = doc.weights.get(key);
      if (fw !== undefined && !other.weights.has(key)) gain += w * fw;
    }
    return gain;
  }

  /**
   * Paragraphs whose exact wording the question repeats ("the US Chief Executive", "light on
   * specifics"), with the length of the longest run repeated. A run found in more than two
   * paragraphs, or made only of stop words, tells nothing.
   */
  echo(text: string): Map<number, number> {
    const found = this.echoRuns(text);
    // Words the user put in quotation marks are the article's own, quoted on purpose: they count double.
    for (const [, quoted] of text.matchAll(/["'\u2018\u201c]([^"'\u2019\u201d]{4,})["'\u2019\u201d]/gu)) {
      for (const [p, n] of this.echoRuns(quoted!)) found.set(p, Math.max(found.get(p) ?? 0, n + 2));
    }
    return found;
  }

  /**
   * True when the text quotes two or more words, in quotation marks, of which the article has
   * hardly any pair: a misquote still shares most of its word pairs with the passage it garbles.
   */
  quotesNothingInArticle(text: string): boolean {
    for (const [, double, single] of text.matchAll(/["\u201c]([^"\u201d]{4,})["\u201d]|(?:^|\s)'([^']{4,})'(?=\s|[?.!,]|$)/gu)) {
      const w = words(double ?? single ?? '');
      if (w.length < 2) continue;
      let found = 0;
      for (let i = 0; i + 1 < w.length; i++) if (this.phrases.has(`${w[i]} ${w[i + 1]}`) || this.nearPair(w[i]!, w[i + 1]!)) found += 1;
      if (found / (w.length - 1) < QUOTE_FOUND_SHARE) return true;
    }
    return false;
  }

  /** "'hell bend'": a pair of the article's words with one letter of one of them mistyped. */
  private nearPair(a: string, b: string): boolean {
    const near = (x: string, y: string) => x === y || oneLetterChanged(x, y) || (x[0] === y[0] && (oneLetterShort(x, y) || oneLetterShort(y, x)));
    return (this.wordsAfter.get(a) ?? []).some((y) => near(y, b)) || (this.wordsBefore.get(b) ?? []).some((x) => near(x, a));
  }

  private echoRuns(text: string): Map<number, number> {
    const w = words(text);
    const found = new Map<number, number>();
    // A run the article does not contain cannot be extended into one it does, so each run grows from
    // its first word only while the article still has it.
    for (let i = 0; i + 1 < w.length; i++) {
      let run = w[i]!;
      let allStopwords = this.analyzer.isStopword(run);
      for (let n = 2; n <= ECHO_MAX_WORDS && i + n <= w.length; n++) {
        const next = w[i + n - 1]!;
        run = `${run} ${next}`;
        allStopwords &&= this.analyzer.isStopword(next);
        const hits = this.phrases.get(run);
        if (!hits) break;
        if (hits.length > 2 || allStopwords) continue;
        for (const p of hits) found.set(p, Math.max(found.get(p) ?? 0, n));
      }
    }
    return found;
  }

  /** Every doc sharing a term with the question, best first. */
  score({ weightOf, total, plain, rare, pairs, pairTotal }: Query, qtype: QuestionType | undefined, echoed = new Map<number, number>()): Scored[] {
    if (total === 0) return [];
    const { formHit, docMatched, docConcept, docPairs, docPlain, docRare } = this;
    const touchedForms: number[] = [];
    // Docs in the order they were first touched, as the results were always gathered.
    const candidates: number[] = [];
    const touched = this.docTouched;
    for (const [key, w] of weightOf) {
      const holding = this.postings.get(key);
      if (holding !== undefined) {
        const isRare = rare.has(key);
        const isPlain = plain.has(key);
        const { docs, weights } = holding;
        for (let i = 0; i < docs.length; i++) {
          const at = docs[i]!;
          if (touched[at] === 0) {
            touched[at] = 1;
            candidates.push(at);
          }
          const m = w * weights[i]!;
          docMatched[at]! += m;
          if (isRare) docRare[at]! += 1;
          if (isPlain) docPlain[at]! += 1;
          else docConcept[at]! += m;
        }
      }
      const inForms = this.formPostings.get(key);
      if (inForms !== undefined) {
        const { forms, weights } = inForms;
        for (let i = 0; i < forms.length; i++) {
          const form = forms[i]!;
          if (formHit[form] === 0) touchedForms.push(form);
          formHit[form]! += weights[i]!;
        }
      }
    }
    for (const [pair, w] of pairs) for (const at of this.pairPostings.get(pair) ?? []) docPairs[at]! += w;
    const results: Scored[] = [];
    for (const at of candidates) {
      const doc = this.docs[at]!;
      const matched = docMatched[at]!;
      const conceptMatched = docConcept[at]!;
      const plainHits = docPlain[at]!;
      const rareHits = docRare[at]!;
      const pairHits = docPairs[at]!;
      docMatched[at] = docConcept[at] = docPairs[at] = docPlain[at] = docRare[at] = touched[at] = 0;
      const coverage = matched / total;
      // A doc holding this little of the question can neither answer, refuse nor be worth suggesting.
      if (coverage < NEGLIGIBLE_COVERAGE) continue;
      // How much of the best single question form the question accounts for: separates
      // "Who is Daniel Russel?" from "What does Russel expect...?", which share their terms.
      // The question type counts when it is the type of a form the question matches about as well
      // as its best: "when is the election?" is no match for "what is the election?".
      let precision = 0;
      let typed = 0;
      // A doc holding under a quarter of the question can neither answer nor lead; skip its forms.
      for (const form of coverage < FORMS_WORTH_CHECKING ? [] : doc.forms) {
        const formTotal = this.formTotal[form]!;
        if (formTotal === 0) continue;
        const p = formHit[form]! / formTotal;
        precision = Math.max(precision, p);
        if (qtype !== undefined && this.formType[form] === qtype) typed = Math.max(typed, p);
      }
      const typeBonus = typed > 0 && typed >= precision - TYPE_PRECISION_SLACK ? TYPE_BONUS : 0;
      const pairBonus = pairTotal > 0 ? PAIR_BONUS * (pairHits / pairTotal) : 0;
      const base = coverage * (0.7 + 0.3 * precision) * (doc.broad ? BROAD_FACTOR : 1);
      const run = echoed.get(doc.paragraph) ?? 0;
      const echoBonus = run >= 2 ? ECHO_BONUS * Math.min(1, (run - 1) / 3) : 0;
      // One shared everyday word ("process", "time") is a coincidence, not evidence, unless the
      // question is exactly one of the doc's forms.
      const exact = coverage > 0.999 && precision > 0.999;
      const evidence = conceptMatched >= MIN_MATCHED_WEIGHT || plainHits >= 2 || rareHits >= 1 || exact;
      results.push({ doc, score: base + typeBonus + pairBonus + echoBonus, coverage, precision, matched, evidence });
    }
    for (const form of touchedForms) formHit[form] = 0;
    return results.sort((a, b) => b.score - a.score || a.doc.index - b.doc.index);
  }
}
