import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../src/knowledge/json-schema.ts';
import { DEFAULT_KNOWLEDGE_DIR, KnowledgeError, loadKnowledge } from '../../src/knowledge/load.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A copy of the real fact base with one file edited, to prove each check fires. */
function brokenCopy(file: string, edit: (json: any) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'factdesk-kb-'));
  dirs.push(dir);
  cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
  const path = join(dir, file);
  const json = JSON.parse(readFileSync(path, 'utf8'));
  edit(json);
  writeFileSync(path, JSON.stringify(json));
  return dir;
}

function problemsOf(dir: string): string[] {
  try {
    loadKnowledge(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(KnowledgeError);
    return (err as KnowledgeError).problems.map((p) => `${p.file} ${p.path}: ${p.message}`);
  }
  throw new Error('expected the fact base to be rejected');
}

describe('The shipped fact base', () => {
  const kb = loadKnowledge();
  it('holds the article verbatim with its metadata', () => {
    const seed = readFileSync(join(DEFAULT_KNOWLEDGE_DIR, 'article.json'), 'utf8');
    expect(kb.article.date).toBe('2020-06-13');
    expect(kb.article.dateline).toBe('SEOUL');
    expect(kb.article.paragraphs).toHaveLength(15);
    expect(kb.article.paragraphs[0]).toMatch(/^North Korea sees little use/);
    expect(seed).not.toContain('date 2020-06-13 SEOUL');
  });
  it('cites every paragraph from at least one fact', () => {
    const cited = new Set(kb.facts.flatMap((f) => f.citations.map((c) => c.paragraph)));
    expect([...cited].sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
  });
  it('resolves "he said" quotes to the person', () => {
    const speakerOf = (paragraph: number) => kb.quotes.filter((q) => q.paragraph === paragraph).map((q) => q.speaker);
    expect(speakerOf(11)).toEqual(['daniel-russel']);
    expect(new Set(speakerOf(13))).toEqual(new Set(['ramon-pacheco-pardo']));
    expect(speakerOf(15)).toEqual(['ri-son-gwon']);
  });
  it('resolves relative dates against the article date', () => {
    const byId = Object.fromEntries(kb.events.map((e) => [e.id, e]));
    expect(byId['state-media-report']).toMatchObject({ when: 'yesterday', date: '2020-06-12', resolved: true });
    expect(byId['spokesman-yonhap']).toMatchObject({ when: 'On Thursday', date: '2020-06-11', resolved: true });
    expect(byId['vietnam-summit']).toMatchObject({ when: 'February last year', date: '2019-02', resolved: true });
  });
  it('keeps the committed JSON Schemas in step with the zod schemas (run `npm run kb:schema`)', () => {
    for (const [path, text] of Object.entries(jsonSchemas())) {
      expect(readFileSync(join(DEFAULT_KNOWLEDGE_DIR, path), 'utf8'), path).toBe(text);
    }
  });
});

describe('When the fact base is broken', () => {
  it('rejects a quote that is not verbatim, naming file, path and fix', () => {
    const dir = brokenCopy('facts.json', (j) => {
      j.items[0].citations[0].quote = 'North Korea loves the sanctions';
    });
    expect(problemsOf(dir)).toEqual([
      expect.stringMatching(/^facts\.json items\[0\]\.citations\[0\]\.quote: "North Korea loves the sanctions" does not stand verbatim in ¶1; copy the span exactly/),
    ]);
  });
  it('rejects a citation of a paragraph that does not exist', () => {
    const dir = brokenCopy('facts.json', (j) => {
      j.items[1].citations[0].paragraph = 16;
    });
    expect(problemsOf(dir)).toEqual([expect.stringContaining('facts.json items[1].citations[0].paragraph: Too big')]);
  });
  it('rejects an unknown speaker and a duplicate id', () => {
    const dir = brokenCopy('quotes.json', (j) => {
      j.items[0].speaker = 'kim-yo-jong';
      j.items[1].id = j.items[2].id;
    });
    const problems = problemsOf(dir);
    expect(problems).toContainEqual(expect.stringContaining('quotes.json items[0].speaker: unknown entity "kim-yo-jong"; add it to entities.json'));
    expect(problems).toContainEqual(expect.stringContaining('quotes.json items[2].id: duplicate id'));
  });
  it('rejects a person speaking for an entity that does not exist', () => {
    const dir = brokenCopy('entities.json', (j) => {
      j.items[0].speaksFor = ['korean-workers-party'];
    });
    expect(problemsOf(dir)).toContainEqual(expect.stringContaining('entities.json items[0].speaksFor[0]: unknown entity "korean-workers-party"'));
  });
  it('rejects a fact base that leaves a paragraph uncited', () => {
    const dir = brokenCopy('facts.json', (j) => {
      j.items = j.items.filter((f: { citations: { paragraph: number }[] }) => !f.citations.some((c) => c.paragraph === 9));
    });
    expect(problemsOf(dir)).toContainEqual(expect.stringContaining('no fact cites ¶9'));
  });
  it('rejects an answer over the Discord-safe length', () => {
    const dir = brokenCopy('facts.json', (j) => {
      j.items[0].answer = 'x'.repeat(1001);
    });
    expect(problemsOf(dir)).toContainEqual(expect.stringContaining('facts.json items[0].answer: Too big'));
  });
  it('rejects a question form too long for an autocomplete choice', () => {
    const dir = brokenCopy('facts.json', (j) => {
      j.items[0].questions.push(`Why ${'really '.repeat(20)}?`);
    });
    expect(problemsOf(dir)).toContainEqual(expect.stringMatching(/facts\.json items\[0\]\.questions\[\d+\]: Too big/));
  });
  it('rejects a file that is not JSON, saying how to fix it', () => {
    const dir = brokenCopy('gaps.json', () => {});
    writeFileSync(join(dir, 'gaps.json'), '{ not json');
    expect(problemsOf(dir)).toEqual([expect.stringMatching(/^gaps\.json : .*fix the JSON syntax/)]);
  });
  it('rejects a missing file', () => {
    const dir = brokenCopy('smalltalk.json', () => {});
    rmSync(join(dir, 'smalltalk.json'));
    expect(problemsOf(dir)).toEqual([expect.stringContaining('smalltalk.json : file is missing')]);
  });
  it('reports every problem at once, not just the first', () => {
    const dir = brokenCopy('entities.json', (j) => {
      j.items[0].citation.quote = 'invented words';
      j.items[1].citation.quote = 'more invented words';
      j.items[2].aliases.push('');
    });
    const problems = problemsOf(dir);
    // The schema error stops integrity checks for that file: a half-parsed file is never cross-checked.
    expect(problems).toEqual([expect.stringContaining('entities.json items[2].aliases[')]);
    const fixed = brokenCopy('entities.json', (j) => {
      j.items[0].citation.quote = 'invented words';
      j.items[1].citation.quote = 'more invented words';
    });
    expect(problemsOf(fixed)).toEqual([
      expect.stringContaining('entities.json items[0].citation.quote: "invented words"'),
      expect.stringContaining('entities.json items[1].citation.quote: "more invented words"'),
    ]);
  });
});
