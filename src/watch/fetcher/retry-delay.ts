/**
 * How long to wait before retrying: exponential backoff with full jitter (a random wait between 0 and
 * base × 2^attempt, capped), so that many watchers failing together do not come back together; a
 * server's `Retry-After` is obeyed instead, up to the same cap.
 */

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** A number in [0, 1). */
  random: () => number;
}

/** The wait before retry number `attempt` + 1 (attempt counts from 0). */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** attempt);
  return Math.floor(options.random() * ceiling);
}

/**
 * The wait a `Retry-After` header asks for, in ms: delay-seconds or an HTTP date (RFC 9110, 10.2.3);
 * undefined when absent or unreadable. A date in the past means now.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** The wait before the next retry: the server's Retry-After if readable, else backoff; never over the cap. */
export function retryDelay(
  attempt: number,
  retryAfter: string | undefined,
  now: number,
  options: BackoffOptions,
): number {
  const asked = parseRetryAfter(retryAfter, now);
  if (asked !== undefined) return Math.min(asked, options.capMs);
  return backoffDelay(attempt, options);
}
