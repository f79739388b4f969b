/**
 * Latency figures for the load and soak scripts: nearest-rank quantiles over every sample (runs are
 * bounded, so keeping the samples is cheaper and exact compared with a sketch).
 */

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank quantile of an ascending array; 0 for an empty one. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

export function summarise(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(quantile(sorted, 0.5)),
    p95: round(quantile(sorted, 0.95)),
    p99: round(quantile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

/** Samples grouped by a label (the kind of event), plus all of them together. */
export class LatencyBook<K extends string> {
  readonly #byKind = new Map<K, number[]>();
  readonly #all: number[] = [];

  record(kind: K, ms: number): void {
    let list = this.#byKind.get(kind);
    if (!list) this.#byKind.set(kind, (list = []));
    list.push(ms);
    this.#all.push(ms);
  }

  get count(): number {
    return this.#all.length;
  }

  overall(): LatencySummary {
    return summarise(this.#all);
  }

  byKind(kinds: readonly K[]): Record<K, LatencySummary> {
    return Object.fromEntries(kinds.map((kind) => [kind, summarise(this.#byKind.get(kind) ?? [])])) as Record<K, LatencySummary>;
  }
}
