import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The project's own sets (articles and gold written for the project), scored with the shared scorer:
// regression guards on articles the rules were not written from.
const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const dev = fileURLToPath(new URL('../fixtures/dev/', import.meta.url));
const heldout = fileURLToPath(new URL('../fixtures/heldout/', import.meta.url));
const scorer = fileURLToPath(new URL('../../../shared/eval/score.mjs', import.meta.url));

interface Report {
  events: { f1: number };
  events_strict: { f1: number };
}

function score(set: string): Report {
  const corpus = join(set, 'articles');
  const run = spawnSync(process.execPath, [cli, 'extract', corpus, '--format', 'jsonl'], {
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  const pred = join(mkdtempSync(join(tmpdir(), 'marsad-set-')), 'pred.jsonl');
  writeFileSync(pred, run.stdout);
  const args = [scorer, '--gold', join(set, 'gold.jsonl'), '--pred', pred, '--corpus', corpus, '--json'];
  const s = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return JSON.parse(s.stdout.slice(0, s.stdout.lastIndexOf('}') + 1)) as Report;
}

describe.runIf(existsSync(scorer))('project sets scored with the shared scorer', () => {
  it('dev set stays above its floor', () => {
    const report = score(dev);
    expect(report.events.f1).toBeGreaterThanOrEqual(0.85);
    expect(report.events_strict.f1).toBeGreaterThanOrEqual(0.7);
  });

  it('held-out set stays above the hidden-set bars', () => {
    const report = score(heldout);
    expect(report.events.f1).toBeGreaterThanOrEqual(0.8);
    expect(report.events_strict.f1).toBeGreaterThanOrEqual(0.6);
  });
});
