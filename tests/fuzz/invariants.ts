import type { APIEmbed } from 'discord.js';
import type { AnswerResult } from '../../src/engine/types.ts';
import type { KnowledgeBase } from '../../src/knowledge/schema.ts';
import { decodeButton } from '../../src/discord/custom-ids.ts';
import {
  ACTION_ROWS_MAX,
  AUTOCOMPLETE_CHOICES_MAX,
  AUTOCOMPLETE_CHOICE_NAME_MAX,
  AUTOCOMPLETE_CHOICE_VALUE_MAX,
  BUTTON_LABEL_MAX,
  BUTTONS_PER_ROW_MAX,
  CUSTOM_ID_MAX,
  EMBED_DESCRIPTION_MAX,
  EMBED_FIELDS_MAX,
  EMBED_FIELD_NAME_MAX,
  EMBED_FIELD_VALUE_MAX,
  EMBED_FOOTER_MAX,
  EMBED_TITLE_MAX,
  EMBEDS_PER_MESSAGE_MAX,
  EMBEDS_TOTAL_MAX,
  MESSAGE_CONTENT_MAX,
} from '../../src/discord/limits.ts';
import { checkAutocompleteData, checkMessageBody, checkNotEmpty } from '../discord/fake/limits.ts';

/**
 * What must hold for every reply the bot can send, whatever it was asked. Each check returns the
 * problems it found as sentences (empty when the reply is fine), so a failing property prints what
 * is wrong, not just "expected false to be true".
 */

/** A message body as a renderer builds it or as it reached the fake (API field names either way). */
export interface MessageLike {
  content?: string;
  embeds?: APIEmbed[];
  components?: { type: number; components: { type: number; custom_id?: string; label?: string }[] }[];
}

/** Any of the marks `safe-text.ts` treats as a paragraph sign. */
const PARAGRAPH_SIGN = /[¶⁋❡⸿]/u;

/** Every string a user can read in a message, with where it is. */
function texts(message: MessageLike): [where: string, text: string][] {
  const out: [string, string][] = [];
  if (message.content) out.push(['content', message.content]);
  (message.embeds ?? []).forEach((embed, i) => {
    if (embed.title) out.push([`embeds.${i}.title`, embed.title]);
    if (embed.description) out.push([`embeds.${i}.description`, embed.description]);
    if (embed.footer?.text) out.push([`embeds.${i}.footer`, embed.footer.text]);
    (embed.fields ?? []).forEach((field, j) => {
      out.push([`embeds.${i}.fields.${j}.name`, field.name]);
      out.push([`embeds.${i}.fields.${j}.value`, field.value]);
    });
  });
  (message.components ?? []).forEach((row, i) =>
    row.components.forEach((button, j) => button.label && out.push([`components.${i}.${j}.label`, button.label])),
  );
  return out;
}

/**
 * Discord's limits, counted in UTF-16 units as `limits.ts` promises (never fewer than the code points
 * Discord counts), plus the fake Discord's own independent checker, which counts as Discord does.
 */
export function limitProblems(message: MessageLike): string[] {
  const problems: string[] = [];
  const over = (where: string, text: string | undefined, max: number) => {
    if (text !== undefined && text.length > max) problems.push(`${where} is ${text.length} long, over ${max}`);
  };
  over('content', message.content, MESSAGE_CONTENT_MAX);
  const embeds = message.embeds ?? [];
  if (embeds.length > EMBEDS_PER_MESSAGE_MAX) problems.push(`${embeds.length} embeds, over ${EMBEDS_PER_MESSAGE_MAX}`);
  let total = 0;
  embeds.forEach((embed, i) => {
    over(`embeds.${i}.title`, embed.title, EMBED_TITLE_MAX);
    over(`embeds.${i}.description`, embed.description, EMBED_DESCRIPTION_MAX);
    over(`embeds.${i}.footer`, embed.footer?.text, EMBED_FOOTER_MAX);
    const fields = embed.fields ?? [];
    if (fields.length > EMBED_FIELDS_MAX) problems.push(`embeds.${i} has ${fields.length} fields, over ${EMBED_FIELDS_MAX}`);
    fields.forEach((field, j) => {
      over(`embeds.${i}.fields.${j}.name`, field.name, EMBED_FIELD_NAME_MAX);
      over(`embeds.${i}.fields.${j}.value`, field.value, EMBED_FIELD_VALUE_MAX);
      if (field.name.trim() === '' || field.value.trim() === '') problems.push(`embeds.${i}.fields.${j} has an empty name or value`);
      total += field.name.length + field.value.length;
    });
    total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
  });
  if (total > EMBEDS_TOTAL_MAX) problems.push(`embeds total ${total} characters, over ${EMBEDS_TOTAL_MAX}`);
  const rows = message.components ?? [];
  if (rows.length > ACTION_ROWS_MAX) problems.push(`${rows.length} action rows, over ${ACTION_ROWS_MAX}`);
  rows.forEach((row, i) => {
    if (row.components.length > BUTTONS_PER_ROW_MAX) problems.push(`row ${i} has ${row.components.length} buttons, over ${BUTTONS_PER_ROW_MAX}`);
    row.components.forEach((button, j) => {
      over(`components.${i}.${j}.label`, button.label, BUTTON_LABEL_MAX);
      over(`components.${i}.${j}.custom_id`, button.custom_id, CUSTOM_ID_MAX);
      if (button.custom_id !== undefined && decodeButton(button.custom_id) === null) {
        problems.push(`components.${i}.${j}.custom_id "${button.custom_id}" is one the bot itself cannot decode`);
      }
    });
  });
  const body = { ...message, allowed_mentions: { parse: [] } };
  for (const issue of [...checkMessageBody(body), ...checkNotEmpty(body)]) problems.push(`fake Discord: ${issue.path}: ${issue.message}`);
  return problems;
}

