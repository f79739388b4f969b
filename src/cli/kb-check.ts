import { resolve } from 'node:path';
import { DEFAULT_KNOWLEDGE_DIR, KnowledgeError, loadKnowledge } from '../knowledge/load.ts';

/** `npm run kb:check [-- DIR]`: validates a fact base and says what to fix. Exit 1 when invalid. */
const dir = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_KNOWLEDGE_DIR;
try {
  const kb = loadKnowledge(dir);
  const quotes = kb.facts.reduce((n, f) => n + f.citations.length, 0) + kb.quotes.length + kb.events.length + kb.entities.length;
  console.log(
    `ok: ${dir}\n  ${kb.article.paragraphs.length} paragraphs, ${kb.facts.length} facts, ${kb.gaps.length} gaps, ` +
      `${kb.entities.length} entities, ${kb.quotes.length} quotes, ${kb.events.length} events; ${quotes} quoted spans verified verbatim`,
  );
} catch (err) {
  if (!(err instanceof KnowledgeError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
