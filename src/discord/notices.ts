/**
 * What the Discord adapter tells a user about a problem of its own (the engine's and the fact base's
 * problems are in `src/errors.ts`). Kept together so wording stays consistent and tests assert
 * against these rather than restating them.
 */
export const notices = {
  commandGone: 'That command is not available any more. Type / to see the current commands.',
  buttonExpired: 'That button belongs to an older version of this message. Ask the question again to get a fresh one.',
  nothingToCheck: 'That message has no text I can check against the article.',
} as const;

/** What /help says the bot keeps about its users when no store is configured. */
export const NOTHING_STORED =
  'Nothing about you. I read only messages sent to me directly or that mention me, answer them, and keep no copy of them or of your questions.';
