import { PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../../errors.ts';
import type { CommandContext } from '../command.ts';
import type { Moderation } from './index.ts';
import { moderationNotices } from '../notices.ts';

/**
 * Who may run moderator and owner commands. `default_member_permissions` only sets who *sees* a
 * command: a server can grant it to anyone under Server Settings → Integrations, so every moderator
 * command checks again here, on the permissions Discord computed for this member in this channel.
 */

/** Registration value for moderator commands (Manage Server). */
export const MANAGE_GUILD = PermissionFlagsBits.ManageGuild;

/** The guild a moderator command acts on; throws a polite refusal unless the member may manage it. */
export function requireManageGuild(interaction: ChatInputCommandInteraction): string {
  if (!interaction.inGuild()) throw new UserError(moderationNotices.guildOnly, 'permission');
  // `has` counts Administrator as every permission, as Discord does.
  if (!interaction.memberPermissions?.has(MANAGE_GUILD)) throw new UserError(moderationNotices.needsManageGuild, 'permission');
  return interaction.guildId;
}

/** Refuses anyone not listed in BOT_OWNER_IDS. */
export function requireOwner(userId: string, ctx: CommandContext): void {
  if (ctx.config.ownerIds.length === 0) throw new UserError(moderationNotices.noOwners, 'permission');
  if (!ctx.config.ownerIds.includes(userId)) throw new UserError(moderationNotices.ownersOnly, 'permission');
}

/** The moderator features (and their store); a polite refusal when the bot runs without a database. */
export function requireModeration(ctx: CommandContext): Moderation {
  if (!ctx.moderation) throw new UserError(moderationNotices.noStore, 'not-found');
  return ctx.moderation;
}
