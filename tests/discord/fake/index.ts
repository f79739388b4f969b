/**
 * A local fake of Discord's network edge — REST API v10 and gateway v10 on 127.0.0.1 — for the real
 * discord.js client to connect to in end-to-end tests and in load/soak scripts. It imports nothing
 * from vitest, so plain tsx scripts can use it too.
 *
 *   const fake = await startFakeDiscord({ commands });   // commands: schemas to type invocations by
 *   const client = new Client({
 *     intents: [Guilds, GuildMessages, DirectMessages], partials: [Partials.Channel],
 *     rest: { api: fake.apiUrl },                        // or DISCORD_API_URL for a bot process
 *     ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
 *     allowedMentions: { parse: [] },
 *   });
 *   await client.login(fake.token);                      // then wait for Events.ClientReady
 *   const ex = await fake.slash('ask', { question: 'Who met?' });   // resolves at the bot's callback
 *   const reply = await ex.waitForReply();               // @original once visible (after a defer: the edit)
 *   assertClean(fake);                                   // no unknown route, no violation, no unused fault
 *   await fake.close();
 * A fake shared by a suite: `mark = fake.mark()` in beforeEach, `assertClean(fake, mark)` in afterEach.
 *
 * startFakeDiscord(options?) options: heartbeatIntervalMs (1000), shards (1), guilds (1), botUsername,
 *   commands, timeoutMs (5000, every wait), ackDeadlineMs (3000), rejectInvalid (true), historyLimit
 *   (10 000), gatewayBufferLimit (5000).
 * Handle: apiUrl, gatewayUrl, token, applicationId, botUser, user (default invoker), guildId, channelId,
 *   guilds, snowflake(at?), createUser(overrides?), close().
 *
 * Acting as users; each resolves once the bot answered (`{ awaitResponse: false }`: at dispatch) and
 * rejects at once if the event cannot reach the bot (no session, missing intent, session ended):
 *   slash(invocation, options?, context?)        'kb topic' = subcommand; options `{ name: value }` are
 *                                                typed and checked by the registered schema (bot's PUT
 *                                                or `commands`), else typed by JS value; a user option
 *                                                takes an APIUser; a raw `data.options` array bypasses checks
 *   autocomplete(invocation, options, { focused? }) → ex.choices
 *   button(customId, { message? })               default: newest bot message carrying that custom_id
 *   messageContext(name, APIMessage | { content, author?, channelId? }, context?)
 *   dm(content, { user? })   mention(content, { user?, guildId?, channelId? })  → MessageExchange
 *   dispatchInteraction(payload, label?)   dispatch(event, data, shard?)      raw escape hatches
 *   context: { user, dm, guildId, channelId, permissions, roles, appPermissions, locale, timeoutMs, awaitResponse }
 *
 * InteractionExchange: interaction, receipt (delivery: sent | buffered | replayed | filtered | lost),
 *   responses (every request with its status), callback, edits, followups (accepted bodies), original,
 *   reply, followupMessages, choices, ephemeral, acknowledged, violations,
 *   waitFor(pred, ms?), waitForCallback(ms?), waitForReply(ms?), waitForFollowup(i?, ms?).
 * MessageExchange: message, receipt, replies, reply, requests, typing, violations,
 *   waitFor(pred, ms?), waitForReply(ms?), waitForRequest(ms?).
 *
 * Observing: requests, unknownRequests, violations, gatewayLog, botMessages, commands (global, guild),
 *   waitForRequest(pred, ms?) (past or future), waitForGateway(kind | pred, { since?, timeoutMs? }),
 *   isConnected(shard?), mark().
 * Faults: dropGateway({ code?, shard? }) — default a TCP destroy (1006): the client RESUMEs and gets
 *   every event dispatched meanwhile replayed; with a code, a close frame (1000: fresh IDENTIFY, the
 *   buffered events are lost; 4004: no reconnect). requestReconnect() (op 7), invalidateSession({ resumable })
 *   (op 9). Each returns { sessionId, reconnected(ms?) }. failNext(matcher, { status, retryAfter?,
 *   global?, times?, body? }) → Fault { hits, remaining }; clearFaults(); pendingFaults.
 *
 * Fidelity: Discord's limits (content, embeds, components, autocomplete, files, modals, command
 * registration) are checked on every body and refused with 400 Invalid Form Body as Discord does; a
 * missing `allowed_mentions: { parse: [] }` is recorded but accepted; a callback after 3 s gets 404
 * 10062, a second one 400 40060, an edit or follow-up before any callback 404; DMs and guild messages
 * are withheld from a client that lacks the DirectMessages / GuildMessages intent; bot routes need an
 * `Authorization: Bot …` header. Not modelled: heartbeat timeouts, rate-limit buckets (only injected
 * 429s), permissions beyond default_member_permissions, threads, reactions, zlib/etf gateway encodings.
 */
import type { FakeDiscord, FakeMark } from './server.ts';
import { formatViolation } from './violations.ts';

export { startFakeDiscord } from './server.ts';
export type {
  AutocompleteContext,
  ButtonContext,
  FakeDiscord,
  FakeDiscordOptions,
  FakeMark,
  GatewayDrop,
  InvocationContext,
  MessageContext,
  MessageSketch,
} from './server.ts';
export { InteractionExchange, type InteractionResponse, type InteractionResponseKind } from './interactions.ts';
export { MessageExchange, type ChannelMessageRequest } from './messages.ts';
export type { RecordedRequest } from './rest.ts';
export type { Fault, FaultSpec, RouteMatcher } from './faults.ts';
export type { Delivery, DispatchReceipt, GatewayLogEntry, GatewayLogKind } from './gateway.ts';
export type { OptionInput, OptionValue } from './commands.ts';
export type { Violation, ViolationRule } from './violations.ts';
export { LIMITS } from './limits.ts';
export { FakeDiscordError } from './changes.ts';
export { DISCORD_EPOCH, snowflake, snowflakeTimestamp } from './snowflake.ts';

/**
 * What keeps a test from being clean: unknown routes, violations, and faults that were never
 * triggered. With `since` (from `fake.mark()`), only unknown routes and violations recorded after it.
 */
export function problemsOf(fake: FakeDiscord, since?: FakeMark): string[] {
  return [
    ...fake.unknownRequests.slice(since?.unknownRequests ?? 0).map((request) => `unknown route: ${request.method} ${request.path} (answered 404; add it to the fake or stop calling it)`),
    ...fake.violations.slice(since?.violations ?? 0).map(formatViolation),
    ...fake.pendingFaults.map((fault) => `fault never triggered: ${fault.description} (${fault.remaining} left)`),
  ];
}

/** Throws one error listing every problem; call it at the end of each test (e.g. in afterEach). */
export function assertClean(fake: FakeDiscord, since?: FakeMark): void {
  const problems = problemsOf(fake, since);
  if (problems.length > 0) {
    throw new Error(`fake Discord saw ${problems.length} problem(s):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}
