/**
 * A small cache of the aggregate responses (overview counts, cohesion, groups, places): they read many
 * rows and change only when data are written. An entry is dropped when this server writes, when another
 * process committed to the SQLite file (PRAGMA data_version), or after `ttlMs` (writes of another
 * process to PostgreSQL, or of a watch loop sharing this connection).
 */
import type { MiddlewareHandler } from 'hono';
import type { Store } from '../store/store.js';
import type { AppEnv } from './context.js';

interface Entry {
  version: string;
  at: number;
  body: string;
  type: string;
}

const CACHED = /^\/api\/(stats(\/.*)?|groups|places)$/;

export function responseCache(store: Store, options: { ttlMs?: number; maxEntries?: number } = {}) {
  const ttl = options.ttlMs ?? 30_000;
  const max = options.maxEntries ?? 200;
  const entries = new Map<string, Entry>();
  let writes = 0;
  const version = async () => `${writes}:${await store.dataVersion()}`;
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.req.method !== 'GET') {
      await next();
      writes++;
      return;
    }
    if (!CACHED.test(c.req.path)) return next();
    const key = c.req.url;
    const now = Date.now();
    const current = await version();
    const hit = entries.get(key);
    if (hit && hit.version === current && now - hit.at < ttl)
      return c.body(hit.body, 200, { 'content-type': hit.type, 'x-marsad-cache': 'hit' });
    await next();
    if (c.res.status === 200) {
      const body = await c.res.clone().text();
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(key, {
        version: current,
        at: now,
        body,
        type: c.res.headers.get('content-type') ?? 'application/json',
      });
    }
  };
  return middleware;
}
