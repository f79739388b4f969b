import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  type ApplicationCommandOptionChoiceData,
} from 'discord.js';
import type { AnswerResult, Citation } from '../engine/types.ts';
import type { Article, Entity, KnowledgeBase, Quote } from '../knowledge/schema.ts';
import { encodeButton, type ButtonAction } from './custom-ids.ts';
import {
  ACTION_ROWS_MAX,
  AUTOCOMPLETE_CHOICES_MAX,
  AUTOCOMPLETE_CHOICE_NAME_MAX,
  AUTOCOMPLETE_CHOICE_VALUE_MAX,
  BUTTON_LABEL_MAX,
  BUTTONS_PER_ROW_MAX,
  EMBED_DESCRIPTION_MAX,
  EMBED_FIELDS_MAX,
  EMBED_FIELD_NAME_MAX,
  EMBED_FIELD_VALUE_MAX,
  EMBED_FOOTER_MAX,
  EMBED_TITLE_MAX,
  EMBEDS_TOTAL_MAX,
  MESSAGE_CONTENT_MAX,
  embedLength,
} from './limits.ts';
import { articleText, truncate, userText, withoutParagraphSigns } from './safe-text.ts';

/**
 * Every reply the bot sends is built here, as plain Discord API JSON: what it says, how citations
 * look and how everything is fitted to Discord's limits. Delivery (and `allowedMentions`) is
 * `respond.ts`'s job. A "¶N" label appears only on a passage the reply actually quotes or shows.
 */

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

export interface Reply {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
}

const COLOUR = {
  answer: 0x3b82f6,
  notCovered: 0x9ca3af,
  smalltalk: 0x10b981,
  reference: 0x6366f1,
} as const;

/** The label of a cited passage. The only way the bot writes "¶". */
export const paragraphLabel = (paragraph: number): string => `¶${paragraph}`;

export function sourceLine(article: Article): string {
  return truncate(`Source: article dated ${article.date}, ${article.dateline} — ${article.title}`, EMBED_FOOTER_MAX);
}

const footer = (kb: KnowledgeBase) => ({ text: sourceLine(kb.article) });

function quotedPassage(text: string): string {
  return `> ${articleText(text, EMBED_FIELD_VALUE_MAX - 2)}`;
}

/**
 * Drops fields from the end (the weakest, since fields are best first) until the embed keeps
 * Discord's field count and total length; the description and title are already fitted.
 */
export function fitted(embed: APIEmbed): APIEmbed {
  const { fields: all = [], ...rest } = embed;
  const fields = all.slice(0, EMBED_FIELDS_MAX);
  while (fields.length > 0 && embedLength({ ...rest, fields }) > EMBEDS_TOTAL_MAX) fields.pop();
  return fields.length > 0 ? { ...rest, fields } : rest;
}

function button(
  label: string,
  action: ButtonAction,
  style: APIButtonComponentWithCustomId['style'] = ButtonStyle.Secondary,
): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, style, label: truncate(label, BUTTON_LABEL_MAX), custom_id: encodeButton(action) };
}

/** 👍/👎 on an answer; the vote is stored against the message they are on and the fact that answered. */
function feedbackButtons(factId: string): APIButtonComponentWithCustomId[] {
  return [
    { ...button('Helpful', { kind: 'feedback', value: 1, factId }), emoji: { name: '👍' } },
    { ...button('Not helpful', { kind: 'feedback', value: -1, factId }), emoji: { name: '👎' } },
  ];
}

function rows(...groups: APIButtonComponentWithCustomId[][]): ButtonRow[] {
  return groups
    .filter((g) => g.length > 0)
    .slice(0, ACTION_ROWS_MAX)
    .map((g) => ({ type: ComponentType.ActionRow, components: g.slice(0, BUTTONS_PER_ROW_MAX) }));
}

function paragraphButtons(paragraphs: Iterable<number>): APIButtonComponentWithCustomId[] {
  return [...new Set(paragraphs)]
    .slice(0, BUTTONS_PER_ROW_MAX)
    .map((p) => button(`Read ${paragraphLabel(p)} in full`, { kind: 'paragraph', paragraph: p }));
}

const factIdsByQuestion = new WeakMap<KnowledgeBase, Map<string, string>>();

/** A canonical question's fact id, so a button can carry the short id instead of the question. */
function factIdOf(kb: KnowledgeBase, question: string): string | undefined {
  let index = factIdsByQuestion.get(kb);
  if (!index) {
    index = new Map(kb.facts.map((f) => [f.questions[0]!, f.id]));
    factIdsByQuestion.set(kb, index);
  }
  return index.get(question);
}

