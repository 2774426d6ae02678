import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../resources/package-root.js';

/** The token robots.txt groups name us by (RFC 9309 matches it case-insensitively). */
export const PRODUCT_TOKEN = 'marsad';

/**
 * The User-Agent sent by default: product token and version, then a URL and a purpose, so that a site
 * operator reading the logs knows who is fetching and why (and can address us in robots.txt).
 */
export function defaultUserAgent(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return `${PRODUCT_TOKEN}/${pkg.version ?? '0.0.0'} (+https://github.com/marsad/marsad; conflict-event research)`;
}
