/**
 * A shard-like process for tests/store/processes.test.ts: opens the shared file (migrating it if it is
 * new), says "ready", waits for "go" on stdin so both writers start together, then writes `count`
 * questions and votes plus one allow-list change every fifth step, each in its own transaction.
 * Usage: writer.ts <database path> <label> <count>
 */
import { createInterface } from 'node:readline';
import { openStore } from '../../../src/store/index.ts';
import { SALT } from '../constants.ts';

const [path, label, countArg] = process.argv.slice(2);
if (path === undefined || label === undefined || countArg === undefined) {
  throw new Error('usage: writer.ts <database path> <label> <count>');
}
const count = Number(countArg);

const store = openStore(path, { hashSalt: SALT });
console.log('ready');

const input = createInterface({ input: process.stdin });
input.once('line', () => {
  input.close();
  process.stdin.destroy(); // otherwise the open pipe keeps this process alive after the work is done
  for (let i = 0; i < count; i++) {
    store.insights.recordQuestion({
      guildId: 'shared-guild',
      askerId: `${label}-asker-${i}`,
      text: `${label} question ${i}`,
      answered: i % 2 === 0,
      paragraph: i % 2 === 0 ? 1 + (i % 15) : null,
    });
    store.feedback.vote({ guildId: 'shared-guild', answerId: `${label}-answer-${i}`, factId: 'f', voterId: label, value: 1 });
    if (i % 5 === 0) store.settings.allowChannel('shared-guild', label, `${label}-channel-${i}`);
  }
  store.close();
  console.log('done');
});
