/**
 * Per-client rate limits: token buckets keyed by the user of a valid token, else by the client's
 * address, with separate budgets for reads and writes. The buckets belong to the limiter that createApp
 * makes, so two apps in one process never share them.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.js';
import type { AppEnv } from './context.js';

export interface RateLimits {
  /** Reads (GET, HEAD, OPTIONS) per minute and client. */
  readsPerMinute: number;
  /** Writes (every other method) per minute and client. */
  writesPerMinute: number;
  /**
   * Requests a client may make at once before the per-minute rate applies (default: a quarter of a
   * minute's budget, so a page that loads a dozen resources never waits).
   */
  burstFraction?: number;
  /** Most clients tracked at once; idle full buckets are dropped first (default 10 000). */
  maxClients?: number;
}

/** Generous defaults: an analyst clicking through the web app stays far below them. */
export const DEFAULT_RATE_LIMITS: RateLimits = { readsPerMinute: 1200, writesPerMinute: 120 };

interface Bucket {
  tokens: number;
  at: number;
}

export interface RateLimiter {
  /** Takes one request from the client's bucket; throws E_RATE_LIMITED with Retry-After when empty. */
  middleware: MiddlewareHandler<AppEnv>;
  /** Clients tracked now (for tests: the map must stay bounded). */
  size(): number;
}

export function createRateLimiter(limits: RateLimits, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, Bucket>();
  const maxClients = limits.maxClients ?? 10_000;
  const fraction = limits.burstFraction ?? 0.25;
  const budget = (write: boolean) => {
    const perMinute = write ? limits.writesPerMinute : limits.readsPerMinute;
    return { rate: perMinute / 60_000, capacity: Math.max(1, Math.floor(perMinute * fraction)) };
  };

  // A full bucket is the same as none: dropping those first keeps the map small without losing state.
  const evict = (t: number) => {
    for (const [key, b] of buckets) {
      const { rate, capacity } = budget(key.startsWith('w:'));
      if (b.tokens + (t - b.at) * rate >= capacity) buckets.delete(key);
    }
    // Still full (a flood of distinct addresses): forget the oldest, a tenth at once so that the scan
    // above is not repeated for every new client; they start again with a full bucket.
    for (const key of buckets.keys()) {
      if (buckets.size < maxClients * 0.9) break;
      buckets.delete(key);
    }
  };

  const take = (key: string, write: boolean): number => {
    const t = now();
    const { rate, capacity } = budget(write);
    let b = buckets.get(key);
    if (!b) {
      if (buckets.size >= maxClients) evict(t);
      b = { tokens: capacity, at: t };
      buckets.set(key, b);
    } else {
      b.tokens = Math.min(capacity, b.tokens + (t - b.at) * rate);
      b.at = t;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / rate / 1000);
  };

  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const write = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    const user = c.get('user');
    const client = user ? `user:${user.id}` : `addr:${clientAddress(c)}`;
    const wait = take(`${write ? 'w' : 'r'}:${client}`, write);
    if (wait > 0)
      throw new ApiError(
        'E_RATE_LIMITED',
        `too many ${write ? 'writes' : 'reads'}: try again in ${wait} s`,
        { retryAfter: wait },
        { 'retry-after': String(wait) },
      );
    await next();
  };
  return { middleware, size: () => buckets.size };
}

/**
 * The peer address of the connection (@hono/node-server puts the socket in the env). Forwarded-for
 * headers are not trusted: any client can set them.
 */
export function clientAddress(c: Context<AppEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * `--rate-limit` values: `off`, or `READS,WRITES` per minute (e.g. `1200,120`). Returns undefined for
 * `off`, throws a RangeError naming the problem otherwise.
 */
export function parseRateLimit(value: string): RateLimits | undefined {
  if (value.trim().toLowerCase() === 'off') return undefined;
  const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(value);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1)
    throw new RangeError(`expected READS,WRITES per minute (positive integers) or off, got '${value}'`);
  return { readsPerMinute: Number(m[1]), writesPerMinute: Number(m[2]) };
}
