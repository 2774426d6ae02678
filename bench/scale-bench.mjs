// Scale-out benchmark: a throwaway PostgreSQL, generated articles queued with `marsad ingest --queue`,
// drained by 1 and then 2 `marsad worker` processes; then how ingest and queries behave as the database
// grows from 10^4 to 10^6 events (10^6 skipped with MARSAD_SCALE_QUICK=1).
//   npm run bench:scale                    (builds first)
//   node bench/scale-bench.mjs [--articles 2000] [--sizes 10000,100000,1000000] [--reps 30] [--json]
// docs/scaling.md explains the figures.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const quick = process.env['MARSAD_SCALE_QUICK'] === '1';
const { values: opts } = parseArgs({
  options: {
    articles: { type: 'string', default: '2000' },
    'growth-articles': { type: 'string', default: '500' },
    sizes: { type: 'string', default: quick ? '10000,100000' : '10000,100000,1000000' },
    reps: { type: 'string', default: '30' },
    json: { type: 'boolean', default: false },
  },
});
const note = (msg) => process.stderr.write(`scale-bench: ${msg}\n`);
if (!existsSync(CLI)) {
  console.error('scale-bench: dist/ is missing; run `npm run build` first (npm run bench:scale does)');
  process.exit(1);
}
const load = (rel) => import(pathToFileURL(join(ROOT, 'dist', rel)).href);
const { startPostgres, findPostgresBin } = await load('store/throwaway-postgres.js');
const { openStore } = await load('store/open-store.js');
const { sql } = await import('kysely');
if (!findPostgresBin()) {
  console.error('scale-bench: PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install postgresql');
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------
// Articles composed from phrases written for this benchmark, varied by a seeded generator.

function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const OUTLETS = ['دير الزور 24', 'عنب بلدي', 'فرات بوست', 'نورث برس', 'بلدي نيوز', 'سمارت'];
const TOWNS = [
  'الميادين',
  'البوكمال',
  'هجين',
  'الرقة',
  'الطبقة',
  'منبج',
  'تدمر',
  'القامشلي',
  'الحسكة',
  'درعا',
];
const COUNTS = ['ثلاثة', 'أربعة', 'خمسة', 'سبعة', 'تسعة'];
const WHEN = ['صباح أمس', 'مساء أمس', 'فجر اليوم', 'ظهر اليوم'];
const PARTIES = ['قوات النظام', 'قوات سوريا الديمقراطية', 'فصائل المعارضة', 'عناصر تنظيم داعش'];
const PHRASES = [
  'شنت طائرات حربية، {w}، غارات على أطراف بلدة {t}، ما أسفر عن مقتل {n} مدنيين بينهم أطفال.',
  'داهمت {g} منازل في مدينة {t} {w} واعتقلت {n} شبان بتهمة التواصل مع جهات معادية.',
  'قتل مسلحون مجهولون، {w}، عنصرا من {g} بإطلاق النار عليه قرب دوار المدينة في {t}.',
  'انشق {n} عناصر من {g} في ريف {t}، {w}، ووصلوا إلى مناطق أخرى مع أسلحتهم.',
  'دارت مواجهات بين {g} ومسلحين محليين في محيط {t}، {w}، وسقط فيها {n} قتلى من الطرفين.',
  'انفجر لغم أرضي بسيارة تقل عناصر من {g} على الطريق الواصل إلى {t}، {w}، ما أدى لمقتل {n} منهم.',
];
function article(r, serial) {
  const pick = (l) => l[Math.floor(r() * l.length)];
  const day = new Date(Date.UTC(2016, 0, 1) + Math.floor(r() * 2500) * 864e5).toISOString().slice(0, 10);
  const town = pick(TOWNS);
  const body = Array.from({ length: 2 + Math.floor(r() * 3) }, (_, k) =>
    pick(PHRASES)
      .replace('{t}', k === 0 ? town : pick(TOWNS))
      .replace('{n}', pick(COUNTS))
      .replace('{w}', pick(WHEN))
      .replace('{g}', pick(PARTIES)),
  );
  return `${pick(OUTLETS)}\n${day.replaceAll('-', '.')} | 09:30 ${town}\n\n${body.join('\n\n')}\n\nالرقم ${serial}\n`;
}
function writeCorpus(dir, count, seed) {
  const r = seeded(seed);
  const lines = [];
  for (let i = 0; i < count; i++) lines.push(JSON.stringify({ text: article(r, `${seed}-${i}`) }));
  const path = join(dir, `articles-${seed}.jsonl`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

// ---------------------------------------------------------------------------------------------------

function run(args, { capture = true } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) =>
      code === 0
        ? resolve(capture ? out : '')
        : reject(new Error(`marsad ${args[0]} exited ${code}: ${err}`)),
    );
  });
}

