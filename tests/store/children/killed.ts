/**
 * A process that is killed mid-run by tests/store/processes.test.ts. Each step commits a settings change
 * (cooldown = cooldownAtStep(step), audited in the same transaction), then records a question, then prints
 * "committed <step>"; it never stops on its own.
 * Usage: killed.ts <database path>
 */
import { openStore } from '../../../src/store/index.ts';
import { SALT, cooldownAtStep } from '../constants.ts';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: killed.ts <database path>');
const store = openStore(path, { hashSalt: SALT });

let step = 0;
const next = (): void => {
  step += 1;
  store.settings.update('guild-under-test', 'moderator', { cooldownSeconds: cooldownAtStep(step) });
  store.insights.recordQuestion({
    guildId: 'guild-under-test',
    askerId: 'asker',
    text: `question ${step}`,
    answered: true,
    paragraph: 2,
  });
  process.stdout.write(`committed ${step}\n`);
  setImmediate(next);
};
next();
