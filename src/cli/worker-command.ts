/** `marsad worker`: processes queued jobs (extract, place incidents, alerts, fetch, reprocess batches). */
import { parseArgs } from 'node:util';
import { createExtractPool } from '../ingest/extract-pool.js';
import { currentProvenance } from '../ingest/provenance.js';
import { JOB_KINDS, type JobKind } from '../queue/job-kinds.js';
import { runWorker, type JobEvent, type WorkerSummary } from '../queue/run-worker.js';
import { createFetcher } from '../watch/fetcher/index.js';
import { DB_OPTION_HELP, resolveDbUrl } from './db-option.js';
import type { CommandIO } from './extract-command.js';
import { LEXICONS_OPTION_HELP, loadCommandResources } from './lexicons-option.js';
import { intOption, reportCommandError, usage } from './query-options.js';
import { withQueue } from './queue-option.js';

export const WORKER_HELP = `Usage: marsad worker --db postgres://… [options]

Processes the jobs queued in a PostgreSQL database by marsad ingest --queue,
watch --queue and reprocess --queue: extraction and storage of articles, placement
in incidents, alerts, polling of sources, reprocess batches. Run any number of
workers on any number of machines against one database. SIGTERM or Ctrl-C: the
jobs in hand are finished (within --grace) or given back for another worker.

Options:
${DB_OPTION_HELP}
  --concurrency N          jobs at once (default 1); above 1, extraction runs in N threads
  --kinds LIST             only these job kinds, comma separated (${JOB_KINDS.join(', ')})
  --poll SECONDS           wait between looks at an empty queue (default 1)
  --grace SECONDS          time the jobs in hand get to finish on SIGTERM (default 30)
  --until-empty            exit once no job is queued, waiting or running (batch runs)
${LEXICONS_OPTION_HELP}
  --json                   one JSON line per finished job and the summary on stdout
  -v, --verbose            one line per job on stderr
  -q, --quiet              no summary on stderr
  -h, --help               show this help

Environment: MARSAD_QUEUE_MAINTENANCE_SECONDS (default 30) is how often a worker looks
for expired jobs of lost workers; MARSAD_QUEUE_EXPIRE_SECONDS overrides the expiry of
the queues it creates (see docs/scaling.md).
`;

function kindsOf(value: string | undefined): JobKind[] | undefined {
  if (value === undefined) return undefined;
  const kinds = value.split(',').map((k) => k.trim());
  for (const k of kinds)
    if (!(JOB_KINDS as readonly string[]).includes(k))
      throw usage(`--kinds takes ${JOB_KINDS.join(', ')}; got '${k}'`, 'worker');
  return kinds as JobKind[];
}

function summaryLine(s: WorkerSummary): string {
  const list = (m: Partial<Record<JobKind, number>>) =>
    Object.entries(m)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  return (
    `worker: ${s.elapsed.toFixed(1)} s; completed ${list(s.completed)}; failed ${list(s.failed)}; ` +
    `${s.articlesStored} articles and ${s.eventsStored} events stored` +
    (s.released ? `; ${s.released} jobs given back` : '') +
    '\n'
  );
}

export async function runWorkerCommand(argv: readonly string[], io: CommandIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        db: { type: 'string' },
        concurrency: { type: 'string' },
        kinds: { type: 'string' },
        poll: { type: 'string' },
        grace: { type: 'string' },
        'until-empty': { type: 'boolean' },
        lexicons: { type: 'string' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(WORKER_HELP);
      return 0;
    }
    if (positionals.length) throw usage(`unexpected argument '${positionals[0]}'`, 'worker');
    const concurrency = intOption(values.concurrency, 'concurrency', 'worker') ?? 1;
    const kinds = kindsOf(values.kinds);
    const pollMs = Number(values.poll ?? '1') * 1000;
    const graceMs = Number(values.grace ?? '30') * 1000;
    if (!(pollMs > 0) || !(graceMs >= 0))
      throw usage('--poll and --grace take a number of seconds', 'worker');
    const maintenance = intOption(process.env['MARSAD_QUEUE_MAINTENANCE_SECONDS'], 'maintenance', 'worker');
    const dbUrl = resolveDbUrl(values.db);
    const resources = loadCommandResources(values.lexicons);
    const controller = new AbortController();
    const stop = () => {
      // A second signal: give the jobs in hand back now.
      if (controller.signal.aborted) graceNow.abort();
      controller.abort();
    };
    const graceNow = new AbortController();
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    const log = (e: JobEvent) => {
      if (values.json && e.phase !== 'progress' && e.phase !== 'started')
        io.stdout.write(`${JSON.stringify({ job: e })}\n`);
      if (values.verbose)
        io.stderr.write(`worker: ${e.kind} ${e.id} ${e.phase}${e.detail ? `: ${e.detail}` : ''}\n`);
    };
    let summary: WorkerSummary;
    try {
      summary = await withQueue(
        dbUrl,
        'marsad worker',
        {
          supervise: true,
          ...(maintenance ? { maintenanceSeconds: maintenance } : {}),
          onError: (error) => io.stderr.write(`marsad: worker: queue: ${error.message}\n`),
        },
        async (store, queue) => {
          const pool = await createExtractPool({ workers: concurrency > 1 ? concurrency : 0, resources });
          try {
            return await runWorker({
              store,
              queue,
              pool,
              resources,
              provenance: currentProvenance(resources),
              fetcher: createFetcher({}),
              concurrency,
              ...(kinds ? { kinds } : {}),
              pollMs,
              graceMs,
              untilEmpty: values['until-empty'] === true,
              signal: controller.signal,
              release: graceNow.signal,
              onJob: log,
            });
          } finally {
            await pool.close();
          }
        },
      );
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    const cpu = process.cpuUsage();
    if (values.json)
      io.stdout.write(
        `${JSON.stringify({ summary: { ...summary, cpuSeconds: (cpu.user + cpu.system) / 1e6 } })}\n`,
      );
    else if (!values.quiet) io.stderr.write(summaryLine(summary));
    return 0;
  } catch (err) {
    return reportCommandError(err, io.stderr, 'worker');
  }
}
