/**
 * Lets callers wait until some state they can inspect synchronously satisfies a condition. Whoever
 * mutates the state calls `notify()`; waiters re-check then. Checking state instead of listening for
 * one event means a wait started after the thing happened still resolves at once, which removes the
 * "subscribed too late" race from every test that uses the fake.
 */
export class Changes {
  readonly #waiters = new Set<() => void>();
  #closedReason: string | null = null;

  notify(): void {
    for (const check of [...this.#waiters]) check();
  }

  /**
   * Resolves with the first non-undefined value `probe` returns. Rejects after `timeoutMs` with an
   * error built by `describe`, so the message can say what was expected and what happened instead.
   */
  until<T>(probe: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    const ready = probe();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.#closedReason !== null) return Promise.reject(new FakeDiscordError(`${describe()} (${this.#closedReason})`));
    return new Promise<T>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      const check = (): void => {
        if (this.#closedReason !== null) {
          finish();
          reject(new FakeDiscordError(`${describe()} (${this.#closedReason})`));
          return;
        }
        let value: T | undefined;
        try {
          value = probe();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (value !== undefined) {
          finish();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new FakeDiscordError(`${describe()} (gave up after ${timeoutMs} ms)`));
      }, timeoutMs);
      // A bench script that forgets a wait must still be able to exit.
      timer.unref();
      this.#waiters.add(check);
    });
  }

  /** Rejects every pending and future wait; used when the fake shuts down. */
  close(reason: string): void {
    this.#closedReason = reason;
    this.notify();
  }
}

/** Raised by the fake for a misuse by the test (or a wait that timed out), never for a bot bug. */
export class FakeDiscordError extends Error {
  override readonly name = 'FakeDiscordError';
}
