/**
 * The time budget of the extraction pool: a document that keeps a worker busy past it is stopped, its
 * task rejected with E_EXTRACT_TIMEOUT naming it, the worker replaced, and the other documents done.
 * Worker threads need the compiled worker, so this runs the build (dist/), as `npm test` makes it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type * as PoolModule from '../../src/ingest/extract-pool.js';
import type * as LoadModule from '../../src/resources/load-resources.js';
import { cliEnv, runCli } from '../helpers/cli-process.js';
import { PATHOLOGICAL_INPUTS } from './pathological-inputs.js';

const DIST = join(import.meta.dirname, '..', '..', 'dist');
const built = existsSync(join(DIST, 'ingest', 'extract-worker.js'));
const ARTICLE = readFileSync(
  join(import.meta.dirname, '..', 'fixtures', 'dev', 'articles', '01_dez24_mayadin_emir_defection.txt'),
  'utf8',
);
// Megabytes without sentence marks: many seconds of work, far over a budget of 1 s (a cold worker's
// first article may take a few hundred milliseconds on a busy machine).
const SLOW = PATHOLOGICAL_INPUTS['1 MB of Arabic without punctuation or line breaks']!().repeat(4);

/** A pool of the built worker (worker threads run dist/, not the TypeScript sources). */
async function builtPool(workers: number, timeBudgetMs: number) {
  const { createExtractPool } = (await import(join(DIST, 'ingest', 'extract-pool.js'))) as typeof PoolModule;
  const { loadResources } = (await import(join(DIST, 'resources', 'load-resources.js'))) as typeof LoadModule;
  const resources = loadResources(undefined, { localGazetteer: false, lexicons: false });
  return createExtractPool({ workers, resources, timeBudgetMs });
}

describe.runIf(built)('extraction time budget', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('stops a document over the budget, names it, and goes on with the others', async () => {
    const pool = await builtPool(1, 1000);
    try {
      const task = (id: number, raw: string, name: string) => pool.run({ id, raw, published: null, name });
      // One worker: the slow document blocks the two queued behind it until it is stopped.
      const outcomes = await Promise.allSettled([
        task(1, ARTICLE, 'first.txt'),
        task(2, SLOW, 'slow.txt'),
        task(3, ARTICLE, 'third.txt'),
      ]);
      expect(outcomes[0]).toMatchObject({ status: 'fulfilled', value: { id: 1, ok: true } });
      expect(outcomes[2]).toMatchObject({ status: 'fulfilled', value: { id: 3, ok: true } });
      expect(outcomes[1]!.status).toBe('rejected');
      const error = (outcomes[1] as PromiseRejectedResult).reason as Error & { code: string; path?: string };
      expect(error.code).toBe('E_EXTRACT_TIMEOUT');
      expect(error.path).toBe('slow.txt');
      expect(error.message).toBe(
        'extraction of slow.txt took longer than the time budget of 1 s and was stopped',
      );
      // The replacement worker takes new work.
      await expect(task(4, ARTICLE, 'fourth.txt')).resolves.toMatchObject({ id: 4, ok: true });
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('keeps documents under the budget untouched', async () => {
    const pool = await builtPool(2, 20_000);
    try {
      const outcomes = await Promise.all(
        [1, 2, 3, 4].map((id) => pool.run({ id, raw: ARTICLE, published: null })),
      );
      expect(outcomes.every((o) => o.ok)).toBe(true);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('is reported by marsad ingest for that document, and the others are stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marsad-budget-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'a.txt'), ARTICLE);
    writeFileSync(join(dir, 'slow.txt'), SLOW);
    const env = { ...cliEnv(join(dir, 'home')), MARSAD_TIME_BUDGET: '1' };
    const db = join(dir, 'kb.db');
    const r = await runCli(
      ['ingest', '--db', db, '--workers', '1', '-q', '--json', join(dir, 'a.txt'), join(dir, 'slow.txt')],
      env,
    );
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /slow\.txt: E_EXTRACT_TIMEOUT: extraction of a document of \d+ characters took longer than the time budget of 1 s/,
    );
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ stored: 1, failed: 1, errorsByCode: { E_EXTRACT_TIMEOUT: 1 } });
  }, 60_000);
});