/** Buttons that ask the fact base's own questions, one per fact, each carrying the fact's id. */
function questionButtons(kb: KnowledgeBase, questions: readonly string[], exclude?: string): APIButtonComponentWithCustomId[] {
  const seen = new Set<string>();
  const out: APIButtonComponentWithCustomId[] = [];
  for (const question of questions) {
    const factId = factIdOf(kb, question);
    if (!factId || factId === exclude || seen.has(factId)) continue;
    seen.add(factId);
    out.push(button(withoutParagraphSigns(question), { kind: 'fact', factId }, ButtonStyle.Primary));
    if (out.length === BUTTONS_PER_ROW_MAX) break;
  }
  return out;
}

function citationField(citation: Citation): APIEmbedField {
  return { name: paragraphLabel(citation.paragraph), value: quotedPassage(citation.quote) };
}

export interface AnswerView {
  /**
   * The question as asked, shown as the title. User text is cleaned and escaped; pass `trusted` for
   * a question taken from the fact base (a button), which is only escaped.
   */
  question?: { text: string; trusted?: boolean };
  /** Add 👍/👎 buttons to an answer (only where votes are stored: see moderation/feedback.ts). */
  feedback?: boolean;
}

function questionTitle(view: AnswerView): string | undefined {
  if (!view.question) return undefined;
  const title = view.question.trusted
    ? articleText(view.question.text, EMBED_TITLE_MAX)
    : userText(view.question.text, EMBED_TITLE_MAX);
  return title.length > 0 ? title : undefined;
}

/** The reply to a question: the answer with its passages, or why there is none and what to ask instead. */
export function renderAnswer(kb: KnowledgeBase, result: AnswerResult, view: AnswerView = {}): Reply {
  const title = questionTitle(view);
  if (result.kind === 'answer') {
    const embed = fitted({
      color: COLOUR.answer,
      ...(title ? { title } : {}),
      description: articleText(result.answer, EMBED_DESCRIPTION_MAX),
      fields: result.citations.map(citationField),
      footer: footer(kb),
    });
    return {
      embeds: [embed],
      components: rows(
        paragraphButtons(result.citations.map((c) => c.paragraph)),
        questionButtons(kb, result.suggestions, result.factId),
        view.feedback && result.factId ? feedbackButtons(result.factId) : [],
      ),
    };
  }
  // Nothing here may carry a paragraph sign: an unanswered reply cites nothing.
  const suggestions = questionButtons(kb, result.suggestions);
  const lead = withoutParagraphSigns(articleText(result.answer, EMBED_DESCRIPTION_MAX - 40));
  const invite =
    suggestions.length === 0 ? '' : result.kind === 'smalltalk' ? '\n\nYou could ask:' : '\n\nDid you mean one of these?';
  return {
    embeds: [
      {
        color: result.kind === 'smalltalk' ? COLOUR.smalltalk : COLOUR.notCovered,
        ...(title ? { title } : {}),
        description: lead + invite,
        footer: footer(kb),
      },
    ],
    components: rows(suggestions),
  };
}

/** One paragraph in full, with buttons to its neighbours. */
export function renderParagraph(kb: KnowledgeBase, paragraph: number): Reply {
  const { paragraphs } = kb.article;
  const text = paragraphs[paragraph - 1];
  if (text === undefined) throw new RangeError(`paragraph ${paragraph} is outside 1..${paragraphs.length}`);
  const nav: APIButtonComponentWithCustomId[] = [];
  if (paragraph > 1) nav.push(button(`◀ ${paragraphLabel(paragraph - 1)}`, { kind: 'paragraph', paragraph: paragraph - 1 }));
  if (paragraph < paragraphs.length) nav.push(button(`${paragraphLabel(paragraph + 1)} ▶`, { kind: 'paragraph', paragraph: paragraph + 1 }));
  return {
    embeds: [
      {
        color: COLOUR.reference,
        title: `${paragraphLabel(paragraph)} of ${paragraphs.length}`,
        description: articleText(text, EMBED_DESCRIPTION_MAX),
        footer: footer(kb),
      },
    ],
    components: rows(nav),
  };
}