export function choiceProblems(choices: readonly { name: string; value: string | number }[]): string[] {
  const problems: string[] = [];
  if (choices.length > AUTOCOMPLETE_CHOICES_MAX) problems.push(`${choices.length} choices, over ${AUTOCOMPLETE_CHOICES_MAX}`);
  choices.forEach((choice, i) => {
    if (choice.name.length > AUTOCOMPLETE_CHOICE_NAME_MAX) problems.push(`choice ${i} name is ${choice.name.length} long`);
    if (String(choice.value).length > AUTOCOMPLETE_CHOICE_VALUE_MAX) problems.push(`choice ${i} value is ${String(choice.value).length} long`);
  });
  for (const issue of checkAutocompleteData({ choices })) problems.push(`fake Discord: ${issue.path}: ${issue.message}`);
  return problems;
}

/**
 * Undoes what `articleText` does to article text for display (backslash escapes, the zero-width
 * space that defuses mentions), so a shown passage can be compared with the article itself.
 */
export function displayedToPlain(text: string): string {
  return text.replace(/([@<])\u200B/gu, '$1').replace(/\\([^\sA-Za-z0-9])/gu, '$1');
}

/** The words of a shown quotation: `> “words”`, `> words (reported speech)`, or a cut `> words…`. */
function quotedWords(line: string): string {
  let words = displayedToPlain(line.replace(/^> /u, ''));
  const cut = words.endsWith('…');
  if (cut) words = words.slice(0, -1);
  words = words.replace(/ \(reported speech\)$/u, '');
  if (words.startsWith('“')) words = words.slice(1);
  if (!cut && words.endsWith('”')) words = words.slice(0, -1);
  return words.trimEnd();
}

/**
 * Citations as users see them: every "¶N" names a paragraph from 1 to the article's length, and
 * every quoted passage in a field labelled ¶N stands verbatim in that paragraph.
 */
export function citationProblems(message: MessageLike, kb: KnowledgeBase): string[] {
  const problems: string[] = [];
  const count = kb.article.paragraphs.length;
  for (const [where, text] of texts(message)) {
    for (const match of text.matchAll(/[¶⁋❡⸿](\d*)/gu)) {
      const n = Number(match[1]);
      if (match[0][0] !== '¶' || !Number.isInteger(n) || match[1] === '' || n < 1 || n > count) {
        problems.push(`${where} shows "${match[0]}", which is no paragraph of 1..${count}: ${JSON.stringify(text.slice(0, 120))}`);
      }
    }
  }
  (message.embeds ?? []).forEach((embed, i) =>
    (embed.fields ?? []).forEach((field, j) => {
      const label = /¶(\d+)$/u.exec(field.name);
      if (!label) return;
      const paragraph = kb.article.paragraphs[Number(label[1]) - 1] ?? '';
      for (const line of field.value.split('\n').filter((l) => l.startsWith('> '))) {
        const words = quotedWords(line);
        if (words.length === 0 || !paragraph.includes(words)) {
          problems.push(`embeds.${i}.fields.${j} (${field.name}) quotes ${JSON.stringify(words.slice(0, 160))}, which is not in ${label[0]}`);
        }
      }
    }),
  );
  return problems;
}

/** An engine result's own citations: paragraphs in range, quotes verbatim, and none unless answered. */
export function resultProblems(result: AnswerResult, kb: KnowledgeBase): string[] {
  const problems: string[] = [];
  if (result.kind !== 'answer' && result.citations.length > 0) problems.push(`a ${result.kind} result carries ${result.citations.length} citation(s)`);
  if (result.kind === 'answer' && result.citations.length === 0) problems.push('an answer without a citation');
  if (result.answered !== (result.kind === 'answer')) problems.push(`answered is ${result.answered} for a ${result.kind} result`);
  for (const citation of result.citations) {
    const paragraph = kb.article.paragraphs[citation.paragraph - 1];
    if (!Number.isInteger(citation.paragraph) || paragraph === undefined) problems.push(`cites ¶${citation.paragraph}, outside 1..${kb.article.paragraphs.length}`);
    else if (!paragraph.includes(citation.quote)) problems.push(`the quote ${JSON.stringify(citation.quote)} is not verbatim in ¶${citation.paragraph}`);
  }
  if (!(result.confidence >= 0 && result.confidence <= 1)) problems.push(`confidence ${result.confidence} is outside 0..1`);
  return problems;
}

/** An unanswered reply cites nothing, so no paragraph sign may appear anywhere in it. */
export function unansweredProblems(message: MessageLike): string[] {
  return texts(message)
    .filter(([, text]) => PARAGRAPH_SIGN.test(text))
    .map(([where, text]) => `${where} of an unanswered reply carries a paragraph sign: ${JSON.stringify(text.slice(0, 120))}`);
}
