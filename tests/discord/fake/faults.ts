/**
 * Injected REST failures: the next N requests matching a route are answered with a 429 (with the
 * Retry-After and X-RateLimit-* headers @discordjs/rest acts on) or a 5xx, without side effects.
 */

/**
 * Which requests a fault applies to. A string is `"METHOD /route"`, compared with the route template
 * (`"POST /channels/:id/messages"`; parameter names do not matter, `*` matches any method) or with the
 * literal path. A RegExp is tested against `"METHOD /path"`. A function sees the request.
 */
export type RouteMatcher = string | RegExp | ((request: { method: string; path: string; route: string }) => boolean);

export interface FaultSpec {
  /** HTTP status to answer with, e.g. 429, 500, 502. */
  status: number;
  /** For 429: seconds, fractions allowed; sent as Retry-After and in the body. Default 0.2. */
  retryAfter?: number;
  /** For 429: a global rate limit (X-RateLimit-Global), which stalls every route of the client. */
  global?: boolean;
  /** How many matching requests fail before the route works again. Default 1. */
  times?: number;
  /** Body to answer with instead of Discord's usual one for the status. */
  body?: unknown;
}

export interface Fault {
  readonly description: string;
  readonly spec: Readonly<FaultSpec>;
  /** Requests still to fail. */
  remaining: number;
  /** Requests failed so far. */
  hits: number;
}

export interface FaultResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const normalizeTemplate = (route: string): string => route.replace(/:[A-Za-z_]\w*/g, ':');

function matches(matcher: RouteMatcher, request: { method: string; path: string; route: string }): boolean {
  if (typeof matcher === 'function') return matcher(request);
  if (matcher instanceof RegExp) return matcher.test(`${request.method} ${request.path}`);
  const [method = '', ...rest] = matcher.trim().split(/\s+/);
  const target = rest.join(' ');
  if (method !== '*' && method.toUpperCase() !== request.method) return false;
  return normalizeTemplate(target) === normalizeTemplate(request.route.replace(/^\S+\s+/, '')) || target === request.path;
}

export class FaultPlan {
  readonly #faults: { matcher: RouteMatcher; fault: Fault }[] = [];

  add(matcher: RouteMatcher, spec: FaultSpec): Fault {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`failNext: times must be a positive integer, got ${spec.times}`);
    if (spec.status < 400 || spec.status > 599) throw new RangeError(`failNext: status must be an HTTP error (400-599), got ${spec.status}`);
    const fault: Fault = { description: `${String(matcher)} → ${spec.status} ×${times}`, spec: { ...spec }, remaining: times, hits: 0 };
    this.#faults.push({ matcher, fault });
    return fault;
  }

  /** The response for this request if a fault claims it (and counts it), else undefined. */
  take(request: { method: string; path: string; route: string }): FaultResponse | undefined {
    const entry = this.#faults.find(({ matcher, fault }) => fault.remaining > 0 && matches(matcher, request));
    if (!entry) return undefined;
    const { fault } = entry;
    fault.remaining -= 1;
    fault.hits += 1;
    return respond(fault.spec);
  }

  clear(): void {
    this.#faults.length = 0;
  }

  /** Faults that still have requests to fail; a test that set one up expects it to be used. */
  get pending(): readonly Fault[] {
    return this.#faults.map(({ fault }) => fault).filter((fault) => fault.remaining > 0);
  }
}

function respond(spec: FaultSpec): FaultResponse {
  if (spec.status === 429) {
    const retryAfter = spec.retryAfter ?? 0.2;
    const headers: Record<string, string> = {
      'retry-after': String(retryAfter),
      'x-ratelimit-scope': spec.global ? 'global' : 'user',
    };
    if (spec.global) headers['x-ratelimit-global'] = 'true';
    return {
      status: 429,
      headers,
      body: spec.body ?? { message: 'You are being rate limited.', retry_after: retryAfter, global: spec.global === true },
    };
  }
  return { status: spec.status, headers: {}, body: spec.body ?? { message: `${spec.status}: injected by the fake Discord`, code: 0 } };
}
