import { Writable } from 'node:stream';
import type { APIEmbed, APIMessage } from 'discord.js';
import { expect } from 'vitest';
import { createBot, type Bot } from '../../src/discord/bot.ts';
import { createRegistry, type BotHooks, type CommandRegistry } from '../../src/discord/command.ts';
import { parseConfig } from '../../src/discord/config.ts';
import { loadCommands } from '../../src/discord/load-commands.ts';
import { createLogger } from '../../src/discord/logger.ts';
import { loadKnowledge } from '../../src/knowledge/load.ts';
import type { KnowledgeBase } from '../../src/knowledge/schema.ts';
import type { Moderation } from '../../src/discord/moderation/index.ts';
import { assertClean, startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from './fake/index.ts';

/**
 * The real bot (createBot, the real commands, fact base and engine, the real discord.js client)
 * logged in to the fake Discord. Nothing of discord.js is mocked: the fake is only the network.
 */
export interface Running {
  fake: FakeDiscord;
  bot: Bot;
  kb: KnowledgeBase;
  registry: CommandRegistry;
  /** Every log line the bot wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Stops the bot and the fake; fails the test if the fake saw an unknown request or a violation. */
  close(): Promise<void>;
}

export interface StartOptions {
  fake?: FakeDiscordOptions;
  hooks?: BotHooks;
  /** Extra command modules (e.g. one that fails on purpose), added to those in commands/. */
  extraModules?: { source: string; module: unknown }[];
  /** Settings, insights and feedback over a real store (see tests/discord/moderation*.test.ts). */
  moderation?: Moderation;
  /** More configuration, e.g. BOT_OWNER_IDS naming one of the fake's users. */
  env?: (fake: FakeDiscord) => Record<string, string>;
}

let cachedKb: KnowledgeBase | undefined;

export async function startBot(options: StartOptions = {}): Promise<Running> {
  const kb = (cachedKb ??= loadKnowledge());
  const base = await loadCommands();
  const registry = options.extraModules
    ? createRegistry([
        ...[...base.slash.values(), ...base.message.values()].map((command) => ({ source: command.data.name, module: { default: command } })),
        ...options.extraModules,
      ])
    : base;
  const fake = await startFakeDiscord({ commands: [...registry.payload], ...options.fake });
  const config = parseConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    LOG_LEVEL: 'debug',
    ...options.env?.(fake),
  });
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: config.logLevel, token: config.token, destination });
  const bot = createBot({
    config,
    kb,
    commands: registry,
    logger,
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.moderation ? { moderation: options.moderation } : {}),
    clientOptions: { ws: { buildIdentifyThrottler: async () => ({ waitForIdentify: async () => {} }) } },
  });
  await bot.start();
  return {
    fake,
    bot,
    kb,
    registry,
    logs,
    async close() {
      await bot.stop();
      await fake.close();
      assertClean(fake);
    },
  };
}

/** The single embed of a bot message. */
export function embedOf(message: APIMessage | null | undefined): APIEmbed {
  expect(message?.embeds).toHaveLength(1);
  return message!.embeds[0]!;
}

/** The ¶N labels of an embed's fields, in order. */
export function citedParagraphs(message: APIMessage | null | undefined): number[] {
  return (embedOf(message).fields ?? []).flatMap((f) => [...f.name.matchAll(/¶(\d+)/gu)].map((m) => Number(m[1])));
}

export function customIds(message: APIMessage | null | undefined): string[] {
  return (message?.components ?? []).flatMap((row) =>
    'components' in row ? row.components.flatMap((c) => ('custom_id' in c && c.custom_id ? [c.custom_id] : [])) : [],
  );
}

const MESSAGE_ROUTES = new Set([
  'POST /interactions/:interactionId/:token/callback',
  'PATCH /webhooks/:applicationId/:token/messages/:messageId',
  'POST /webhooks/:applicationId/:token',
  'POST /channels/:channelId/messages',
  'PATCH /channels/:channelId/messages/:messageId',
]);

/** Every message body the bot sent (callback data, edits, follow-ups, channel messages), for policy assertions. */
export function sentBodies(fake: FakeDiscord): Record<string, unknown>[] {
  return fake.requests
    .filter((r) => MESSAGE_ROUTES.has(r.route))
    .map((r) => {
      const body = r.body as Record<string, unknown>;
      return r.route.endsWith('/callback') ? (body.data as Record<string, unknown> | undefined) : body;
    })
    .filter((body): body is Record<string, unknown> => body !== undefined && ('content' in body || 'embeds' in body || 'components' in body));
}
