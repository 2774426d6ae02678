#!/usr/bin/env node
/**
 * `npm audit --omit=dev --audit-level=high` that tells two failures apart (no dependencies; run by
 * .ci/run):
 *   - the advisory database answered and lists high or critical advisories for a production
 *     dependency: exit 1, with the advisories;
 *   - the advisory database could not be reached (offline, a proxy that refuses the bulk POST with 405,
 *     a registry mirror without the endpoint): a notice on stderr and exit 0, since nothing is known.
 *
 * Usage: node scripts/audit-prod.mjs [--report FILE]   (FILE: saved `npm audit --json` output, for tests)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEVERE = ['high', 'critical'];

/**
 * The verdict on `npm audit --json` output: `failed` (advisories at high or critical), `clean`, or
 * `unreachable` (no report), with lines for people.
 */
export function judgeAudit(jsonText) {
  let report;
  try {
    report = JSON.parse(jsonText);
  } catch {
    return { verdict: 'unreachable', lines: ['npm audit printed no JSON report'] };
  }
  const counts = report?.metadata?.vulnerabilities;
  if (!counts || typeof counts !== 'object') {
    const why = report?.message ?? report?.error?.summary ?? 'no report';
    return { verdict: 'unreachable', lines: [`the advisory database could not be reached: ${why}`] };
  }
  const severe = Object.entries(report.vulnerabilities ?? {}).filter(([, v]) => SEVERE.includes(v.severity));
  if (severe.length === 0)
    return {
      verdict: 'clean',
      lines: [`no high or critical advisories (${counts.total ?? 0} below that level)`],
    };
  return {
    verdict: 'failed',
    lines: severe.map(
      ([name, v]) =>
        `${name} (${v.severity}): ${(v.via ?? [])
          .map((x) => (typeof x === 'string' ? x : `${x.title ?? ''} ${x.url ?? ''}`.trim()))
          .join('; ')}${v.fixAvailable ? ' — a fix is available' : ''}`,
    ),
  };
}

const invoked = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invoked) {
  const at = process.argv.indexOf('--report');
  const text =
    at > 0
      ? readFileSync(process.argv[at + 1], 'utf8')
      : spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        }).stdout;
  const { verdict, lines } = judgeAudit(text);
  if (verdict === 'unreachable') {
    process.stderr.write(
      `NOTICE: npm audit skipped: ${lines.join('; ')}. Nothing is known about advisories.\n`,
    );
  } else if (verdict === 'clean') {
    process.stdout.write(`npm audit: ${lines.join('; ')}\n`);
  } else {
    process.stderr.write(`npm audit: high or critical advisories in production dependencies:\n`);
    for (const l of lines) process.stderr.write(`  ${l}\n`);
    process.exit(1);
  }
}
