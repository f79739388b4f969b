import type { APIEmbed } from 'discord.js';

/**
 * Discord's hard limits on what a bot may send. Discord rejects a message that breaks any of them with
 * a 400, so the renderer fits everything to these numbers and the tests check every reply against them.
 * Values from https://discord.com/developers/docs/resources/message and .../interactions.
 */
export const MESSAGE_CONTENT_MAX = 2000;
export const EMBED_TITLE_MAX = 256;
export const EMBED_DESCRIPTION_MAX = 4096;
export const EMBED_FIELD_NAME_MAX = 256;
export const EMBED_FIELD_VALUE_MAX = 1024;
export const EMBED_FIELDS_MAX = 25;
export const EMBED_FOOTER_MAX = 2048;
export const EMBED_AUTHOR_NAME_MAX = 256;
/** The sum of every embed's title, description, field names and values, footer and author in one message. */
export const EMBEDS_TOTAL_MAX = 6000;
export const EMBEDS_PER_MESSAGE_MAX = 10;
export const CUSTOM_ID_MAX = 100;
export const BUTTON_LABEL_MAX = 80;
export const BUTTONS_PER_ROW_MAX = 5;
export const ACTION_ROWS_MAX = 5;
export const AUTOCOMPLETE_CHOICES_MAX = 25;
export const AUTOCOMPLETE_CHOICE_NAME_MAX = 100;
export const AUTOCOMPLETE_CHOICE_VALUE_MAX = 100;

/** The characters Discord counts against EMBEDS_TOTAL_MAX for one embed. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}
