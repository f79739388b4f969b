import type { Citation } from '../knowledge/schema.ts';

export type { Citation };

/**
 * What the engine says about one question.
 * - `answer`: the article answers it; `citations` holds at least one passage, best first.
 * - `not_covered`: the article does not say; no citation, `suggestions` holds nearby questions.
 * - `smalltalk`: a greeting, thanks or "what can you do"; a kind reply, no citation.
 */
export type ResultKind = 'answer' | 'not_covered' | 'smalltalk';

export interface AnswerResult {
  answered: boolean;
  kind: ResultKind;
  answer: string;
  citations: Citation[];
  /** 0..1: how sure the engine is that the top citation answers the question. */
  confidence: number;
  /** Canonical questions the fact base can answer, nearest first (at most 3). */
  suggestions: string[];
  /** The fact that answered, for "related questions" and feedback; absent when not answered. */
  factId?: string;
}

export interface Engine {
  /** Answers one question. Throws `UserError` (usage) for empty input or more than QUESTION_MAX characters. */
  ask(question: string): AnswerResult;
  /** Autocomplete: up to `limit` canonical questions ranked by fuzzy match of what is typed so far. */
  complete(typed: string, limit?: number): string[];
  /** Canonical questions of facts near the given fact (same paragraph or entities), for "related" buttons. */
  related(factId: string, limit?: number): string[];
  /** Why the engine ranked what it did: the question's terms and the top candidates. For `ask --explain`. */
  explain(question: string): Explanation;
}

export interface Explanation {
  terms: { key: string; kind: string; idf: number | null }[];
  unknown: string[];
  ranked: { id: string; score: number; coverage: number; matched: number }[];
}