/** What the source is: title, date, dateline, summary and length. */
export function renderArticle(kb: KnowledgeBase): Reply {
  const { article } = kb;
  return {
    embeds: [
      fitted({
        color: COLOUR.reference,
        title: articleText(article.title, EMBED_TITLE_MAX),
        description: articleText(article.summary, EMBED_DESCRIPTION_MAX),
        fields: [
          { name: 'Date', value: article.date, inline: true },
          { name: 'Dateline', value: articleText(article.dateline, EMBED_FIELD_VALUE_MAX), inline: true },
          { name: 'Paragraphs', value: String(article.paragraphs.length), inline: true },
        ],
        footer: { text: truncate('Use /article paragraph:<number> to read one paragraph in full.', EMBED_FOOTER_MAX) },
      }),
    ],
    components: [],
  };
}

function entityName(kb: KnowledgeBase, id: string): string {
  return kb.entities.find((e) => e.id === id)?.name ?? id;
}

/** A quote as the article gives it: quotation marks for direct speech, none for reported speech. */
function quoteText(quote: Quote): string {
  const words = quote.text.replace(/[\s,;:]+$/u, '');
  return quote.direct ? `“${words}”` : `${words} (reported speech)`;
}

/** Who said what, in article order; all speakers, or one. */
export function renderQuotes(kb: KnowledgeBase, speakerId: string | null): Reply {
  const quotes = kb.quotes.filter((q) => speakerId === null || q.speaker === speakerId).sort((a, b) => a.paragraph - b.paragraph);
  const speaker = speakerId === null ? null : entityName(kb, speakerId);
  const description =
    speaker === null
      ? `Everyone quoted in the article, in the order they appear (${quotes.length} quotes).`
      : `${kb.entities.find((e) => e.id === speakerId)?.role ?? ''}`.trim();
  return {
    embeds: [
      fitted({
        color: COLOUR.reference,
        title: articleText(speaker === null ? 'Who said what' : `What ${speaker} said`, EMBED_TITLE_MAX),
        description: articleText(description || 'Quoted in the article.', EMBED_DESCRIPTION_MAX),
        fields: quotes.map((q) => ({
          name: truncate(
            speaker === null
              ? `${articleText(entityName(kb, q.speaker), 200)} · ${paragraphLabel(q.paragraph)}`
              : paragraphLabel(q.paragraph),
            EMBED_FIELD_NAME_MAX,
          ),
          value: quotedPassage(quoteText(q)),
        })),
        footer: footer(kb),
      }),
    ],
    components: rows(paragraphButtons(quotes.map((q) => q.paragraph))),
  };
}

const TYPE_NOUN: Record<Entity['type'], string> = {
  person: 'Person',
  organisation: 'Organisation',
  place: 'Place',
  event: 'Event',
  country: 'Country',
};

/** Who or what an entity is according to the article (with the passage that says so), their words, and where they appear. */
export function renderEntity(kb: KnowledgeBase, entity: Entity): Reply {
  const quotes = kb.quotes.filter((q) => q.speaker === entity.id).sort((a, b) => a.paragraph - b.paragraph);
  const paragraphs = [...new Set(entity.paragraphs)].sort((a, b) => a - b);
  const fields: APIEmbedField[] = [
    citationField(entity.citation),
    {
      name: 'Mentioned in',
      value: truncate(paragraphs.map(paragraphLabel).join(', '), EMBED_FIELD_VALUE_MAX),
    },
    ...quotes.map((q) => ({ name: `In their words · ${paragraphLabel(q.paragraph)}`, value: quotedPassage(quoteText(q)) })),
  ];
  return {
    embeds: [
      fitted({
        color: COLOUR.reference,
        title: articleText(entity.name, EMBED_TITLE_MAX),
        description: articleText(`${TYPE_NOUN[entity.type]}: ${entity.role}.`, EMBED_DESCRIPTION_MAX),
        fields,
        footer: footer(kb),
      }),
    ],
    components: rows(paragraphButtons(paragraphs)),
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2019-02" → "February 2019"; "2020-06-11" → "11 June 2020"; "2017" stays. */
export function displayDate(date: string): string {
  const [year, month, day] = date.split('-');
  const monthName = month === undefined ? undefined : MONTHS[Number(month) - 1];
  if (monthName === undefined) return year ?? date;
  return day === undefined ? `${monthName} ${year}` : `${Number(day)} ${monthName} ${year}`;
}

/** The article's events in date order (ties in article order), dates resolved against the article's date. */
export function renderTimeline(kb: KnowledgeBase): Reply {
  const events = [...kb.events].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.paragraph - b.paragraph));
  return {
    embeds: [
      fitted({
        color: COLOUR.reference,
        title: 'Timeline',
        description: articleText(
          `What happened, in date order. Relative dates ("yesterday", "last year") are worked out from the article's date, ${displayDate(kb.article.date)}.`,
          EMBED_DESCRIPTION_MAX,
        ),
        fields: events.map((e) => ({
          name: truncate(`${displayDate(e.date)} · ${paragraphLabel(e.citation.paragraph)}`, EMBED_FIELD_NAME_MAX),
          value: truncate(
            `${articleText(e.what, 600)}${e.resolved ? `\n*${articleText(`“${e.when}” in the article`, 100)}*` : ''}\n${quotedPassage(e.citation.quote)}`,
            EMBED_FIELD_VALUE_MAX,
          ),
        })),
        footer: footer(kb),
      }),
    ],
    components: rows(paragraphButtons(events.map((e) => e.citation.paragraph))),
  };
}

