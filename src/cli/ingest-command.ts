/** `marsad ingest`: articles into the knowledge base; `marsad reprocess`: re-extract what is stored. */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { createExtractPool, type ExtractPool } from '../ingest/extract-pool.js';
import { ingest, type IngestSummary } from '../ingest/ingest.js';
import { currentProvenance } from '../ingest/provenance.js';
import { DEFAULT_FIELDS, type FieldName, type FieldNames } from '../ingest/readers.js';
import { reprocess, type ReprocessSummary } from '../ingest/reprocess.js';
import { DEFAULT_MAX_BYTES, MB } from '../io/read-document.js';
import type { Resources } from '../resources/resources.js';
import type { Store } from '../store/store.js';
import { DB_OPTION_HELP, describeDb, openCommandStore, resolveDbUrl } from './db-option.js';
import { MarsadError, reasonOf } from './errors.js';
import { isIsoDate, type CommandIO } from './extract-command.js';
import { LEXICONS_OPTION_HELP, loadCommandResources } from './lexicons-option.js';
import { createProgress } from './progress.js';
import { intOption, reportCommandError, usage } from './query-options.js';
import { readInput } from '../ingest/readers.js';
import { enqueueArticles } from '../queue/enqueue-articles.js';
import { enqueueReprocess } from '../queue/reprocess-batches.js';
import { requirePostgres, withQueue } from './queue-option.js';

const WORKERS_HELP = `  --workers N              extraction threads (default: ${defaultWorkers()}, the cores
                           available less the one that writes, at most 4); 0 extracts in
                           the main thread`;

export const INGEST_HELP = `Usage: marsad ingest PATH|- [more paths] [options]

Reads articles, extracts their events and stores both in the database; then merges
reports of one event into incidents and resolves persons across documents.

Inputs: .txt and .md files, .html pages (the article is found, boilerplate dropped),
.json (an object or an array of objects), .jsonl, .csv; directories recursively;
- for standard input. The same text is stored once: ingesting again changes nothing.

Options:
${DB_OPTION_HELP}
${WORKERS_HELP}
  --outlet NAME            the outlet of every article (default: from the record or header)
  --published YYYY-MM-DD   the publication date of every article
  --author NAME            the author of every article
  --field NAME=KEYS        record field names for JSON/JSONL/CSV, NAME one of
                           ${Object.keys(DEFAULT_FIELDS).join(', ')}; KEYS alternatives
                           separated by | (e.g. --field text=body|article)
  --max-size MB            refuse files larger than this (default 20)
  --queue                  queue the articles for marsad worker instead (PostgreSQL only)
  --batch N                articles per queued job (default 50)
${LEXICONS_OPTION_HELP}
  --json                   print the summary as one JSON object on stdout
  -q, --quiet              no progress output
  -h, --help               show this help

A bad file or record is reported on stderr and skipped; everything else is stored.
Interrupting (Ctrl-C) stores what is under way and stops; running again resumes.

Exit status: 0 all inputs stored, 1 some input failed, 2 usage error.
`;

export const REPROCESS_HELP = `Usage: marsad reprocess [options]

Re-extracts the stored documents whose extraction was made with other lexicons,
gazetteer or marsad version (after an upgrade, an edit of data/lexicons or of the
lexicon overlay), then
merges incidents and resolves persons again. Resumable: run it again after an
interruption and it goes on where it stopped.

Options:
${DB_OPTION_HELP}
${WORKERS_HELP}
  --all                    re-extract every document, current or not
  --queue                  queue the work in batches for marsad worker (PostgreSQL only);
                           again: only what is not done; progress: marsad jobs
  --batch N                documents per batch (an id range; default 500)
${LEXICONS_OPTION_HELP}
  --json                   print the summary as one JSON object on stdout
  -q, --quiet              no progress output
  -h, --help               show this help
`;

/**
 * One core stays with the main thread, which writes the database: on 2 cores, 2 extraction workers
 * took CPU from it and ingested 199 articles/s against 223 with one.
 */
function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

function workersOf(value: string | undefined, command: string): number {
  if (value === undefined) return defaultWorkers();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw usage(`--workers must be 0…64, got '${value}'`, command);
  return n;
}

function fieldsOf(values: readonly string[]): FieldNames {
  const fields: FieldNames = {};
  for (const v of values) {
    const m = /^([a-z]+)=(.+)$/.exec(v);
    if (!m || !(m[1]! in DEFAULT_FIELDS))
      throw usage(
        `--field must be NAME=KEYS with NAME one of ${Object.keys(DEFAULT_FIELDS).join(', ')}, got '${v}'`,
        'ingest',
      );
    fields[m[1] as FieldName] = m[2]!;
  }
  return fields;
}

