/** `marsad jobs`: the state of the job queue, from any machine that reaches the database. */
import { parseArgs } from 'node:util';
import { queueStatus, type QueueStatus } from '../queue/queue-status.js';
import { DB_OPTION_HELP, resolveDbUrl } from './db-option.js';
import type { CommandIO } from './extract-command.js';
import { intOption, reportCommandError, usage } from './query-options.js';
import { withQueue } from './queue-option.js';

export const JOBS_HELP = `Usage: marsad jobs --db postgres://… [options]

Shows the job queue: jobs per kind (queued, active, completed, failed), the progress
of the latest reprocess --queue, and the failed jobs with their error.

Options:
${DB_OPTION_HELP}
  --failed N               failed jobs listed (default 20)
  --json                   one JSON object on stdout
  -h, --help               show this help
`;

function report(s: QueueStatus): string {
  const lines = [
    `${'kind'.padEnd(16)}${'queued'.padStart(9)}${'active'.padStart(9)}${'completed'.padStart(11)}${'failed'.padStart(9)}`,
  ];
  for (const [kind, c] of Object.entries(s.kinds))
    lines.push(
      `${kind.padEnd(16)}${String(c.queued).padStart(9)}${String(c.active).padStart(9)}${String(c.completed).padStart(11)}${String(c.failed).padStart(9)}`,
    );
  if (s.reprocess) {
    const r = s.reprocess;
    lines.push(
      '',
      `reprocess: ${r.percent}% — ${r.documentsDone} of ${r.documents} documents, ${r.batchesDone} of ${r.batches} batches (resources ${r.resourcesVersion.slice(0, 12)}, marsad ${r.marsadVersion})`,
    );
  }
  if (s.failedJobs.length) {
    lines.push('', 'failed jobs:');
    for (const f of s.failedJobs)
      lines.push(
        `  ${f.kind} ${f.id} (${f.attempts} attempts${f.failedAt ? `, ${f.failedAt}` : ''}): ${f.error}`,
      );
  }
  return lines.join('\n') + '\n';
}

export async function runJobs(argv: readonly string[], io: CommandIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        db: { type: 'string' },
        failed: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(JOBS_HELP);
      return 0;
    }
    if (positionals.length) throw usage(`unexpected argument '${positionals[0]}'`, 'jobs');
    const failedLimit = intOption(values.failed, 'failed', 'jobs', 0) ?? 20;
    const status = await withQueue(resolveDbUrl(values.db), 'marsad jobs', {}, (store) =>
      queueStatus(store, { failedLimit }),
    );
    io.stdout.write(values.json ? `${JSON.stringify(status)}\n` : report(status));
    return 0;
  } catch (err) {
    return reportCommandError(err, io.stderr, 'jobs');
  }
}
