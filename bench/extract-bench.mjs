// Extraction throughput on one thread: `npm run bench` (builds first; runs node --expose-gc).
// The corpus (>= 1 MB of UTF-8) is built in memory by repeating the seed articles of ../shared/corpus/seeds,
// else the repository's own test/fixtures/dev/articles. Prints the figures; writes no file.
//   node --expose-gc bench/extract-bench.mjs [--min-mb 1] [--warmup 2] [--json]
import { Buffer } from 'node:buffer';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

const { values } = parseArgs({
  options: {
    'min-mb': { type: 'string', default: '1' },
    warmup: { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
  },
});
const minBytes = Number(values['min-mb']) * 1024 * 1024;
const warmupRounds = Number(values.warmup);
if (!(minBytes > 0) || !(warmupRounds >= 0)) {
  console.error('extract-bench: --min-mb must be > 0 and --warmup >= 0');
  process.exit(2);
}

/** The articles of the first corpus folder that exists. */
function loadArticles() {
  const candidates = [here('../../shared/corpus/seeds'), here('../test/fixtures/dev/articles')];
  for (const dir of candidates) {
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir)
      .filter((name) => !name.startsWith('.') && statSync(join(dir, name)).isFile())
      .sort();
    const articles = files
      .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }))
      .filter((a) => a.text.trim() !== '');
    if (articles.length > 0) return { dir, articles };
  }
  console.error(`extract-bench: no articles found; looked in:\n  ${candidates.join('\n  ')}`);
  process.exit(1);
}

async function loadLibrary() {
  const index = here('../dist/index.js');
  const paths = existsSync(index)
    ? { extract: index, resources: index }
    : { extract: here('../dist/extract.js'), resources: here('../dist/resources/load-resources.js') };
  for (const p of new Set(Object.values(paths))) {
    if (!existsSync(p)) {
      console.error(`extract-bench: ${p} is missing; run \`npm run build\` first (npm run bench does)`);
      process.exit(1);
    }
  }
  const { extract } = await import(pathToFileURL(paths.extract).href);
  const { loadResources } = await import(pathToFileURL(paths.resources).href);
  return { extract, loadResources };
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (x, digits = 2) => Number(x.toFixed(digits));

const { dir, articles } = loadArticles();
const { extract, loadResources } = await loadLibrary();

// The corpus: the articles repeated until it holds at least minBytes of UTF-8.
const corpus = [];
let corpusBytes = 0;
for (let rep = 0; corpusBytes < minBytes; rep++) {
  for (const a of articles) {
    corpus.push({ id: `${rep}/${a.name}`, text: a.text, bytes: Buffer.byteLength(a.text, 'utf8') });
    corpusBytes += corpus.at(-1).bytes;
  }
}

let peakRss = process.memoryUsage.rss();
const sampleRss = () => {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
};

const loadStart = performance.now();
const resources = loadResources();
const loadMs = performance.now() - loadStart;
sampleRss();

// Warm-up: every distinct article, a few times, so the JIT has compiled the hot paths.
let events = 0;
for (let r = 0; r < warmupRounds; r++) {
  for (const a of articles) extract(a.text, { id: a.name }, resources);
}
globalThis.gc?.();
sampleRss();

// The measured run: one article after the other on this thread; RSS sampled after each article
// (a timer would not fire while the loop runs).
const perArticle = new Float64Array(corpus.length);
const runStart = performance.now();
for (let i = 0; i < corpus.length; i++) {
  const doc = corpus[i];
  const t0 = performance.now();
  const result = extract(doc.text, { id: doc.id }, resources);
  perArticle[i] = performance.now() - t0;
  events += result.events.length;
  sampleRss();
}
const totalMs = performance.now() - runStart;

const sorted = Array.from(perArticle).sort((a, b) => a - b);
const cpu = cpus();
const figures = {
  articles: corpus.length,
  distinct_articles: articles.length,
  corpus_mb: round(corpusBytes / 1024 / 1024, 3),
  events,
  total_s: round(totalMs / 1000, 3),
  articles_per_s: round(corpus.length / (totalMs / 1000), 1),
  mb_per_s: round(corpusBytes / 1024 / 1024 / (totalMs / 1000), 3),
  median_ms: round(percentile(sorted, 50), 3),
  p95_ms: round(percentile(sorted, 95), 3),
  peak_rss_mb: round(peakRss / 1024 / 1024, 1),
  resource_load_ms: round(loadMs, 1),
  resources_version: resources?.version ?? null,
  node: process.version,
  cpu: cpu[0]?.model?.trim() ?? 'unknown',
  cores: cpu.length,
  corpus_dir: dir,
};

if (values.json) {
  console.log(JSON.stringify(figures, null, 2));
} else {
  const rows = [
    [
      'corpus',
      `${figures.articles} articles (${figures.distinct_articles} distinct), ${figures.corpus_mb} MB UTF-8`,
    ],
    ['source', figures.corpus_dir],
    ['events found', figures.events],
    ['throughput', `${figures.articles_per_s} articles/s, ${figures.mb_per_s} MB/s (single thread)`],
    ['per article', `median ${figures.median_ms} ms, p95 ${figures.p95_ms} ms`],
    ['total', `${figures.total_s} s`],
    ['peak RSS', `${figures.peak_rss_mb} MB`],
    ['resource load', `${figures.resource_load_ms} ms (version ${figures.resources_version})`],
    ['node', figures.node],
    ['cpu', `${figures.cpu} (${figures.cores} cores)`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  console.log('marsad extract benchmark');
  for (const [k, v] of rows) console.log(`  ${`${k}:`.padEnd(width)}${v}`);
}
