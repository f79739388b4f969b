import { createInterface } from 'node:readline/promises';
import { createEngine } from '../engine/index.ts';
import { UserError } from '../errors.ts';
import { loadKnowledge } from '../knowledge/load.ts';
import { formatResult } from './format.ts';

const kb = loadKnowledge();
const engine = createEngine(kb);
const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });

console.log(`factdesk: ask about "${kb.article.title}" (${kb.article.date}, ${kb.article.dateline}). Type "exit" or press Ctrl-D to leave.`);
rl.setPrompt('you> ');
rl.prompt();
rl.on('line', (line) => {
  const question = line.trim();
  if (question === 'exit' || question === 'quit') {
    rl.close();
    return;
  }
  if (question.length > 0) {
    try {
      console.log(`\n${formatResult(engine.ask(question), kb.article)}\n`);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      console.log(`\n${err.message}\n`);
    }
  }
  rl.prompt();
});
rl.on('close', () => process.stdout.write('\n'));
