import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The seed articles and their gold events are read from ../shared at run time, never copied here.
const shared = fileURLToPath(new URL('../../../shared/', import.meta.url));
const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const corpus = join(shared, 'corpus/seeds');
const gold = join(shared, 'gold/seeds.jsonl');
const scorer = join(shared, 'eval/score.mjs');

function score(): Record<string, number> {
  const run = spawnSync(process.execPath, [cli, 'extract', corpus, '--format', 'jsonl'], {
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  const pred = join(mkdtempSync(join(tmpdir(), 'marsad-seeds-')), 'pred.jsonl');
  writeFileSync(pred, run.stdout);
  const s = spawnSync(process.execPath, [scorer, '--gold', gold, '--pred', pred, '--corpus', corpus], {
    encoding: 'utf8',
  });
  const last = s.stdout.trim().split('\n').pop() ?? '';
  expect(last).toMatch(/^score: /);
  return Object.fromEntries(
    last
      .slice('score: '.length)
      .split(' ')
      .map((kv) => kv.split('='))
      .map(([k, v]) => [k!, Number(v)]),
  );
}

describe.runIf(existsSync(scorer) && existsSync(corpus))(
  'seed articles scored with the shared scorer',
  () => {
    it('meets the extraction bars', () => {
      const s = score();
      expect(s['event_f1']).toBeGreaterThanOrEqual(0.9);
      expect(s['argument_mean']).toBeGreaterThanOrEqual(0.8);
      expect(s['person_f1']).toBeGreaterThanOrEqual(0.85);
      expect(s['group_f1']).toBeGreaterThanOrEqual(0.9);
      expect(s['place_recall']).toBeGreaterThanOrEqual(0.85);
    });
  },
);
