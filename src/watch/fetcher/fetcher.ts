/**
 * The HTTP client of `marsad watch`: polite (robots.txt, an identifying User-Agent, a per-host interval
 * and concurrency cap, conditional requests, backoff) and robust (timeouts, size limits, redirect loops,
 * legacy Arabic encodings). All state (robots.txt cache, host slots) lives in the object returned.
 */
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import { decodeBody, type CharsetSource } from './decode-body.js';
import { FetchError, isRetryableStatus } from './fetch-error.js';
import { createHostLimiter } from './host-limiter.js';
import { parseRobots } from './parse-robots.js';
import { redactUrl } from './redact-url.js';
import { requestOnce, type RawResponse } from './request-once.js';
import { retryDelay } from './retry-delay.js';
import { createRobotsCache, type RobotsPolicy } from './robots-cache.js';
import { defaultUserAgent, PRODUCT_TOKEN } from './user-agent.js';

export interface FetcherOptions {
  /** Default: `marsad/<version> (+https://github.com/marsad/marsad; conflict-event research)`. */
  userAgent?: string;
  /** Per request (each redirect hop, each retry): connecting, headers and body together. Default 20 s. */
  timeoutMs?: number;
  /** Body size limit, on the bytes received and on the decompressed bytes. Default 10 MB. */
  maxBytes?: number;
  /** Default 5. A redirect back to a URL already visited fails at once. */
  maxRedirects?: number;
  /** Retries after a timeout, a network error, HTTP 429 or 5xx; per `get()`. Default 3. */
  retries?: number;
  /** Backoff: a random wait up to base × 2^attempt, capped. Defaults 500 ms and 30 s. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** The least time between the starts of two requests to one host. Default 1000 ms. */
  minIntervalMs?: number;
  /** Requests to one host at once. Default 2. */
  hostConcurrency?: number;
  /** Requests at once in all. Default 8. */
  globalConcurrency?: number;
  /** Obey robots.txt. Default true. */
  respectRobots?: boolean;
  /** How long a robots.txt is trusted. Default 1 h. */
  robotsTtlMs?: number;
  /** Injected for tests: the wait between retries and before a host's next slot. */
  sleep?: (ms: number) => Promise<void>;
  /** Injected for tests: the clock of rate limits, Retry-After dates and the robots.txt cache. */
  now?: () => number;
  /** Injected for tests: a number in [0, 1) for the backoff jitter. */
  random?: () => number;
}

export interface GetOptions {
  /** The ETag of the copy held: sent as If-None-Match. */
  etag?: string;
  /** The Last-Modified of the copy held: sent as If-Modified-Since. */
  lastModified?: string;
  /** The Accept header. Default: HTML and XML first, anything else after. */
  accept?: string;
}

export interface FetchResult {
  /** The final URL, after redirects, without credentials. */
  url: string;
  /** The URLs redirected from, in order (empty without redirects). */
  redirects: string[];
  status: number;
  /** True on 304: the copy held is current; `bytes` and `text` are empty. */
  notModified: boolean;
  /** Response headers, names in lower case, repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The validators to send next time (on 304, those sent when the server repeats none). */
  etag: string | undefined;
  lastModified: string | undefined;
  contentType: string | undefined;
  /** The body, decompressed. */
  bytes: Buffer;
  /** The body decoded with `charset`. */
  text: string;
  /** The WHATWG name of the encoding used to decode, e.g. 'utf-8', 'windows-1256'. */
  charset: string;
  /** Where the charset came from; 'fallback' = undeclared, not UTF-8, read as windows-1256. */
  charsetSource: CharsetSource;
}

export interface Fetcher {
  /** Fetches a URL; rejects with a FetchError only. */
  get(url: string | URL, options?: GetOptions): Promise<FetchResult>;
}

const DEFAULTS = {
  timeoutMs: 20_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  retries: 3,
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
  minIntervalMs: 1000,
  hostConcurrency: 2,
  globalConcurrency: 8,
  robotsTtlMs: 60 * 60 * 1000,
};

/** RFC 9309 asks crawlers to read at least 500 KiB of robots.txt; the rest is ignored. */
const ROBOTS_MAX_BYTES = 512 * 1024;
/** An unreachable robots.txt is tried again after this long (or the TTL, if shorter). */
const ROBOTS_UNREACHABLE_TTL_MS = 5 * 60 * 1000;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DEFAULT_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** Options of one chain of requests (the page, or a robots.txt). */
interface ChainOptions {
  headers: Record<string, string>;
  checkRobots: boolean;
  maxBytes: number;
  truncate: boolean;
}

