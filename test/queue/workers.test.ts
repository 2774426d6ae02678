/**
 * Scale-out on PostgreSQL through the built CLI (`npm run build` first): articles queued by
 * `ingest --queue` and drained by two worker processes, with no document or event lost or duplicated;
 * a worker stopped with SIGTERM, which finishes the job in hand; a worker killed with SIGKILL in the
 * middle of a job, whose job another worker finishes after it expires; a queued reprocess that resumes without repeating itself; and the clear error of `--queue`
 * on SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractItem } from '../../src/ingest/extract-item.js';
import { contentHash } from '../../src/store/content-hash.js';
import { postgresBackend } from '../helpers/backends.js';
import { ADVANCE_OVERLAY, writeArticles, writeOverlay } from '../helpers/generated-articles.js';
import { builtinResources } from '../helpers/resources.js';
import { cli, query, spawnCli } from './queue-helpers.js';

const backend = postgresBackend();
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marsad-queue-'));
  if (backend.available) await backend.start();
}, 60_000);
afterAll(async () => {
  await backend.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

interface JobsStatus {
  kinds: Record<string, { queued: number; active: number; completed: number; failed: number }>;
  reprocess: { percent: number; batches: number; batchesDone: number } | null;
  failedJobs: Array<{ kind: string; error: string }>;
}

const jobsOf = (url: string): JobsStatus => {
  const r = cli(['jobs', '--db', url, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as JobsStatus;
};

/**
 * A fresh database with `count` generated articles queued in jobs of 50, and one worker that has stored
 * part of its first job (a chunk of 16 committed, the rest not): the moment to stop or kill it.
 */
async function workerMidJob(n: number, name: string, count: number, seed: number) {
  const url = await backend.fresh(n);
  const corpus = join(dir, name);
  const texts = writeArticles(corpus, count, seed);
  expect(cli(['ingest', '--queue', '--db', url, '--batch', '50', corpus]).code).toBe(0);
  const worker = spawnCli(['worker', '--db', url, '-v']);
  await worker.waitFor(/extract \S+ progress: stored 16\/50/);
  return { url, texts, worker };
}

/** Every document once, every event once per document, every event in an incident. */
async function expectExactlyOnce(url: string, texts: readonly string[]) {
  const [docs] = await query<{ n: string; hashes: string }>(
    url,
    'SELECT count(*) AS n, count(DISTINCT content_hash) AS hashes FROM documents',
  );
  expect(Number(docs!.n)).toBe(new Set(texts).size);
  expect(Number(docs!.hashes)).toBe(new Set(texts).size);
  const stored = new Set(
    (await query<{ content_hash: string }>(url, 'SELECT content_hash FROM documents')).map(
      (r) => r.content_hash,
    ),
  );
  for (const t of texts) expect(stored.has(contentHash(t))).toBe(true);
  const dupes = await query(
    url,
    `SELECT document_id, type, evidence_start, trigger_start, place_name, date_start, actor, target, count(*)
     FROM events GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING count(*) > 1`,
  );
  expect(dupes).toEqual([]);
  const [unplaced] = await query<{ n: string }>(
    url,
    'SELECT count(*) AS n FROM events WHERE incident_id IS NULL',
  );
  expect(Number(unplaced!.n)).toBe(0);
  // No incident without events: a doubled placement leaves one behind.
  const [empty] = await query<{ n: string }>(
    url,
    'SELECT count(*) AS n FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.incident_id = i.id)',
  );
  expect(Number(empty!.n)).toBe(0);
}

/** Events per document as an inline extraction of the same texts gives them (a sample). */
async function expectEventsAsInline(url: string, texts: readonly string[], sample: number) {
  const resources = builtinResources();
  const counts = new Map(
    (
      await query<{ content_hash: string; n: string }>(
        url,
        `SELECT d.content_hash, count(e.id) AS n FROM documents d LEFT JOIN events e ON e.document_id = d.id
         GROUP BY d.content_hash`,
      )
    ).map((r) => [r.content_hash, Number(r.n)]),
  );
  const step = Math.max(1, Math.floor(texts.length / sample));
  let total = 0;
  for (let i = 0; i < texts.length; i += step) {
    const outcome = extractItem({ id: i, raw: texts[i]!, published: null }, resources);
    if (!outcome.ok) throw new Error(outcome.error);
    expect(counts.get(contentHash(texts[i]!))).toBe(outcome.result.events.length);
    total += outcome.result.events.length;
  }
  expect(total).toBeGreaterThan(0);
}

