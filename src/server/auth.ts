/**
 * Bearer tokens: required for writes, and for reads when the server is reachable from the network.
 * Two steps, so that the rate limiter between them can tell a user's budget from an address's:
 * `identify` finds the user of a valid token, `authorize` refuses what the request may not do.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.js';
import type { AppEnv, AppOptions } from './context.js';

/** Sets `user` (a valid token) or `badToken` (a token nobody has); never refuses. */
export function identify(options: AppOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const user = token ? await options.store.userByToken(token) : undefined;
    c.set('user', user);
    c.set('badToken', Boolean(token && !user));
    await next();
  };
}

/** Refuses an invalid token, a write without a token, and a read without one on an exposed server. */
export function authorize(options: AppOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('badToken'))
      throw new ApiError('E_UNAUTHORIZED', 'the token is not valid (see `marsad user add`)');
    const write = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    if (!c.get('user') && (write || !options.openReads))
      throw new ApiError(
        'E_UNAUTHORIZED',
        write
          ? 'writing needs a token: Authorization: Bearer <token>'
          : 'this server needs a token for reads too',
      );
    await next();
  };
}

/** The user of a request that passed authorize on a write route. */
export function userOf(c: { get(key: 'user'): AppEnv['Variables']['user'] }): string {
  const user = c.get('user');
  if (!user) throw new ApiError('E_UNAUTHORIZED', 'writing needs a token');
  return user.name;
}
