/** Bearer tokens: required for writes, and for reads when the server is reachable from the network. */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.js';
import type { AppEnv, AppOptions } from './context.js';

export function authenticate(options: AppOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const user = token ? await options.store.userByToken(token) : undefined;
    if (token && !user)
      throw new ApiError('E_UNAUTHORIZED', 'the token is not valid (see `marsad user add`)');
    c.set('user', user);
    const write = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    if (!user && (write || !options.openReads))
      throw new ApiError(
        'E_UNAUTHORIZED',
        write
          ? 'writing needs a token: Authorization: Bearer <token>'
          : 'this server needs a token for reads too',
      );
    await next();
  };
}

/** The user of a request that passed authenticate on a write route. */
export function userOf(c: { get(key: 'user'): AppEnv['Variables']['user'] }): string {
  const user = c.get('user');
  if (!user) throw new ApiError('E_UNAUTHORIZED', 'writing needs a token');
  return user.name;
}
