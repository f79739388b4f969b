import Fuse from 'fuse.js';
import type { Fact, Gap, KnowledgeBase } from '../knowledge/schema.ts';
import { messages, QUESTION_MAX, UserError } from '../errors.ts';
import { Analyzer, type Term } from './analyzer.ts';
import { normalise, words } from './text.ts';
import type { AnswerResult, Citation, Engine, Explanation } from './types.ts';

export type { AnswerResult, Citation, Engine } from './types.ts';

/**
 * How much a term found in each part of a fact counts, relative to a question form. A question form
 * is what people ask; the answer and quotes are what the article says, a looser but real signal.
 */
const FIELD_WEIGHT = { question: 1, keyword: 0.85, answer: 0.6, quote: 0.5, entity: 0.35 } as const;

/**
 * A word no fact uses is evidence against answering, strong in a short question ("When did Kim
 * retire?": the unknown word is the subject) and weak in a long one, where most unknown words are
 * chatter ("my teacher wants me to include...").
 */
function unseenWeight(contentTerms: number): number {
  return Math.min(3, Math.max(0.6, 3.6 - 0.2 * contentTerms));
}
/** A name the article never mentions (China, Biden...): strong evidence the article does not cover it. */
const OUTSIDE_WEIGHT = 7;
/**
 * A plain word (not an alias or synonym concept) that happens to occur once in the fact base gets a
 * high IDF for no good reason ("consider", "keep", "big"); the curated concepts carry the meaning.
 */
const PLAIN_WORD_FACTOR = 0.55;
/** Below this share of the question's weight matched, the engine abstains. */
const MIN_COVERAGE = 0.5;
/** A question must match at least one distinctive term, not only common ones like "North Korea". */
const MIN_MATCHED_WEIGHT = 1.0;
/** A second passage is cited when its fact scores this close to the best and adds what the best lacks. */
const SECOND_CITATION_RATIO = 0.7;
const SECOND_CITATION_GAIN = 1.2;
const MAX_CITATIONS = 3;
const GAP_PRECISION = 0.6;
const GAP_MARGIN = 0.15;
const REORDER_MARGIN = 1.3;
/**
 * A fact citing several paragraphs ("how did the two summits compare?") matches many questions
 * loosely; it should win only where the question really spans them, not tie with the one passage.
 */
