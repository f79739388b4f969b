import { z } from 'zod';

/**
 * Zod schemas for every file in `knowledge/`. They are the single source of the fact base's shape:
 * the loader parses with them, `npm run kb:schema` turns them into JSON Schema for editors.
 */

/** Discord's embed description limit; an answer must fit with room for its citations. */
export const ANSWER_MAX = 1000;
/** Discord's limit on an autocomplete choice name: every question form must be offerable. */
export const QUESTION_FORM_MAX = 100;
export const PARAGRAPH_COUNT = 15;

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are lower-case words joined by hyphens, e.g. "vietnam-summit"');
const paragraph = z.number().int().min(1).max(PARAGRAPH_COUNT);
const nonEmpty = z.string().trim().min(1);

export const citationSchema = z.strictObject({
  paragraph,
  quote: nonEmpty.describe('An exact span of the cited paragraph, character for character.'),
});

export const articleSchema = z.strictObject({
  $schema: z.string().optional(),
  title: nonEmpty,
  date: z.iso.date().describe('Publication date, YYYY-MM-DD. Relative dates in the text resolve against it.'),
  dateline: nonEmpty,
  summary: nonEmpty.max(300),
  paragraphs: z
    .array(nonEmpty)
    .length(PARAGRAPH_COUNT)
    .describe('The article verbatim, one paragraph an entry; index 0 is ¶1, without the date/dateline metadata.'),
});

export const entitySchema = z.strictObject({
  id,
  type: z.enum(['person', 'organisation', 'place', 'event', 'country']),
  name: nonEmpty,
  role: nonEmpty.describe('Who or what this is, in the article\'s words.'),
  aliases: z.array(nonEmpty).describe('What people actually type for it: short names, acronyms, nicknames.'),
  paragraphs: z.array(paragraph).min(1),
  citation: citationSchema.describe('The passage that best says who or what this is.'),
  speaksFor: z
    .array(id)
    .optional()
    .describe('Entity ids whose words this person\'s quotes are (a spokesman speaks for his department and country).'),
});

export const quoteSchema = z.strictObject({
  id,
  speaker: id.describe('An entity id; "he said" is resolved to the person.'),
  text: nonEmpty.describe('The words as the article gives them, verbatim.'),
  paragraph,
  direct: z.boolean().describe('true for words in quotation marks, false for reported speech.'),
});

export const eventSchema = z.strictObject({
  id,
  what: nonEmpty,
  when: nonEmpty.describe('The date as the article writes it.'),
  date: z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date is YYYY, YYYY-MM or YYYY-MM-DD')
    .describe('The date resolved as far as the text allows.'),
  resolved: z.boolean().describe('true when `date` was worked out from a relative phrase and the article date.'),
  paragraph,
  citation: citationSchema,
});

export const factSchema = z.strictObject({
  id,
  questions: z
    .array(nonEmpty.max(QUESTION_FORM_MAX))
    .min(2)
    .describe('The several ways people ask this; the first is the canonical one shown in suggestions.'),
  answer: nonEmpty.max(ANSWER_MAX).describe('A short answer in the article\'s own words.'),
  citations: z.array(citationSchema).min(1).describe('Best first.'),
  entities: z.array(id).default([]),
  keywords: z.array(nonEmpty).default([]).describe('Extra terms that should lead here (synonyms people use).'),
});

export const gapSchema = z.strictObject({
  id,
  questions: z.array(nonEmpty.max(QUESTION_FORM_MAX)).min(1),
  answer: nonEmpty.max(ANSWER_MAX).describe('What the article does not say, phrased for the reader.'),
  related: z.array(id).default([]).describe('Fact ids to suggest instead.'),
});

export const lexiconSchema = z.strictObject({
  $schema: z.string().optional(),
  synonyms: z
    .array(z.array(nonEmpty).min(2))
    .describe('Groups of words or phrases people use interchangeably; the first is the canonical term.'),
  outside: z
    .array(nonEmpty)
    .describe('Names the article never mentions (countries, people, bodies); a question about them is not covered.'),
  stopwords: z.array(nonEmpty),
  stopPhrases: z
    .array(nonEmpty)
    .describe('Phrases that frame a question without adding to it ("according to the article"); dropped before matching.'),
});

export const smalltalkSchema = z.strictObject({
  id,
  patterns: z.array(nonEmpty).min(1).describe('Whole-message phrases, matched after normalisation.'),
  reply: nonEmpty.max(ANSWER_MAX),
});

const list = <T extends z.ZodType>(item: T) =>
  z.strictObject({ $schema: z.string().optional(), items: z.array(item) });

export const knowledgeFiles = {
  'article.json': articleSchema,
  'entities.json': list(entitySchema),
  'quotes.json': list(quoteSchema),
  'events.json': list(eventSchema),
  'facts.json': list(factSchema),
  'gaps.json': list(gapSchema),
  'lexicon.json': lexiconSchema,
  'smalltalk.json': list(smalltalkSchema),
} as const;

export type KnowledgeFileName = keyof typeof knowledgeFiles;
export type Citation = z.infer<typeof citationSchema>;
export type Article = z.infer<typeof articleSchema>;
export type Entity = z.infer<typeof entitySchema>;
export type Quote = z.infer<typeof quoteSchema>;
export type TimelineEvent = z.infer<typeof eventSchema>;
export type Fact = z.infer<typeof factSchema>;
export type Gap = z.infer<typeof gapSchema>;
export type Lexicon = z.infer<typeof lexiconSchema>;
export type Smalltalk = z.infer<typeof smalltalkSchema>;

/** The whole validated fact base, as the engine and the adapters receive it. */
export interface KnowledgeBase {
  article: Article;
  entities: Entity[];
  quotes: Quote[];
  events: TimelineEvent[];
  facts: Fact[];
  gaps: Gap[];
  lexicon: Lexicon;
  smalltalk: Smalltalk[];
}