/** Opens the database and the extraction pool, runs `body`, closes both. */
async function withStore<T>(
  dbUrl: string,
  workers: number,
  lexicons: string | undefined,
  body: (store: Store, pool: ExtractPool, resources: Resources) => Promise<T>,
): Promise<T> {
  const resources = loadCommandResources(lexicons);
  const store = await openCommandStore(dbUrl);
  const pool = await createExtractPool({ workers, resources });
  try {
    return await body(store, pool, resources);
  } catch (err) {
    if (err instanceof MarsadError) throw err;
    throw MarsadError.of('E_DATABASE', { db: describeDb(dbUrl), reason: reasonOf(err) }, undefined, {
      cause: err,
    });
  } finally {
    await pool.close();
    await store.close();
  }
}

/** First Ctrl-C: finish what is under way and stop; second: exit at once. */
function interruptible(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

function defaultIO(): CommandIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
}

function ingestReport(s: IngestSummary, db: string): string {
  const types = Object.entries(s.eventsByType)
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  const rate = s.elapsed > 0 ? (s.stored + s.unchanged) / s.elapsed : 0;
  const lines = [
    `ingested into ${db} in ${s.elapsed.toFixed(1)} s (${rate.toFixed(0)} documents/s)`,
    `  documents  ${s.stored} new, ${s.unchanged} already stored, ${s.failed} failed`,
    `  events     ${s.events}${types ? ` (${types})` : ''}`,
    `  incidents  ${s.incidentsCreated} new, ${s.incidentsGrown} with new reports`,
    ...(s.alerts ? [`  alerts     ${s.alerts} fired`] : []),
    `  persons    ${s.persons} in the database`,
  ];
  if (s.failed)
    lines.push(
      `  errors     ${Object.entries(s.errorsByCode)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')}`,
    );
  if (s.interrupted) lines.push('  interrupted: run the same command again to go on');
  return lines.join('\n') + '\n';
}

export async function runIngest(argv: readonly string[], io: CommandIO = defaultIO()): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        db: { type: 'string' },
        workers: { type: 'string' },
        outlet: { type: 'string' },
        published: { type: 'string' },
        author: { type: 'string' },
        field: { type: 'string', multiple: true },
        'max-size': { type: 'string' },
        queue: { type: 'boolean' },
        batch: { type: 'string' },
        lexicons: { type: 'string' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(INGEST_HELP);
      return 0;
    }
    if (values.queue) requirePostgres(resolveDbUrl(values.db), 'ingest --queue');
    if (!positionals.length) throw usage('no input given: name files, directories or - for stdin', 'ingest');
    if (values.published !== undefined && !isIsoDate(values.published))
      throw MarsadError.of('E_BAD_DATE', { value: `'${values.published}'` });
    let maxBytes = DEFAULT_MAX_BYTES;
    if (values['max-size'] !== undefined) {
      const mb = Number(values['max-size']);
      if (!Number.isFinite(mb) || mb <= 0)
        throw usage(`--max-size must be a positive number, got '${values['max-size']}'`, 'ingest');
      maxBytes = Math.floor(mb * MB);
    }
    const fields = fieldsOf(values.field ?? []);
    const overrides = {
      ...(values.outlet !== undefined ? { outlet: values.outlet } : {}),
      ...(values.published !== undefined ? { published: values.published } : {}),
      ...(values.author !== undefined ? { author: values.author } : {}),
    };
    if (values.queue)
      return await queueIngest(positionals, {
        dbUrl: resolveDbUrl(values.db),
        fields,
        maxBytes,
        overrides,
        batchSize: intOption(values.batch, 'batch', 'ingest') ?? 50,
        json: values.json === true,
        quiet: values.quiet === true,
        io,
      });
    const workers = workersOf(values.workers, 'ingest');
    const dbUrl = resolveDbUrl(values.db);
    const progress = values.quiet ? null : createProgress(io.stderr, 'ingest');
    const stop = interruptible();
    let summary: IngestSummary;
    try {
      summary = await withStore(dbUrl, workers, values.lexicons, (store, pool, resources) =>
        ingest(positionals, {
          store,
          pool,
          resources,
          provenance: currentProvenance(resources),
          fields,
          maxBytes,
          overrides,
          signal: stop.signal,
          onProgress: (p) =>
            progress?.update({
              done: p.seen,
              total: null,
              failed: p.failed,
              elapsed: p.elapsed,
              unit: 'documents',
            }),
          onError: (error, where) => {
            progress?.end();
            // Every error here concerns one input: named even when the error itself does not know it.
            const line =
              error instanceof MarsadError
                ? new MarsadError(error.code, error.message, error.path ?? where).toLine()
                : `marsad: ${where}: ${error.message}`;
            io.stderr.write(`${line}\n`);
          },
        }),
      );
    } finally {
      stop.dispose();
      progress?.end();
    }
    if (values.json) io.stdout.write(`${JSON.stringify({ db: describeDb(dbUrl), ...summary })}\n`);
    else if (!values.quiet) io.stderr.write(ingestReport(summary, describeDb(dbUrl)));
    return summary.failed ? 1 : summary.interrupted ? 130 : 0;
  } catch (err) {
    return reportCommandError(err, io.stderr, 'ingest');
  }
}

