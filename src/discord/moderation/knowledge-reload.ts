import { KnowledgeError } from '../../knowledge/load.ts';
import type { KnowledgeBase } from '../../knowledge/schema.ts';
import type { Problem } from '../../knowledge/integrity.ts';
import type { KnowledgeHandle } from '../command.ts';
import { EMBED_DESCRIPTION_MAX, EMBED_TITLE_MAX } from '../limits.ts';
import type { Logger } from '../logger.ts';
import type { Reply } from '../render.ts';
import { articleText, truncate } from '../safe-text.ts';

/**
 * Replacing the fact base while the bot serves: `/kb reload` and SIGHUP. The new fact base is read
 * and validated in full (schemas and cross-checks, as `npm run kb:check` does) and its engine built
 * before anything changes; only then does the bot swap to it. Invocations already running finish
 * with the fact base they began with. Anything wrong, and the old one keeps serving.
 */

export type ReloadOutcome =
  | { ok: true; facts: number; paragraphs: number }
  | { ok: false; problems: Problem[] };

/**
 * Reads the fact base with `load` and swaps it in through `handle`. A fact base the checker refuses
 * is reported, not thrown; any other failure (e.g. the engine cannot be built) throws, and in both
 * cases the bot keeps answering from what it had.
 */
export function reloadKnowledge(load: () => KnowledgeBase, handle: KnowledgeHandle): ReloadOutcome {
  let kb: KnowledgeBase;
  try {
    kb = load();
  } catch (err) {
    if (err instanceof KnowledgeError) return { ok: false, problems: err.problems };
    throw err;
  }
  handle.replace(kb);
  return { ok: true, facts: kb.facts.length, paragraphs: kb.article.paragraphs.length };
}

/** Lines longer than this are cut: one runaway message must not push the others out of the reply. */
const PROBLEM_LINE_MAX = 400;

const describe = (p: Problem): string => `${p.file}${p.path ? ` at ${p.path}` : ''}: ${p.message}`;

/** The owner's view of a reload: what is served now, or every problem that fits and how many did not. */
export function renderReload(outcome: ReloadOutcome): Reply {
  if (outcome.ok) {
    return {
      embeds: [
        {
          color: 0x10b981,
          title: 'Fact base reloaded',
          description: `Answers now come from the fact base in knowledge/: ${outcome.facts} facts over ${outcome.paragraphs} paragraphs.`,
        },
      ],
      components: [],
    };
  }
  const { problems } = outcome;
  const lead =
    `The fact base in knowledge/ is invalid, so I kept serving the one I had. ` +
    `Fix ${problems.length === 1 ? 'this problem' : `these ${problems.length} problems`} and reload again ` +
    '(`npm run kb:check` shows them too):\n';
  const lines: string[] = [];
  let length = lead.length;
  for (const [i, problem] of problems.entries()) {
    const line = `• ${articleText(describe(problem), PROBLEM_LINE_MAX)}`;
    const rest = problems.length - i - 1;
    // Room for this line and, if more follow, the "…and N more" line.
    const reserve = rest > 0 ? 40 : 0;
    if (length + line.length + 1 + reserve > EMBED_DESCRIPTION_MAX) {
      lines.push(`…and ${problems.length - i} more`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return {
    embeds: [
      {
        color: 0xef4444,
        title: truncate(`Reload refused: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the fact base`, EMBED_TITLE_MAX),
        description: truncate(lead + lines.join('\n'), EMBED_DESCRIPTION_MAX),
      },
    ],
    components: [],
  };
}

/**
 * SIGHUP: the operator's way to reload (e.g. after a deploy, or on every shard process at once).
 * Nobody is waiting for an answer, so the outcome goes to the log; nothing is thrown.
 */
export function reloadOnSignal(load: () => KnowledgeBase, handle: KnowledgeHandle, logger: Logger): void {
  try {
    const outcome = reloadKnowledge(load, handle);
    if (outcome.ok) logger.info({ facts: outcome.facts, trigger: 'SIGHUP' }, 'fact base reloaded');
    else logger.warn({ problems: outcome.problems.map(describe), trigger: 'SIGHUP' }, 'fact base reload refused; the old one keeps serving');
  } catch (err) {
    logger.error({ err, trigger: 'SIGHUP' }, 'fact base reload failed; the old one keeps serving');
  }
}
