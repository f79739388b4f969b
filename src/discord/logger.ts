import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

const CENSOR = '[redacted]';

/** Where a token could sit in a logged object: our config, discord.js's client and REST, HTTP headers. */
const REDACT_PATHS = [
  'token',
  '*.token',
  'config.token',
  'client.token',
  'rest.token',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
];

export interface LoggerOptions {
  level: LogLevel;
  /** Every occurrence of this string is censored from the output, whatever field or message holds it. */
  token?: string;
  /** Defaults to stdout; tests pass a stream to read what was logged. */
  destination?: DestinationStream;
}

/**
 * JSON logs via pino. The token is kept out twice over: known fields are redacted, and the final line
 * is scrubbed of the token's value, because an error message or stack from a library can quote it.
 */
export function createLogger({ level, token, destination }: LoggerOptions): Logger {
  const scrub = token && token.length >= 8 ? (line: string) => line.split(token).join(CENSOR) : undefined;
  return pino(
    {
      level,
      base: { app: 'factdesk' },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      ...(scrub ? { hooks: { streamWrite: scrub } } : {}),
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
