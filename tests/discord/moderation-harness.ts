import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits, type APIChatInputApplicationCommandInteraction, type APIMessage, type APIUser } from 'discord.js';
import { onTestFinished } from 'vitest';
import { createModeration, type Moderation } from '../../src/discord/moderation/index.ts';
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../../src/knowledge/load.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { startBot, type Running } from './bot-harness.ts';
import { MEMBER_PERMISSIONS } from './fake/entities.ts';
import { snowflake, type InteractionExchange, type InvocationContext } from './fake/index.ts';

/**
 * The real bot with moderator features over a real SQLite file in a fresh temp folder, logged in to
 * the fake Discord. Everything is removed when the test ends; `close()` also fails the test on any
 * unknown request or limit violation the fake saw.
 */

export const SALT = 'moderation-tests-salt-0123456789';
export const MODERATOR_PERMISSIONS = MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild;

export function tempDir(prefix = 'factdesk-moderation-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A copy of knowledge/ the test may edit, for /kb reload. */
export function knowledgeCopy(): string {
  const dir = join(tempDir('factdesk-kb-'), 'knowledge');
  cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
  return dir;
}

export interface ModeratedBot extends Running {
  store: Store;
  moderation: Moderation;
  databasePath: string;
  /** A member with Manage Server, and how to invoke as them. */
  moderator: APIUser;
  asModerator: InvocationContext;
  /** A user listed in BOT_OWNER_IDS. */
  owner: APIUser;
}

export interface ModeratedOptions {
  /** Where /kb reload reads from (default: the project's knowledge/). */
  knowledgeDir?: string;
  /** Start with no owners configured. */
  noOwners?: boolean;
}

export async function startModeratedBot(options: ModeratedOptions = {}): Promise<ModeratedBot> {
  const databasePath = join(tempDir(), 'data', 'factdesk.db');
  const store = openStore(databasePath, { hashSalt: SALT });
  const moderation = createModeration({
    store,
    retentionDays: 90,
    ...(options.knowledgeDir ? { loadKnowledge: () => loadKnowledge(options.knowledgeDir) } : {}),
  });
  let owner: APIUser | undefined;
  const run = await startBot({
    moderation,
    env: (fake) => {
      owner = fake.createUser({ username: 'owner' });
      const env: Record<string, string> = options.noOwners ? {} : { BOT_OWNER_IDS: owner.id };
      return env;
    },
  });
  const moderator = run.fake.createUser({ username: 'moderator' });
  const running: ModeratedBot = {
    ...run,
    store,
    moderation,
    databasePath,
    moderator,
    asModerator: { user: moderator, permissions: MODERATOR_PERMISSIONS },
    owner: owner!,
    async close() {
      try {
        await run.close();
      } finally {
        store.close();
      }
    },
  };
  onTestFinished(() => running.close());
  return running;
}

/**
 * Sends the interaction a member gets to send when a server overrides `default_member_permissions`
 * (Server Settings → Integrations) and shows them a moderator command: `template`'s command as sent
 * by `user` with `permissions`. The fake, like Discord's client, would not offer it to them otherwise.
 */
export function sendAsOverriddenMember(
  run: Running,
  template: InteractionExchange,
  user: APIUser,
  permissions: bigint,
): InteractionExchange {
  const payload = structuredClone(template.interaction) as APIChatInputApplicationCommandInteraction & {
    member: { user: APIUser; permissions: string };
  };
  payload.id = snowflake();
  payload.token = `fake-override-${payload.id}`;
  payload.member = { ...payload.member, user, permissions: permissions.toString() };
  return run.fake.dispatchInteraction(payload, `/${payload.data.name} by ${user.username} (server override)`);
}

/** The text of every embed field, by field name. */
export function fieldsOf(message: APIMessage): Record<string, string> {
  return Object.fromEntries((message.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
}

/** The unix time in a `<t:unix:R>` timestamp, in ms. */
export function timestampIn(text: string | undefined): number {
  const match = /<t:(\d+):R>/u.exec(text ?? '');
  if (!match) throw new Error(`no <t:unix:R> timestamp in ${JSON.stringify(text)}`);
  return Number(match[1]) * 1000;
}

/**
 * Resolves with the reason once the bot has logged that it dropped the message on purpose (the
 * dispatcher logs `Ignored` at debug level with the invocation id). Silence cannot be observed by
 * waiting for nothing; this waits for the bot's own decision instead.
 */
export async function ignoredReason(run: Running, messageId: string, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = run.logs.find((entry) => entry.msg === 'ignored' && entry.invocationId === messageId);
    if (line) return String(line.reason);
    if (Date.now() > deadline) throw new Error(`the bot never logged that it ignored message ${messageId}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