/** Queues the corpus, runs `workers` worker processes until the queue is empty; wall time and CPU. */
async function drain(url, corpus, workers) {
  await run(['ingest', '--queue', '--db', url, '--json', '--batch', '50', corpus]);
  const started = performance.now();
  const outs = await Promise.all(
    Array.from({ length: workers }, () => run(['worker', '--db', url, '--until-empty', '--json'])),
  );
  const seconds = (performance.now() - started) / 1000;
  const summaries = outs.map((o) => JSON.parse(o.trim().split('\n').pop()).summary);
  return {
    seconds,
    articles: summaries.reduce((n, s) => n + s.articlesStored, 0),
    events: summaries.reduce((n, s) => n + s.eventsStored, 0),
    cpuSeconds: summaries.reduce((n, s) => n + s.cpuSeconds, 0),
  };
}

/** Bulk events by generate_series, in the shape the API filters read (see test/queue/query-plans.test.ts). */
async function grow(store, events) {
  const { rows } = await sql`SELECT coalesce(max(id), 0) AS m FROM documents`.execute(store.db);
  const base = Number(rows[0].m);
  const docs = Math.ceil(events / 3);
  await sql`INSERT INTO documents (content_hash, raw, text_norm, search_text, outlet, published, ingested_at)
    SELECT md5('bulk' || g), 'نص ' || g, 'نص ' || g, 'نص تقرير ' || g, 'outlet ' || (g % 60),
      to_char(date '2014-01-01' + ((g - ${base}::int)::bigint * 3650 / ${docs}::int)::int, 'YYYY-MM-DD'),
      '2024-01-01'
    FROM generate_series(${base + 1}::int, ${base + docs}::int) g`.execute(store.db);
  await sql`INSERT INTO events (document_id, type, evidence_start, evidence_end, evidence_text, trigger_start,
      trigger_end, trigger_text, actor, target, place_name, admin1, admin2, admin3, place_id, date_start,
      date_end, when_start, when_end, certainty, charges_json, rules_json, lexicon_json, search_text)
    SELECT d, (ARRAY['airstrike','shelling','arrest','armed_clash','assassination','defection'])[1 + floor(6 * power(random(), 2))::int],
      0, 10, 'جملة', 0, 3, 'قتل', 'group' || (floor(200 * power(random(), 2)))::int, 'group' || (g % 50),
      'place' || p, 'area' || (p / 150), 'district' || (p / 17), 'sub' || (p / 3), 'p' || p,
      day, day, day, day, 'reported', '[]', '[]', '[]', 'كلمه' || (g % 3000) || ' تقرير عاجل'
    FROM (SELECT g, ${base}::int + 1 + (g - 1) / 3 AS d, (floor(2000 * power(random(), 2)))::int AS p,
            to_char(date '2014-01-01' + ((g::bigint - 1) / 3 * 3650 / ${docs})::int, 'YYYY-MM-DD') AS day
          FROM generate_series(1, ${events}::int) g) s`.execute(store.db);
  // The bulk rows sit in one incident of a type of their own: they are query load, not reports for the
  // benchmark's articles to merge with (placing a backfill is measured by bench:store).
  await sql`INSERT INTO incidents (type, sources_count, corroboration, values_json)
    SELECT 'bulk', 0, 0, '{}' WHERE NOT EXISTS (SELECT 1 FROM incidents WHERE type = 'bulk')`.execute(
    store.db,
  );
  await sql`UPDATE events SET incident_id = (SELECT id FROM incidents WHERE type = 'bulk')
    WHERE incident_id IS NULL AND document_id > ${base}::int`.execute(store.db);
  await sql`ANALYZE`.execute(store.db);
}

