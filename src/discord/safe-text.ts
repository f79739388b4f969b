/**
 * Text on its way into a Discord message. Two kinds of text reach a reply:
 * - fact-base text (answers, quotes, paragraphs): trusted wording, but still escaped so a stray `*` or
 *   `_` in the article cannot switch formatting on for the rest of an embed;
 * - user text (what someone typed or posted): additionally stripped of anything that could ping, hide,
 *   reorder or fake content. In particular "¶" is reserved for the bot's own citation labels.
 */

const ELLIPSIS = '…';

/** Marks that read as a paragraph sign. The bot's ¶N labels must be the only ones in a reply. */
const PARAGRAPH_SIGNS = /[¶⁋❡⸿]/gu;

/**
 * C0/C1 controls, bidi embeddings, overrides and isolates (which can make text display in a different
 * order from how it reads), zero-width spaces and joiners other than ZWJ (which emoji sequences need),
 * word joiners and the BOM.
 */
const INVISIBLES = /[\p{Cc}\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

const ZWSP = '\u200B';

/** Characters that take part in inline markdown: emphasis, strike, spoiler, code, masked links. */
const INLINE_MARKERS = /[\\*_~|`[\]]/gu;

/**
 * Cuts `text` to at most `max` UTF-16 units (what `.length` counts, never less than what Discord
 * counts), ending in "…" when cut, without splitting a surrogate pair or leaving a dangling escape.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - ELLIPSIS.length;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  let head = text.slice(0, cut).trimEnd();
  // An odd run of trailing backslashes would escape the ellipsis and leave a visible "\".
  const trailing = /\\+$/.exec(head)?.[0].length ?? 0;
  if (trailing % 2 === 1) head = head.slice(0, -1);
  return head + ELLIPSIS;
}

/** Makes `@everyone`, `@here`, user/role/channel mentions and command mentions display as plain text. */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)/giu, `@${ZWSP}$1`).replace(/<([@#/])/gu, `<${ZWSP}$1`);
}

/**
 * Backslash-escapes every markdown marker, paired or not. (discord.js's escapeMarkdown looks for
 * pairs and misses cases such as four backticks or underscores right after a link.) Discord hides
 * the backslash before punctuation, so the text reads exactly as typed.
 */
function escapeFormatting(text: string): string {
  return text
    .replace(INLINE_MARKERS, '\\$&')
    .replace(/^(\s*)([#>+-])/gmu, '$1\\$2')
    .replace(/^(\s*\d+)\./gmu, '$1\\.');
}

/** Fact-base text, ready for an embed: formatting escaped, fitted to `max`. */
export function articleText(text: string, max: number): string {
  return fitEscaped(text, max, (t) => escapeFormatting(neutraliseMentions(t)));
}

export interface UserTextOptions {
  /** Keep line breaks (collapsed to at most one blank line); otherwise everything is one line. */
  multiline?: boolean;
}

/**
 * Removes what must never be shown from user text, without escaping: invisible and control
 * characters, paragraph signs, and surplus whitespace. The result is what the engine should read.
 */
export function cleanUserText(raw: string, { multiline = false }: UserTextOptions = {}): string {
  let text = raw.replace(/\r\n?/gu, '\n').replace(/\t/gu, ' ');
  text = multiline
    ? text
        .split('\n')
        .map((line) => line.replace(INVISIBLES, '').replace(/ {2,}/gu, ' ').trim())
        .join('\n')
        .replace(/\n{3,}/gu, '\n\n')
    : text.replace(/\n/gu, ' ').replace(INVISIBLES, '').replace(/ {2,}/gu, ' ');
  return text.replace(PARAGRAPH_SIGNS, '').trim();
}

/** User text for display: cleaned, mentions neutralised, markdown escaped, fitted to `max`. */
export function userText(raw: string, max: number, options: UserTextOptions = {}): string {
  return fitEscaped(cleanUserText(raw, options), max, (t) => escapeFormatting(neutraliseMentions(t)));
}

/** Removes paragraph signs from text that must not carry a citation label (unanswered replies). */
export function withoutParagraphSigns(text: string): string {
  return text.replace(PARAGRAPH_SIGNS, '');
}

/**
 * Escaping lengthens text, so cutting the escaped form could split an escape sequence; instead the
 * source is shortened until its escaped form fits.
 */
function fitEscaped(text: string, max: number, escape: (t: string) => string): string {
  const full = escape(text);
  if (full.length <= max) return full;
  let keep = Math.min(text.length, max);
  for (;;) {
    const candidate = escape(text.slice(0, keep).trimEnd()) + ELLIPSIS;
    if (candidate.length <= max || keep === 0) return truncate(candidate, max);
    keep = Math.max(0, keep - Math.max(1, candidate.length - max));
    const code = text.charCodeAt(keep - 1);
    if (keep > 0 && code >= 0xd800 && code <= 0xdbff) keep -= 1;
  }
}
