import {
  MessageFlags,
  type Message,
  type MessageMentionOptions,
  type RepliableInteraction,
} from 'discord.js';
import type { Reply } from './render.ts';

/**
 * The only place the bot sends anything. Every message goes out with no mention parsing, so no text
 * in it (an answer, an echoed question, an error) can ping a user, a role, @everyone or @here.
 */
export const NO_MENTIONS = { parse: [] } as const satisfies MessageMentionOptions;

export interface DeliveryOptions {
  /** Only the person who invoked it sees the reply. Fixed at the first response: a deferral decides it. */
  ephemeral?: boolean;
}

/**
 * Replies to an interaction whatever state it is in: the first response, the edit of a deferred
 * response (which keeps the deferral's visibility), or a follow-up once a response exists.
 */
export async function replyTo(interaction: RepliableInteraction, reply: Reply, { ephemeral = false }: DeliveryOptions = {}): Promise<void> {
  const body = {
    ...(reply.content ? { content: reply.content } : {}),
    embeds: reply.embeds,
    components: reply.components,
    allowedMentions: NO_MENTIONS,
  };
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply(body);
  } else if (interaction.replied) {
    await interaction.followUp({ ...body, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  } else {
    await interaction.reply({ ...body, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  }
}

/** Acknowledges now and answers later with `replyTo`, for work that may not finish inside Discord's 3 s. */
export async function defer(interaction: RepliableInteraction, { ephemeral = false }: DeliveryOptions = {}): Promise<void> {
  if (interaction.deferred || interaction.replied) return;
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
}

/**
 * Answers a message (a DM or a mention) as a reply to it, without pinging its author. If the message
 * was deleted meanwhile the answer is still posted, just without the reference.
 */
export async function replyToMessage(message: Message, reply: Reply): Promise<void> {
  await message.reply({
    ...(reply.content ? { content: reply.content } : {}),
    embeds: reply.embeds,
    components: reply.components,
    allowedMentions: { ...NO_MENTIONS, repliedUser: false },
    failIfNotExists: false,
  });
}