const QUERIES = {
  'listEvents type': { types: ['assassination'] },
  'listEvents actor': { actor: 'group120' },
  'listEvents placeName': { placeName: 'district40' },
  'listEvents outlet': { outlet: 'outlet 7' },
  'listEvents text': { text: 'كلمه1234' },
  'countEvents type + month': { types: ['arrest'], from: '2019-03-01', to: '2019-03-31' },
};

async function queryTimes(store, reps) {
  const out = {};
  for (const [name, filter] of Object.entries(QUERIES)) {
    const call = name.startsWith('count') ? (f) => store.countEvents(f) : (f) => store.listEvents(f);
    for (let i = 0; i < 3; i++) await call(filter);
    const times = [];
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      await call(filter);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    out[name] = {
      p50: times[Math.floor(times.length / 2)],
      p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)],
    };
  }
  return out;
}

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  loadStart: loadavg()[0],
};
const dir = mkdtempSync(join(tmpdir(), 'marsad-scale-'));
const server = await startPostgres({ durable: true });
const result = { machine, throughput: [], growth: [] };
try {
  const articles = Number(opts.articles);
  const corpus = writeCorpus(dir, articles, 1);
  for (const workers of [1, 2]) {
    const url = await server.createDatabase(`throughput_${workers}`);
    note(`${articles} articles, ${workers} worker process(es)…`);
    const r = await drain(url, corpus, workers);
    const row = {
      workers,
      ...r,
      articlesPerSecond: r.articles / r.seconds,
      cpuSecondsPer1000: (r.cpuSeconds / r.articles) * 1000,
    };
    result.throughput.push(row);
    note(JSON.stringify(row));
  }
  const url = await server.createDatabase('growth');
  const store = await openStore(url);
  let events = 0;
  try {
    for (const [k, size] of opts.sizes.split(',').map(Number).entries()) {
      note(`growing to ${size} events…`);
      const started = performance.now();
      await grow(store, size - events);
      const bulkSeconds = (performance.now() - started) / 1000;
      events = size;
      const ingestCorpus = writeCorpus(dir, Number(opts['growth-articles']), 100 + k);
      const r = await drain(url, ingestCorpus, 2);
      events += r.events;
      const queries = await queryTimes(store, Number(opts.reps));
      const { rows } = await sql`SELECT pg_database_size(current_database()) AS b`.execute(store.db);
      note(`${events} events: ${JSON.stringify(queries)}`);
      result.growth.push({
        events,
        bulkSeconds,
        ingestArticlesPerSecond: r.articles / r.seconds,
        databaseMB: Number(rows[0].b) / 2 ** 20,
        queries,
      });
    }
  } finally {
    await store.close();
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  machine.loadEnd = loadavg()[0];
}

if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  const f = (n, d = 1) => n.toFixed(d);
  console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`);
  console.log(`load ${f(machine.loadStart, 2)} → ${f(machine.loadEnd, 2)}\n`);
  console.log('workers  articles  seconds  articles/s  CPU-s per 1,000 articles (workers)');
  for (const t of result.throughput)
    console.log(
      `${String(t.workers).padEnd(9)}${String(t.articles).padEnd(10)}${f(t.seconds).padEnd(9)}${f(t.articlesPerSecond).padEnd(12)}${f(t.cpuSecondsPer1000)}`,
    );
  console.log('\nevents     DB MB   ingest articles/s (2 workers)  query p95 ms');
  for (const g of result.growth)
    console.log(
      `${String(g.events).padEnd(11)}${f(g.databaseMB, 0).padEnd(8)}${f(g.ingestArticlesPerSecond).padEnd(31)}` +
        Object.entries(g.queries)
          .map(([k, v]) => `${k.replace('listEvents ', '').replace('countEvents ', 'count ')} ${f(v.p95)}`)
          .join(', '),
    );
}
