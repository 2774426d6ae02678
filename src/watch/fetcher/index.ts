/** The HTTP fetcher of `marsad watch` (docs/watch.md, "Fetching"). */
export { createFetcher } from './fetcher.js';
export type { Fetcher, FetcherOptions, FetchResult, GetOptions } from './fetcher.js';
export { FETCH_ERROR_CATALOGUE, FetchError, isRetryableStatus } from './fetch-error.js';
export type { FetchErrorCode, FetchErrorSpec } from './fetch-error.js';
export { decodeBody } from './decode-body.js';
export type { CharsetSource, DecodedBody } from './decode-body.js';
export { parseRobots } from './parse-robots.js';
export type { RobotsRule, RobotsRules } from './parse-robots.js';
export { redactUrl } from './redact-url.js';
export { defaultUserAgent, PRODUCT_TOKEN } from './user-agent.js';
