import { EventEmitter, once } from 'node:events';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  HTTPError,
  MessageFlags,
  Partials,
  type ClientOptions,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkMessageBody, checkAutocompleteData } from './fake/limits.ts';
import {
  assertClean,
  FakeDiscordError,
  problemsOf,
  snowflake,
  snowflakeTimestamp,
  startFakeDiscord,
  type FakeDiscord,
  type FakeMark,
} from './fake/index.ts';

const NO_PINGS = { parse: [] };

const COMMANDS: RESTPostAPIApplicationCommandsJSONBody[] = [
  {
    name: 'ask',
    description: 'Ask about the article',
    options: [{ type: ApplicationCommandOptionType.String, name: 'question', description: 'Your question', required: true, autocomplete: true, max_length: 200 }],
  },
  {
    name: 'kb',
    description: 'Browse the fact base',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'topic',
        description: 'One topic',
        options: [{ type: ApplicationCommandOptionType.Integer, name: 'number', description: 'Which', required: true, min_value: 1, max_value: 15 }],
      },
    ],
  },
  { name: 'export', description: 'The answer as a file' },
  { name: 'Ask about this', type: ApplicationCommandType.Message },
];

function clientOptions(fake: FakeDiscord, overrides: Partial<ClientOptions> = {}): ClientOptions {
  return {
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: { api: fake.apiUrl },
    ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
    allowedMentions: NO_PINGS,
    ...overrides,
  };
}

async function login(client: Client, fake: FakeDiscord): Promise<void> {
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
}

/**
 * A tiny bot written directly against discord.js, so the fake is tested on its own; the project's
 * bot has its own end-to-end suites on top of this fake. Failures of its REST calls are emitted on
 * `failures` so a test can wait for them.
 */
function attachTestBot(client: Client, failures: EventEmitter): void {
  const report = (error: unknown): void => {
    failures.emit('failure', error);
  };
  client.on(Events.InteractionCreate, (interaction) => {
    const handle = async (): Promise<void> => {
      if (interaction.isAutocomplete()) {
        const typed = interaction.options.getFocused().toLowerCase();
        const all = ['Who met in Hanoi?', 'Why did the summit fail?', 'What did Kim say?'];
        await interaction.respond(all.filter((q) => q.toLowerCase().includes(typed)).map((q) => ({ name: q, value: q })));
      } else if (interaction.isChatInputCommand() && interaction.commandName === 'ask') {
        await interaction.deferReply();
        const more = new ButtonBuilder().setCustomId('more:1').setLabel('More').setStyle(ButtonStyle.Secondary);
        await interaction.editReply({
          content: `Answer to: ${interaction.options.getString('question', true)}`,
          components: [new ActionRowBuilder<ButtonBuilder>().addComponents(more)],
        });
      } else if (interaction.isChatInputCommand() && interaction.commandName === 'kb') {
        await interaction.reply({
          content: `${interaction.options.getSubcommand()} #${interaction.options.getInteger('number', true)}`,
          flags: MessageFlags.Ephemeral,
        });
      } else if (interaction.isChatInputCommand() && interaction.commandName === 'export') {
        await interaction.reply({ content: 'Here it is.', files: [{ attachment: Buffer.from('Kim met Trump.'), name: 'answer.txt' }] });
        await interaction.followUp({ content: 'Anything else?', flags: MessageFlags.Ephemeral });
      } else if (interaction.isButton()) {
        await interaction.update({ content: `more for ${interaction.customId}`, components: [] });
      } else if (interaction.isMessageContextMenuCommand()) {
        await interaction.reply(`About: ${interaction.targetMessage.content}`);
      }
    };
    handle().catch(report);
  });
  client.on(Events.MessageCreate, (message) => {
    if (message.author.bot) return;
    message.reply(`You said: ${message.content.replace(/<@\d+>\s*/, '')}`).catch(report);
  });
}

