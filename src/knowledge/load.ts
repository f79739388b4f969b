import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { knowledgeFiles, type KnowledgeBase, type KnowledgeFileName } from './schema.ts';
import { checkIntegrity, type Problem } from './integrity.ts';

export const DEFAULT_KNOWLEDGE_DIR = resolve(fileURLToPath(new URL('../../knowledge', import.meta.url)));

/** A fact base that failed to load; `problems` names each file, the path inside it and what to fix. */
export class KnowledgeError extends Error {
  override readonly name = 'KnowledgeError';
  constructor(readonly problems: Problem[]) {
    super(
      `The fact base is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map(formatProblem).join('\n'),
    );
  }
}

export function formatProblem(p: Problem): string {
  return `  ${p.file}${p.path ? ` at ${p.path}` : ''}: ${p.message}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '');
}

function readFile<N extends KnowledgeFileName>(
  dir: string,
  file: N,
  problems: Problem[],
): z.infer<(typeof knowledgeFiles)[N]> | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file is missing' : (err as Error).message;
    problems.push({ file, path: '', message: `${why}; restore it from git or fix the JSON syntax` });
    return undefined;
  }
  const parsed = knowledgeFiles[file].safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ file, path: formatPath(issue.path), message: issue.message });
    }
    return undefined;
  }
  return parsed.data as z.infer<(typeof knowledgeFiles)[N]>;
}

/**
 * Reads, validates and cross-checks every file of the fact base. All or nothing: any problem throws a
 * KnowledgeError listing every problem found, so a broken edit can never half-load into the engine.
 */
export function loadKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR): KnowledgeBase {
  const problems: Problem[] = [];
  const article = readFile(dir, 'article.json', problems);
  const entities = readFile(dir, 'entities.json', problems);
  const quotes = readFile(dir, 'quotes.json', problems);
  const events = readFile(dir, 'events.json', problems);
  const facts = readFile(dir, 'facts.json', problems);
  const gaps = readFile(dir, 'gaps.json', problems);
  const lexicon = readFile(dir, 'lexicon.json', problems);
  const smalltalk = readFile(dir, 'smalltalk.json', problems);
  if (problems.length > 0 || !article || !entities || !quotes || !events || !facts || !gaps || !lexicon || !smalltalk) {
    throw new KnowledgeError(problems);
  }
  const kb: KnowledgeBase = {
    article,
    entities: entities.items,
    quotes: quotes.items,
    events: events.items,
    facts: facts.items,
    gaps: gaps.items,
    lexicon,
    smalltalk: smalltalk.items,
  };
  problems.push(...checkIntegrity(kb));
  if (problems.length > 0) throw new KnowledgeError(problems);
  return kb;
}