interface ChainResult {
  url: URL;
  redirects: URL[];
  response: RawResponse;
}

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  const chosen = value ?? fallback;
  if (!Number.isFinite(chosen) || chosen < min) {
    throw new RangeError(`createFetcher: ${name} must be a number ≥ ${min}, got ${String(value)}`);
  }
  return chosen;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const text = headerValue(value);
    if (text !== undefined) flat[name] = text;
  }
  return flat;
}

/** The URL to fetch, or E_FETCH_URL: only absolute http: and https: URLs. */
function httpUrl(input: string | URL, shownAs: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch (err) {
    throw FetchError.of('E_FETCH_URL', { detail: 'not a valid absolute URL' }, shownAs, { cause: err });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw FetchError.of(
      'E_FETCH_URL',
      { detail: `only http: and https: URLs are fetched, not ${url.protocol}` },
      redactUrl(url),
    );
  }
  return url;
}

/** A URL as a key of the redirect loop detector: the fragment is never sent, so it does not count. */
function visitKey(url: URL): string {
  return url.href.replace(/#.*$/, '');
}

export function createFetcher(options: FetcherOptions = {}): Fetcher {
  const timeoutMs = count('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs, 1);
  const maxBytes = count('maxBytes', options.maxBytes, DEFAULTS.maxBytes, 1);
  const maxRedirects = count('maxRedirects', options.maxRedirects, DEFAULTS.maxRedirects, 0);
  const retries = count('retries', options.retries, DEFAULTS.retries, 0);
  const backoff = {
    baseMs: count('backoffBaseMs', options.backoffBaseMs, DEFAULTS.backoffBaseMs, 0),
    capMs: count('backoffCapMs', options.backoffCapMs, DEFAULTS.backoffCapMs, 0),
    random: options.random ?? Math.random,
  };
  const robotsTtlMs = count('robotsTtlMs', options.robotsTtlMs, DEFAULTS.robotsTtlMs, 0);
  const userAgent = options.userAgent ?? defaultUserAgent();
  const respectRobots = options.respectRobots ?? true;
  const now = options.now ?? Date.now;
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms))));

  const limiter = createHostLimiter({
    minIntervalMs: count('minIntervalMs', options.minIntervalMs, DEFAULTS.minIntervalMs, 0),
    hostConcurrency: count('hostConcurrency', options.hostConcurrency, DEFAULTS.hostConcurrency, 1),
    globalConcurrency: count('globalConcurrency', options.globalConcurrency, DEFAULTS.globalConcurrency, 1),
    now,
    sleep,
  });

  const baseHeaders = (accept: string): Record<string, string> => ({
    'user-agent': userAgent,
    accept,
    'accept-encoding': 'gzip, deflate, br',
  });

  /**
   * One hop: the request, retried after timeouts, network errors, 429 and 5xx while the budget of the
   * `get()` lasts. Returns the last response (a 5xx one too, when the budget is spent).
   */
  const exchange = async (url: URL, chain: ChainOptions, budget: { used: number }): Promise<RawResponse> => {
    for (;;) {
      let response: RawResponse | undefined;
      try {
        response = await limiter.run(url.hostname, () =>
          requestOnce(url, {
            headers: chain.headers,
            timeoutMs,
            maxBytes: chain.maxBytes,
            truncate: chain.truncate,
            readBody: (status) => status >= 200 && status < 300,
          }),
        );
      } catch (err) {
        if (!(err instanceof FetchError) || !err.transient || budget.used >= retries) throw err;
      }
      if (response && !isRetryableStatus(response.status)) return response;
      if (response && budget.used >= retries) return response;
      const retryAfter = response ? headerValue(response.headers['retry-after']) : undefined;
      await sleep(retryDelay(budget.used, retryAfter, now(), backoff));
      budget.used++;
    }
  };

  /** Follows redirects from `start` to the first response that is not one. */
  const followChain = async (start: URL, chain: ChainOptions): Promise<ChainResult> => {
    const visited = new Set<string>();
    const redirects: URL[] = [];
    const budget = { used: 0 };
    let url = start;
    for (;;) {
      visited.add(visitKey(url));
      if (chain.checkRobots) await robots.check(url);
      const response = await exchange(url, chain, budget);
      const location = headerValue(response.headers.location);
      if (!REDIRECT_STATUSES.has(response.status) || location === undefined) {
        return { url, redirects, response };
      }
      const next = httpUrl(location, `${redactUrl(url)} → ${redactUrl(location)}`, url);
      // A redirect keeps the fragment of the URL it comes from when it names none (RFC 9110, 10.2.2).
      if (!next.hash && url.hash) next.hash = url.hash;
      if (visited.has(visitKey(next))) {
        const detail = `redirect loop: ${redactUrl(url)} redirects back to ${redactUrl(next)}`;
        throw FetchError.of('E_FETCH_REDIRECTS', { detail }, redactUrl(start));
      }
      if (redirects.length >= maxRedirects) {
        const detail = `more than ${maxRedirects} redirects (the last to ${redactUrl(next)})`;
        throw FetchError.of('E_FETCH_REDIRECTS', { detail }, redactUrl(start));
      }
      redirects.push(url);
      url = next;
    }
  };

  /** The robots.txt policy of an origin, downloaded through the same polite machinery. */
  const loadRobots = async (robotsUrl: URL): Promise<RobotsPolicy> => {
    try {
      const { response } = await followChain(robotsUrl, {
        headers: baseHeaders('text/plain, */*;q=0.5'),
        checkRobots: false,
        maxBytes: ROBOTS_MAX_BYTES,
        truncate: true,
      });
      const { status } = response;
      if (status >= 200 && status < 300) {
        // robots.txt is UTF-8 (RFC 9309, 2.3); bad bytes only spoil the lines they are on.
        const text = new TextDecoder('utf-8').decode(response.bytes);
        return { kind: 'rules', rules: parseRobots(text, PRODUCT_TOKEN) };
      }
      if (isRetryableStatus(status)) return { kind: 'unreachable', reason: `HTTP ${status}`, status };
      return { kind: 'allow-all', reason: `HTTP ${status}` };
    } catch (err) {
      // Too many redirects: robots.txt is "unavailable", like a 4xx (RFC 9309, 2.3.1.2).
      if (err instanceof FetchError && err.code === 'E_FETCH_REDIRECTS') {
        return { kind: 'allow-all', reason: err.message };
      }
      const reason = err instanceof FetchError ? err.code : String(err);
      return { kind: 'unreachable', reason };
    }
  };

  const robots = createRobotsCache({
    load: loadRobots,
    ttlMs: robotsTtlMs,
    unreachableTtlMs: Math.min(robotsTtlMs, ROBOTS_UNREACHABLE_TTL_MS),
    now,
  });

  return {
    async get(input, getOptions = {}) {
      const start = httpUrl(input, redactUrl(input));
      const headers = baseHeaders(getOptions.accept ?? DEFAULT_ACCEPT);
      if (getOptions.etag) headers['if-none-match'] = getOptions.etag;
      if (getOptions.lastModified) headers['if-modified-since'] = getOptions.lastModified;

      const { url, redirects, response } = await followChain(start, {
        headers,
        checkRobots: respectRobots,
        maxBytes,
        truncate: false,
      });
      const shown = redactUrl(url);
      const { status } = response;
      const flat = flatHeaders(response.headers);
      const common = {
        url: shown,
        redirects: redirects.map((from) => redactUrl(from)),
        status,
        headers: flat,
        contentType: flat['content-type'],
      };

      if (status === 304) {
        return {
          ...common,
          notModified: true,
          etag: flat.etag ?? getOptions.etag,
          lastModified: flat['last-modified'] ?? getOptions.lastModified,
          bytes: Buffer.alloc(0),
          text: '',
          charset: 'utf-8',
          charsetSource: 'default',
        };
      }
      if (status < 200 || status >= 300) {
        const retried = isRetryableStatus(status) && retries > 0 ? ` (after ${retries} retries)` : '';
        const statusText = STATUS_CODES[status] ?? '';
        throw FetchError.of('E_FETCH_HTTP', { status, statusText, retried }, shown, { status });
      }
      const decoded = decodeBody(response.bytes, common.contentType);
      return {
        ...common,
        notModified: false,
        etag: flat.etag,
        lastModified: flat['last-modified'],
        bytes: response.bytes,
        ...decoded,
      };
    },
  };
}
