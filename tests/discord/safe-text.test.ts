import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articleText, cleanUserText, neutraliseMentions, truncate, userText } from '../../src/discord/safe-text.ts';
import { HOSTILE } from './fixtures.ts';

const hostileParts = fc.constantFrom(
  '@everyone', '@here', '<@123456789012345678>', '<@!1>', '<@&1>', '<#1>', '</ask:1>', '**', '__', '~~', '||', '`', '```',
  '[x](https://e.com)', '\n# ', '\n> ', '\n-# ', '\n- ', '\n1. ', '¶', '⁋', '\\', '\u0000', '\u001b', '\u202E', '\u2066',
  '\u200B', '👨‍👩‍👧', '🇰🇷', 'é', '\t', '\r\n',
);
const hostileText = fc.array(fc.oneof(hostileParts, fc.string({ maxLength: 5 }), fc.string({ unit: 'grapheme', maxLength: 5 })), { maxLength: 60 }).map((parts) => parts.join(''));

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

describe('userText', () => {
  it('never lets a ping, a ¶, a control or bidi character through, and always fits', () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 1, max: 300 }), fc.boolean(), (raw, max, multiline) => {
        const out = userText(raw, max, { multiline });
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/@(everyone|here)/iu);
        expect(out).not.toMatch(/<[@#/]/u);
        expect(out).not.toMatch(/[¶⁋\u0000-\u0009\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/u);
        expect(out).not.toMatch(LONE_SURROGATE);
        if (!multiline) expect(out).not.toContain('\n');
      }),
      { numRuns: 500 },
    );
  });

  it('leaves nothing that could switch formatting on', () => {
    fc.assert(
      fc.property(hostileText, (raw) => {
        // What Discord's markdown can still act on: each escaped character stands for plain text.
        const live = userText(raw, 4000, { multiline: true }).replace(/\\[\s\S]/gu, 'E');
        expect(live).not.toMatch(/\*\*|__|~~|\|\||`/u);
        expect(live.match(/\*/gu)?.length ?? 0).toBeLessThan(2);
        expect(live.match(/_/gu)?.length ?? 0).toBeLessThan(2);
        expect(live).not.toMatch(/^\s*(#{1,3} \S|>|-# \S|[-*] \S|\d+\. \S)/mu);
      }),
      { numRuns: 500 },
    );
  });

  it('reads the same as the input when there is nothing to neutralise', () => {
    expect(userText('Why did the summit in Vietnam fail?', 256)).toBe('Why did the summit in Vietnam fail?');
  });
});

describe('cleanUserText', () => {
  it('keeps the words of a hostile question for the engine, without the tricks', () => {
    const cleaned = cleanUserText(HOSTILE);
    expect(cleaned).toContain('@everyone');
    expect(cleaned).toContain('3 says so');
    expect(cleaned).not.toMatch(/[¶⁋\u0000\u0007\u001b\u202E\u200B\n]/u);
    expect(cleaned).toContain('👨‍👩‍👧');
  });

  it('collapses blank lines only when asked to keep lines', () => {
    expect(cleanUserText('a\n\n\n\nb', { multiline: true })).toBe('a\n\nb');
    expect(cleanUserText('a\n\n\n\nb')).toBe('a b');
  });
});

describe('truncate', () => {
  it('cuts at a code point boundary, ends with an ellipsis, and never exceeds the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.integer({ min: 1, max: 120 }), (text, max) => {
        const out = truncate(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(LONE_SURROGATE);
        if (text.length > max) expect(out.endsWith('…')).toBe(true);
        else expect(out).toBe(text);
      }),
    );
  });

  it('does not leave a backslash escaping the ellipsis', () => {
    expect(truncate('abc\\*def', 5)).toBe('abc…');
  });
});

describe('articleText and neutraliseMentions', () => {
  it('escapes formatting in fact-base text but keeps its paragraph signs alone', () => {
    expect(articleText('*not bold* ¶', 100)).toBe('\\*not bold\\* ¶');
  });

  it('breaks every mention form', () => {
    expect(neutraliseMentions('@everyone <@1> <#2> </x:3>')).toBe('@\u200Beveryone <\u200B@1> <\u200B#2> <\u200B/x:3>');
  });
});
