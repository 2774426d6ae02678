import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The project's own dev set (articles and gold written for the project), scored with the shared
// scorer: a regression guard on articles the rules were not written from.
const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const corpus = fileURLToPath(new URL('../fixtures/dev/articles/', import.meta.url));
const gold = fileURLToPath(new URL('../fixtures/dev/gold.jsonl', import.meta.url));
const scorer = fileURLToPath(new URL('../../../shared/eval/score.mjs', import.meta.url));

describe.runIf(existsSync(scorer))('dev set scored with the shared scorer', () => {
  it('stays above its floor', () => {
    const run = spawnSync(process.execPath, [cli, 'extract', corpus, '--format', 'jsonl'], {
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const pred = join(mkdtempSync(join(tmpdir(), 'marsad-dev-')), 'pred.jsonl');
    writeFileSync(pred, run.stdout);
    const s = spawnSync(
      process.execPath,
      [scorer, '--gold', gold, '--pred', pred, '--corpus', corpus, '--json'],
      { encoding: 'utf8' },
    );
    const report = JSON.parse(s.stdout.slice(0, s.stdout.lastIndexOf('}') + 1)) as {
      events: { f1: number };
      events_strict: { f1: number };
    };
    expect(report.events.f1).toBeGreaterThanOrEqual(0.8);
    expect(report.events_strict.f1).toBeGreaterThanOrEqual(0.6);
  });
});
