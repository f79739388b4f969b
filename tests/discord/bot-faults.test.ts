import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { ANY_INSTALL, EVERYWHERE, type SlashCommand } from '../../src/discord/command.ts';
import { readOptions, slashCommand, stringOption } from '../../src/discord/options.ts';
import { renderNotice } from '../../src/discord/render.ts';
import { defer, replyTo } from '../../src/discord/respond.ts';
import { messages } from '../../src/errors.ts';
import { citedParagraphs, startBot, type Running } from './bot-harness.ts';

/** A command that fails on purpose at the stage it is told, to drive the one catch site. */
const options = { stage: stringOption({ description: 'when to fail', required: true }) };
const explode = {
  data: slashCommand({ name: 'explode', description: 'Fails on purpose', options }).setContexts(...EVERYWHERE).setIntegrationTypes(...ANY_INSTALL),
  async execute(interaction: ChatInputCommandInteraction) {
    const { stage } = readOptions(interaction, options);
    if (stage === 'deferred') await defer(interaction, { ephemeral: true });
    if (stage === 'replied') await replyTo(interaction, renderNotice('Half done.'));
    throw new Error(`boom at ${stage}`);
  },
} satisfies SlashCommand;

let run: Running;
beforeAll(async () => {
  run = await startBot({ extraModules: [{ source: 'tests/explode', module: { default: explode } }] });
});
afterAll(async () => {
  await run?.close();
});

const failures = () => run.logs.filter((l) => l.msg === 'invocation failed');

describe('an unexpected error in a command', () => {
  it('before any reply: logged with command and interaction id, and a generic ephemeral reply', async () => {
    const ex = await run.fake.slash('explode', { stage: 'before' });
    const reply = await ex.waitForReply();
    expect(reply.content).toBe(messages.generic);
    expect(ex.ephemeral).toBe(true);
    expect(failures()).toContainEqual(expect.objectContaining({ command: 'explode', invocationId: ex.id, level: 50 }));
  });

  it('after a deferral: the deferred reply is edited into the generic error', async () => {
    const ex = await run.fake.slash('explode', { stage: 'deferred' });
    await ex.waitFor((e) => e.edits.length > 0);
    expect(ex.callback?.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(ex.edits[0]).toMatchObject({ content: messages.generic, allowed_mentions: { parse: [] } });
    expect(ex.ephemeral).toBe(true);
  });

  it('after a reply: a generic ephemeral follow-up', async () => {
    const ex = await run.fake.slash('explode', { stage: 'replied' });
    const followup = await ex.waitForFollowup(0);
    expect(followup.content).toBe(messages.generic);
    expect((followup.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });
});

describe('Discord failing', () => {
  it('a 429 with Retry-After is waited out and retried, and the reply arrives', async () => {
    const fault = run.fake.failNext('POST /interactions/:id/:token/callback', { status: 429, retryAfter: 0.3 });
    const ex = await run.fake.slash('ask', { question: 'When was the Singapore summit?' });
    const reply = await ex.waitForReply();
    expect(fault.hits).toBe(1);
    expect(citedParagraphs(reply)[0]).toBe(4);
    expect(run.logs).toContainEqual(
      expect.objectContaining({ msg: 'Discord answered 429; retrying after Retry-After', retryAfter: '0.3', route: '/interactions/:id/:token/callback' }),
    );
  });

  it('a 429 on a DM reply is retried too', async () => {
    const fault = run.fake.failNext('POST /channels/:id/messages', { status: 429, retryAfter: 0.2 });
    const reply = await (await run.fake.dm('Who is Daniel Russel?')).waitForReply();
    expect(fault.hits).toBe(1);
    expect(citedParagraphs(reply).length).toBeGreaterThan(0);
  });

  it('four 500s in a row: the bot survives, says something went wrong, and answers the next question', async () => {
    const fault = run.fake.failNext('POST /interactions/:id/:token/callback', { status: 500, times: 4 });
    const ex = await run.fake.slash('ask', { question: 'Why did the summit in Vietnam fail?' });
    const reply = await ex.waitForReply();
    expect(fault.hits).toBe(4);
    expect(reply.content).toBe(messages.generic);
    expect(ex.ephemeral).toBe(true);
    expect(run.logs.filter((l) => l.msg === 'Discord answered a server error' && l.route === '/interactions/:id/:token/callback')).toHaveLength(4);
    expect(failures()).toContainEqual(expect.objectContaining({ command: 'ask', invocationId: ex.id }));

    const next = await (await run.fake.slash('ask', { question: 'Why did the summit in Vietnam fail?' })).waitForReply();
    expect(citedParagraphs(next)[0]).toBe(5);
  });

  it('four 500s on a DM reply: the user is told something went wrong', async () => {
    const fault = run.fake.failNext('POST /channels/:id/messages', { status: 500, times: 4 });
    const ex = await run.fake.dm('Who is Daniel Russel?');
    const reply = await ex.waitForReply();
    expect(fault.hits).toBe(4);
    expect(reply.content).toBe(messages.generic);
  });
});

describe('the gateway connection dropping mid-session', () => {
  it('resumes the session and answers what was sent meanwhile', async () => {
    const drop = await run.fake.dropGateway();
    const dm = await run.fake.dm('When was the Singapore summit?', { awaitResponse: false });
    const slash = await run.fake.slash('ask', { question: 'Who is Ri Son Gwon?' }, { awaitResponse: false });
    expect(dm.receipt.delivery).toBe('buffered');
    const resumed = await drop.reconnected();
    expect(resumed.kind).toBe('resumed');
    expect(resumed.replayed).toBeGreaterThanOrEqual(2);
    expect(citedParagraphs(await dm.waitForReply())[0]).toBe(4);
    expect(citedParagraphs(await slash.waitForReply()).length).toBeGreaterThan(0);
  });

  it('keeps answering after the server asks it to reconnect', async () => {
    const drop = run.fake.requestReconnect();
    await drop.reconnected();
    const reply = await (await run.fake.mention('Who is Daniel Russel?')).waitForReply();
    expect(citedParagraphs(reply).length).toBeGreaterThan(0);
  });
});
