/** `marsad watch`: follow the configured sources, store what is new, fire alerts. */
import { parseArgs } from 'node:util';
import { defaultSourcesPath } from '../watch/sources/source-config.js';
import type { CycleReport } from '../watch/watch-cycle.js';
import { watchLoop } from '../watch/watch-loop.js';
import { DB_OPTION_HELP, openCommandStore, resolveDbUrl } from './db-option.js';
import type { CommandIO } from './extract-command.js';
import { LEXICONS_OPTION_HELP, loadCommandResources } from './lexicons-option.js';
import { intOption, reportCommandError, usage } from './query-options.js';
import { enqueueDueSources } from '../queue/enqueue-sources.js';
import { readSources } from '../watch/sources/read-sources.js';
import { requirePostgres, withQueue } from './queue-option.js';

export const WATCH_HELP = `Usage: marsad watch [--once] [options]

Polls the sources of the sources file (see marsad source) when they are due, reads
their new articles (main text, title, date, author), stores them like marsad ingest —
extraction, incidents, persons — and fires the alert rules (see marsad alert). An
article is new when neither its URL nor its text is stored; a repost elsewhere is
stored and linked to its original. A failing source is reported once per cycle and
the others go on. Unchanged feeds cost one conditional request (304).

Options:
${DB_OPTION_HELP}
  --sources FILE           the sources file (default: $MARSAD_HOME/sources.json, else
                           ~/.local/share/marsad/sources.json)
  --once                   one cycle over every enabled source, then exit (for cron, tests)
  --pause SECONDS          pause between cycles (default 60)
  --workers N              extraction threads (default 1)
  --queue                  queue a fetch job per due source for marsad worker instead of
                           polling here (PostgreSQL only)
${LEXICONS_OPTION_HELP}
  --json                   one JSON line per cycle on stdout
  -q, --quiet              no cycle summary on stderr
  -h, --help               show this help

Exit status (--once): 0 every source polled, 1 some source failed.
`;

function cycleLine(r: CycleReport): string {
  const polled = r.sources.filter((s) => s.status === 'polled').length;
  const unchanged = r.sources.filter((s) => s.status === 'unchanged').length;
  const failed = r.sources.filter((s) => s.status === 'failed');
  return (
    `watch: ${polled} polled, ${unchanged} unchanged, ${failed.length} failed; ` +
    `${r.ingest.stored} new articles, ${r.ingest.events} events, ${r.ingest.incidentsCreated} new incidents, ` +
    `${r.ingest.alerts} alerts (${r.alertsDelivered} delivered, ${r.alertsFailed} waiting)\n`
  );
}

export async function runWatch(argv: readonly string[], io: CommandIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        db: { type: 'string' },
        sources: { type: 'string' },
        once: { type: 'boolean' },
        pause: { type: 'string' },
        workers: { type: 'string' },
        queue: { type: 'boolean' },
        lexicons: { type: 'string' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(WATCH_HELP);
      return 0;
    }
    if (positionals.length) throw usage(`unexpected argument '${positionals[0]}'`, 'watch');
    const pause = intOption(values.pause, 'pause', 'watch') ?? 60;
    const workers = intOption(values.workers, 'workers', 'watch', 0) ?? 1;
    const dbUrl = resolveDbUrl(values.db);
    if (values.queue) {
      requirePostgres(dbUrl, 'watch --queue');
      return await queueWatch(dbUrl, values.sources ?? defaultSourcesPath(), {
        once: values.once === true,
        pause,
        json: values.json === true,
        quiet: values.quiet === true,
        io,
      });
    }
    const resources = loadCommandResources(values.lexicons);
    const store = await openCommandStore(dbUrl);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let failed = false;
    try {
      await watchLoop({
        store,
        resources,
        sourcesPath: values.sources ?? defaultSourcesPath(),
        workers,
        pauseSeconds: pause,
        once: values.once === true,
        signal: controller.signal,
        onError: (where, error) => io.stderr.write(`marsad: watch: ${where}: ${error.message}\n`),
        onCycle: (report) => {
          failed ||= report.sources.some((s) => s.status === 'failed');
          if (values.json) io.stdout.write(`${JSON.stringify(report)}\n`);
          else if (!values.quiet) io.stderr.write(cycleLine(report));
        },
      });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await store.close();
    }
    return failed ? 1 : 0;
  } catch (err) {
    return reportCommandError(err, io.stderr, 'watch');
  }
}

/** `watch --queue`: each cycle queues a fetch job per due source; workers poll, read and store. */
async function queueWatch(
  dbUrl: string,
  sourcesPath: string,
  o: { once: boolean; pause: number; json: boolean; quiet: boolean; io: CommandIO },
): Promise<number> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await withQueue(dbUrl, 'watch --queue', {}, async (store, queue) => {
      do {
        const { sources } = await readSources(sourcesPath);
        const r = await enqueueDueSources(store, queue, sources, { force: o.once });
        if (o.json) o.io.stdout.write(`${JSON.stringify({ queued: r })}\n`);
        else if (!o.quiet)
          o.io.stderr.write(
            `watch: ${r.due} sources due, ${r.queued} queued (the others are waiting already)\n`,
          );
        if (o.once) break;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, o.pause * 1000);
          controller.signal.addEventListener('abort', () => {
            clearTimeout(t);
            resolve();
          });
        });
      } while (!controller.signal.aborted);
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return 0;
}
