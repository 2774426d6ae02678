// Load test of `marsad serve` over a socket: the built CLI is started as a child process on loopback over
// a fresh SQLite database (the repository's test fixtures, the sample corpus and generated variants of
// them), and autocannon, in this process, sends a mixed load for LOAD_DURATION seconds: event lists with
// filters, aggregates, search, event and incident pages, documents, and writes (ingest of a new article,
// reviews) with a token. Reports requests/s, latency percentiles, non-2xx responses and errors, and the
// server's resident memory (VmRSS) after a warm-up, at its highest, and at the end.
//   npm run bench:load                       (builds first)
//   LOAD_DURATION=60 LOAD_CONNECTIONS=10 LOAD_GENERATED=400 LOAD_WRITE_SHARE=0.02 node bench/load-test.mjs [--json]
//   LOAD_RATE_LIMIT=off|R,W                  the server's --rate-limit (default off: the server's own
//                                            limits would turn most of a load test into 429s)
/* global fetch, setInterval, clearInterval */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const env = (name, fallback) => process.env[name] ?? fallback;
const DURATION = Number(env('LOAD_DURATION', '60'));
const WARMUP = Number(env('LOAD_WARMUP', '5'));
const CONNECTIONS = Number(env('LOAD_CONNECTIONS', '10'));
const GENERATED = Number(env('LOAD_GENERATED', '400'));
const WRITE_SHARE = Number(env('LOAD_WRITE_SHARE', '0.02'));
const RATE_LIMIT = env('LOAD_RATE_LIMIT', 'off');
const json = process.argv.includes('--json');
const note = (msg) => process.stderr.write(`load-test: ${msg}\n`);

if (!existsSync(CLI)) {
  note(`${CLI} is missing: run npm run build`);
  process.exit(1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const run = (args) => execFileSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
const rssKb = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
};

/** Text articles of the fixtures and samples: the corpus, and the seeds of the generated ones. */
function seedArticles() {
  const dirs = ['test/fixtures/dev/articles', 'test/fixtures/heldout/articles', 'samples/articles'];
  return dirs.flatMap((d) =>
    readdirSync(join(ROOT, d))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => readFileSync(join(ROOT, d, f), 'utf8')),
  );
}

/** The i-th variant of a seed: its dateline moved by i days and a closing line that makes it new. */
function variant(seed, i) {
  const shifted = seed.replace(/^(\d{4})\.(\d{2})\.(\d{2})/, (_m, y, mo, d) => {
    const t = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)) + i * 86_400_000);
    return t.toISOString().slice(0, 10).replaceAll('-', '.');
  });
  return `${shifted.trimEnd()}\n\nتحديث رقم ${i + 1}.\n`;
}

