import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InteractionContextType, ApplicationIntegrationType, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { UNGATED } from '../../src/discord/moderation/index.ts';
import { moderationNotices, storagePolicy } from '../../src/discord/notices.ts';
import { DEFAULT_SETTINGS, DM_LIMIT } from '../../src/store/index.ts';
import { citedParagraphs, customIds, embedOf, sentBodies, startBot } from './bot-harness.ts';
import { MEMBER_PERMISSIONS } from './fake/entities.ts';
import { FakeDiscordError } from './fake/index.ts';
import {
  fieldsOf,
  ignoredReason,
  knowledgeCopy,
  sendAsOverriddenMember,
  startModeratedBot,
  timestampIn,
  type ModeratedBot,
} from './moderation-harness.ts';

const ANSWERED = 'Why did the summit in Vietnam fail?';
const ANSWERED_TOO = 'Who is Daniel Russel?';
const NOT_COVERED = 'What did China say about the statement?';

/** Every message the bot sent in the run, checked against the project's mention policy. */
function expectNoMentionParsing(run: ModeratedBot): void {
  const bodies = sentBodies(run.fake);
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) expect(body.allowed_mentions).toMatchObject({ parse: [] });
}

async function setCooldown(run: ModeratedBot, seconds: number): Promise<void> {
  const ex = await run.fake.slash('settings cooldown', { seconds }, run.asModerator);
  await ex.waitForReply();
}

