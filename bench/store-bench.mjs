// Store benchmark: ingest throughput and query latency on SQLite and PostgreSQL.
//   npm run bench:store            (builds first)
//   node bench/store-bench.mjs [--docs 1000] [--runs 3] [--events 200000] [--reps 50] [--base-docs 3000]
//                              [--rebuild] [--no-postgres] [--postgres-queries] [--skip-ingest]
//                              [--skip-queries] [--postgres-url URL] [--json]
// --postgres-url times the queries on an existing PostgreSQL database instead of building one (it is
// migrated, not changed otherwise).
// Articles are generated from samples/articles (places, persons, numbers, outlets and dates substituted).
// The query database is cached under .tmp/bench/; --rebuild builds it anew. docs/performance.md explains.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const ROOT = here('..');
/** Bump when the generated data change: the cached query database is keyed by it. */
const GENERATOR_VERSION = 3;

const { values: opts } = parseArgs({
  options: {
    docs: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    events: { type: 'string', default: '200000' },
    reps: { type: 'string', default: '50' },
    'base-docs': { type: 'string', default: '3000' },
    rebuild: { type: 'boolean', default: false },
    'no-postgres': { type: 'boolean', default: false },
    'postgres-queries': { type: 'boolean', default: false },
    'postgres-url': { type: 'string' },
    'skip-ingest': { type: 'boolean', default: false },
    'skip-queries': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const docCount = Number(opts.docs);
const runs = Number(opts.runs);
const targetEvents = Number(opts.events);
const reps = Number(opts.reps);
const baseDocs = Number(opts['base-docs']);
if (![docCount, runs, targetEvents, reps, baseDocs].every((n) => Number.isInteger(n) && n > 0)) {
  console.error('store-bench: --docs, --runs, --events, --reps and --base-docs must be positive integers');
  process.exit(2);
}

/** Progress goes to stderr so that --json output stays clean. */
const note = (msg) => process.stderr.write(`store-bench: ${msg}\n`);

async function load(rel) {
  const path = join(ROOT, 'dist', rel);
  if (!existsSync(path)) {
    console.error(`store-bench: ${path} is missing; run \`npm run build\` first (npm run bench does)`);
    process.exit(1);
  }
  return import(pathToFileURL(path).href);
}

const { extract, loadResources, EVENT_TYPES } = await load('index.js');
const { parseHeader } = await load('ingest/header.js');
const { ingest } = await load('ingest/ingest.js');
const { createExtractPool } = await load('ingest/extract-pool.js');
const { currentProvenance } = await load('ingest/provenance.js');
const { openStore } = await load('store/index.js');
const { startPostgres, findPostgresBin } = await load('store/throwaway-postgres.js');
const { default: SQLite } = await import('better-sqlite3');
const { sql } = await import('kysely');

// ---------------------------------------------------------------------------------------------------
// Article generator: the sample articles with their places, persons, numbers, outlet and date varied.

/** Deterministic PRNG (mulberry32): the same seed gives the same corpus on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A picker favouring the first items (Zipf-like): a few places, persons and outlets are common. */
function zipf(items, s) {
  const cum = [];
  let total = 0;
  for (let i = 0; i < items.length; i++) cum.push((total += 1 / Math.pow(i + 1, s)));
  return (r) => {
    const x = r() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
}

function shuffled(items, r) {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const tsvRows = (file) =>
  readFileSync(join(ROOT, 'data/lexicons', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .slice(1)
    .map((l) => l.split('\t'));

/** Outlet names (one spelling each). */
const OUTLETS = [...new Set(tsvRows('outlets.tsv').map((c) => c[1]))].filter((n) => !n.includes('_'));
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sha = (s) => createHash('sha256').update(s).digest('hex');
const DAY = 864e5;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (iso) => Date.parse(`${iso}T00:00:00Z`);
/** Publication dates spread over ten years, so that date filters select a realistic share. */
const FIRST_DAY = Date.UTC(2014, 0, 1);
const SPAN_DAYS = 3652;
/** Gazetteer kinds substituted for one another: settlements, not regions or sites. */
const SETTLEMENT = new Set(['city', 'town', 'village']);

/**
 * A name substitution over a text: every whole-word occurrence of a key, also after a one-letter
 * proclitic ("بالميادين"), is replaced; `edits` records where, for remapping offsets.
 */
function substitution(map, protect) {
  const keys = [...map.keys()].sort((a, b) => b.length - a.length);
  const re = keys.length
    ? new RegExp(`(?<!\\p{L})([وبفلك]?)(${keys.map(escapeRe).join('|')})(?!\\p{L})`, 'gu')
    : null;
  return {
    /** The text with the names replaced, and the edits in old coordinates. */
    apply(text) {
      if (!re) return { text, edits: [] };
      const kept = protect ? [...text.matchAll(protect)].map((m) => [m.index, m.index + m[0].length]) : [];
      const edits = [];
      let out = '';
      let last = 0;
      for (const m of text.matchAll(re)) {
        const start = m.index + m[1].length;
        const end = m.index + m[0].length;
        if (kept.some(([a, b]) => start < b && end > a)) continue;
        const to = map.get(m[2]);
        out += text.slice(last, start);
        edits.push({ start, end, newStart: out.length, newEnd: out.length + to.length });
        out += to;
        last = end;
      }
      return { text: out + text.slice(last), edits };
    },
    rename: (s) => (re && s ? s.replace(re, (_, clitic, name) => clitic + map.get(name)) : s),
  };
}

/** Maps an offset of the old text to the new one (an offset inside a replaced name snaps to its ends). */
function remap(edits, offset, isEnd) {
  let shift = 0;
  for (const e of edits) {
    if (offset <= e.start) break;
    if (offset >= e.end) {
      shift = e.newEnd - e.end;
      continue;
    }
    return isEnd ? e.newEnd : e.newStart;
  }
  return offset + shift;
}

function createGenerator(resources, seed) {
  const gaz = resources.gazetteer;
  const r0 = rng(seed);
  const outlets = OUTLETS;
  const months = tsvRows('months.tsv').map((c) => c[1]);
  const given = tsvRows('given-names.tsv')
    .filter((c) => c[2] === 'm')
    .map((c) => c[1]);
  const nisbas = tsvRows('nisbas.tsv').map((c) => c[1]);
  const places = shuffled(
    gaz.places.filter(
      (p) => SETTLEMENT.has(p.kind) && (p.country === 'SY' || p.country === 'IQ') && !/[()]/.test(p.nameAr),
    ),
    r0,
  );
  const placeByName = new Map(places.map((p) => [p.nameAr, p]));
  // Persons of the generated world: a kunya with a nisba and a given name with a family name each, so
  // that a report naming someone both ways ("X المكنى أبو Y") links the same two names every time.
  const fullNames = shuffled(
    given.flatMap((g) => given.filter((f) => f !== g).map((f) => `${g} ال${f}`)),
    r0,
  );
  const persons = shuffled(
    given.flatMap((g) => nisbas.map((n) => ({ kunya: g, nisba: n }))),
    r0,
  )
    .slice(0, 5000)
    .map((p, k) => ({ ...p, full: fullNames[k] }));
  const pick = {
    outlet: zipf(shuffled(outlets, r0), 0.8),
    place: zipf(places, 0.9),
    person: zipf(persons, 0.9),
  };
  /** The name of a person in the shape of the name it replaces. */
  const nameLike = (old, p) =>
    !old.startsWith('أبو ')
      ? p.full
      : /^ال/.test(old.split(' ').at(-1))
        ? `أبو ${p.kunya} ${p.nisba}`
        : `أبو ${p.kunya}`;
  /** Substitutes each person (a cluster of names: a name and its aliases) with a generated one. */
  const mapPersons = (map, clusters, r) => {
    for (const names of clusters) {
      const p = pick.person(r);
      for (const n of names) map.set(n, nameLike(n, p));
    }
  };
  const monthRe = new RegExp(months.map(escapeRe).join('|'));
  const outletRe = new RegExp(
    [...outlets]
      .sort((a, b) => b.length - a.length)
      .map(escapeRe)
      .join('|'),
    'g',
  );

  /**
   * The settlements a text names, as written in `body`, and its persons: each a cluster of the names the
   * extraction tied together (a name and its aliases).
   */
  function namesOf(result, body) {
    const placeNames = new Set();
    const clusterOf = new Map();
    for (const e of result.entities) {
      const p = e.type === 'place' && e.entry ? gaz.byId.get(e.entry) : undefined;
      if (p && SETTLEMENT.has(p.kind) && body.includes(p.nameAr)) placeNames.add(p.nameAr);
      if (e.type !== 'person') continue;
      const names = [e.text, ...(e.canonical ? [e.canonical] : []), ...(e.aliases ?? [])];
      const merged = new Set(names.flatMap((n) => [...(clusterOf.get(n) ?? [n])]));
      for (const n of merged) clusterOf.set(n, merged);
    }
    return { places: [...placeNames], persons: [...new Set(clusterOf.values())].map((c) => [...c]) };
  }

  const templates = [];
  const dir = join(ROOT, 'samples/articles');
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const raw = readFileSync(join(dir, name), 'utf8');
    const header = parseHeader(raw, resources);
    const body = raw.slice(header.bodyStart);
    const published = header.published ?? undefined;
    const result = extract(raw, { id: name, ...(published ? { published } : {}) }, resources);
    templates.push({ name, body, ...namesOf(result, body) });
  }
  if (!templates.length) throw new Error(`no sample articles in ${dir}`);

  const seen = new Set();
  const header = (outlet, day) => `${outlet}\n${day}\n\n`;

  /** The i-th generated article: a sample with new places, persons, counts, outlet and date. */
  function article(i) {
    for (let attempt = 0; ; attempt++) {
      const r = rng(seed * 1_000_003 + i * 7919 + attempt);
      const t = templates[(i + attempt) % templates.length];
      const map = new Map();
      for (const p of t.places) map.set(p, pick.place(r).nameAr);
      mapPersons(map, t.persons, r);
      // Outlet names hold place names and numbers ("دير الزور 24"): left as they are.
      let body = substitution(map, outletRe).apply(t.body).text;
      const masked = [];
      body = body.replace(outletRe, (m) => `\uE000${masked.push(m) - 1}\uE001`);
      // Counts written in digits; a day of a month ("18 تموز") is kept.
      body = body.replace(/(?<![\p{L}\p{N}\uE000])\d{1,3}(?![\p{N}\uE001])/gu, (m, offset, s) =>
        monthRe.test(s.slice(offset, offset + 16)) ? m : String(2 + Math.floor(r() * 58)),
      );
      body = body.replace(/\uE000(\d+)\uE001/g, (_, k) => masked[Number(k)]);
      const day = isoDay(FIRST_DAY + Math.floor(r() * SPAN_DAYS) * DAY);
      const outlet = pick.outlet(r);
      const raw = header(outlet, day) + body;
      const hash = sha(raw);
      if (seen.has(hash)) continue;
      seen.add(hash);
      return { name: `${String(i).padStart(6, '0')}_${t.name}`, raw, outlet, published: day };
    }
  }

  /**
   * A further report derived from an extracted article without extracting again: new outlet and date,
   * new settlements and persons, applied to the text and to the extraction alike (offsets remapped,
   * locations moved to the new places, dates shifted). Returns null when the text is not new.
   */
  function variant(base, r, change) {
    const { map, outlet, day } = change;
    const h0 = base.raw.indexOf('\n\n') + 2;
    const body = base.raw.slice(h0);
    const sub = substitution(map, outletRe);
    const { text: newBody, edits } = sub.apply(body);
    const head = header(outlet, day);
    const raw = head + newBody;
    const hash = sha(raw);
    if (seen.has(hash)) return null;
    seen.add(hash);
    const h1 = head.length;
    const at = (o, isEnd) => h1 + remap(edits, o - h0, isEnd);
    const span = (s) => {
      const start = at(s.start, false);
      const end = at(s.end, true);
      return { start, end, text: raw.slice(start, end) };
    };
    const shift = (iso) => (iso ? isoDay(dayMs(iso) + (dayMs(day) - dayMs(base.published))) : iso);
    const moved = (loc) => {
      if (!loc) return loc;
      const old = loc.place_id ? gaz.byId.get(loc.place_id) : undefined;
      const to = old && map.has(old.nameAr) ? placeByName.get(map.get(old.nameAr)) : undefined;
      if (!to) return { ...loc, name: sub.rename(loc.name) };
      const chain = [to, ...gaz.ancestors(to)];
      const kind = (k) => chain.find((p) => p.kind === k)?.nameAr ?? null;
      return {
        ...loc,
        name: sub.rename(loc.name),
        name_ar: to.nameAr,
        name_en: to.nameEn,
        lat: to.lat,
        lon: to.lon,
        admin1: gaz.admin1(to)?.nameAr ?? null,
        admin2: kind('district'),
        admin3: kind('subdistrict'),
        country: to.country,
        place_id: to.id,
        ...(loc.canonical ? { canonical: sub.rename(loc.canonical) } : {}),
      };
    };
    const events = base.result.events
      .filter((e) => e.evidence.start >= h0)
      .map((e) => ({
        ...e,
        evidence: span(e.evidence),
        trigger: span(e.trigger),
        persons: e.persons.map((p) => ({
          ...p,
          name: sub.rename(p.name),
          aliases: p.aliases.map(sub.rename),
        })),
        location: moved(e.location),
        date: e.date && { ...e.date, start: shift(e.date.start), end: shift(e.date.end) },
      }));
    const entities = base.result.entities
      .filter((e) => e.start >= h0)
      .map((e) => {
        const s = span(e);
        const out = { ...e, start: s.start, end: s.end, text: s.text };
        if (e.canonical) out.canonical = sub.rename(e.canonical);
        if (e.aliases) out.aliases = e.aliases.map(sub.rename);
        const old = e.type === 'place' && e.entry ? gaz.byId.get(e.entry) : undefined;
        const to = old && map.has(old.nameAr) ? placeByName.get(map.get(old.nameAr)) : undefined;
        if (to) Object.assign(out, { entry: to.id, lat: to.lat, lon: to.lon });
        return out;
      });
    return {
      input: {
        raw,
        outlet,
        published: day,
        sourcePath: `variant/${base.name}/${r().toString(36).slice(2, 8)}`,
      },
      result: { id: base.name, published: day, outlet, events, entities },
    };
  }

  /** A random change of a base article's names, outlet and date. */
  function change(base, r) {
    const map = new Map();
    for (const p of base.names.places) map.set(p, pick.place(r).nameAr);
    mapPersons(map, base.names.persons, r);
    return { map, outlet: pick.outlet(r), day: isoDay(FIRST_DAY + Math.floor(r() * SPAN_DAYS) * DAY) };
  }

  return { article, variant, change, namesOf, templates, pickOutlet: pick.outlet };
}

// ---------------------------------------------------------------------------------------------------
// Helpers.

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
const median = (xs) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
const round = (x, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);
const secondsSince = (t0) => (performance.now() - t0) / 1000;

const cleanups = [];
async function cleanup() {
  while (cleanups.length)
    await cleanups
      .pop()()
      .catch(() => undefined);
}

function sqliteVersion() {
  const db = new SQLite(':memory:');
  try {
    return db.prepare('select sqlite_version() as v').get().v;
  } finally {
    db.close();
  }
}

const resources = loadResources();
const provenance = currentProvenance(resources);
const figures = {
  machine: {
    cpu: cpus()[0]?.model?.trim() ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    sqlite: sqliteVersion(),
    postgres: null,
    loadavg_start: loadavg().map((x) => round(x, 2)),
    loadavg_end: null,
  },
  resources_version: resources.version,
  notes: [],
  ingest: null,
  queries: null,
};

let postgres = null;
const pgBin = findPostgresBin();
if (opts['no-postgres']) figures.notes.push('PostgreSQL skipped (--no-postgres)');
else if (!pgBin)
  figures.notes.push('PostgreSQL skipped: initdb/pg_ctl not found (apt-get install postgresql)');

async function pgServer() {
  if (opts['no-postgres'] || !pgBin) return null;
  if (!postgres) {
    note('starting a throwaway PostgreSQL server (durable)');
    postgres = await startPostgres({ durable: true });
    cleanups.push(() => postgres.stop());
    const store = await openStore(postgres.url);
    const { rows } = await sql`show server_version`.execute(store.db);
    figures.machine.postgres = rows[0]?.server_version ?? null;
    await store.close();
  }
  return postgres;
}

// ---------------------------------------------------------------------------------------------------
// 1. Ingest throughput.

async function benchIngest() {
  const work = mkdtempSync(join(tmpdir(), 'marsad-store-bench-'));
  cleanups.push(async () => rmSync(work, { recursive: true, force: true }));
  const corpus = join(work, 'corpus');
  mkdirSync(corpus);
  const gen = createGenerator(resources, 1);
  let bytes = 0;
  for (let i = 0; i < docCount; i++) {
    const a = gen.article(i);
    writeFileSync(join(corpus, `${a.name}`), a.raw);
    bytes += Buffer.byteLength(a.raw);
  }
  note(`ingest: ${docCount} generated articles in ${corpus}`);
  const configs = [
    { backend: 'sqlite', workers: 0 },
    { backend: 'sqlite', workers: 1 },
    { backend: 'sqlite', workers: 2 },
  ];
  if (await pgServer())
    configs.push({ backend: 'postgres', workers: 1 }, { backend: 'postgres', workers: 2 });
  const results = [];
  let dbNo = 0;
  for (const config of configs) {
    const perRun = [];
    for (let run = 0; run < runs; run++) {
      const url =
        config.backend === 'sqlite'
          ? join(work, `ingest-${dbNo++}.db`)
          : await postgres.createDatabase(`ingest_${dbNo++}`);
      const store = await openStore(url);
      const pool = await createExtractPool({ workers: config.workers, resources });
      // Timed: reading, extraction, storing, incidents and persons (not opening the store or the pool).
      const t0 = performance.now();
      const summary = await ingest([corpus], { store, pool, resources, provenance });
      const s = secondsSince(t0);
      await pool.close();
      await store.close();
      if (config.backend === 'sqlite')
        for (const f of [url, `${url}-wal`, `${url}-shm`]) rmSync(f, { force: true });
      if (summary.failed)
        figures.notes.push(`ingest ${config.backend}/${config.workers}: ${summary.failed} failed`);
      perRun.push({
        seconds: s,
        docs: summary.stored,
        events: summary.events,
        incidents: summary.incidentsCreated,
      });
      note(
        `ingest ${config.backend} workers=${config.workers} run ${run + 1}: ${summary.stored} docs, ` +
          `${summary.events} events in ${s.toFixed(1)} s`,
      );
    }
    const seconds = median(perRun.map((r) => r.seconds));
    results.push({
      backend: config.backend,
      workers: config.workers,
      runs: perRun.length,
      seconds: round(seconds, 2),
      docs_per_s: round(perRun[0].docs / seconds),
      events_per_s: round(perRun[0].events / seconds),
      docs: perRun[0].docs,
      events: perRun[0].events,
      incidents: perRun[0].incidents,
      run_seconds: perRun.map((r) => round(r.seconds, 2)),
    });
  }
  figures.ingest = { articles: docCount, mb: round(bytes / 1024 / 1024, 2), results };
}

// ---------------------------------------------------------------------------------------------------
// 2. Query latency on a large database.

/** Documents per saveDocuments call (one transaction) while building the query database. */
const BUILD_BATCH = 256;

/**
 * Fills a store with >= targetEvents events: `baseDocs` generated articles extracted for real (worker
 * pool), and reports derived from their extractions (gen.variant) until the events are there. Derived
 * reports come in clusters of one to three reports of the same event (other outlets, a day apart), so
 * that incidents with several sources exist. Everything is stored in publication-date order, as an
 * archive read from its start, in batches with saveDocuments; then incidents are placed and persons
 * resolved, as ingest does at its end.
 */
async function buildQueryDatabase(store) {
  const t0 = performance.now();
  const gen = createGenerator(resources, 2);
  const pool = await createExtractPool({ workers: Math.max(1, Math.min(2, cpus().length)), resources });
  const bases = [];
  let planned = 0;
  try {
    const CHUNK = 64;
    for (let i = 0; i < baseDocs; i += CHUNK) {
      const articles = Array.from({ length: Math.min(CHUNK, baseDocs - i) }, (_, k) => gen.article(i + k));
      const outcomes = await Promise.all(
        articles.map((a, k) => pool.run({ id: i + k + 1, raw: a.raw, published: a.published })),
      );
      for (const [k, o] of outcomes.entries()) {
        const a = articles[k];
        if (!o.ok) throw new Error(`extraction failed: ${o.error}`);
        const input = {
          raw: a.raw,
          textNorm: o.textNorm,
          searchText: o.searchText,
          sourcePath: a.name,
          outlet: a.outlet,
          published: a.published,
        };
        const names = gen.namesOf(o.result, a.raw);
        bases.push({ name: a.name, raw: a.raw, published: a.published, result: o.result, names, input });
        planned += o.result.events.length;
      }
    }
  } finally {
    await pool.close();
  }
  const extracted = { docs: bases.length, events: planned, seconds: secondsSince(t0) };
  note(
    `query db: ${bases.length} articles extracted (${planned} events) in ${extracted.seconds.toFixed(0)} s`,
  );

  // Plans first (small), sorted by date, then derived and stored one batch at a time.
  const r = rng(3);
  const plans = bases.map((base, k) => ({ day: base.published, seq: k, base, change: null, reports: 1 }));
  const withEvents = bases.filter((b) => b.result.events.length);
  while (planned < targetEvents) {
    for (const base of shuffled(withEvents, r)) {
      if (planned >= targetEvents) break;
      const change = gen.change(base, r);
      const reports = r() < 0.3 ? 2 + Math.floor(r() * 2) : 1;
      plans.push({ day: change.day, seq: plans.length, base, change, reports });
      planned += reports * base.result.events.length;
    }
  }
  plans.sort((a, b) => a.day.localeCompare(b.day) || a.seq - b.seq);

  let events = 0;
  let docs = 0;
  let batch = [];
  const flush = async () => {
    if (!batch.length) return;
    await store.saveDocuments(batch, provenance);
    docs += batch.length;
    for (const item of batch) events += item.result.events.length;
    batch = [];
  };
  let lastNote = performance.now();
  for (const plan of plans) {
    if (!plan.change) batch.push({ input: plan.base.input, result: plan.base.result });
    else {
      const pr = rng(1000 + plan.seq);
      const outlets = new Set();
      for (let k = 0; k < plan.reports; k++) {
        let outlet = plan.change.outlet;
        for (let tries = 0; outlets.has(outlet) && tries < 10; tries++) outlet = gen.pickOutlet(pr);
        if (outlets.has(outlet)) break;
        outlets.add(outlet);
        const day = isoDay(dayMs(plan.change.day) + (k === 0 ? 0 : Math.floor(pr() * 2)) * DAY);
        const item = gen.variant(plan.base, pr, { ...plan.change, outlet, day });
        if (item) batch.push(item);
      }
    }
    if (batch.length >= BUILD_BATCH) await flush();
    if (performance.now() - lastNote > 15_000) {
      lastNote = performance.now();
      note(`query db: ${docs} documents, ${events} events (${secondsSince(t0).toFixed(0)} s)`);
    }
  }
  await flush();
  const stored = secondsSince(t0);
  note(`query db: ${docs} documents, ${events} events stored in ${stored.toFixed(0)} s; placing incidents`);
  let t1 = performance.now();
  const placed = await store.placeEventsInIncidents();
  const incidentsSeconds = secondsSince(t1);
  note(`query db: incidents placed in ${incidentsSeconds.toFixed(0)} s; resolving persons`);
  t1 = performance.now();
  const persons = await store.rebuildPersons(resources.nisbas);
  const personsSeconds = secondsSince(t1);
  // The planner statistics, as ingest refreshes them at its end (a method of newer stores).
  t1 = performance.now();
  if (typeof store.optimize === 'function') await store.optimize();
  const optimizeSeconds = secondsSince(t1);
  return {
    documents: docs,
    events,
    extracted_documents: extracted.docs,
    extracted_events: extracted.events,
    extract_seconds: round(extracted.seconds),
    store_seconds: round(stored - extracted.seconds),
    incidents: placed.created,
    incidents_seconds: round(incidentsSeconds),
    persons,
    persons_seconds: round(personsSeconds),
    optimize_seconds: round(optimizeSeconds),
    total_seconds: round(secondsSince(t0)),
  };
}

/** Query parameters drawn from the stored data, so that their frequencies follow the data. */
async function sampleParameters(store, r) {
  const db = store.db;
  const bounds = await db
    .selectFrom('events')
    .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
    .executeTakeFirstOrThrow();
  const lo = Number(bounds.lo);
  const hi = Number(bounds.hi);
  const ids = Array.from({ length: 600 }, () => lo + Math.floor(r() * (hi - lo + 1)));
  const rows = await db
    .selectFrom('events')
    .select(['id', 'place_name', 'admin1', 'admin2', 'actor'])
    .where('id', 'in', ids)
    .execute();
  const persons = await db
    .selectFrom('event_persons')
    .select('person_name')
    .where('event_id', 'in', ids)
    .execute();
  const people = await db.selectFrom('persons').select(['id', 'canonical']).orderBy('id').execute();
  const incidents = await db
    .selectFrom('incidents')
    .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
    .executeTakeFirstOrThrow();
  const places = rows.flatMap((e) => [e.place_name, e.admin1, e.admin2]).filter(Boolean);
  const words = people.flatMap((p) => p.canonical.split(/\s+/)).filter((w) => w.length >= 4 && w !== 'أبو');
  return {
    places,
    actors: rows.map((e) => e.actor).filter(Boolean),
    personNames: persons.map((p) => p.person_name),
    personIds: people.map((p) => Number(p.id)),
    nameParts: words,
    incidentIds: [Number(incidents.lo), Number(incidents.hi)],
  };
}

const any = (r, items) => items[Math.floor(r() * items.length)];
/** A calendar month of the generated span, as a from/to range. */
function monthRange(r, months = 1) {
  const y = 2014 + Math.floor(r() * 10);
  const m = Math.floor(r() * 12);
  const from = new Date(Date.UTC(y, m, 1));
  const to = new Date(Date.UTC(y, m + months, 0));
  return { from: isoDay(from.getTime()), to: isoDay(to.getTime()) };
}
/** A calendar year of the generated span. */
function yearRange(r) {
  const y = 2014 + Math.floor(r() * 10);
  return { from: `${y}-01-01`, to: `${y}-12-31` };
}
const COMMON_WORDS = [
  'داعش',
  'التنظيم',
  'اعتقال',
  'غارة',
  'اشتباكات',
  'مقتل',
  'عناصر',
  'الحسبة',
  'قوات النظام',
  'التحالف',
];
const EVENT_WORDS = ['اغتيال', 'اعتقال', 'غارة', 'إعدام', 'انشقاق', 'اشتباكات', 'قصف', 'جثث'];

/** Which of the newer store features the built store has (they may be absent in older builds). */
async function features(store) {
  const out = {
    textFilter: false,
    searchOptions: false,
    searchEvents: typeof store.searchEvents === 'function',
  };
  try {
    out.textFilter = (await store.countEvents({ text: 'قققزززنونو' })) === 0;
  } catch {
    // Not supported.
  }
  try {
    const hits = await store.searchDocuments('داعش', { limit: 2, filter: { types: ['arrest'] } });
    out.searchOptions = Array.isArray(hits) && hits.length <= 2;
  } catch {
    // Not supported: searchDocuments(query, limit).
  }
  return out;
}

function querySpecs(store, p, have) {
  const type = (r) => any(r, EVENT_TYPES);
  const search = (q, limit, filter) =>
    have.searchOptions
      ? store.searchDocuments(q, { limit, ...(filter ? { filter } : {}) })
      : store.searchDocuments(q, limit);
  const specs = [
    { name: 'listEvents type', run: (r) => store.listEvents({ types: [type(r)] }) },
    { name: 'listEvents type + month', run: (r) => store.listEvents({ types: [type(r)], ...monthRange(r) }) },
    { name: 'listEvents placeName', run: (r) => store.listEvents({ placeName: any(r, p.places) }) },
    { name: 'listEvents actor', run: (r) => store.listEvents({ actor: any(r, p.actors) }) },
    { name: 'listEvents outlet', run: (r) => store.listEvents({ outlet: any(r, p.outlets) }) },
    { name: 'listEvents person', run: (r) => store.listEvents({ person: any(r, p.personNames) }) },
    { name: 'listEvents personId', run: (r) => store.listEvents({ personId: any(r, p.personIds) }) },
    { name: 'listEvents month', run: (r) => store.listEvents(monthRange(r)) },
    { name: 'countEvents month', run: (r) => store.countEvents(monthRange(r)) },
    {
      name: 'countEvents type + 1-12 months',
      run: (r) => store.countEvents({ types: [type(r)], ...monthRange(r, 1 + Math.floor(r() * 12)) }),
    },
    {
      name: 'listIncidents minSources 2',
      run: (r) => {
        const [lo, hi] = p.incidentIds;
        return store.listIncidents({ minSources: 2, after: lo + Math.floor(r() * (hi - lo)) });
      },
    },
    { name: 'listIncidents type', run: (r) => store.listIncidents({ types: [type(r)] }) },
    { name: 'listPersons name', run: (r) => store.listPersons({ name: any(r, p.nameParts) }) },
    { name: 'searchDocuments', run: (r) => search(any(r, COMMON_WORDS), 20) },
  ];
  if (have.textFilter) {
    specs.push(
      { name: 'listEvents text', run: (r) => store.listEvents({ text: any(r, EVENT_WORDS) }) },
      {
        name: 'listEvents text + year',
        run: (r) => store.listEvents({ text: any(r, EVENT_WORDS), ...yearRange(r) }),
      },
    );
  }
  if (have.searchOptions) {
    specs.push({
      name: 'searchDocuments + type + month',
      run: (r) => search(any(r, COMMON_WORDS), 20, { types: [type(r)], ...monthRange(r, 3) }),
    });
  }
  if (have.searchEvents) {
    specs.push({ name: 'searchEvents', run: (r) => store.searchEvents(any(r, EVENT_WORDS), { limit: 20 }) });
  }
  return specs;
}

const rowsOf = (x) => (Array.isArray(x) ? x.length : typeof x === 'number' ? x : 0);

async function timeQueries(store, label) {
  const r = rng(4);
  const p = { ...(await sampleParameters(store, r)), outlets: OUTLETS };
  const have = await features(store);
  const skipped = [];
  if (!have.textFilter) skipped.push('listEvents({ text }) (EventFilter.text not in this build)');
  if (!have.searchOptions) skipped.push('searchDocuments(query, { filter }) (not in this build)');
  if (!have.searchEvents) skipped.push('searchEvents (not in this build)');
  const out = [];
  for (const spec of querySpecs(store, p, have)) {
    try {
      // Warm-up: the first calls compile and cache the statement.
      for (let i = 0; i < 3; i++) await spec.run(r);
      const times = [];
      let rows = 0;
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        const result = await spec.run(r);
        times.push(performance.now() - t0);
        rows += rowsOf(result);
      }
      times.sort((a, b) => a - b);
      out.push({
        query: spec.name,
        p50_ms: round(percentile(times, 50), 2),
        p95_ms: round(percentile(times, 95), 2),
        max_ms: round(times.at(-1), 2),
        mean_rows: round(rows / reps),
      });
    } catch (error) {
      skipped.push(`${spec.name}: ${error.message.split('\n')[0]}`);
    }
    note(`queries ${label}: ${spec.name} done`);
  }
  return { queries: out, skipped };
}

async function benchQueries() {
  // Not keyed by the schema: opening the store migrates a cached database to the latest schema.
  const key = `v${GENERATOR_VERSION}-${targetEvents}-${resources.version}-${baseDocs}`;
  const cacheDir = join(ROOT, '.tmp/bench');
  const path = join(cacheDir, `store-queries-${key}.db`);
  mkdirSync(cacheDir, { recursive: true });
  if (opts.rebuild) for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
  const result = { target_events: targetEvents, reps, sqlite: null, postgres: null };
  let build = null;
  if (!existsSync(path)) {
    // Built under a temporary name: an interrupted build is never taken for a finished one.
    const partial = `${path}.partial`;
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
    note(`building the SQLite query database (${targetEvents} events) at ${path}`);
    const store = await openStore(partial);
    build = await buildQueryDatabase(store);
    await store.close();
    const db = new SQLite(partial);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    for (const f of [`${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
    renameSync(partial, path);
    // Older databases of the same size (another generator or resources version) are stale: about 1 GB
    // each at 200,000 events. Other sizes are kept.
    const sameSize = new RegExp(`^store-queries-v\\d+-${targetEvents}-`);
    for (const f of readdirSync(cacheDir))
      if (sameSize.test(f) && !f.startsWith(basename(path))) rmSync(join(cacheDir, f), { force: true });
  } else note(`reusing ${path} (--rebuild to build it anew)`);
  const store = await openStore(path);
  const stats = await store.stats();
  result.sqlite = {
    path,
    build,
    documents: stats.documents,
    events: stats.events,
    incidents: stats.incidents,
    persons: stats.persons,
  };
  Object.assign(result.sqlite, await timeQueries(store, 'sqlite'));
  await store.close();

  if (opts['postgres-url'] || (opts['postgres-queries'] && (await pgServer()))) {
    const url = opts['postgres-url'] ?? (await postgres.createDatabase('queries'));
    const pgStore = await openStore(url);
    let pgBuild = null;
    if (!opts['postgres-url']) {
      note(`building the PostgreSQL query database (${targetEvents} events)`);
      pgBuild = await buildQueryDatabase(pgStore);
      // Autovacuum would analyse the new tables soon; do it now so that plans do not depend on timing.
      if (typeof pgStore.optimize !== 'function') await sql`analyze`.execute(pgStore.db);
    }
    const pgStats = await pgStore.stats();
    result.postgres = {
      build: pgBuild,
      documents: pgStats.documents,
      events: pgStats.events,
      incidents: pgStats.incidents,
      persons: pgStats.persons,
    };
    Object.assign(result.postgres, await timeQueries(pgStore, 'postgres'));
    await pgStore.close();
  } else if (!opts['postgres-queries'] && !opts['no-postgres'])
    // Building the PostgreSQL database takes longer than the rest of the benchmark together.
    figures.notes.push(
      'PostgreSQL queries not timed: opt in with --postgres-queries (builds the database anew)',
    );
  figures.queries = result;
}

// ---------------------------------------------------------------------------------------------------
// Run and report.

process.once('SIGINT', () => {
  cleanup().finally(() => process.exit(130));
});
try {
  if (!opts['skip-ingest']) await benchIngest();
  if (!opts['skip-queries']) await benchQueries();
} finally {
  figures.machine.loadavg_end = loadavg().map((x) => round(x, 2));
  await cleanup();
}

const TARGET_MS = 50;
if (opts.json) {
  console.log(JSON.stringify(figures, null, 2));
} else {
  const m = figures.machine;
  const out = ['marsad store benchmark'];
  out.push(
    `  machine: ${m.cpu} (${m.cores} cores), node ${m.node}, SQLite ${m.sqlite}, PostgreSQL ${m.postgres ?? '-'}`,
    `  load average: ${m.loadavg_start.join(' ')} at start, ${m.loadavg_end.join(' ')} at end`,
  );
  if (figures.ingest) {
    const { articles, mb, results } = figures.ingest;
    out.push(
      '',
      `Ingest: ${articles} generated articles (${mb} MB), median of ${runs} run(s), fresh database each`,
    );
    out.push(
      `  ${'backend'.padEnd(10)}${'workers'.padStart(8)}${'docs/s'.padStart(9)}${'events/s'.padStart(10)}${'seconds'.padStart(9)}  runs`,
    );
    for (const x of results) {
      out.push(
        `  ${x.backend.padEnd(10)}${String(x.workers).padStart(8)}${String(x.docs_per_s).padStart(9)}` +
          `${String(x.events_per_s).padStart(10)}${String(x.seconds).padStart(9)}  ${x.run_seconds.join(' ')}`,
      );
    }
  }
  const q = figures.queries;
  for (const backend of ['sqlite', 'postgres']) {
    const b = q?.[backend];
    if (!b) continue;
    out.push(
      '',
      `Queries on ${backend}: ${b.events} events, ${b.documents} documents, ${b.incidents} incidents, ` +
        `${b.persons} persons; ${reps} runs each, varied parameters (ms)`,
    );
    if (b.build)
      out.push(
        `  built in ${b.build.total_seconds} s: ${b.build.extracted_documents} articles extracted, the rest ` +
          `derived (extraction ${b.build.extract_seconds} s); stored in ${b.build.store_seconds} s, incidents ${b.build.incidents_seconds} s, ` +
          `persons ${b.build.persons_seconds} s`,
      );
    const w = Math.max(...b.queries.map((x) => x.query.length)) + 2;
    out.push(
      `  ${'query'.padEnd(w)}${'p50'.padStart(8)}${'p95'.padStart(9)}${'max'.padStart(9)}${'rows'.padStart(8)}`,
    );
    for (const x of b.queries) {
      const miss = x.p95_ms >= TARGET_MS ? `  p95 >= ${TARGET_MS} ms` : '';
      out.push(
        `  ${x.query.padEnd(w)}${String(x.p50_ms).padStart(8)}${String(x.p95_ms).padStart(9)}` +
          `${String(x.max_ms).padStart(9)}${String(x.mean_rows).padStart(8)}${miss}`,
      );
    }
    for (const s of b.skipped) out.push(`  skipped: ${s}`);
  }
  for (const n of figures.notes) out.push(`note: ${n}`);
  console.log(out.join('\n'));
}
