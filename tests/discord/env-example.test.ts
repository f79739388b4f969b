import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../../src/discord/config.ts';

describe('.env.example', () => {
  const text = readFileSync('.env.example', 'utf8');
  const keys = Object.keys(parseEnv(text));

  it('gives every key a one-line comment right above it', () => {
    const lines = text.split('\n');
    for (const key of keys) {
      const at = lines.findIndex((line) => line.startsWith(`${key}=`));
      expect(lines[at - 1], key).toMatch(/^# \S/u);
    }
  });

  it('lists exactly the keys the configuration reads', () => {
    expect([...keys].sort()).toEqual([...CONFIG_KEYS].sort());
  });
});
