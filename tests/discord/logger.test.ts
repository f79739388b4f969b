import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/discord/logger.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.secret-token-value-xyz';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('redacts the token from known fields and from any text that quotes it', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: 'info', token: TOKEN, destination });
    logger.info({ config: { token: TOKEN, applicationId: '1' } }, 'config loaded');
    logger.info({ headers: { authorization: `Bot ${TOKEN}` } }, 'request');
    logger.error({ err: new Error(`login failed for ${TOKEN}`) }, `could not use ${TOKEN}`);
    const output = lines.join('');
    expect(lines).toHaveLength(3);
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain('secret-token-value');
    expect(output).toContain('[redacted]');
    expect(JSON.parse(lines[0]!).config.applicationId).toBe('1');
  });

  it('writes nothing below its level', () => {
    const { lines, destination } = capture();
    createLogger({ level: 'warn', destination }).info('quiet');
    expect(lines).toEqual([]);
  });
});
