/**
 * Every message a user can be shown for an expected problem lives here, so wording stays consistent
 * and tests assert against the catalog rather than restating strings.
 */
export const QUESTION_MAX = 500;

export const messages = {
  emptyQuestion: 'Please type a question about the article, e.g. "Why did the summit in Vietnam fail?"',
  questionTooLong: (length: number) =>
    `That question is ${length} characters long; please keep it to ${QUESTION_MAX} characters or fewer.`,
  paragraphOutOfRange: (n: number, count: number) =>
    `There is no paragraph ${n}: the article has paragraphs 1 to ${count}.`,
  noWords: 'I could not find any words in that to read as a question. Ask me something about the article, e.g. "Why did the summit in Vietnam fail?"',
  unknownSpeaker: 'Nobody by that name is quoted in the article. Pick a speaker from the suggestions.',
  unknownEntity: 'The article does not mention anyone or anything by that name. Pick one from the suggestions.',
  unknownFact: 'That answer is no longer in the fact base; please ask the question again.',
  generic: 'Something went wrong on my side while answering. Please try again in a moment.',
} as const;

/** category: 'usage' is bad input from a user; every UserError is shown to the user as it is. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string, readonly category: 'usage' | 'permission' | 'rate-limit' | 'not-found' = 'usage') {
    super(message);
  }
}
