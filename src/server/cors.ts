/**
 * Cross-origin access to the API: closed unless origins are allowed (`marsad serve --cors-origin`). The
 * web app is served from the same origin and needs none. Closed means no Access-Control-Allow-Origin
 * header, so browsers keep responses from other sites' scripts, and preflights are refused, so those
 * scripts cannot send a token or a JSON body either.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.js';
import type { AppEnv } from './context.js';

const ALLOW_METHODS = 'GET, HEAD, POST, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type';
const EXPOSE_HEADERS = 'Retry-After, Content-Disposition';

/** `https://a.example,https://b.example` → normalised origins; throws a RangeError on a bad one. */
export function parseCorsOrigins(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      let url: URL;
      try {
        url = new URL(s);
      } catch {
        throw new RangeError(`'${s}' is not an origin (scheme://host[:port])`);
      }
      if (!['http:', 'https:'].includes(url.protocol) || url.origin !== s.replace(/\/$/, ''))
        throw new RangeError(`'${s}' is not an origin (scheme://host[:port], no path)`);
      return url.origin;
    });
}

export function cors(allowed: readonly string[]): MiddlewareHandler<AppEnv> {
  const origins = new Set(allowed);
  return async (c, next) => {
    const origin = c.req.header('origin');
    const preflight = c.req.method === 'OPTIONS' && c.req.header('access-control-request-method');
    if (!origin || !origins.has(origin)) {
      if (preflight)
        throw new ApiError(
          'E_FORBIDDEN_ORIGIN',
          origin
            ? `cross-origin requests from ${origin} are not allowed`
            : 'cross-origin requests are not allowed',
        );
      await next();
      return;
    }
    if (preflight) {
      return c.body(null, 204, {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': ALLOW_METHODS,
        'access-control-allow-headers': ALLOW_HEADERS,
        'access-control-max-age': '600',
        vary: 'Origin',
      });
    }
    await next();
    c.res.headers.set('access-control-allow-origin', origin);
    c.res.headers.set('access-control-expose-headers', EXPOSE_HEADERS);
    c.res.headers.append('vary', 'Origin');
  };
}
