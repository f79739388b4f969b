/**
 * The fixed cast of a fake Discord: the application and its bot user, a default human user, the
 * guilds with their channels, and the DM channels opened so far.
 */
import type { APIDMChannel, APITextChannel, APIUser, GatewayGuildCreateDispatchData } from 'discord.js';
import { guildCreatePayload, makeBotUser, makeDmChannel, makeGuild, makeUser, type FakeGuild } from './entities.ts';
import { shardOf } from './gateway.ts';
import { DISCORD_EPOCH, snowflake } from './snowflake.ts';

export class World {
  readonly botUser: APIUser;
  /** Discord gives a bot user the id of its application. */
  readonly applicationId: string;
  /** Owner of the guilds and the default author of every invocation. */
  readonly user: APIUser;
  readonly guilds: FakeGuild[];
  readonly #dmByUser = new Map<string, APIDMChannel>();
  readonly #dmById = new Map<string, APIDMChannel>();

  constructor(botName: string, guildCount: number, shardCount: number) {
    this.botUser = makeBotUser(botName);
    this.applicationId = this.botUser.id;
    this.user = makeUser({ username: 'reader' });
    // Guild i lives on shard i mod shardCount, so a sharded test has events on every shard.
    const now = Date.now();
    this.guilds = Array.from({ length: guildCount }, (_, i) => {
      const offset = (((now - DISCORD_EPOCH - i) % shardCount) + shardCount) % shardCount;
      return makeGuild(`Fake Guild ${i + 1}`, [this.botUser, this.user], snowflake(now - offset));
    });
  }

  guild(id: string): FakeGuild | undefined {
    return this.guilds.find((guild) => guild.id === id);
  }

  guildChannel(id: string): { guild: FakeGuild; channel: APITextChannel } | undefined {
    for (const guild of this.guilds) {
      const channel = guild.channels.find((candidate) => candidate.id === id);
      if (channel) return { guild, channel };
    }
    return undefined;
  }

  dmChannel(id: string): APIDMChannel | undefined {
    return this.#dmById.get(id);
  }

  /** The DM channel between the bot and `user`, opened on first use (as POST /users/@me/channels does). */
  openDm(user: APIUser): APIDMChannel {
    let channel = this.#dmByUser.get(user.id);
    if (!channel) {
      channel = makeDmChannel(user);
      this.#dmByUser.set(user.id, channel);
      this.#dmById.set(channel.id, channel);
    }
    return channel;
  }

  guildsFor(shard: number, shardCount: number): GatewayGuildCreateDispatchData[] {
    return this.guilds.filter((guild) => shardOf(guild.id, shardCount) === shard).map((guild) => guildCreatePayload(guild, this.user.id));
  }
}
