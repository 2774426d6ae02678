// Page loads of the web app on a large database: the API calls each page makes, timed in process
// (Hono's app.request, no socket), and — when the web app is built and Chromium is there — the page in a
// real browser until the network is idle.
//   npm run bench:api            (builds first; needs the query database of `npm run bench:store`)
//   node bench/api-bench.mjs [--db PATH] [--reps 20] [--no-browser] [--json]
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const ROOT = here('..');
const { values: opts } = parseArgs({
  options: {
    db: { type: 'string' },
    reps: { type: 'string', default: '20' },
    'no-browser': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const reps = Number(opts.reps);
const note = (msg) => process.stderr.write(`api-bench: ${msg}\n`);

/** The largest cached query database of the store benchmark. */
function findDatabase() {
  if (opts.db) return opts.db;
  const dir = join(ROOT, '.tmp', 'bench');
  const dbs = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^store-queries-.*\.db$/.test(f))
        .map((f) => join(dir, f))
        .sort((a, b) => statSync(b).size - statSync(a).size)
    : [];
  if (!dbs.length) {
    note('no query database: run `npm run bench:store` first (it builds and caches one), or pass --db');
    process.exit(1);
  }
  return dbs[0];
}

const load = async (rel) => import(pathToFileURL(join(ROOT, 'dist', rel)).href);
const { createApp } = await load('server/app.js');
const { openStore } = await load('store/open-store.js');
const { loadResources } = await load('resources/load-resources.js');
const { loadGroupNames } = await load('resources/group-names.js');

// A copy: the benchmark must not change the cached database (the migrations may add columns).
const source = findDatabase();
const work = mkdtempSync(join(tmpdir(), 'marsad-api-bench-'));
const dbPath = join(work, 'bench.db');
copyFileSync(source, dbPath);
const store = await openStore(dbPath);
// As `marsad serve` does on start: planner statistics when the database has none.
await store.optimize({ onlyIfNeverAnalyzed: true });
const resources = loadResources();
const app = createApp({
  store,
  resources,
  provenance: { resourcesVersion: resources.version, marsadVersion: 'bench' },
  groupNames: loadGroupNames(),
  version: 'bench',
  openReads: true,
});
const events = await store.countEvents({});
note(`database ${source}: ${events} events`);

const place = encodeURIComponent('دير الزور');
/** The API calls each page makes when it opens (see web/src/pages). */
const PAGES = {
  overview: [
    '/api/stats',
    '/api/stats/timeline?bucket=week',
    '/api/stats/cohesion?group=isis',
    '/api/groups',
  ],
  'events table (defections in Deir ez-Zor)': [`/api/events?type=defection&place=${place}&limit=50`],
  'events table (no filter)': ['/api/events?limit=50'],
  map: ['/api/events.geojson', `/api/places`],
  search: [`/api/search?q=${encodeURIComponent('انشقاق')}`],
};

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const results = [];
for (const [page, paths] of Object.entries(PAGES)) {
  const times = [];
  for (let i = 0; i < reps + 1; i++) {
    const t = performance.now();
    // The browser issues a page's calls together; one Node thread serves them one after the other.
    const responses = await Promise.all(paths.map((p) => app.request(p)));
    for (const r of responses) {
      if (r.status !== 200) throw new Error(`${r.url}: ${r.status} ${await r.text()}`);
      await r.arrayBuffer();
    }
    if (i > 0) times.push(performance.now() - t); // the first is a warm-up
  }
  times.sort((a, b) => a - b);
  results.push({ page, calls: paths.length, p50: pct(times, 50), p95: pct(times, 95) });
}
await store.close();

let browser = null;
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!opts['no-browser'] && existsSync(join(ROOT, 'dist', 'web', 'index.html')) && existsSync(chromium)) {
  browser = await browserLoads(chromium);
} else if (!opts['no-browser']) note('browser timing skipped: build the web app and install chromium');
rmSync(work, { recursive: true, force: true });

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  node: process.version,
  load: loadavg().map((x) => Number(x.toFixed(2))),
};
if (opts.json) console.log(JSON.stringify({ machine, events, api: results, browser }, null, 2));
else {
  console.log(
    `\nAPI page loads on ${events} events (${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load ${machine.load.join(' ')})`,
  );
  console.log('page                                        calls   p50 ms   p95 ms');
  for (const r of results)
    console.log(
      `${r.page.padEnd(44)}${String(r.calls).padStart(5)}${r.p50.toFixed(1).padStart(9)}${r.p95.toFixed(1).padStart(9)}`,
    );
  if (browser) {
    console.log(
      '\nbrowser (Chromium headless, until the page shows its data), median of 5 runs after a warm-up',
    );
    for (const b of browser) console.log(`${b.page.padEnd(44)}${b.median.toFixed(0).padStart(9)} ms`);
  }
}

/** Starts `marsad serve` on the copy and loads each page in Chromium; median time to network idle. */
async function browserLoads(executablePath) {
  const { chromium } = await import('playwright-core');
  const server = spawn(
    process.execPath,
    [join(ROOT, 'dist', 'cli', 'main.js'), 'serve', '--db', dbPath, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = /at (http:\/\/[^ ]+?)\/?\n/.exec(out);
      if (m) resolve(m[1]);
    });
    server.once('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
  const b = await chromium.launch({ executablePath, headless: true });
  const out = [];
  try {
    // Time until the page shows its data (the element a reader looks for), not until the network is
    // idle: "networkidle" waits 500 ms of silence by definition.
    const pages = {
      overview: [
        '/#/',
        async (p) => {
          await p.getByTestId('timeline-chart').locator('rect').first().waitFor();
          await p.getByTestId('signal-defection').waitFor();
        },
      ],
      'events table (defections in Deir ez-Zor)': [
        `/#/events?type=defection&place=${place}`,
        (p) => p.getByTestId('event-row').first().waitFor(),
      ],
      map: ['/#/map', (p) => p.getByTestId('map').locator('canvas').waitFor()],
    };
    for (const [page, [path, ready]] of Object.entries(pages)) {
      const times = [];
      for (let i = 0; i < 6; i++) {
        const ctx = await b.newContext();
        const p = await ctx.newPage();
        const t = performance.now();
        await p.goto(base + path);
        await ready(p);
        if (i > 0) times.push(performance.now() - t);
        await ctx.close();
      }
      times.sort((x, y) => x - y);
      out.push({ page, median: times[Math.floor(times.length / 2)] });
    }
  } finally {
    await b.close();
    server.kill('SIGTERM');
  }
  return out;
}