describe.skipIf(!backend.available)('queue and workers (PostgreSQL)', () => {
  it('two worker processes drain 2,000 queued articles: nothing lost, nothing twice', async () => {
    const url = await backend.fresh(1);
    const corpus = join(dir, 'two-workers');
    const texts = writeArticles(corpus, 2000, 801);
    const queued = cli(['ingest', '--queue', '--db', url, '--batch', '50', '--json', corpus]);
    expect(queued.code, queued.stderr).toBe(0);
    expect(JSON.parse(queued.stdout)).toMatchObject({ queued: 2000, jobs: 40, skipped: 0 });
    expect(jobsOf(url).kinds['extract']).toMatchObject({ queued: 40, active: 0 });

    const started = Date.now();
    const workers = [0, 1].map(() => spawnCli(['worker', '--db', url, '--until-empty', '--json']));
    const codes = await Promise.all(workers.map((w) => w.exited));
    const seconds = (Date.now() - started) / 1000;
    expect(codes, workers.map((w) => w.stderr()).join('\n')).toEqual([0, 0]);
    // Both took part.
    const summaries = workers.map(
      (w) =>
        (
          JSON.parse(w.stdout().trim().split('\n').pop()!) as {
            summary: { completed: Record<string, number> };
          }
        ).summary,
    );
    for (const s of summaries) expect(s.completed['extract'] ?? 0).toBeGreaterThan(0);
    expect(summaries.reduce((n, s) => n + (s.completed['extract'] ?? 0), 0)).toBe(40);
    console.log(`two workers: 2,000 articles in ${seconds.toFixed(1)} s`);

    await expectExactlyOnce(url, texts);
    await expectEventsAsInline(url, texts, 100);
    const status = jobsOf(url);
    expect(status.kinds['extract']).toMatchObject({ queued: 0, active: 0, completed: 40, failed: 0 });
    expect(status.failedJobs).toEqual([]);
    // Queuing the same files again queues nothing: every text is stored.
    const again = cli(['ingest', '--queue', '--db', url, '--json', corpus]);
    expect(JSON.parse(again.stdout)).toMatchObject({ queued: 0, skipped: 2000, jobs: 0 });
  }, 180_000);

  it('a worker stopped with SIGTERM mid-job finishes its job, takes no other, and exits 0', async () => {
    const { url, texts, worker } = await workerMidJob(4, 'stopped', 200, 803);
    worker.kill('SIGTERM');
    expect(await worker.exited, worker.stderr()).toBe(0);
    // The job in hand was finished within the grace period; nothing is left active.
    const states = await query<{ state: string; n: string }>(
      url,
      "SELECT state, count(*) AS n FROM pgboss.job WHERE name = 'extract' GROUP BY state",
    );
    const count = (state: string) => Number(states.find((r) => r.state === state)?.n ?? 0);
    expect(count('completed')).toBeGreaterThanOrEqual(1);
    expect(count('completed')).toBeLessThan(4);
    expect(count('active')).toBe(0);
    const [stored] = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM documents');
    expect(Number(stored!.n)).toBe(50 * count('completed'));

    const rest = spawnCli(['worker', '--db', url, '--until-empty']);
    expect(await rest.exited, rest.stderr()).toBe(0);
    await expectExactlyOnce(url, texts);
  });

  it('a worker killed with SIGKILL mid-job: another finishes its job after it expires', async () => {
    const { url, texts, worker: victim } = await workerMidJob(2, 'killed', 400, 802);
    victim.kill('SIGKILL');
    expect(await victim.exited).toBe(null);
    const [partial] = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM documents');
    expect(Number(partial!.n)).toBeGreaterThanOrEqual(16);
    expect(Number(partial!.n)).toBeLessThan(400);
    const [held] = await query<{ n: string }>(
      url,
      "SELECT count(*) AS n FROM pgboss.job WHERE name = 'extract' AND state = 'active'",
    );
    expect(Number(held!.n)).toBe(1);

    const survivor = spawnCli(['worker', '--db', url, '--until-empty', '-v']);
    expect(await survivor.exited, survivor.stderr()).toBe(0);
    // The victim's job was taken again (a second attempt) and completed.
    expect(survivor.stderr()).toMatch(/extract \S+ started: attempt 2/);
    await expectExactlyOnce(url, texts);
    const status = jobsOf(url);
    expect(status.kinds['extract']).toMatchObject({ completed: 8, failed: 0, active: 0, queued: 0 });

    // A queued reprocess with an overlay that changes events: batches by id range, resumable.
    const overlay = writeOverlay(join(dir, 'overlay'), ADVANCE_OVERLAY);
    const reprocess = [
      'reprocess',
      '--queue',
      '--db',
      url,
      '--lexicons',
      overlay,
      '--batch',
      '150',
      '--json',
    ];
    const first = cli(reprocess);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ batches: 3, queued: 3, staleDocuments: 400 });
    const repeat = cli(reprocess);
    expect(JSON.parse(repeat.stdout)).toMatchObject({ batches: 3, queued: 0, pending: 3 });
    expect(jobsOf(url).reprocess).toMatchObject({ percent: 0, batches: 3, batchesDone: 0 });
    const [clashesBefore] = await query<{ n: string }>(
      url,
      "SELECT count(*) AS n FROM events WHERE type = 'armed_clash'",
    );

    // A worker without the overlay refuses the batches (other lexicons); one with it does them.
    const reworker = spawnCli(['worker', '--db', url, '--until-empty', '--lexicons', overlay]);
    expect(await reworker.exited, reworker.stderr()).toBe(0);
    const done = jobsOf(url);
    expect(done.reprocess).toMatchObject({ percent: 100, batches: 3, batchesDone: 3 });
    expect(done.kinds['reprocess-batch']).toMatchObject({ completed: 3, failed: 0 });
    const [clashesAfter] = await query<{ n: string }>(
      url,
      "SELECT count(*) AS n FROM events WHERE type = 'armed_clash'",
    );
    expect(Number(clashesAfter!.n)).toBeGreaterThan(Number(clashesBefore!.n));
    await expectExactlyOnce(url, texts);
    const after = cli(['reprocess', '--queue', '--db', url, '--lexicons', overlay, '--json']);
    expect(JSON.parse(after.stdout)).toMatchObject({ batches: 0, queued: 0, staleDocuments: 0 });
  }, 180_000);

  it('a batch of other lexicons is refused by a worker and reported by marsad jobs', async () => {
    const url = await backend.fresh(3);
    const corpus = join(dir, 'refused');
    writeArticles(corpus, 20, 803);
    expect(cli(['ingest', '--queue', '--db', url, corpus]).code).toBe(0);
    expect(cli(['worker', '--db', url, '--until-empty']).code).toBe(0);
    const overlay = writeOverlay(join(dir, 'overlay-refused'), ADVANCE_OVERLAY);
    const queued = cli(['reprocess', '--queue', '--db', url, '--lexicons', overlay], {
      MARSAD_QUEUE_RETRY_LIMIT: '0',
    });
    expect(queued.code, queued.stderr).toBe(0);
    // Queued without retries: the refusal is final.
    expect(cli(['worker', '--db', url, '--until-empty']).code).toBe(0);
    const status = jobsOf(url);
    expect(status.kinds['reprocess-batch']).toMatchObject({ failed: 1 });
    expect(status.failedJobs[0]).toMatchObject({ kind: 'reprocess-batch' });
    expect(status.failedJobs[0]!.error).toMatch(/start the workers with the lexicons of the reprocess/);
    expect(status.reprocess).toMatchObject({ percent: 0 });
    const text = cli(['jobs', '--db', url]);
    expect(text.stdout).toMatch(/reprocess-batch\s+0\s+0\s+0\s+1/);
    expect(text.stdout).toMatch(/reprocess: 0% — 0 of 20 documents, 0 of 1 batches/);
  }, 120_000);
});

describe('--queue on SQLite', () => {
  it('ingest, watch and reprocess --queue, worker and jobs refuse a SQLite database with E_QUEUE_NEEDS_POSTGRES', () => {
    const db = join(dir, 'local.db');
    const cases = [
      ['ingest', '--queue', '--db', db, dir],
      ['reprocess', '--queue', '--db', db],
      ['watch', '--queue', '--once', '--db', db],
      ['worker', '--db', db],
      ['jobs', '--db', db],
    ];
    for (const args of cases) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(
        /^marsad: E_QUEUE_NEEDS_POSTGRES: .* needs a PostgreSQL database \(--db postgres:\/\/…\), not .*local\.db/,
      );
    }
  });
});