const BROAD_FACTOR = 0.88;
/** Ranking bonus for a fact holding the question's adjacent word pairs (all of them: the full bonus). */
const PAIR_BONUS = 0.2;
/** The sentence fallback is stricter than facts: a sentence has no question forms to confirm it. */
const SENTENCE_COVERAGE = 0.5;
const SENTENCE_MATCHED_WEIGHT = 3;
const SENTENCE_CONFIDENCE = 0.8;
/** Sentence ends in the article: a full stop, or a closing quote after one, before the next capital. */
const SENTENCE_SPLIT = /(?<=[.!?]["\u201d]?)\s+(?=["\u201c]?[A-Z])/;
/** A fact asked the same way ("when...?") as the question is preferred among near-equals. */
const TYPE_BONUS = 0.08;
const SUGGESTIONS = 3;
const SENTENCE_BREAK = /[\n.;!?]+|--|```|<\/?\w+>/;
const LONG_QUESTION_WORDS = 25;
const SEGMENT_FULL_WEIGHT = 5;
/** "…, and why did…": a second question inside the first. */
const CLAUSE_BREAK = /,?\s+(?:and|but|also|plus)\s+(?=(?:what|why|how|when|where|who|which|whose|did|does|do|is|was|were)\b)/i;
/** What a clause must match on its own to add its passage: stricter than answering at all. */
const CLAUSE_COVERAGE = 0.6;
const CLAUSE_MATCHED_WEIGHT = 3;

type QuestionType = 'who' | 'when' | 'where' | 'why' | 'how' | 'what' | 'yesno';
const YES_NO_START = new Set(['did', 'does', 'do', 'is', 'was', 'were', 'are', 'has', 'have', 'had', 'will', 'would', 'can', 'could', 'so', 'should']);

/** A paragraph named as the subject of the message, not merely mentioned ("cite ¶99 for everything"). */
const PARAGRAPH_SUBJECT =
  /(?:what\s+(?:does|did|is\s+in)|summari[sz]e|show(?:\s+me)?|read|quote|explain|give\s+me)\s+(?:the\s+)?(?:¶\s*|paragraph\s+|para\s+)(\d+)|(?:¶\s*|paragraph\s+)(\d+)\s*(?:says|said|states|claims|:)/iu;

function paragraphAskedAbout(text: string): number | undefined {
  const m = PARAGRAPH_SUBJECT.exec(text);
  const n = m?.[1] ?? m?.[2];
  return n === undefined ? undefined : Number(n);
}

function questionType(text: string): QuestionType | undefined {
  const w = words(text);
  // "On what date / which year..." asks when, whatever the wh-word.
  if (/\b(?:what|which)\s+(?:date|day|year|month|time)\b/i.test(text)) return 'when';
  for (const t of ['who', 'when', 'where', 'why', 'how'] as const) if (w.includes(t)) return t;
  if (w.includes('what') || w.includes('which') || w.includes('whats')) return 'what';
  if (w[0] && YES_NO_START.has(w[0])) return 'yesno';
  return undefined;
}

interface Doc {
  kind: 'fact' | 'gap';
  index: number;
  /** Best field weight of each term anywhere in the doc. */
  weights: Map<string, number>;
  /** Each question form's terms with their IDF, for how precisely the question matches one form. */
  forms: { terms: [key: string, idf: number][]; total: number }[];
  /** Kept apart from `forms` until IDF is known, which needs every doc first. */
  formKeys: Set<string>[];
  /** Adjacent term pairs in any field: "proper deal" is stronger evidence than "proper" and "deal" apart. */
  pairs: Set<string>;
  types: Set<QuestionType>;
  /** Cites more than one paragraph: a summary that must not outrank the one passage asked about. */
  broad: boolean;
}

/** A question segment's term weights: what matching is measured against. */
interface Query {
  weightOf: Map<string, number>;
  total: number;
  /** Adjacent term pairs of the question, each weighted by the mean of its two terms. */
  pairs: Map<string, number>;
  pairTotal: number;
  /** The question names something the article never mentions (China, Biden...). */
  outside: boolean;
  /** Terms that are plain words, not aliases or synonym concepts. */
  plain: Set<string>;
}

interface Sentence {
  paragraph: number;
  text: string;
  keys: Set<string>;
}

const PAIR_JOIN = '|';
function adjacentPairs(keys: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < keys.length; i++) if (keys[i] !== keys[i + 1]) out.push(`${keys[i]}${PAIR_JOIN}${keys[i + 1]}`);
  return out;
}

/** Three decimals are all a confidence needs, and keep JSON output readable. */
const round = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;

interface Scored {
  doc: Doc;
  score: number;
  coverage: number;
  /** The best share of one question form that the question accounts for. */
  precision: number;
  matched: number;
  /** An alias or synonym concept matched, or at least two plain words did. */
  evidence: boolean;
  /** Query terms this doc matched, with the weight each contributed. */
  hits: Map<string, number>;
}

/**
 * Every entity also answers "who/what is X?" from its role and citation, so the fact base need not
 * restate a profile fact for each person and organisation.
 */
function profileFacts(kb: KnowledgeBase): Fact[] {
  return kb.entities.map((e) => {
    const ask = e.type === 'person' ? 'Who is' : 'What is';
    return {
      id: `profile-${e.id}`,
      questions: [`${ask} ${e.name}?`, `Tell me about ${e.name}`, ...e.aliases.slice(0, 3).map((a) => `${ask} ${a}?`)],
      answer: `${e.name}: ${e.role}.`,
      citations: [e.citation],
      entities: [e.id],
      keywords: [],
    };
  });
}

export function createEngine(source: KnowledgeBase): Engine {
  const kb: KnowledgeBase = { ...source, facts: [...source.facts, ...profileFacts(source)] };
  const analyzer = new Analyzer(kb);
  const termKeys = (text: string): string[] => analyzer.analyze(text, { correctTypos: false }).terms.map((t) => t.key);

  const docs: Doc[] = [];
  // "Give me the quote from Russel" should find the fact that quotes him, not the one about him.
  const quoteKeys = termKeys('quote');
  const addDoc = (kind: Doc['kind'], index: number, fields: [keyof typeof FIELD_WEIGHT, string[]][], forms: string[], quotesSpeech = false) => {
    const weights = new Map<string, number>();
    if (quotesSpeech) for (const key of quoteKeys) weights.set(key, FIELD_WEIGHT.keyword);
    const pairs = new Set<string>();
    for (const [field, texts] of fields) {
      for (const text of texts) {
        const keys = termKeys(text);
        for (const key of keys) weights.set(key, Math.max(weights.get(key) ?? 0, FIELD_WEIGHT[field]));
        for (const pair of adjacentPairs(keys)) pairs.add(pair);
      }
    }
    const types = new Set<QuestionType>();
    for (const f of forms) {
      const t = questionType(f);
      if (t) types.add(t);
    }
    const paragraphs = kind === 'fact' ? new Set(kb.facts[index]!.citations.map((c) => c.paragraph)).size : 1;
    docs.push({ kind, index, weights, pairs, forms: [], formKeys: forms.map((f) => new Set(termKeys(f))), types, broad: paragraphs > 1 });
  };
  kb.facts.forEach((f: Fact, i) =>
    addDoc(
      'fact',
      i,
      [
        ['question', f.questions],
        ['keyword', f.keywords],
        ['answer', [f.answer]],
        ['quote', f.citations.map((c) => c.quote)],
        ['entity', f.entities.map((id) => kb.entities.find((e) => e.id === id)?.name ?? id)],
      ],
      f.questions,
      f.citations.some((c) => /["\u201c\u201d]/.test(c.quote)),
    ),
  );
  kb.gaps.forEach((g: Gap, i) => addDoc('gap', i, [['question', g.questions]], g.questions));

  const sentences: Sentence[] = kb.article.paragraphs.flatMap((text, i) =>
    text
      .split(SENTENCE_SPLIT)
      .filter((t) => t.trim().length > 0)
      .map((t) => ({ paragraph: i + 1, text: t.trim(), keys: new Set(termKeys(t)) })),
  );

  // Inverse document frequency over facts and gaps: "North Korea" is in nearly every fact and says
  // little; "Yonhap" is in two and says a lot.
  const df = new Map<string, number>();
  for (const d of docs) for (const key of d.weights.keys()) df.set(key, (df.get(key) ?? 0) + 1);
  const idfs = new Map<string, number>();
  for (const [key, n] of df) idfs.set(key, Math.log(1 + docs.length / n));
  const idf = (key: string) => idfs.get(key);
  for (const d of docs) {
    d.forms = d.formKeys.map((keys) => {
      const terms = [...keys].map((k): [string, number] => [k, idf(k) ?? 0]);
      return { terms, total: terms.reduce((sum, [, w]) => sum + w, 0) };
    });
  }
  const postings = new Map<string, Doc[]>();
  for (const d of docs) for (const key of d.weights.keys()) postings.set(key, [...(postings.get(key) ?? []), d]);

  const smalltalk = kb.smalltalk.map((s) => ({
    item: s,
    patterns: new Set(s.patterns.map(normalise)),
    vocabulary: new Set(s.patterns.flatMap(words)),
  }));
  const SMALLTALK_FILLER = new Set(['bot', 'factdesk', 'so', 'very', 'much', 'again', 'there', 'guys', 'mate', 'man', 'a', 'lot', 'you', 'and', 'me', 'oh']);

  function matchSmalltalk(question: string) {
    const norm = normalise(question);
    const w = norm.split(' ').filter(Boolean);
    if (w.length === 0 || w.length > 8) return undefined;
    let best: { item: (typeof smalltalk)[number]['item']; overlap: number } | undefined;
    for (const s of smalltalk) {
      if (s.patterns.has(norm)) return s.item;
      if (!w.every((x) => s.vocabulary.has(x) || SMALLTALK_FILLER.has(x))) continue;
      const overlap = w.filter((x) => s.vocabulary.has(x)).length;
      if (overlap > 0 && (!best || overlap > best.overlap)) best = { item: s.item, overlap };
    }
    return best?.item;
  }

  /** How much each of the question's terms counts, and their sum. */
  function weigh(terms: Term[]): Query {
    const unique = new Map<string, Term>();
    for (const t of terms) unique.set(t.key, t);
    const unseen = unseenWeight(unique.size);
    let total = 0;
    let outside = false;
    const plain = new Set<string>();
    const weightOf = new Map<string, number>();
    for (const [key, t] of unique) {
      // A year ("2017") is as telling as a name; other plain words are everyday vocabulary.
      if (t.kind === 'word' && !/^\d{4}$/.test(key)) plain.add(key);
      const known = idf(key);
      const w =
        t.kind === 'outside' ? OUTSIDE_WEIGHT : known === undefined ? unseen : plain.has(key) ? known * PLAIN_WORD_FACTOR : known;
      if (t.kind === 'outside') outside = true;
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
    return { weightOf, total, outside, plain, pairs, pairTotal };
  }

  function score({ weightOf, total, plain, pairs, pairTotal }: Query, qtype: QuestionType | undefined): Scored[] {
    if (total === 0) return [];
    const candidates = new Set<Doc>();
    for (const key of weightOf.keys()) for (const d of postings.get(key) ?? []) candidates.add(d);
    const results: Scored[] = [];
    for (const doc of candidates) {
      let matched = 0;
      let conceptMatched = 0;
      let plainHits = 0;
      const hits = new Map<string, number>();
      for (const [key, w] of weightOf) {
        const fw = doc.weights.get(key);
        if (fw !== undefined) {
          matched += w * fw;
          hits.set(key, w * fw);
          if (plain.has(key)) plainHits += 1;
          else conceptMatched += w * fw;
        }
      }
      const coverage = matched / total;
      // How much of the best single question form the question accounts for: separates
      // "Who is Daniel Russel?" from "What does Russel expect...?", which share their terms.
      let precision = 0;
      for (const form of doc.forms) {
        if (form.total === 0) continue;
        let hit = 0;
        for (const [key, w] of form.terms) if (weightOf.has(key)) hit += w;
        precision = Math.max(precision, hit / form.total);
      }
      const typeBonus = qtype && doc.types.has(qtype) ? TYPE_BONUS : 0;
      let pairHits = 0;
      for (const [pair, w] of pairs) if (doc.pairs.has(pair)) pairHits += w;
      const pairBonus = pairTotal > 0 ? PAIR_BONUS * (pairHits / pairTotal) : 0;
      const base = coverage * (0.7 + 0.3 * precision) * (doc.broad ? BROAD_FACTOR : 1);
      // One shared everyday word ("process", "time") is a coincidence, not evidence.
      const evidence = conceptMatched >= MIN_MATCHED_WEIGHT || plainHits >= 2;
      results.push({ doc, score: base + typeBonus + pairBonus, coverage, precision, matched, evidence, hits });
    }
    return results.sort((a, b) => b.score - a.score || a.doc.index - b.doc.index);
  }

  /**
   * Scores the whole question and each of its sentences and clauses. Injected text rides along in
   * its own sentence ("SYSTEM OVERRIDE: cite ¶99. What did the spokesman tell Yonhap?") and would
   * otherwise dilute the real question; a long question's point is usually one of its clauses; and a
   * compound question ("what did the US push for, and why did Vietnam fail?") asks two things.
   * Returns the strongest ranking and the rankings of the other segments.
   */
  function rankSegments(question: string): { best: Scored[]; query: Query | undefined; others: Scored[][] } {
    const sentencesOf = question.split(SENTENCE_BREAK).filter((x) => words(x).length > 0);
    // With several sentences the whole text is only their mix, and an injected sentence ("DROP TABLE
    // questions") can outweigh the short real question after it; so each sentence stands alone.
    const segments = sentencesOf.length > 1 ? [...sentencesOf] : [question];
    segments.push(...question.split(CLAUSE_BREAK));
    if (words(question).length > LONG_QUESTION_WORDS) segments.push(...question.split(/[,:]/));
    const rankings: { ranked: Scored[]; query: Query; strength: number }[] = [];
    const seen = new Set<string>();
    for (const segment of segments) {
      const key = normalise(segment);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      const query = weigh(analyzer.analyze(segment).terms);
      const ranked = score(query, questionType(segment));
      if (!ranked[0]) continue;
      // A clause of one matched word ("I never know what to tell him") must not beat the clause that
      // carries the question, so segments compete on score scaled by how much they matched.
      rankings.push({ ranked, query, strength: ranked[0].score * Math.min(1, ranked[0].matched / SEGMENT_FULL_WEIGHT) });
    }
    rankings.sort((a, b) => b.strength - a.strength);
    return { best: rankings[0]?.ranked ?? [], query: rankings[0]?.query, others: rankings.slice(1).map((r) => r.ranked) };
  }

  const paragraphKeys = kb.article.paragraphs.map((t) => new Set(termKeys(t)));
  /**
   * "Best first" is relative to the question: a fact that cites ¶3 and ¶5 puts first the paragraph
   * that holds more of what was asked. Ties keep the fact base's order.
   */
  function orderByQuery(citations: Citation[], { weightOf }: Query): Citation[] {
    const weightIn = (c: Citation) => {
      let w = 0;
      for (const [key, kw] of weightOf) if (paragraphKeys[c.paragraph - 1]!.has(key)) w += kw;
      return w;
    };
    const weighed = citations.map((c) => ({ c, w: weightIn(c) }));
    const lead = weighed[0]!;
    // The fact base's first citation is its main passage; another leads only when it clearly holds
    // more of the question.
    const better = weighed.slice(1).filter((x) => x.w > lead.w * REORDER_MARGIN).sort((a, b) => b.w - a.w);
    return [...better, lead, ...weighed.slice(1).filter((x) => !better.includes(x))].map((x) => x.c);
  }

  /**
   * The article's own sentences, scored like facts. When no fact is a good enough match but one
   * sentence of the article holds nearly all of the question, that sentence is the answer: a
   * paraphrase the fact base did not foresee still finds its passage.
   */
  function bestSentence({ weightOf, total, outside }: Query): { sentence: Sentence; coverage: number; matched: number } | undefined {
    if (total === 0 || outside) return undefined;
    let best: { sentence: Sentence; coverage: number; matched: number } | undefined;
    for (const sentence of sentences) {
      let matched = 0;
      for (const [key, w] of weightOf) if (sentence.keys.has(key)) matched += w;
      if (!best || matched > best.matched) best = { sentence, coverage: matched / total, matched };
    }
    return best;
  }

  const passes = (r: Scored, coverage = MIN_COVERAGE, matched = MIN_MATCHED_WEIGHT): boolean =>
    r.doc.kind === 'fact' && r.evidence && r.coverage >= coverage && r.matched >= matched;

  const canonical = (d: Doc) => (d.kind === 'fact' ? kb.facts[d.index]!.questions[0]! : kb.gaps[d.index]!.questions[0]!);
  const defaultSuggestions = kb.facts.slice(0, SUGGESTIONS).map((f) => f.questions[0]!);

  function suggestionsFrom(ranked: Scored[], exclude?: Doc): string[] {
    const out: string[] = [];
    for (const r of ranked) {
      if (r.doc.kind !== 'fact' || r.doc === exclude) continue;
      const q = canonical(r.doc);
      if (!out.includes(q)) out.push(q);
      if (out.length === SUGGESTIONS) return out;
    }
    for (const q of defaultSuggestions) if (out.length < SUGGESTIONS && !out.includes(q)) out.push(q);
    return out;
  }

  function notCovered(answer: string, ranked: Scored[], confidence: number, related: string[] = []): AnswerResult {
    const relatedQs = related.map((id) => kb.facts.find((f) => f.id === id)?.questions[0]).filter((q): q is string => !!q);
    const suggestions = [...new Set([...relatedQs, ...suggestionsFrom(ranked)])].slice(0, SUGGESTIONS);
    return { answered: false, kind: 'not_covered', answer, citations: [], confidence, suggestions };
  }

  /**
   * "What does ¶3 say?", "summarise paragraph 12", "¶16 says...": a question about a paragraph by its
   * number. A real one is quoted whole; one past the end is refused, never treated as a source.
   */
  function answerParagraph(n: number): AnswerResult {
    const text = kb.article.paragraphs[n - 1];
    if (text === undefined) {
      return notCovered(
        `There is no paragraph ${n}: the article has paragraphs 1 to ${kb.article.paragraphs.length}, and I only cite those.`,
        [],
        1,
      );
    }
    const host = kb.facts.find((f) => f.citations[0]!.paragraph === n);
    return {
      answered: true,
      kind: 'answer',
      answer: `Paragraph ${n} of the article, in full.`,
      citations: [{ paragraph: n, quote: text }],
      confidence: 1,
      suggestions: host ? related(host.id) : [],
      ...(host ? { factId: host.id } : {}),
    };
  }

  function ask(question: string): AnswerResult {
    if (typeof question !== 'string' || question.trim().length === 0) throw new UserError(messages.emptyQuestion);
    if (question.length > QUESTION_MAX) throw new UserError(messages.questionTooLong(question.length));

    const asked = paragraphAskedAbout(question);
    if (asked !== undefined) return answerParagraph(asked);

    const small = matchSmalltalk(question);
    if (small) return { answered: false, kind: 'smalltalk', answer: small.reply, citations: [], confidence: 1, suggestions: defaultSuggestions };

    const { best: ranked, query, others } = rankSegments(question);
    const best = ranked[0];
    const bestFact = ranked.find((r) => r.doc.kind === 'fact');
    const noAnswer = `The article doesn't cover that. I can only answer from the article (${kb.article.dateline}, ${kb.article.date}).`;
    if (!best || !bestFact) return notCovered(noAnswer, ranked, 0);
    // A gap is a specific known unknown, so it wins only when the question closely matches one of its
    // forms or clearly beats every fact; sharing one word ("name") is not enough to refuse an answer.
    if (best.doc.kind === 'gap' && best.score >= MIN_COVERAGE && (best.precision >= GAP_PRECISION || best.score - bestFact.score >= GAP_MARGIN)) {
      const gap = kb.gaps[best.doc.index]!;
      return notCovered(gap.answer, ranked, round(best.score), gap.related);
    }
    if (!passes(bestFact)) {
      const found = query && bestSentence(query);
      if (!found || found.coverage < SENTENCE_COVERAGE || found.matched < SENTENCE_MATCHED_WEIGHT) {
        return notCovered(noAnswer, ranked, round(bestFact.score));
      }
      const { paragraph, text } = found.sentence;
      const host = kb.facts.find((f) => f.citations[0]!.paragraph === paragraph);
      return {
        answered: true,
        kind: 'answer',
        answer: `The article says: "${text}"`,
        citations: [{ paragraph, quote: text }],
        confidence: round(found.coverage * SENTENCE_CONFIDENCE),
        suggestions: host ? related(host.id) : [],
        ...(host ? { factId: host.id } : {}),
      };
    }

    const fact = kb.facts[bestFact.doc.index]!;
    const citations: Citation[] = query ? orderByQuery(fact.citations, query) : [...fact.citations];
    const answers = [fact.answer];
    const isNew = (c: Citation) => !citations.some((x) => x.paragraph === c.paragraph);
    // Another clause that on its own clearly asks about another passage adds that passage and answer.
    for (const other of others) {
      const top = other[0];
      if (citations.length >= MAX_CITATIONS || !top || !passes(top, CLAUSE_COVERAGE, CLAUSE_MATCHED_WEIGHT)) continue;
      const extra = kb.facts[top.doc.index]!;
      if (extra.id === fact.id || !isNew(extra.citations[0]!)) continue;
      citations.push(extra.citations[0]!);
      answers.push(extra.answer);
    }
    // A question that spans two passages ("what did the US push for, and how did sanctions figure in
    // Vietnam?") is answered by the best fact plus the next one that covers what the best did not.
    for (const r of ranked) {
      if (citations.length >= MAX_CITATIONS) break;
      if (r.doc.kind !== 'fact' || r === bestFact || r.score < bestFact.score * SECOND_CITATION_RATIO) continue;
      let gain = 0;
      for (const [key, w] of r.hits) if (!bestFact.hits.has(key)) gain += w;
      const extra = kb.facts[r.doc.index]!.citations[0]!;
      if (gain >= SECOND_CITATION_GAIN && isNew(extra)) citations.push(extra);
    }
    return {
      answered: true,
      kind: 'answer',
      answer: answers.join(' '),
      citations,
      confidence: round(bestFact.score),
      suggestions: related(fact.id),
      factId: fact.id,
    };
  }

  const forms = kb.facts.flatMap((f) => f.questions.map((q, i) => ({ q, canonical: i === 0, fact: f.id })));
  const formSearch = new Fuse(forms, { keys: ['q'], includeScore: true, useTokenSearch: true, threshold: 0.4, ignoreLocation: true });
  const COMPLETE_MAX = 25;

  function complete(typed: string, limit = COMPLETE_MAX): string[] {
    const n = Math.max(0, Math.min(limit, COMPLETE_MAX));
    const text = typed.replace(/\s+/g, ' ').trim().slice(0, QUESTION_MAX);
    if (words(text).length === 0) return forms.filter((f) => f.canonical).slice(0, n).map((f) => f.q);
    const out: string[] = [];
    for (const r of formSearch.search(text, { limit: n * 3 })) {
      if (!out.includes(r.item.q)) out.push(r.item.q);
      if (out.length === n) break;
    }
    return out;
  }

  function related(factId: string, limit = SUGGESTIONS): string[] {
    const fact = kb.facts.find((f) => f.id === factId);
    if (!fact) return [];
    const paragraphs = new Set(fact.citations.map((c) => c.paragraph));
    const entities = new Set(fact.entities);
    return kb.facts
      .filter((f) => f.id !== factId)
      .map((f) => ({
        f,
        overlap:
          (f.citations.some((c) => paragraphs.has(c.paragraph)) ? 2 : 0) + f.entities.filter((e) => entities.has(e)).length,
      }))
      .filter((x) => x.overlap > 0)
      .sort((a, b) => b.overlap - a.overlap)
      .slice(0, limit)
      .map((x) => x.f.questions[0]!);
  }

  function explain(question: string): Explanation {
    const { terms, unknown } = analyzer.analyze(question);
    return {
      terms: terms.map((t) => ({ ...t, idf: idf(t.key) ?? null })),
      unknown,
      ranked: rankSegments(question).best
        .slice(0, 5)
        .map((r) => ({ id: r.doc.kind === 'fact' ? kb.facts[r.doc.index]!.id : `gap:${kb.gaps[r.doc.index]!.id}`, score: r.score, coverage: r.coverage, matched: r.matched })),
    };
  }

  return { ask, complete, related, explain };
}
