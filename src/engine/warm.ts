import type { KnowledgeBase } from '../knowledge/schema.ts';
import type { Engine } from './types.ts';

/**
 * Prepares a new engine for traffic by asking it what people will send first: every question form
 * of the fact base, as autocomplete choices and suggestion buttons send them back word for word, and
 * the canonical questions as they are being typed. Those answers and completions are remembered, and
 * the code that ranks them is compiled by V8 before the first user waits on it: without this, the
 * first few hundred questions after a start or a reload each cost several times what they cost later.
 * Returns how long it took, in ms.
 */
export function warmUp(engine: Engine, kb: KnowledgeBase): number {
  const started = performance.now();
  for (const fact of kb.facts) {
    for (const question of fact.questions) engine.ask(question);
    const canonical = fact.questions[0]!;
    for (let end = canonical.indexOf(' '); end !== -1; end = canonical.indexOf(' ', end + 1)) {
      engine.complete(canonical.slice(0, end));
      engine.complete(canonical.slice(0, end + 3));
    }
  }
  return performance.now() - started;
}