function reprocessReport(s: ReprocessSummary, db: string): string {
  return (
    [
      `reprocessed ${db} in ${s.elapsed.toFixed(1)} s`,
      `  documents  ${s.reprocessed} re-extracted, ${s.current} already current, ${s.failed} failed`,
      `  events     ${s.eventsBefore} before, ${s.eventsAfter} after`,
      `  incidents  ${s.incidents}`,
      `  persons    ${s.persons}`,
      ...(s.interrupted ? ['  interrupted: run the same command again to go on'] : []),
    ].join('\n') + '\n'
  );
}

export async function runReprocess(argv: readonly string[], io: CommandIO = defaultIO()): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        db: { type: 'string' },
        workers: { type: 'string' },
        all: { type: 'boolean' },
        queue: { type: 'boolean' },
        batch: { type: 'string' },
        lexicons: { type: 'string' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(REPROCESS_HELP);
      return 0;
    }
    if (positionals.length) throw usage(`unexpected argument '${positionals[0]}'`, 'reprocess');
    const dbUrl = resolveDbUrl(values.db);
    if (values.queue) {
      requirePostgres(dbUrl, 'reprocess --queue');
      if (values.all) throw usage('--all does not go with --queue', 'reprocess');
      const batchSize = intOption(values.batch, 'batch', 'reprocess') ?? 500;
      const resources = loadCommandResources(values.lexicons);
      const provenance = currentProvenance(resources);
      const result = await withQueue(dbUrl, 'reprocess --queue', {}, (store, queue) =>
        enqueueReprocess(store, queue, provenance, batchSize),
      );
      if (values.json) io.stdout.write(`${JSON.stringify({ db: describeDb(dbUrl), ...result })}\n`);
      else if (!values.quiet)
        io.stderr.write(
          `reprocess: ${result.staleDocuments} documents to re-extract in ${result.batches} batches: ` +
            `${result.queued} queued now, ${result.pending} queued or running already; ` +
            `progress: marsad jobs --db ${describeDb(dbUrl)}\n`,
        );
      return 0;
    }
    const progress = values.quiet ? null : createProgress(io.stderr, 'reprocess');
    const stop = interruptible();
    let summary: ReprocessSummary;
    try {
      const workers = workersOf(values.workers, 'reprocess');
      summary = await withStore(dbUrl, workers, values.lexicons, (store, pool, resources) =>
        reprocess({
          store,
          pool,
          resources,
          provenance: currentProvenance(resources),
          all: values.all === true,
          signal: stop.signal,
          onProgress: (p) =>
            progress?.update({
              done: p.done,
              total: p.total,
              failed: 0,
              elapsed: p.elapsed,
              unit: 'documents',
            }),
          onError: (error, id) => io.stderr.write(`marsad: document ${id}: ${error.message}\n`),
        }),
      );
    } finally {
      stop.dispose();
      progress?.end();
    }
    if (values.json) io.stdout.write(`${JSON.stringify({ db: describeDb(dbUrl), ...summary })}\n`);
    else if (!values.quiet) io.stderr.write(reprocessReport(summary, describeDb(dbUrl)));
    return summary.failed ? 1 : summary.interrupted ? 130 : 0;
  } catch (err) {
    return reportCommandError(err, io.stderr, 'reprocess');
  }
}

/** `ingest --queue`: the inputs read here, their articles sent in batches as extract jobs. */
async function queueIngest(
  paths: readonly string[],
  o: {
    dbUrl: string;
    fields: FieldNames;
    maxBytes: number;
    overrides: { outlet?: string; published?: string; author?: string };
    batchSize: number;
    json: boolean;
    quiet: boolean;
    io: CommandIO;
  },
): Promise<number> {
  const started = Date.now();
  let failed = 0;
  const stop = interruptible();
  async function* items() {
    for (const path of paths)
      yield* readInput(path, {
        fields: o.fields,
        maxBytes: o.maxBytes,
        onError: (error) => {
          failed++;
          o.io.stderr.write(`${error.toLine()}\n`);
        },
      });
  }
  try {
    const result = await withQueue(o.dbUrl, 'ingest --queue', {}, (store, queue) =>
      enqueueArticles(store, queue, items(), {
        batchSize: o.batchSize,
        ...(Object.keys(o.overrides).length ? { overrides: o.overrides } : {}),
        signal: stop.signal,
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    if (o.json)
      o.io.stdout.write(`${JSON.stringify({ db: describeDb(o.dbUrl), ...result, failed, elapsed })}\n`);
    else if (!o.quiet)
      o.io.stderr.write(
        `queued ${result.queued} articles in ${result.jobs} jobs on ${describeDb(o.dbUrl)} in ${elapsed.toFixed(1)} s ` +
          `(${result.skipped} already stored or repeated, ${failed} failed); ` +
          `run marsad worker to process them\n`,
      );
    return failed ? 1 : result.interrupted ? 130 : 0;
  } finally {
    stop.dispose();
  }
}
