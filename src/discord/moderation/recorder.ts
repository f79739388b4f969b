import type { Store } from '../../store/index.ts';
import type { AnswerListener } from '../command.ts';

/**
 * Records each question asked in a server for /insights: the store keeps its normalised text, whether
 * it was answered and the first cited paragraph, and the asker only as a salted hash.
 *
 * Questions are queued and written in batches (see `queueQuestion`): answering must not wait on a
 * commit.
 *
 * Not recorded: direct messages, since no moderator owns them and data nobody can read should not be
 * kept; and small talk ("hi", "thanks"), which is not a question about the article and would crowd
 * the "what the article does not cover" list.
 */
export function questionRecorder(store: Store): AnswerListener {
  return ({ invocation, question, result }) => {
    if (invocation.guildId === null || result.kind === 'smalltalk') return;
    store.insights.queueQuestion({
      guildId: invocation.guildId,
      askerId: invocation.userId,
      text: question,
      answered: result.kind === 'answer',
      paragraph: result.citations[0]?.paragraph ?? null,
    });
  };
}
