#!/usr/bin/env node
// Scores `marsad extract` on the shared seed articles with the shared scorer (development aid).
//   npm run score [-- --verbose]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const shared = new URL('../../shared/', import.meta.url).pathname;
const corpus = process.env.MARSAD_CORPUS ?? join(shared, 'corpus/seeds');
const gold = process.env.MARSAD_GOLD ?? join(shared, 'gold/seeds.jsonl');
if (!existsSync(corpus)) {
  console.error(`no corpus at ${corpus}`);
  process.exit(2);
}
const cli = new URL('../dist/cli/main.js', import.meta.url).pathname;
const run = spawnSync(process.execPath, [cli, 'extract', corpus, '--format', 'jsonl'], {
  encoding: 'utf8',
  maxBuffer: 1 << 28,
});
if (run.status !== 0) {
  console.error(run.stderr);
  process.exit(1);
}
const out = join(mkdtempSync(join(tmpdir(), 'marsad-score-')), 'pred.jsonl');
writeFileSync(out, run.stdout);
const score = spawnSync(
  process.execPath,
  [
    join(shared, 'eval/score.mjs'),
    '--gold',
    gold,
    '--pred',
    out,
    '--corpus',
    corpus,
    ...process.argv.slice(2),
  ],
  { encoding: 'utf8' },
);
process.stdout.write(score.stdout + score.stderr);
process.exit(score.status ?? 1);
