/** `marsad stats`: what the database holds. */
import { parseArgs } from 'node:util';
import type { StoreStats } from '../store/store.js';
import { describeDb, resolveDbUrl, DB_OPTION_HELP } from './db-option.js';
import type { CommandIO } from './extract-command.js';
import { jsonLines, reportCommandError, usage, withQueryStore } from './query-options.js';

export const STATS_HELP = `Usage: marsad stats [options]

Counts what the database holds: documents, events (by type and by month), incidents,
persons, entity mentions, and the outlets with the most documents.

Options:
${DB_OPTION_HELP}
  --json                   one JSON object
  -h, --help               show this help
`;

function report(s: StoreStats, db: string): string {
  const width = Math.max(0, ...Object.keys(s.eventsByType).map((t) => t.length)) + 2;
  const lines = [
    `database   ${db}`,
    `documents  ${s.documents}`,
    `events     ${s.events}`,
    `incidents  ${s.incidents}`,
    `persons    ${s.persons}`,
    `mentions   ${s.mentions}`,
  ];
  const types = Object.entries(s.eventsByType).sort((a, b) => b[1] - a[1]);
  if (types.length) lines.push('', 'events by type', ...types.map(([t, n]) => `  ${t.padEnd(width)}${n}`));
  if (s.eventsByMonth.length) {
    const max = Math.max(...s.eventsByMonth.map((m) => m.events));
    lines.push(
      '',
      'events by month',
      ...s.eventsByMonth.map(
        (m) =>
          `  ${m.month}  ${String(m.events).padStart(6)}  ${'█'.repeat(Math.ceil((m.events / max) * 30))}`,
      ),
    );
  }
  if (s.documentsByOutlet.length)
    lines.push(
      '',
      'documents by outlet',
      ...s.documentsByOutlet.map((o) => `  ${String(o.documents).padStart(6)}  ${o.outlet}`),
    );
  return lines.join('\n') + '\n';
}

export async function runStats(argv: readonly string[], io: CommandIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(STATS_HELP);
      return 0;
    }
    if (positionals.length) throw usage(`unexpected argument '${positionals[0]}'`, 'stats');
    const stats = await withQueryStore(values.db, (store) => store.stats());
    const db = describeDb(resolveDbUrl(values.db));
    io.stdout.write(values.json ? jsonLines([{ db, ...stats }]) : report(stats, db));
    return 0;
  } catch (err) {
    return reportCommandError(err, io.stderr, 'stats');
  }
}
