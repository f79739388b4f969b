import { Client, Events, GatewayIntentBits, Partials, type APIEmbed } from 'discord.js';

/**
 * The floor the load test compares factdesk with: a discord.js bot with the same intents, partials
 * and REST settings that answers every kind of event in the load with a fixed reply and does no
 * work at all: no engine, no store, no logging. Whatever it costs is the cost of this machine,
 * Node and discord.js. Run as its own process by the load and soak scripts, never by users.
 *
 * Env: DISCORD_TOKEN, DISCORD_API_URL (the fake Discord's `/api`).
 */

const token = process.env.DISCORD_TOKEN;
const api = process.env.DISCORD_API_URL;
if (!token || !api) {
  process.stderr.write('bare bot: set DISCORD_TOKEN and DISCORD_API_URL (the load test does)\n');
  process.exit(1);
}

const NO_MENTIONS = { parse: [] };
const EMBED: APIEmbed = {
  color: 0x3b82f6,
  title: 'A fixed answer',
  description: 'The bare bot answers everything with this embed.',
  fields: [{ name: '¶1', value: '> A fixed quotation.' }],
  footer: { text: 'bare discord.js bot' },
};
const CHOICES = [
  { name: 'What is the article about?', value: 'What is the article about?' },
  { name: 'Who is Ri Son Gwon?', value: 'Who is Ri Son Gwon?' },
];

const client = new Client({
  intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
  partials: [Partials.Channel],
  allowedMentions: NO_MENTIONS,
  rest: { api },
});

client.on(Events.InteractionCreate, (interaction) => {
  const sent = interaction.isAutocomplete()
    ? interaction.respond(CHOICES)
    : interaction.isRepliable()
      ? interaction.reply({ embeds: [EMBED], allowedMentions: NO_MENTIONS })
      : undefined;
  sent?.catch((err: unknown) => process.stderr.write(`bare bot: reply failed: ${String(err)}\n`));
});

client.on(Events.MessageCreate, (message) => {
  if (message.author.bot || !client.user) return;
  if (message.inGuild() && !message.mentions.users.has(client.user.id)) return;
  message
    .reply({ embeds: [EMBED], allowedMentions: { ...NO_MENTIONS, repliedUser: false }, failIfNotExists: false })
    .catch((err: unknown) => process.stderr.write(`bare bot: reply failed: ${String(err)}\n`));
});

const stop = () => {
  void client.destroy().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

await client.login(token);
