/**
 * The HTTP application: the API under /api (JSON, validated, errors from the catalogue) and the built
 * web app at /. Built with Hono: tests call `app.request()` in process, `marsad serve` listens with
 * @hono/node-server.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { ApiError } from './api-error.js';
import { authorize, identify } from './auth.js';
import type { AppEnv, AppOptions } from './context.js';
import { cors } from './cors.js';
import { openApiDocument } from './openapi.js';
import { createRateLimiter, DEFAULT_RATE_LIMITS } from './rate-limit.js';
import { responseCache } from './response-cache.js';
import { actorRoutes } from './routes/actors.js';
import { alertRoutes } from './routes/alerts.js';
import { documentRoutes } from './routes/documents.js';
import { createPersonsRefresher } from './persons-refresher.js';
import { eventRoutes } from './routes/events.js';
import { exportRoutes } from './routes/export.js';
import { incidentRoutes } from './routes/incidents.js';
import { statsRoutes } from './routes/stats.js';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export function createApp(given: AppOptions): Hono<AppEnv> {
  const options: AppOptions = {
    ...given,
    persons:
      given.persons ?? createPersonsRefresher(() => given.store.rebuildPersons(given.resources.nisbas), 0),
  };
  const app = new Hono<AppEnv>();
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Map tiles from a configured tile server, and blob: workers of the map library.
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", 'https:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
  );

  const api = new Hono<AppEnv>();
  // Before everything else: a refused preflight must not cost a database lookup.
  api.use('*', cors(options.corsOrigins ?? []));
  api.use(
    '*',
    bodyLimit({
      maxSize: options.maxBody ?? 20 * 1024 * 1024,
      onError: () => {
        throw new ApiError(
          'E_PAYLOAD_TOO_LARGE',
          `the body is over ${options.maxBody ?? 20 * 1024 * 1024} bytes`,
        );
      },
    }),
  );
  // Health checks of a supervisor or load balancer are neither limited nor authenticated.
  api.get('/health', (c) => c.json({ ok: true, version: options.version, dialect: options.store.dialect }));
  api.use('*', identify(options));
  // Limited before authorize: requests with a wrong token spend their address's budget.
  if (options.rateLimit !== false)
    api.use('*', createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMITS).middleware);
  const openApi = JSON.stringify(openApiDocument(options.version));
  api.get('/openapi.json', (c) => c.body(openApi, 200, { 'content-type': 'application/json' }));
  api.use('*', authorize(options));
  api.use('*', responseCache(options.store));
  for (const routes of [
    eventRoutes,
    incidentRoutes,
    documentRoutes,
    actorRoutes,
    statsRoutes,
    exportRoutes,
    alertRoutes,
  ])
    api.route('/', routes(options));
  app.route('/api', api);
  // A mounted app's notFound is not consulted: unknown API paths end here, before the web app's shell.
  app.all('/api/*', () => {
    throw new ApiError('E_NOT_FOUND', 'no such route');
  });

  app.onError((err, c) => {
    const error =
      err instanceof ApiError
        ? err
        : isDatabaseError(err)
          ? new ApiError('E_DATABASE', `the database failed: ${err.message}`)
          : new ApiError('E_INTERNAL', err.message || 'internal error');
    return c.json(error.toJSON(), error.status as 400, error.headers);
  });

  if (options.webRoot && existsSync(join(options.webRoot, 'index.html'))) {
    const root = options.webRoot;
    app.get('*', (c) => {
      const path = normalize(safeDecode(c.req.path)).replace(/^(\.\.[/\\])+/, '');
      const file = join(root, path);
      // Inside the root only; anything else is the app's shell (the app routes with the hash).
      const target =
        file.startsWith(root) && existsSync(file) && extname(file) ? file : join(root, 'index.html');
      const type = MIME[extname(target)] ?? 'application/octet-stream';
      const cache = target.includes(`${join(root, 'assets')}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache';
      return c.body(readFileSync(target), 200, { 'content-type': type, 'cache-control': cache });
    });
  }
  return app;
}

/** A malformed escape (`/%E0`) is a path like any other, not an exception. */
function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function isDatabaseError(err: Error): boolean {
  return /SQLITE_|database|relation|connect ECONNREFUSED|terminating connection/i.test(
    `${err.name} ${err.message} ${(err as { code?: string }).code ?? ''}`,
  );
}
