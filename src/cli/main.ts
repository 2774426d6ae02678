#!/usr/bin/env node
/** The `marsad` command: dispatches to the command modules. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../resources/package-root.js';
import { MarsadError, reasonOf } from './errors.js';
import { EXTRACT_HELP, runExtract } from './extract-command.js';
import { GEOCODE_HELP, runGeocode } from './geocode-command.js';
import { GAZETTEER_HELP, runGazetteer } from './gazetteer-command.js';
import { ALERT_HELP, runAlert } from './alert-command.js';
import { EVENTS_HELP, runEvents } from './events-command.js';
import { EXPORT_HELP, runExport } from './export-command.js';
import { EVAL_HELP, runEval } from './eval-command.js';
import type { CommandIO } from './extract-command.js';
import { INCIDENTS_HELP, runIncidents } from './incidents-command.js';
import { INGEST_HELP, REPROCESS_HELP, runIngest, runReprocess } from './ingest-command.js';
import { LEXICON_HELP, runLexicon } from './lexicon-command.js';
import { PERSONS_HELP, runPersons } from './persons-command.js';
import { runSearch, SEARCH_HELP } from './search-command.js';
import { runServe, SERVE_HELP } from './serve-command.js';
import { runSource, SOURCE_HELP } from './source-command.js';
import { runStats, STATS_HELP } from './stats-command.js';
import { runUser, USER_HELP } from './user-command.js';
import { runWatch, WATCH_HELP } from './watch-command.js';
import { runWorkerCommand, WORKER_HELP } from './worker-command.js';
import { JOBS_HELP, runJobs } from './jobs-command.js';

interface Command {
  summary: string;
  help: string;
  run(argv: readonly string[]): Promise<number>;
}

const io = (): CommandIO => ({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });

const COMMANDS: Record<string, Command> = {
  geocode: {
    summary: 'show how the places of a text are resolved (candidates, scores, reasons)',
    help: GEOCODE_HELP,
    run: runGeocode,
  },
  extract: {
    summary: 'extract events and entities from Arabic articles',
    help: EXTRACT_HELP,
    run: runExtract,
  },
  eval: {
    summary: 'score extraction against your own gold annotations (event F1, arguments, places)',
    help: EVAL_HELP,
    run: (argv) => runEval(argv, io()),
  },
  ingest: {
    summary: 'store articles and their events in the database; merge incidents and persons',
    help: INGEST_HELP,
    run: (argv) => runIngest(argv),
  },
  reprocess: {
    summary: 're-extract stored articles after the lexicons or marsad changed',
    help: REPROCESS_HELP,
    run: (argv) => runReprocess(argv),
  },
  events: {
    summary: 'list stored events: filters by type, actor, place, dates, outlet, person',
    help: EVENTS_HELP,
    run: (argv) => runEvents(argv, io()),
  },
  export: {
    summary: 'write events as ACLED CSV, GeoJSON, JSON Lines or PLOVER for other tools',
    help: EXPORT_HELP,
    run: (argv) => runExport(argv, io()),
  },
  incidents: {
    summary: 'list incidents: one event reported by several sources, with corroboration',
    help: INCIDENTS_HELP,
    run: (argv) => runIncidents(argv, io()),
  },
  persons: {
    summary: 'list people resolved across documents: aliases, titles, group, events',
    help: PERSONS_HELP,
    run: (argv) => runPersons(argv, io()),
  },
  search: {
    summary: 'Arabic full-text search over stored documents or event sentences',
    help: SEARCH_HELP,
    run: (argv) => runSearch(argv, io()),
  },
  stats: {
    summary: 'count what the database holds',
    help: STATS_HELP,
    run: (argv) => runStats(argv, io()),
  },
  serve: {
    summary: 'serve the HTTP API and the web app (map, timeline, incidents, people, review)',
    help: SERVE_HELP,
    run: (argv) => runServe(argv, io()),
  },
  user: {
    summary: 'add, list or remove the users who may ingest and review through the API',
    help: USER_HELP,
    run: (argv) => runUser(argv, io()),
  },
  source: {
    summary: 'add, list or remove the feeds, sitemaps and pages that marsad watch polls',
    help: SOURCE_HELP,
    run: (argv) => runSource(argv, io()),
  },
  watch: {
    summary: 'follow the configured sources: fetch new articles, store them, fire alerts',
    help: WATCH_HELP,
    run: (argv) => runWatch(argv, io()),
  },
  worker: {
    summary: 'process queued jobs (PostgreSQL): run any number, on any number of machines',
    help: WORKER_HELP,
    run: (argv) => runWorkerCommand(argv, io()),
  },
  jobs: {
    summary: 'show the job queue: jobs per kind and state, reprocess progress, failed jobs',
    help: JOBS_HELP,
    run: (argv) => runJobs(argv, io()),
  },
  alert: {
    summary: 'saved alert rules: webhook (signed, retried) and Atom feed on matching incidents',
    help: ALERT_HELP,
    run: (argv) => runAlert(argv, io()),
  },
  gazetteer: {
    summary: 'import places into the local gazetteer (GeoNames, OCHA), show counts, look names up',
    help: GAZETTEER_HELP,
    run: (argv) => runGazetteer(argv),
  },
  lexicon: {
    summary: 'check a lexicon overlay (your own actors, triggers, places …) and show what it changes',
    help: LEXICON_HELP,
    run: (argv) => runLexicon(argv, io()),
  },
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  const list = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`);
  return [
    'Usage: marsad <command> [options]',
    '',
    'Commands:',
    ...list,
    '',
    'Options:',
    '  -h, --help     show this help (`marsad <command> --help` for a command)',
    '  -V, --version  print the version',
    '',
  ].join('\n');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

function usageError(detail: string): number {
  process.stderr.write(`${MarsadError.of('E_USAGE', { detail, help: 'marsad --help' }).toLine()}\n`);
  return 2;
}

async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    process.stderr.write(mainHelp());
    return 2;
  }
  if (first === '-h' || first === '--help' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    process.stdout.write(topic !== undefined && COMMANDS[topic] ? COMMANDS[topic].help : mainHelp());
    return 0;
  }
  if (first === '-V' || first === '--version') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS[first];
  if (!command) return usageError(`unknown command '${first}'`);
  return command.run(rest);
}

// A closed pipe (`marsad extract DIR | head`) ends the run quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${MarsadError.of('E_INTERNAL', { reason: reasonOf(err) }).toLine()}\n`);
    if (process.env.MARSAD_DEBUG && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`);
    process.exitCode = 1;
  },
);
