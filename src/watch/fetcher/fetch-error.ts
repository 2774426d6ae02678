/**
 * The fetcher's error catalogue: every failure of `fetcher.get()` is a `FetchError` with a stable code.
 * Codes are part of the interface (the watch loop and scripts match on them); messages may be reworded.
 * A message always starts with the URL concerned, credentials removed: `<url>: <problem>`.
 */

export interface FetchErrorSpec {
  /** Message template; `{name}` is replaced by the parameter of that name. */
  readonly message: string;
  /** One line for the reference (docs/watch.md). */
  readonly meaning: string;
}

export const FETCH_ERROR_CATALOGUE = {
  E_FETCH_URL: {
    message: '{detail}',
    meaning: 'the URL (or a redirect target) is not an absolute http: or https: URL',
  },
  E_FETCH_ROBOTS: {
    message: '{detail}',
    meaning:
      "the site's robots.txt disallows the path for marsad, or robots.txt could not be fetched (5xx, network) and the whole site is off limits for a while (RFC 9309)",
  },
  E_FETCH_TIMEOUT: {
    message: 'no complete response within {ms} ms',
    meaning: 'connecting, the headers and the body together took longer than `timeoutMs` (retried)',
  },
  E_FETCH_NETWORK: {
    message: 'network error: {reason}',
    meaning: 'DNS failure, connection refused or reset, TLS failure, body cut short (retried)',
  },
  E_FETCH_HTTP: {
    message: 'HTTP {status} {statusText}{retried}',
    meaning:
      'the final response is neither 2xx nor 304 (429 and 5xx only after the retries; `status` holds the code)',
  },
  E_FETCH_TOO_LARGE: {
    message: '{detail} (the limit is {limit} bytes)',
    meaning:
      'the body is over `maxBytes`, as declared by Content-Length, as received or once decompressed; reading stops there',
  },
  E_FETCH_REDIRECTS: {
    message: '{detail}',
    meaning: 'more than `maxRedirects` redirects, or a redirect back to a URL already visited',
  },
  E_FETCH_DECODE: {
    message: 'cannot decode the body: {reason}',
    meaning: 'an unknown Content-Encoding, or a corrupt gzip, deflate or brotli body',
  },
} as const satisfies Record<string, FetchErrorSpec>;

export type FetchErrorCode = keyof typeof FETCH_ERROR_CATALOGUE;

/** The `{name}` parameters of a template, as a union of names. */
type TemplateParams<T extends string> = T extends `${string}{${infer P}}${infer Rest}`
  ? P | TemplateParams<Rest>
  : never;

/** The parameters a code's message template needs. */
export type FetchErrorParams<C extends FetchErrorCode> = Record<
  TemplateParams<(typeof FETCH_ERROR_CATALOGUE)[C]['message']>,
  string | number
>;

/** Codes of failures that may go away when the same request is made again later. */
const TRANSIENT_CODES: ReadonlySet<FetchErrorCode> = new Set(['E_FETCH_TIMEOUT', 'E_FETCH_NETWORK']);

export class FetchError extends Error {
  readonly code: FetchErrorCode;
  /** The URL concerned, without credentials. */
  readonly url: string;
  /** The HTTP status, for E_FETCH_HTTP (and E_FETCH_ROBOTS when robots.txt answered 5xx). */
  readonly status: number | undefined;

  constructor(
    code: FetchErrorCode,
    message: string,
    url: string,
    options?: { status?: number; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FetchError';
    this.code = code;
    this.url = url;
    this.status = options?.status;
  }

  /** Builds the error from the code's template; `url` must already be free of credentials. */
  static of<C extends FetchErrorCode>(
    code: C,
    params: FetchErrorParams<C>,
    url: string,
    options?: { status?: number; cause?: unknown },
  ): FetchError {
    const values = params as Record<string, string | number | undefined>;
    const problem = FETCH_ERROR_CATALOGUE[code].message.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const value = values[name];
      return value === undefined ? '?' : String(value).replace(/\s+/g, ' ');
    });
    return new FetchError(code, `${url}: ${problem.trim()}`, url, options);
  }

  /**
   * True when trying again later may succeed: timeouts, network errors, HTTP 429 and 5xx. The fetcher
   * has already spent its retries on these; the caller decides whether to come back in a later cycle.
   */
  get transient(): boolean {
    if (TRANSIENT_CODES.has(this.code)) return true;
    return this.code === 'E_FETCH_HTTP' && this.status !== undefined && isRetryableStatus(this.status);
  }
}

/** Statuses worth retrying: the server is overloaded, down for a moment, or asks us to slow down. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}