describe('registration', () => {
  it('offers /settings and /insights to Manage Server in servers only, and /kb to everyone’s DMs', async () => {
    const run = await startModeratedBot();
    const payload = run.registry.payload;
    for (const name of ['settings', 'insights']) {
      const command = payload.find((c) => c.name === name)!;
      expect(command.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
      expect(command.contexts).toEqual([InteractionContextType.Guild]);
      expect(command.integration_types).toEqual([ApplicationIntegrationType.GuildInstall]);
    }
    // The fake, like Discord, refuses to deliver what a client would not offer.
    await expect(run.fake.slash('settings view', {}, { dm: true, user: run.moderator })).rejects.toThrow(FakeDiscordError);
    await expect(run.fake.slash('settings view')).rejects.toThrow(/default_member_permissions/u);
    expect(payload.find((c) => c.name === 'kb')?.contexts).toContain(InteractionContextType.BotDM);
  });
});

describe('/settings permissions', () => {
  it('politely refuses a member without Manage Server who reaches /settings view, and changes nothing', async () => {
    const run = await startModeratedBot();
    const template = await run.fake.slash('settings view', {}, run.asModerator);
    await template.waitForReply();
    const member = run.fake.createUser({ username: 'member' });

    const refused = sendAsOverriddenMember(run, template, member, MEMBER_PERMISSIONS);
    const reply = await refused.waitForReply();
    expect(refused.ephemeral).toBe(true);
    expect(reply.content).toBe(moderationNotices.needsManageGuild);
    expect(reply.embeds).toEqual([]);
  });

  it('refuses a change by such a member and leaves the settings and audit log untouched', async () => {
    const run = await startModeratedBot();
    const template = await run.fake.slash('settings cooldown', { seconds: 30 }, run.asModerator);
    await template.waitForReply();
    await setCooldown(run, 0);
    const before = run.store.settings.recentChanges(run.fake.guildId);

    const refused = sendAsOverriddenMember(run, template, run.fake.user, MEMBER_PERMISSIONS);
    expect((await refused.waitForReply()).content).toBe(moderationNotices.needsManageGuild);
    expect(run.store.settings.get(run.fake.guildId)).toEqual(DEFAULT_SETTINGS);
    expect(run.store.settings.recentChanges(run.fake.guildId)).toEqual(before);
  });

  it('lets an Administrator in without Manage Server listed, as Discord does', async () => {
    const run = await startModeratedBot();
    const template = await run.fake.slash('insights view', {}, run.asModerator);
    await template.waitForReply();
    const admin = sendAsOverriddenMember(run, template, run.fake.user, MEMBER_PERMISSIONS | PermissionFlagsBits.Administrator);
    expect(embedOf(await admin.waitForReply()).title).toBe('What members asked');
  });
});

describe('/settings', () => {
  it('shows the defaults, then every change with who made it, old → new', async () => {
    const run = await startModeratedBot();
    const first = await (await run.fake.slash('settings view', {}, run.asModerator)).waitForReply();
    expect(fieldsOf(first)['Recent changes']).toMatch(/^None/u);

    await setCooldown(run, 30);
    const privateOn = await (await run.fake.slash('settings private', { enabled: true }, run.asModerator)).waitForReply();
    expect(embedOf(privateOn).description).toMatch(/Private answers off → on/u);
    const again = await (await run.fake.slash('settings private', { enabled: true }, run.asModerator)).waitForReply();
    expect(embedOf(again).title).toBe('Nothing to change');

    const view = await (await run.fake.slash('settings view', {}, run.asModerator)).waitForReply();
    const fields = fieldsOf(view);
    expect(fields.Cooldown).toContain('30 s');
    const changes = fields['Recent changes']!.split('\n');
    expect(changes).toHaveLength(2);
    expect(changes[0]).toMatch(new RegExp(`^<t:\\d+:R> <@${run.moderator.id}>: Private answers off → on$`, 'u'));
    expect(changes[1]).toMatch(new RegExp(`^<t:\\d+:R> <@${run.moderator.id}>: Cooldown off → 30 s$`, 'u'));

    const reset = await (await run.fake.slash('settings reset', {}, run.asModerator)).waitForReply();
    expect(embedOf(reset).description?.split('\n')).toHaveLength(2);
    expect(run.store.settings.get(run.fake.guildId)).toEqual(DEFAULT_SETTINGS);
    expect(run.store.settings.recentChanges(run.fake.guildId)).toHaveLength(4);
    expectNoMentionParsing(run);
  });

  it('keeps the slash-command range and says so for an out-of-range value from a stale registration', async () => {
    const run = await startModeratedBot();
    await expect(run.fake.slash('settings cooldown', { seconds: 3601 }, run.asModerator)).rejects.toThrow(/max_value/u);
  });
});

describe('cooldown', () => {
  it('refuses the same member’s second /ask inside it, with when to ask again, and no answer or ¶', async () => {
    const run = await startModeratedBot();
    await setCooldown(run, 30);
    const askedAt = Date.now();
    const first = await (await run.fake.slash('ask', { question: ANSWERED })).waitForReply();
    expect(citedParagraphs(first).length).toBeGreaterThan(0);

    const second = await run.fake.slash('ask', { question: ANSWERED_TOO });
    const note = await second.waitForReply();
    expect(second.ephemeral).toBe(true);
    expect(note.embeds).toEqual([]);
    expect(note.components).toEqual([]);
    expect(JSON.stringify(note)).not.toContain('¶');
    expect(note.content).toMatch(/You can ask again <t:\d+:R>: this server allows one question every 30 seconds\./u);
    const retryAt = timestampIn(note.content);
    expect(retryAt).toBeGreaterThanOrEqual(askedAt + 29_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 31_000);

    // Someone else is not held back by it.
    const other = run.fake.createUser();
    expect(citedParagraphs(await (await run.fake.slash('ask', { question: ANSWERED_TOO }, { user: other })).waitForReply()).length).toBeGreaterThan(0);
    expectNoMentionParsing(run);
  });

  it('applies to question buttons and mentions too; a mention is told once, then ignored', async () => {
    const run = await startModeratedBot();
    await setCooldown(run, 60);
    const answer = await (await run.fake.slash('ask', { question: NOT_COVERED })).waitForReply();
    const suggestion = customIds(answer).find((id) => id.startsWith('fact:'))!;

    const click = await run.fake.button(suggestion);
    expect((await click.waitForReply()).content).toMatch(/<t:\d+:R>/u);
    expect(click.ephemeral).toBe(true);

    const mention = await run.fake.mention(ANSWERED);
    expect(mention.reply?.content).toMatch(/You can ask again <t:\d+:R>/u);
    expect(mention.reply?.embeds).toEqual([]);

    const ignored = await run.fake.mention(ANSWERED_TOO, { awaitResponse: false });
    expect(await ignoredReason(run, ignored.message.id)).toBe('already told to wait');
    // A later exchange that completes is the barrier: anything sent about the ignored one came before.
    await (await run.fake.mention(ANSWERED, { user: run.fake.createUser() })).waitForReply();
    expect(ignored.replies).toEqual([]);
    expect(ignored.requests).toEqual([]);
  });

  it('does not hold back reading a paragraph or voting on the answer just given', async () => {
    const run = await startModeratedBot();
    await setCooldown(run, 60);
    const answer = await (await run.fake.slash('ask', { question: ANSWERED })).waitForReply();
    const paragraph = await run.fake.button(customIds(answer).find((id) => id.startsWith('para:'))!);
    expect(embedOf(await paragraph.waitForReply()).title).toMatch(/of 15$/u);
    const vote = await run.fake.button(customIds(answer).find((id) => id.startsWith('vote:up:'))!);
    expect((await vote.waitForReply()).content).toMatch(/^Thanks! Marked as helpful\./u);
  });
});

describe('direct messages', () => {
  it(`answer ${DM_LIMIT.limit} questions a minute, then say when to ask again, then stay quiet`, async () => {
    const run = await startModeratedBot();
    for (let i = 0; i < DM_LIMIT.limit; i++) {
      const dm = await run.fake.dm(ANSWERED);
      expect(citedParagraphs(dm.reply)).not.toEqual([]);
      // Votes are not recorded for direct messages, so there is nothing to click.
      expect(customIds(dm.reply).some((id) => id.startsWith('vote:'))).toBe(false);
    }
    const limited = await run.fake.dm(ANSWERED);
    expect(limited.reply?.content).toMatch(/the most I answer in direct messages; you can ask again <t:\d+:R>/u);
    expect(limited.reply?.embeds).toEqual([]);

    const quiet = await run.fake.dm(ANSWERED, { awaitResponse: false });
    expect(await ignoredReason(run, quiet.message.id)).toBe('already told to wait');
    await (await run.fake.dm(ANSWERED, { user: run.fake.createUser() })).waitForReply();
    expect(quiet.replies).toEqual([]);
    // Direct messages are not recorded in insights.
    expect(run.store.insights.summary(null, 1).questions).toBe(0);
  });
});

describe('channels and mentions', () => {
  it('answers only in allow-listed channels: a note for slash commands, silence for mentions', async () => {
    const run = await startModeratedBot();
    const [general, questions] = run.fake.guilds[0]!.channels;
    const allowed = await (await run.fake.slash('settings channels allow', { channel: questions!.id }, run.asModerator)).waitForReply();
    expect(fieldsOf(allowed).Channels).toBe(`I answer in only <#${questions!.id}>.`);

    const elsewhere = await run.fake.slash('ask', { question: ANSWERED }, { channelId: general!.id });
    const note = await elsewhere.waitForReply();
    expect(elsewhere.ephemeral).toBe(true);
    expect(note.content).toBe(moderationNotices.notInThisChannel({ mode: 'allowList', channelIds: [questions!.id] }));
    const there = await (await run.fake.slash('ask', { question: ANSWERED }, { channelId: questions!.id })).waitForReply();
    expect(citedParagraphs(there).length).toBeGreaterThan(0);

    const ignored = await run.fake.mention(ANSWERED, { channelId: general!.id, awaitResponse: false });
    expect(await ignoredReason(run, ignored.message.id)).toBe('channel is not on the allow-list');
    await (await run.fake.mention(ANSWERED, { channelId: questions!.id })).waitForReply();
    expect(ignored.replies).toEqual([]);

    // The last channel off the list means no channel; moderator commands still work there.
    await (await run.fake.slash('settings channels disallow', { channel: questions!.id }, run.asModerator)).waitForReply();
    const nowhere = await (await run.fake.slash('ask', { question: ANSWERED }, { channelId: questions!.id })).waitForReply();
    expect(nowhere.content).toBe(moderationNotices.notInThisChannel({ mode: 'allowList', channelIds: [] }));
    expect(UNGATED.has('settings')).toBe(true);
    await (await run.fake.slash('settings channels everywhere', {}, { ...run.asModerator, channelId: general!.id })).waitForReply();
    expect(citedParagraphs(await (await run.fake.slash('ask', { question: ANSWERED }, { channelId: general!.id })).waitForReply()).length).toBeGreaterThan(0);
  });

  it('ignores mentions when moderators turn them off, and /ask still answers', async () => {
    const run = await startModeratedBot();
    await (await run.fake.slash('settings mentions', { enabled: false }, run.asModerator)).waitForReply();
    const ignored = await run.fake.mention(ANSWERED, { awaitResponse: false });
    expect(await ignoredReason(run, ignored.message.id)).toBe('mentions are turned off in this server');
    await (await run.fake.slash('ask', { question: ANSWERED })).waitForReply();
    expect(ignored.replies).toEqual([]);
    expect(ignored.requests).toEqual([]);
  });

  it('answers /ask privately by default when asked to, unless the asker says private:false', async () => {
    const run = await startModeratedBot();
    const publicByDefault = await run.fake.slash('ask', { question: ANSWERED });
    await publicByDefault.waitForReply();
    expect(publicByDefault.ephemeral).toBe(false);

    await (await run.fake.slash('settings private', { enabled: true }, run.asModerator)).waitForReply();
    const privateNow = await run.fake.slash('ask', { question: ANSWERED });
    await privateNow.waitForReply();
    expect(privateNow.ephemeral).toBe(true);
    const optedOut = await run.fake.slash('ask', { question: ANSWERED, private: false });
    await optedOut.waitForReply();
    expect(optedOut.ephemeral).toBe(false);
  });
});

describe('/insights', () => {
  it('lists an unanswered question just asked, with the answer rate', async () => {
    const run = await startModeratedBot();
    await (await run.fake.slash('ask', { question: ANSWERED })).waitForReply();
    await (await run.fake.slash('ask', { question: NOT_COVERED })).waitForReply();
    await (await run.fake.mention(NOT_COVERED.toUpperCase(), { user: run.fake.createUser() })).waitForReply();

    const ex = await run.fake.slash('insights view', { days: 7 }, run.asModerator);
    const report = await ex.waitForReply();
    expect(ex.ephemeral).toBe(true);
    const fields = fieldsOf(report);
    expect(fields['Asked but not covered by the article']).toBe('1. what did china say about the statement — 2× by 2 people');
    expect(fields.Answered).toBe('33% (1 of 3)');
    expect(fields['Most asked']?.split('\n')[0]).toBe('1. what did china say about the statement — 2× by 2 people, unanswered');
    expect(embedOf(report).description).toMatch(/^The last 7 days \(since \d{4}-\d{2}-\d{2}, UTC\): 3 questions from 2 people\.$/u);
    expect(JSON.stringify(report)).not.toContain('¶');
  });

  it('shows what members typed without letting it ping, format or pose as a citation', async () => {
    const run = await startModeratedBot();
    await (await run.fake.slash('ask', { question: '@everyone what about **bold** ¶3 <@&123456789012345678> and `code`?' })).waitForReply();
    const report = await (await run.fake.slash('insights view', {}, run.asModerator)).waitForReply();
    const line = fieldsOf(report)['Asked but not covered by the article']!;
    expect(line).not.toMatch(/(?<!\u200B)@everyone/u);
    expect(line).toContain('\\*\\*bold\\*\\*');
    expect(line).toContain('\\`code\\`');
    expect(line).not.toContain('¶');
    expect(line).not.toMatch(/<@&/u);
    expectNoMentionParsing(run);
  });

  it('clears this server’s records, and says how many', async () => {
    const run = await startModeratedBot();
    await (await run.fake.slash('ask', { question: NOT_COVERED })).waitForReply();
    const cleared = await (await run.fake.slash('insights clear', {}, run.asModerator)).waitForReply();
    expect(embedOf(cleared).description).toBe('Deleted 1 recorded question and 0 feedback votes from this server. Settings are unchanged.');
    const empty = await (await run.fake.slash('insights view', {}, run.asModerator)).waitForReply();
    expect(embedOf(empty).description).toMatch(/no questions yet\.$/u);
  });

  it('refuses a member without Manage Server', async () => {
    const run = await startModeratedBot();
    const template = await run.fake.slash('insights clear', {}, run.asModerator);
    await template.waitForReply();
    await (await run.fake.slash('ask', { question: NOT_COVERED })).waitForReply();
    const refused = sendAsOverriddenMember(run, template, run.fake.user, MEMBER_PERMISSIONS);
    expect((await refused.waitForReply()).content).toBe(moderationNotices.needsManageGuild);
    expect(run.store.insights.summary(run.fake.guildId, 1).questions).toBe(1);
  });
});

describe('feedback', () => {
  it('takes one vote per person per answer, which they can change, and counts it in /insights', async () => {
    const run = await startModeratedBot();
    const answer = await (await run.fake.slash('ask', { question: ANSWERED })).waitForReply();
    const up = customIds(answer).find((id) => id.startsWith('vote:up:'))!;
    const down = customIds(answer).find((id) => id.startsWith('vote:down:'))!;
    expect(up).toMatch(/^vote:up:[a-z0-9-]+$/u);

    const first = await run.fake.button(up, { message: answer });
    expect(first.ephemeral).toBe(true);
    expect((await first.waitForReply()).content).toBe(`${moderationNotices.feedbackThanks(true)} (👍 1 · 👎 0 on this answer so far)`);
    const same = await run.fake.button(up, { message: answer });
    expect((await same.waitForReply()).content).toMatch(/^You have already marked this answer as helpful\./u);
    const changed = await run.fake.button(down, { message: answer });
    expect((await changed.waitForReply()).content).toBe(`${moderationNotices.feedbackChanged(false)} (👍 0 · 👎 1 on this answer so far)`);

    const other = await run.fake.button(up, { message: answer, user: run.fake.createUser() });
    expect((await other.waitForReply()).content).toMatch(/\(👍 1 · 👎 1 on this answer so far\)$/u);
    expect(run.store.feedback.tally(answer.id)).toEqual({ up: 1, down: 1 });

    const report = await (await run.fake.slash('insights view', {}, run.asModerator)).waitForReply();
    expect(fieldsOf(report).Feedback).toBe('👍 1 · 👎 1 (50% helpful)');
    expect(fieldsOf(report)['Answers voted not helpful']).toMatch(/^• .+ — 👎 1 · 👍 1$/u);
  });

  it('is not offered by a bot without a database, whose /help says nothing is stored', async () => {
    const run = await startBot();
    try {
      const answer = await (await run.fake.slash('ask', { question: ANSWERED })).waitForReply();
      expect(customIds(answer).some((id) => id.startsWith('vote:'))).toBe(false);
      const help = await (await run.fake.slash('help')).waitForReply();
      expect(fieldsOf(help)['What I store']).toMatch(/^Nothing about you/u);
    } finally {
      await run.close();
    }
  });

  it('is described by /help when the bot has a database', async () => {
    const run = await startModeratedBot();
    const help = await (await run.fake.slash('help')).waitForReply();
    expect(fieldsOf(help)['What I store']).toBe(storagePolicy(90));
  });
});

describe('/kb reload', () => {
  /** Appends a marker to the answer that `question` gets, in the copy's facts.json. */
  function markAnswer(dir: string, factId: string, marker: string): void {
    const file = join(dir, 'facts.json');
    const facts = JSON.parse(readFileSync(file, 'utf8')) as { items: { id: string; answer: string }[] };
    const fact = facts.items.find((f) => f.id === factId)!;
    fact.answer = `${fact.answer} ${marker}`;
    writeFileSync(file, JSON.stringify(facts, null, 2));
  }

  it('is refused for a non-owner, and swaps the fact base in for an owner', async () => {
    const dir = knowledgeCopy();
    const run = await startModeratedBot({ knowledgeDir: dir });
    const before = await (await run.fake.slash('ask', { question: ANSWERED })).waitForReply();
    const factId = customIds(before).find((id) => id.startsWith('vote:up:'))!.slice('vote:up:'.length);
    markAnswer(dir, factId, 'Reloaded.');

    const refused = await run.fake.slash('kb reload', {}, { dm: true });
    expect((await refused.waitForReply()).content).toBe(moderationNotices.ownersOnly);
    expect(embedOf(await (await run.fake.slash('ask', { question: ANSWERED })).waitForReply()).description).not.toMatch(/Reloaded\.$/u);

    const reload = await run.fake.slash('kb reload', {}, { dm: true, user: run.owner });
    const done = await reload.waitForReply();
    expect(reload.ephemeral).toBe(true);
    expect(embedOf(done).title).toBe('Fact base reloaded');
    expect(embedOf(await (await run.fake.slash('ask', { question: ANSWERED })).waitForReply()).description).toMatch(/Reloaded\.$/u);
  });

  it('refuses an invalid fact base with the checker’s messages and keeps serving the old one', async () => {
    const dir = knowledgeCopy();
    const run = await startModeratedBot({ knowledgeDir: dir });
    const answer = embedOf(await (await run.fake.slash('ask', { question: ANSWERED })).waitForReply()).description;
    const file = join(dir, 'facts.json');
    const facts = JSON.parse(readFileSync(file, 'utf8')) as { items: { citations: { quote: string }[] }[] };
    facts.items[0]!.citations[0]!.quote = 'words the article never printed';
    writeFileSync(file, JSON.stringify(facts));

    const reload = await run.fake.slash('kb reload', {}, { dm: true, user: run.owner });
    const refused = embedOf(await reload.waitForReply());
    expect(refused.title).toMatch(/^Reload refused: \d+ problems? in the fact base$/u);
    expect(refused.description).toMatch(/^The fact base in knowledge\/ is invalid, so I kept serving the one I had\./u);
    expect(refused.description).toContain('• facts.json at items\\[0\\].citations\\[0\\]');
    expect(embedOf(await (await run.fake.slash('ask', { question: ANSWERED })).waitForReply()).description).toBe(answer);

    writeFileSync(file, '{ not json');
    const broken = embedOf(await (await run.fake.slash('kb reload', {}, { dm: true, user: run.owner })).waitForReply());
    expect(broken.description).toContain('facts.json');
    expect(broken.description!.length).toBeLessThanOrEqual(4096);
  });

  it('says how to reload when no owners are configured', async () => {
    const run = await startModeratedBot({ noOwners: true });
    const reply = await (await run.fake.slash('kb reload', {}, { dm: true, user: run.owner })).waitForReply();
    expect(reply.content).toBe(moderationNotices.noOwners);
  });
});
