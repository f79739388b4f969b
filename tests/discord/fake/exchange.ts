import { Changes, FakeDiscordError } from './changes.ts';
import type { DispatchReceipt } from './gateway.ts';
import { formatViolation, type Violation } from './violations.ts';

/**
 * What an interaction and a user message have in common once dispatched: the REST side records into
 * them and wakes waiters; tests wait on them, and a wait that can no longer succeed (the event was
 * never delivered) fails at once instead of timing out.
 */
export abstract class Exchange {
  /** This exchange's share of `fake.violations`. */
  readonly violations: Violation[] = [];
  protected readonly changes = new Changes();

  constructor(
    /** A readable name for errors: `/ask question:"…"`, `dm "…"`. */
    readonly label: string,
    readonly receipt: DispatchReceipt,
    readonly defaultTimeoutMs: number,
  ) {}

  /** Used by the REST side after it changed a message of this exchange. */
  changed(): void {
    this.changes.notify();
  }

  addViolation(violation: Violation): void {
    this.violations.push(violation);
    this.changes.notify();
  }

  /** Resolves once `predicate(this)` holds (checked now and after every change). */
  waitFor(predicate: (exchange: this) => boolean, timeoutMs = this.defaultTimeoutMs): Promise<this> {
    return this.until(() => (predicate(this) ? this : undefined), timeoutMs, 'the awaited condition never held');
  }

  /** The bot's requests in answer, one phrase each, for failure messages. */
  protected abstract describeRequests(): string;

  /** One paragraph on where this exchange stands, for failure messages. */
  summary(): string {
    const delivery = `Gateway delivery: ${this.receipt.delivery}${this.receipt.reason ? ` (${this.receipt.reason})` : ''}.`;
    const violations = this.violations.length === 0 ? '' : ` Violations: ${this.violations.map(formatViolation).join('; ')}.`;
    return `${delivery} ${this.describeRequests()}${violations}`;
  }

  protected until<T>(probe: () => T | undefined, timeoutMs: number, failure: string): Promise<T> {
    return this.changes.until(
      () => {
        const value = probe();
        if (value === undefined && (this.receipt.delivery === 'lost' || this.receipt.delivery === 'filtered')) {
          throw new FakeDiscordError(`${this.label}: ${failure}, and never will. ${this.summary()}`);
        }
        return value;
      },
      timeoutMs,
      () => `${this.label}: ${failure}. ${this.summary()}`,
    );
  }
}
