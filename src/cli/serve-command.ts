/** `marsad serve`: the HTTP API and the web app over a database, in one process. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createExtractPool } from '../ingest/extract-pool.js';
import { ingest } from '../ingest/ingest.js';
import { currentProvenance, marsadVersion } from '../ingest/provenance.js';
import { loadGroupNames } from '../resources/group-names.js';
import { packageRoot } from '../resources/package-root.js';
import type { Resources } from '../resources/resources.js';
import { createApp } from '../server/app.js';
import { createPersonsRefresher } from '../server/persons-refresher.js';
import { parseCorsOrigins } from '../server/cors.js';
import { DEFAULT_RATE_LIMITS, parseRateLimit } from '../server/rate-limit.js';
import { defaultSourcesPath } from '../watch/sources/source-config.js';
import { watchLoop } from '../watch/watch-loop.js';
import type { Store } from '../store/store.js';
import { DB_OPTION_HELP, describeDb, openCommandStore, resolveDbUrl } from './db-option.js';
import { reasonOf } from './errors.js';
import type { CommandIO } from './extract-command.js';
import { LEXICONS_OPTION_HELP, loadCommandResources } from './lexicons-option.js';
import { intOption, reportCommandError, usage } from './query-options.js';

export const SERVE_HELP = `Usage: marsad serve [options]

Serves the HTTP API (/api/…, OpenAPI at /api/openapi.json) and the web app (/) over the
database. Reads are open when listening on 127.0.0.1 (the default); writes (ingest,
review) need a token from \`marsad user add NAME\`. Listening on another address
(--host 0.0.0.0) makes reads need a token too.

Options:
${DB_OPTION_HELP}
  --port N                 the port (default 8080; 0 picks a free one)
  --host ADDRESS           the address to listen on (default 127.0.0.1)
  --samples                when the database holds no document, ingest the bundled
                           sample corpus (samples/articles) first
  --watch                  also follow the sources of the sources file (as marsad watch)
  --sources FILE           the sources file for --watch
  --web DIR                the built web app to serve (default: dist/web of the package)
${LEXICONS_OPTION_HELP}
  --max-body MB            largest request body (default 20)
  --rate-limit R,W         requests per minute and client (a token's user, else the
                           address): R reads, W writes (default 1200,120); \`off\` turns
                           limits off (load tests). Loopback clients are limited too
  --cors-origin LIST       origins (https://a.example,…) whose scripts may call the
                           API; none by default (the web app needs none)
  -h, --help               show this help
`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

async function ingestSamples(store: Store, io: CommandIO, resources: Resources): Promise<void> {
  if ((await store.stats()).documents > 0) return;
  const dir = join(packageRoot(), 'samples', 'articles');
  if (!existsSync(dir)) return;
  const pool = await createExtractPool({ workers: 1, resources });
  try {
    const s = await ingest([dir], { store, pool, resources, provenance: currentProvenance(resources) });
    io.stderr.write(`ingested the sample corpus: ${s.stored} documents, ${s.events} events\n`);
  } finally {
    await pool.close();
  }
}

/** The value of an option parser, or a usage error naming the option. */
function optionOf<T>(parse: () => T, name: string): T {
  try {
    return parse();
  } catch (err) {
    throw usage(`${name}: ${(err as Error).message}`, 'serve');
  }
}

export async function runServe(argv: readonly string[], io: CommandIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        db: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        samples: { type: 'boolean' },
        watch: { type: 'boolean' },
        sources: { type: 'string' },
        web: { type: 'string' },
        lexicons: { type: 'string' },
        'max-body': { type: 'string' },
        'rate-limit': { type: 'string' },
        'cors-origin': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(SERVE_HELP);
      return 0;
    }
    if (positionals.length) throw usage(`unexpected argument '${positionals[0]}'`, 'serve');
    const port = intOption(values.port, 'port', 'serve', 0) ?? 8080;
    if (port > 65535) throw usage(`--port must be 0…65535, got '${port}'`, 'serve');
    const maxBodyMb = values['max-body'] === undefined ? 20 : Number(values['max-body']);
    if (!(maxBodyMb > 0))
      throw usage(`--max-body must be a positive number of MB, got '${values['max-body']}'`, 'serve');
    const rateLimitValue = values['rate-limit'];
    const rateLimit = optionOf(
      () => (rateLimitValue === undefined ? DEFAULT_RATE_LIMITS : parseRateLimit(rateLimitValue)),
      '--rate-limit',
    );
    const corsOrigins = optionOf(() => parseCorsOrigins(values['cors-origin'] ?? ''), '--cors-origin');
    const host = values.host ?? '127.0.0.1';
    const dbUrl = resolveDbUrl(values.db);
    const resources = loadCommandResources(values.lexicons);
    const store = await openCommandStore(dbUrl);
    if (values.samples) await ingestSamples(store, io, resources);
    // Statistics for the planner: a database filled by an older version may have none.
    await store.optimize({ onlyIfNeverAnalyzed: true });
    const webRoot = values.web ?? join(packageRoot(), 'dist', 'web');
    // One person resolution per burst of ingests, a second after its first (it reads the whole database).
    const persons = createPersonsRefresher(
      () => store.rebuildPersons(resources.nisbas),
      1000,
      (err) => io.stderr.write(`marsad: resolving persons failed: ${reasonOf(err)}\n`),
    );
    const app = createApp({
      persons,
      store,
      resources,
      provenance: currentProvenance(resources),
      groupNames: loadGroupNames(resources.loadedWith?.lexicons ?? false),
      version: marsadVersion(),
      openReads: LOOPBACK.has(host),
      webRoot,
      maxBody: Math.floor(maxBodyMb * 1024 * 1024),
      rateLimit: rateLimit ?? false,
      corsOrigins,
    });
    if (!existsSync(join(webRoot, 'index.html')))
      io.stderr.write(`no web app in ${webRoot} (run \`npm run build\`): serving the API only\n`);
    const watching = new AbortController();
    const loop = values.watch
      ? watchLoop({
          store,
          resources,
          sourcesPath: values.sources ?? defaultSourcesPath(),
          workers: 1,
          signal: watching.signal,
          onError: (where, error) => io.stderr.write(`marsad: watch: ${where}: ${error.message}\n`),
        }).catch((err: unknown) => io.stderr.write(`marsad: watch stopped: ${reasonOf(err)}\n`))
      : Promise.resolve();
    await new Promise<void>((resolve, reject) => {
      const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
        const shown = host.includes(':') ? `[${host}]` : host;
        io.stdout.write(`marsad: serving ${describeDb(dbUrl)} at http://${shown}:${info.port}/\n`);
      });
      server.on('error', (err) => reject(err));
      const stop = () => {
        watching.abort();
        server.close(
          () =>
            void loop
              .then(() => persons.flush())
              .then(() => store.close())
              .then(() => resolve()),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  } catch (err) {
    return reportCommandError(err, io.stderr, 'serve');
  }
}
