import type { Store } from '../../store/index.ts';
import type { Logger } from '../logger.ts';

const DAY_MS = 86_400_000;

export interface Retention {
  /** Runs one purge now; returns whether it succeeded (a failure is logged, never thrown). */
  purge(): boolean;
  stop(): void;
}

/**
 * Deletes questions, votes and audit entries older than `days`: once now and then every `intervalMs`
 * (a day). The timer is unref'd, so it never keeps a stopping process alive. Each shard process runs
 * its own; the purge is idempotent, so running it several times a day costs one cheap DELETE each.
 */
export function scheduleRetention(store: Store, days: number, logger: Logger, { intervalMs = DAY_MS } = {}): Retention {
  const purge = (): boolean => {
    try {
      const removed = store.purgeOlderThan(days);
      logger.info({ retentionDays: days, ...removed }, 'retention purge done');
      return true;
    } catch (err) {
      logger.error({ err, retentionDays: days }, 'retention purge failed; retrying at the next interval');
      return false;
    }
  };
  purge();
  const timer = setInterval(purge, intervalMs);
  timer.unref();
  return { purge, stop: () => clearInterval(timer) };
}