export interface HelpEntry {
  /** How the command is invoked, e.g. "/ask" or "Apps → Check against article". */
  usage: string;
  description: string;
}

/** What the bot does, how to ask, and what it stores. */
export function renderHelp(kb: KnowledgeBase, commands: readonly HelpEntry[], storage: string): Reply {
  const { article } = kb;
  const description = [
    `I answer questions about one news article: **${articleText(article.title, 300)}** (${article.dateline}, ${article.date}).`,
    'Every answer quotes the passages it relies on, each labelled with its paragraph number. When the article does not say, I tell you so instead of guessing.',
    '',
    '**How to ask**',
    '• `/ask` with your question (add `private:True` to see the answer alone)',
    '• send me a direct message',
    '• mention me in a channel with your question',
    '• right-click a message → Apps → Check against article',
  ].join('\n');
  return {
    embeds: [
      fitted({
        color: COLOUR.reference,
        title: 'factdesk',
        description: truncate(description, EMBED_DESCRIPTION_MAX),
        fields: [
          ...commands.map((c) => ({
            name: truncate(c.usage, EMBED_FIELD_NAME_MAX),
            value: truncate(c.description, EMBED_FIELD_VALUE_MAX),
            inline: true,
          })),
          { name: 'What I store', value: truncate(storage, EMBED_FIELD_VALUE_MAX) },
        ],
        footer: footer(kb),
      }),
    ],
    components: [],
  };
}

/** The verdict on a message checked against the article: the passages that bear on it, or none. */
export function renderCheck(kb: KnowledgeBase, results: readonly AnswerResult[]): Reply {
  const answered = results.filter((r) => r.kind === 'answer').sort((a, b) => b.confidence - a.confidence);
  if (answered.length === 0) {
    return {
      embeds: [
        {
          color: COLOUR.notCovered,
          title: 'Not covered by the article',
          description: 'The article says nothing about what this message says, so I cannot confirm or contradict it.',
          footer: footer(kb),
        },
      ],
      components: [],
    };
  }
  const citations: Citation[] = [];
  for (const r of answered) {
    for (const c of r.citations) {
      if (!citations.some((k) => k.paragraph === c.paragraph && k.quote === c.quote)) citations.push(c);
    }
  }
  const answers = [...new Set(answered.map((r) => r.answer))].slice(0, 5);
  return {
    embeds: [
      fitted({
        color: COLOUR.answer,
        title: 'What the article says about this message',
        description: truncate(answers.map((a) => `• ${articleText(a, 1000)}`).join('\n'), EMBED_DESCRIPTION_MAX),
        fields: citations.map(citationField),
        footer: footer(kb),
      }),
    ],
    components: rows(paragraphButtons(citations.map((c) => c.paragraph))),
  };
}

/** A short plain message: a user error, the generic failure, a refusal by a guard. */
export function renderNotice(text: string): Reply {
  return { content: truncate(text, MESSAGE_CONTENT_MAX), embeds: [], components: [] };
}

/** Autocomplete choices fitted to Discord's count and length limits. */
export function fitChoices(
  choices: readonly ApplicationCommandOptionChoiceData<string>[],
): ApplicationCommandOptionChoiceData<string>[] {
  return choices.slice(0, AUTOCOMPLETE_CHOICES_MAX).map((c) => ({
    name: truncate(c.name, AUTOCOMPLETE_CHOICE_NAME_MAX),
    value: truncate(c.value, AUTOCOMPLETE_CHOICE_VALUE_MAX),
  }));
}

/** Choices for a question field: the question is both what is shown and what is sent. */
export function questionChoices(questions: readonly string[]): ApplicationCommandOptionChoiceData<string>[] {
  return fitChoices(questions.map((q) => ({ name: q, value: q })));
}