const work = mkdtempSync(join(tmpdir(), 'marsad-load-'));
const db = join(work, 'load.db');
let child;
try {
  // ---- The database -------------------------------------------------------------------------------
  const seeds = seedArticles();
  const generatedDir = join(work, 'generated');
  mkdirSync(generatedDir);
  for (let i = 0; i < GENERATED; i++)
    writeFileSync(join(generatedDir, `g${i}.txt`), variant(seeds[i % seeds.length], i + 1));
  const t0 = Date.now();
  run([
    'ingest',
    '--db',
    db,
    '-q',
    join(ROOT, 'test/fixtures/dev/articles'),
    join(ROOT, 'test/fixtures/heldout/articles'),
    join(ROOT, 'test/fixtures/ingest/article.html'),
    join(ROOT, 'samples/articles'),
    generatedDir,
  ]);
  const stats0 = JSON.parse(run(['stats', '--db', db, '--json']).split('\n')[0]);
  note(
    `database: ${stats0.documents} documents, ${stats0.events} events (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  const { token } = JSON.parse(run(['user', 'add', 'load', '--json', '--db', db]));

  // ---- The server ---------------------------------------------------------------------------------
  const port = await freePort();
  child = spawn(
    process.execPath,
    [
      CLI,
      'serve',
      '--db',
      db,
      '--port',
      String(port),
      '--rate-limit',
      RATE_LIMIT,
      '--web',
      join(work, 'no-web'),
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || i > 300) throw new Error(`marsad serve did not start: ${stderr}`);
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await sleep(100);
  }
  const get = async (path) => (await fetch(`${base}${path}`)).json();
  const events = (await get('/api/events?limit=500')).items;
  const incidents = (await get('/api/incidents?minSources=2&limit=200')).items;
  const places = [...new Set(events.map((e) => e.location?.admin1).filter(Boolean))];
  const outlets = [...new Set(events.map((e) => e.outlet).filter(Boolean))];
  const pick = (list, i) => list[i % list.length];

  // ---- The mix ------------------------------------------------------------------------------------
  // Reads as the web app makes them; each connection walks its own offset through the lists.
  let serial = 0;
  const reads = [
    () => `/api/events?limit=50`,
    (i) =>
      `/api/events?type=${pick(['defection', 'execution', 'airstrike', 'armed_clash', 'arrest'], i)}&limit=50`,
    (i) => `/api/events?place=${encodeURIComponent(pick(places, i))}&from=2017-01-01&limit=50`,
    (i) => `/api/events?outlet=${encodeURIComponent(pick(outlets, i))}&review=any&limit=50`,
    () => `/api/stats`,
    (i) => `/api/stats/timeline?bucket=auto&type=${pick(['defection', 'execution', 'assassination'], i)}`,
    () => `/api/stats/cohesion?group=isis&weeks=12`,
    (i) =>
      `/api/search?q=${encodeURIComponent(pick(['داعش', 'انشقاق', 'غارات جوية', 'الميادين', 'إعدام'], i))}`,
    (i) => `/api/events/${pick(events, i * 7).id}`,
    (i) => `/api/incidents/${pick(incidents.length ? incidents : [{ id: 1 }], i).id}`,
    () => `/api/events.geojson?limit=5000`,
    (i) => `/api/documents/${pick(events, i * 3).documentId}`,
  ];
  const REVIEW_ACTIONS = ['confirm', 'reset', 'reject', 'reset'];
  const writeRequest = (i) =>
    i % 2 === 0
      ? {
          method: 'POST',
          path: '/api/documents',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ text: variant(pick(seeds, i), 100_000 + i), outlet: 'load test' }),
        }
      : {
          method: 'POST',
          path: `/api/events/${pick(events, i).id}/review`,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ action: pick(REVIEW_ACTIONS, i >> 1), note: 'load test' }),
        };
  const counts = { reads: 0, writes: 0 };
  const nextRequest = (req) => {
    const i = serial++;
    // Deterministic interleaving: one write every 1/WRITE_SHARE requests.
    const every = WRITE_SHARE > 0 ? Math.max(1, Math.round(1 / WRITE_SHARE)) : Infinity;
    if (i % every === every - 1) {
      return { ...req, ...writeRequest(counts.writes++) };
    }
    counts.reads++;
    return {
      ...req,
      method: 'GET',
      path: reads[i % reads.length](Math.floor(i / reads.length)),
      body: undefined,
      headers: {},
    };
  };
  const cannon = (duration) =>
    autocannon({
      url: base,
      connections: CONNECTIONS,
      duration,
      timeout: 30,
      requests: [{ setupRequest: nextRequest }],
    });

  note(`warm-up: ${WARMUP} s, ${CONNECTIONS} connections`);
  if (WARMUP > 0) await cannon(WARMUP);
  const rssWarm = rssKb(child.pid);
  counts.reads = counts.writes = 0;
  let rssMax = rssWarm;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssKb(child.pid))), 1000);
  note(
    `load: ${DURATION} s, ${CONNECTIONS} connections, ${(WRITE_SHARE * 100).toFixed(1)} % writes, rate limit ${RATE_LIMIT}`,
  );
  const result = await cannon(DURATION);
  clearInterval(sampler);
  const rssEnd = rssKb(child.pid);
  const stats1 = await get('/api/stats');

  const report = {
    machine: {
      cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadavg: loadavg().map((l) => Number(l.toFixed(2))),
      node: process.version,
    },
    database: {
      before: { documents: stats0.documents, events: stats0.events },
      after: { documents: stats1.documents, events: stats1.events },
    },
    load: {
      durationS: DURATION,
      connections: CONNECTIONS,
      writeShare: WRITE_SHARE,
      rateLimit: RATE_LIMIT,
      sent: { ...counts },
    },
    requests: {
      total: result.requests.total,
      perSecondMean: result.requests.average,
      perSecondMin: result.requests.min,
      perSecondMax: result.requests.max,
    },
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: Number(result.latency.average.toFixed(2)),
    },
    responses: {
      '2xx': result['2xx'],
      non2xx: result.non2xx,
      '4xx': result['4xx'],
      '5xx': result['5xx'],
      errors: result.errors,
      timeouts: result.timeouts,
    },
    rssMiB: {
      afterWarmup: Number((rssWarm / 1024).toFixed(1)),
      max: Number((rssMax / 1024).toFixed(1)),
      end: Number((rssEnd / 1024).toFixed(1)),
    },
  };
  if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    const r = report;
    process.stdout.write(
      [
        `machine:   ${r.machine.cpus}, ${r.machine.memoryGiB} GiB, load ${r.machine.loadavg.join(' ')}, node ${r.machine.node}`,
        `database:  ${r.database.before.documents} documents, ${r.database.before.events} events before; ${r.database.after.documents} documents after`,
        `load:      ${DURATION} s, ${CONNECTIONS} connections, ${r.load.sent.reads} reads + ${r.load.sent.writes} writes sent, rate limit ${RATE_LIMIT}`,
        `requests:  ${r.requests.total} (${r.requests.perSecondMean.toFixed(1)}/s mean, ${r.requests.perSecondMin}–${r.requests.perSecondMax}/s)`,
        `latency:   p50 ${r.latencyMs.p50} ms, p90 ${r.latencyMs.p90} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms`,
        `responses: ${r.responses['2xx']} 2xx, ${r.responses.non2xx} non-2xx (${r.responses['4xx']} 4xx, ${r.responses['5xx']} 5xx), ${r.responses.errors} errors, ${r.responses.timeouts} timeouts`,
        `server RSS: ${r.rssMiB.afterWarmup} MiB after warm-up, ${r.rssMiB.max} MiB max, ${r.rssMiB.end} MiB at the end`,
        '',
      ].join('\n'),
    );
  }
  if (result.errors > 0 || result['5xx'] > 0) process.exitCode = 1;
} finally {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  rmSync(work, { recursive: true, force: true });
}
