import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE_DIR } from '../../src/knowledge/load.ts';
import { messages, QUESTION_MAX } from '../../src/errors.ts';
import { runCli } from './run.ts';

describe('npm run ask', () => {
  it('answers a question with the cited passage, its ¶ label and the source line', () => {
    const r = runCli('ask', ['Why did the summit in Vietnam fail?']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('¶5  "failed to lead to a deal because of conflicts');
    expect(r.stdout).toContain('Source: article dated 2020-06-13, SEOUL');
  });

  it('says plainly when the article does not cover a question, with no ¶ label', () => {
    const r = runCli('ask', ['What did China say about the statement?']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("doesn't cover");
    expect(r.stdout).not.toContain('¶');
  });

  it('prints the engine result plus the question with --json', () => {
    const r = runCli('ask', ['--json', 'KCNA']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ question: 'KCNA', answered: true, kind: 'answer' });
    expect(out.citations[0].paragraph).toBe(2);
    expect(out.confidence).toBeGreaterThan(0);
    expect(Array.isArray(out.suggestions)).toBe(true);
  });

  it('exits 2 with the catalog message for an empty question', () => {
    const r = runCli('ask', ['   ']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(messages.emptyQuestion);
  });

  it('exits 2 for a question over the limit', () => {
    const r = runCli('ask', ['x'.repeat(QUESTION_MAX + 1)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(messages.questionTooLong(QUESTION_MAX + 1));
  });

  it('reads stdin one question a line, taking JSON question objects and echoing their id', () => {
    const input = [
      JSON.stringify({ id: 'x1', question: 'Who made the statement?', expect: [2], kind: 'who' }),
      'hanoi summit',
      '',
      '{not json but a question? who is russel',
    ].join('\n');
    const r = runCli('ask', ['--json'], input);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ id: 'x1', question: 'Who made the statement?', answered: true });
    expect(lines[1]).toMatchObject({ question: 'hanoi summit', answered: true });
    expect(lines[1].id).toBeUndefined();
    expect(lines[2].question).toBe('{not json but a question? who is russel');
  });

  it('keeps one JSON line per input line when a line is a usage error, and exits 2', () => {
    const r = runCli('ask', ['--json'], `KCNA\n${'y'.repeat(QUESTION_MAX + 5)}\nYonhap\n`);
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.error ?? l.answered)).toEqual([true, messages.questionTooLong(QUESTION_MAX + 5), true]);
  });

  it('rejects an unknown flag with usage and exit 2', () => {
    const r = runCli('ask', ['--frobnicate', 'hi']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: npm run ask');
  });
});

describe('npm run kb:check', () => {
  it('passes on the shipped fact base', () => {
    const r = runCli('kb-check', []);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: .*\n\s+15 paragraphs/);
  });
  it('fails with file, path and fix on a broken one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'factdesk-kb-'));
    cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
    const facts = JSON.parse(readFileSync(join(dir, 'facts.json'), 'utf8'));
    facts.items[0].citations[0].quote = 'Kim Jong Un resigned';
    writeFileSync(join(dir, 'facts.json'), JSON.stringify(facts));
    const r = runCli('kb-check', [dir]);
    rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('facts.json at items[0].citations[0].quote: "Kim Jong Un resigned" does not stand verbatim in ¶1');
  });
});

describe('npm run eval', () => {
  it('scores a question file by the shared rule and lists misses', () => {
    const r = runCli('eval', ['tests/cli/fixtures/mini.jsonl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('overall       75.0% (3/4)');
    expect(r.stdout).toContain('answerable    66.7% (2/3)');
    expect(r.stdout).toContain('unanswerable  100.0% (1/1)');
    expect(r.stdout).toMatch(/m4 \[fact\] want ¶9, cited ¶5/);
  });
  it('exits 2 with the line number for a malformed file', () => {
    const r = runCli('eval', ['tests/cli/fixtures/malformed.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('malformed.jsonl:2');
  });
});

describe('npm run bench -- --json', () => {
  it('prints the documented fields', { timeout: 60_000 }, () => {
    const r = runCli('bench', ['--json', '--file', 'tests/cli/fixtures/mini.jsonl']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const key of ['build_ms', 'p50_us', 'p99_us', 'qps', 'rss_mb']) expect(typeof out[key], key).toBe('number');
  });
});
