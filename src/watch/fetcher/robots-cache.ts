/**
 * robots.txt per origin, fetched once and kept for `ttlMs` (one hour by default): every request of the
 * fetcher asks here first. Concurrent requests to a new origin share one robots.txt download.
 */
import { FetchError } from './fetch-error.js';
import type { RobotsRules } from './parse-robots.js';
import { redactUrl } from './redact-url.js';

/** What a site's robots.txt says, or what to assume when it could not be read (RFC 9309, 2.3.1). */
export type RobotsPolicy =
  | { kind: 'rules'; rules: RobotsRules }
  /** No robots.txt (4xx), or one that could not be found (too many redirects): everything allowed. */
  | { kind: 'allow-all'; reason: string }
  /** robots.txt unreachable (5xx, network): nothing allowed until it is tried again. */
  | { kind: 'unreachable'; reason: string; status?: number };

export interface RobotsCacheOptions {
  /** Downloads and interprets the robots.txt of an origin; never rejects. */
  load: (robotsUrl: URL) => Promise<RobotsPolicy>;
  ttlMs: number;
  /** How long an unreachable robots.txt blocks its site before it is tried again. */
  unreachableTtlMs: number;
  now: () => number;
}

export interface RobotsCache {
  /** Resolves when robots.txt allows the URL; rejects with E_FETCH_ROBOTS otherwise. */
  check(url: URL): Promise<void>;
}

interface Entry {
  policy: Promise<RobotsPolicy>;
  /** Infinity while the download runs. */
  expires: number;
}

export function createRobotsCache(options: RobotsCacheOptions): RobotsCache {
  const entries = new Map<string, Entry>();

  const policyOf = (url: URL): Promise<RobotsPolicy> => {
    const origin = url.origin;
    const cached = entries.get(origin);
    if (cached && cached.expires > options.now()) return cached.policy;
    const entry: Entry = { policy: options.load(new URL('/robots.txt', origin)), expires: Infinity };
    entries.set(origin, entry);
    void entry.policy.then((policy) => {
      entry.expires =
        options.now() + (policy.kind === 'unreachable' ? options.unreachableTtlMs : options.ttlMs);
    });
    return entry.policy;
  };

  return {
    async check(url) {
      const policy = await policyOf(url);
      const shown = redactUrl(url);
      if (policy.kind === 'allow-all') return;
      if (policy.kind === 'unreachable') {
        const detail = `robots.txt of ${url.origin} could not be read (${policy.reason}): the site is off limits for now`;
        throw FetchError.of('E_FETCH_ROBOTS', { detail }, shown, { status: policy.status });
      }
      const path = url.pathname + url.search;
      if (policy.rules.isAllowed(path)) return;
      const rule = policy.rules.match(path);
      const detail = `disallowed by robots.txt (Disallow: ${rule?.pattern ?? '?'})`;
      throw FetchError.of('E_FETCH_ROBOTS', { detail }, shown);
    },
  };
}