describe('fake Discord driven by a real discord.js client', () => {
  let fake: FakeDiscord;
  let client: Client;
  const failures = new EventEmitter();

  beforeAll(async () => {
    fake = await startFakeDiscord();
    client = new Client(clientOptions(fake));
    attachTestBot(client, failures);
    await login(client, fake);
    await client.application!.commands.set(COMMANDS);
  });

  let mark: FakeMark;
  beforeEach(() => {
    mark = fake.mark();
  });

  afterEach(() => {
    fake.clearFaults();
    assertClean(fake, mark);
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('logs the client in with READY, the application and every guild', () => {
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(client.guilds.cache.get(fake.guildId)?.channels.cache.has(fake.channelId)).toBe(true);
    expect(fake.gatewayLog.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['identify', 'ready']));
  });

  it('stores bulk-overwritten commands with ids and types invocations by them', () => {
    expect(fake.commands.global.map((command) => [command.name, command.type])).toEqual([
      ['ask', ApplicationCommandType.ChatInput],
      ['kb', ApplicationCommandType.ChatInput],
      ['export', ApplicationCommandType.ChatInput],
      ['Ask about this', ApplicationCommandType.Message],
    ]);
    expect(fake.commands.global.every((command) => BigInt(command.id) > 0n)).toBe(true);
  });

  it('answers a deferred slash command and shows the edit as the visible reply', async () => {
    const ask = await fake.slash('ask', { question: 'Who met?' });
    expect(ask.callback?.type).toBe(5);
    const reply = await ask.waitForReply();
    expect(reply.content).toBe('Answer to: Who met?');
    expect(ask.edits).toHaveLength(1);
    expect(ask.interaction.type).toBe(2);
  });

  it('routes subcommands with typed options and keeps ephemerality', async () => {
    const topic = await fake.slash('kb topic', { number: 4 });
    expect((await topic.waitForReply()).content).toBe('topic #4');
    expect(topic.ephemeral).toBe(true);
  });

  it('refuses an invocation the registered schema forbids, before anything is dispatched', async () => {
    await expect(fake.slash('kb topic', { number: 99 })).rejects.toThrow(/max_value 15/);
    await expect(fake.slash('ask', { query: 'x' })).rejects.toThrow(/no option "query"; it declares: question/);
    await expect(fake.slash('ask', {})).rejects.toThrow(/required option\(s\) question/);
    await expect(fake.slash('nope')).rejects.toBeInstanceOf(FakeDiscordError);
  });

  it('sends autocomplete with the focused option and records the choices', async () => {
    const typing = await fake.autocomplete('ask', { question: 'why' });
    expect(typing.choices).toEqual([{ name: 'Why did the summit fail?', value: 'Why did the summit fail?' }]);
  });

  it('reads multipart replies with files and records follow-ups', async () => {
    const exported = await fake.slash('export');
    expect(exported.responses[0]?.files).toEqual([{ field: 'files[0]', name: 'answer.txt', size: 14, contentType: expect.any(String) }]);
    expect((await exported.waitForReply()).attachments.map((attachment) => attachment.filename)).toEqual(['answer.txt']);
    const followup = await exported.waitForFollowup(0);
    expect(followup.content).toBe('Anything else?');
    expect(followup.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });

  it('clicks a button on the bot reply and applies the update to that message', async () => {
    const ask = await fake.slash('ask', { question: 'Tell me more' });
    const original = await ask.waitForReply();
    const click = await fake.button('more:1', { message: original });
    expect(click.callback?.type).toBe(7);
    expect(click.original?.id).toBe(original.id);
    expect(click.original?.content).toBe('more for more:1');
    expect(fake.botMessages.get(original.id)?.components).toEqual([]);
  });

  it('runs a message context command with the target resolved', async () => {
    const about = await fake.messageContext('Ask about this', { content: 'Kim met Trump in Hanoi.' });
    expect((await about.waitForReply()).content).toBe('About: Kim met Trump in Hanoi.');
  });

  it('delivers a DM and a mention and collects the replies', async () => {
    const dm = await fake.dm('hello bot');
    expect(dm.reply?.content).toBe('You said: hello bot');
    expect(dm.reply?.channel_id).toBe(dm.message.channel_id);
    const mention = await fake.mention('what happened?');
    expect(mention.message.content).toBe(`<@${fake.botUser.id}> what happened?`);
    expect(mention.reply?.message_reference?.message_id).toBe(mention.message.id);
    expect(mention.reply?.content).toBe('You said: what happened?');
  });

  it('buffers an event sent while the gateway is down and replays it on RESUME', async () => {
    const drop = await fake.dropGateway();
    expect(fake.isConnected()).toBe(false);
    const pending = fake.slash('ask', { question: 'Sent while down' });
    const resumed = await drop.reconnected();
    expect(resumed.kind).toBe('resumed');
    expect(resumed.replayed).toBeGreaterThanOrEqual(1);
    const ask = await pending;
    expect(ask.receipt.delivery).toBe('replayed');
    expect((await ask.waitForReply()).content).toBe('Answer to: Sent while down');
  });

  it('answers a 429 with Retry-After and sees the client retry', async () => {
    const before = fake.requests.length;
    const fault = fake.failNext('POST /channels/:id/messages', { status: 429, retryAfter: 0.2 });
    const mention = await fake.mention('rate limited?');
    expect(mention.reply?.content).toBe('You said: rate limited?');
    const attempts = fake.requests.slice(before).filter((request) => request.path === `/channels/${fake.channelId}/messages`);
    expect(attempts.map((request) => request.status)).toEqual([429, 200]);
    expect(fault.hits).toBe(1);
  });

  it('fails a request four times with 500 so the client gives up with an error', async () => {
    const fault = fake.failNext('POST /channels/:id/messages', { status: 500, times: 4 });
    const failed = once(failures, 'failure');
    await fake.mention('server trouble', { awaitResponse: false });
    const [error] = (await failed) as [unknown];
    expect(error instanceof HTTPError || error instanceof DiscordAPIError).toBe(true);
    expect((error as HTTPError).status).toBe(500);
    expect(fault.hits).toBe(4);
    expect(fault.remaining).toBe(0);
  });
});

describe('fake Discord holds the bot to Discord rules', () => {
  let fake: FakeDiscord;
  let client: Client;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    client = new Client(clientOptions(fake, { allowedMentions: undefined }));
    client.on(Events.InteractionCreate, (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const act = async (): Promise<void> => {
        if (interaction.commandName === 'long') await interaction.reply({ content: 'x'.repeat(2001), allowedMentions: NO_PINGS });
        if (interaction.commandName === 'twice') {
          await interaction.reply({ content: 'once', allowedMentions: NO_PINGS });
          await client.rest.post(`/interactions/${interaction.id}/${interaction.token}/callback`, { body: { type: 4, data: { content: 'twice' } }, auth: false });
        }
        if (interaction.commandName === 'pings') await interaction.reply({ content: 'hello @everyone' });
      };
      act().catch(() => {});
    });
    await login(client, fake);
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('refuses content over 2000 characters with 400 and records the violation', async () => {
    const long = await fake.slash('long');
    expect(long.responses[0]?.status).toBe(400);
    expect(long.callback).toBeUndefined();
    expect(long.violations.map((violation) => violation.rule)).toEqual(['content-length']);
  });

  it('refuses a second callback with 40060', async () => {
    const twice = await fake.slash('twice');
    await twice.waitFor((exchange) => exchange.responses.length === 2);
    expect(twice.responses.map((response) => response.status)).toEqual([204, 400]);
    expect(twice.violations.map((violation) => violation.rule)).toContain('interaction-protocol');
  });

  it('accepts but records a message without allowed_mentions.parse = []', async () => {
    const pings = await fake.slash('pings');
    expect(pings.callback?.type).toBe(4);
    expect(pings.violations.map((violation) => violation.rule)).toEqual(['allowed-mentions']);
  });

  it('answers an unknown route 404 and lists it for assertClean', async () => {
    await expect(client.rest.get('/guilds/1/audit-logs')).rejects.toMatchObject({ status: 404 });
    expect(fake.unknownRequests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /guilds/1/audit-logs']);
    expect(() => assertClean(fake)).toThrow(/unknown route: GET \/guilds\/1\/audit-logs/);
    expect(problemsOf(fake).length).toBe(fake.violations.length + 1);
  });
});

describe('fake Discord gateway intents', () => {
  it('withholds DMs from a client that did not ask for the DirectMessages intent', async () => {
    const fake = await startFakeDiscord();
    const client = new Client(clientOptions(fake, { intents: [GatewayIntentBits.Guilds] }));
    try {
      await login(client, fake);
      await expect(fake.dm('anyone there?')).rejects.toThrow(/without the DirectMessages intent/);
    } finally {
      await client.destroy();
      await fake.close();
    }
  });
});

describe('fake Discord building blocks', () => {
  it('makes snowflakes in Discord format that decode to their creation time', () => {
    const at = Date.UTC(2020, 5, 13);
    const id = snowflake(at);
    expect(id).toMatch(/^\d{17,20}$/);
    expect(snowflakeTimestamp(id)).toBe(at);
    expect(snowflake(at)).not.toBe(id);
  });

  it('checks embed, component and autocomplete limits', () => {
    const issues = checkMessageBody({
      allowed_mentions: NO_PINGS,
      embeds: [{ title: 't'.repeat(257), fields: [{ name: 'n', value: '' }] }],
      components: [{ type: 1, components: Array.from({ length: 6 }, (_, i) => ({ type: 2, style: 1, label: 'b', custom_id: `c${i}` })) }],
    });
    expect(issues.map((issue) => issue.path)).toEqual(['embeds.0.title', 'embeds.0.fields.0.value', 'components.0.components']);
    const choices = checkAutocompleteData({ choices: Array.from({ length: 26 }, (_, i) => ({ name: `q${i}`, value: 'v'.repeat(101) })) });
    expect(choices[0]?.path).toBe('data.choices');
    expect(choices).toHaveLength(27);
  });
});
