import { PARAGRAPH_COUNT } from '../knowledge/schema.ts';
import { CUSTOM_ID_MAX } from './limits.ts';

/**
 * The custom_id of every button the bot renders, encoded and decoded in one place. A custom_id
 * outlives the process that wrote it (a button on an old message can be clicked after a redeploy),
 * so decoding accepts nothing it cannot act on and returns null instead.
 *
 * To add a button: add a variant to `ButtonAction`, a prefix here, a case in `encodeButton` and
 * `decodeButton`, and a handler in `components.ts`; the compiler points at each place.
 */
export type ButtonAction =
  /** Show one paragraph of the article in full, to the clicker only. */
  | { kind: 'paragraph'; paragraph: number }
  /** Answer a fact's canonical question, to the clicker only. */
  | { kind: 'fact'; factId: string }
  /** 👍 (1) or 👎 (-1) on the answer this button is on, which `factId` gave. */
  | { kind: 'feedback'; value: 1 | -1; factId: string };

const PREFIX = { paragraph: 'para', fact: 'fact', feedback: 'vote' } as const satisfies Record<ButtonAction['kind'], string>;
const VOTE = { up: 1, down: -1 } as const;
const FACT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u;

export function encodeButton(action: ButtonAction): string {
  const id =
    action.kind === 'paragraph'
      ? `${PREFIX.paragraph}:${action.paragraph}`
      : action.kind === 'fact'
        ? `${PREFIX.fact}:${action.factId}`
        : `${PREFIX.feedback}:${action.value === 1 ? 'up' : 'down'}:${action.factId}`;
  if (id.length > CUSTOM_ID_MAX) {
    throw new RangeError(`custom_id "${id}" is ${id.length} characters; Discord allows ${CUSTOM_ID_MAX}. Shorten the fact id.`);
  }
  return id;
}

export function decodeButton(customId: string): ButtonAction | null {
  const colon = customId.indexOf(':');
  if (colon < 0) return null;
  const prefix = customId.slice(0, colon);
  const rest = customId.slice(colon + 1);
  switch (prefix) {
    case PREFIX.paragraph: {
      if (!/^\d{1,2}$/u.test(rest)) return null;
      const paragraph = Number(rest);
      return paragraph >= 1 && paragraph <= PARAGRAPH_COUNT ? { kind: 'paragraph', paragraph } : null;
    }
    case PREFIX.fact:
      return FACT_ID.test(rest) ? { kind: 'fact', factId: rest } : null;
    case PREFIX.feedback: {
      const [vote, factId = ''] = rest.split(/:(.*)/su);
      return (vote === 'up' || vote === 'down') && FACT_ID.test(factId) ? { kind: 'feedback', value: VOTE[vote], factId } : null;
    }
    default:
      return null;
  }
}
