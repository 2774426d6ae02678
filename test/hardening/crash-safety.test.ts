/**
 * Crash safety of `marsad ingest` and `marsad reprocess`, through the built CLI (`npm test` builds
 * first). Nothing ingested may be lost or silently altered, whenever a run stops:
 *
 * - SQLite: twenty runs on one database, alternately ingesting a growing corpus and reprocessing it
 *   after a change of the lexicon overlay, each killed with SIGKILL after a random delay. After each,
 *   the file is sound (integrity_check, foreign keys, the full-text indexes against their tables), no
 *   text is stored twice, every document holds exactly the events and mentions a clean run with the
 *   same resources gives it, and nothing points at a missing row. A completing run then ends with
 *   exactly the content of a clean ingest into a fresh database.
 * - PostgreSQL: the connections of a running ingest or reprocess terminated by the server at a random
 *   moment, and the process killed with SIGKILL; the same checks, and the same end.
 *
 * Delays come from a seeded generator: the seed is printed with every failure; set MARSAD_CRASH_SEED to
 * replay a schedule (timing still depends on the machine's load).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open-store.js';
import { startPostgres, type PostgresServer } from '../../src/store/throwaway-postgres.js';
import { postgresBackend } from '../helpers/backends.js';
import {
  cliEnv,
  runCli,
  runCliKilledAfter,
  sleep,
  startCli,
  type CliResult,
} from '../helpers/cli-process.js';
import {
  ADVANCE_OVERLAY,
  generateArticles,
  seededRandom,
  writeOverlay,
} from '../helpers/generated-articles.js';
import {
  documentDifferences,
  snapshotOf,
  snapshotStore,
  sqliteFileProblems,
  storeProblems,
  withDatabase,
  type Snapshot,
} from '../helpers/store-snapshot.js';

const SEED = Number(process.env['MARSAD_CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const ARTICLES = 300;
/** The corpus is written in parts; the n-th ingest run reads the first n parts (a growing archive). */
const PARTS = 10;
const RUNS = 20;

let dir = '';
let env: NodeJS.ProcessEnv = {};
let parts: string[] = [];
let overlayB = '';
/** Clean ingests into fresh databases: without the overlay (A) and with it (B). */
let reference: { A: Snapshot; B: Snapshot; byVersion: Map<string, Snapshot> };
/** Measured on the clean run: start-up and closing work (ms), and the cost of one article (ms). */
let timing = { fixedMs: 0, perArticleMs: 0 };

const overlayArgs = (overlay: 'A' | 'B') => (overlay === 'B' ? ['--lexicons', overlayB] : []);
const ingestArgs = (db: string, overlay: 'A' | 'B', upTo = PARTS) => [
  'ingest',
  '--db',
  db,
  '--workers',
  '2',
  '-q',
  '--json',
  ...overlayArgs(overlay),
  ...parts.slice(0, upTo),
];
const reprocessArgs = (db: string, overlay: 'A' | 'B') => [
  'reprocess',
  '--db',
  db,
  '--workers',
  '2',
  '-q',
  '--json',
  ...overlayArgs(overlay),
];

async function versionOf(url: string): Promise<string> {
  const rows = await withDatabase(url, (db) =>
    db.selectFrom('extractions').select('resources_version').execute(),
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.resources_version;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marsad-crash-'));
  env = cliEnv(join(dir, 'home'));
  const corpus = join(dir, 'corpus');
  const per = ARTICLES / PARTS;
  parts = Array.from({ length: PARTS }, (_, k) => join(corpus, `part-${String(k).padStart(2, '0')}`));
  const texts = generateArticles(ARTICLES, SEED);
  // The same articles split into parts: part k holds articles k*per … (k+1)*per-1, in sorted order.
  texts.forEach((text, i) => {
    const part = parts[Math.floor(i / per)]!;
    mkdirSync(part, { recursive: true });
    writeFileSync(join(part, `${String(i).padStart(4, '0')}.txt`), text);
  });
  overlayB = writeOverlay(join(dir, 'overlay-b'), ADVANCE_OVERLAY);

  const refA = join(dir, 'reference-a.db');
  const first = await runCli(ingestArgs(refA, 'A'), env);
  expect(first.code, first.stderr).toBe(0);
  // Nothing to do the second time: what remains is start-up, reading, and closing work.
  const again = await runCli(ingestArgs(refA, 'A'), env);
  expect(again.code, again.stderr).toBe(0);
  expect(JSON.parse(again.stdout)).toMatchObject({ stored: 0, unchanged: ARTICLES, failed: 0 });
  timing = { fixedMs: again.ms, perArticleMs: Math.max(1, (first.ms - again.ms) / ARTICLES) };
  const refB = join(dir, 'reference-b.db');
  const withB = await runCli(ingestArgs(refB, 'B'), env);
  expect(withB.code, withB.stderr).toBe(0);
  const A = await snapshotOf(refA);
  const B = await snapshotOf(refB);
  const byVersion = new Map([
    [await versionOf(refA), A],
    [await versionOf(refB), B],
  ]);
  reference = { A, B, byVersion };
  // The overlay changes what is extracted, so a reprocess with it rewrites events.
  expect(byVersion.size).toBe(2);
  const events = (s: Snapshot) => [...s.documents.values()].reduce((n, d) => n + d.events.length, 0);
  expect(events(B)).toBeGreaterThan(events(A));
  expect(A.documents.size).toBe(ARTICLES);
  expect(A.incidents.length).toBeGreaterThan(0);
  expect(sqliteFileProblems(refA)).toEqual([]);
  expect((await problemsOf(refA)).problems).toEqual([]);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Problems of a database after a run stopped, on either backend (empty: sound). */
function problemsOf(url: string): Promise<{ problems: string[]; snapshot: Snapshot }> {
  return withDatabase(url, async (db) => {
    // Killed before its first migration committed: nothing stored, nothing to check.
    const empty = { documents: new Map(), incidents: [], persons: [] };
    const tables = await db.introspection.getTables();
    if (!tables.some((t) => t.name === 'documents')) return { problems: [], snapshot: empty };
    // Killed between two migrations: the next start completes the schema; nothing can have been
    // stored before it was complete.
    const { rows: applied } = await sql<{ n: number | string }>`
      SELECT count(*) AS n FROM kysely_migration`.execute(db);
    if (Number(applied[0]!.n) < Object.keys(migrations('sqlite')).length) {
      const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM documents`.execute(db);
      const stored = Number(rows[0]!.n);
      return {
        problems: stored ? [`${stored} documents stored before the schema was complete`] : [],
        snapshot: empty,
      };
    }
    const snapshot = await snapshotStore(db);
    const problems = [...(await storeProblems(db)), ...documentDifferences(snapshot, reference.byVersion)];
    return { problems, snapshot };
  });
}

/** The counts of a run's --json summary, for the log. */
function summaryOf(stdout: string): string {
  if (!stdout.trim()) return '';
  const s = JSON.parse(stdout) as Record<string, unknown>;
  const keys = ['stored', 'unchanged', 'reprocessed', 'current', 'failed', 'incidents'];
  return keys
    .filter((k) => typeof s[k] === 'number')
    .map((k) => `${k} ${String(s[k])}`)
    .join(', ');
}

/** A random delay in [fromMs, toMs). */
const between = (r: () => number, fromMs: number, toMs: number) => Math.round(fromMs + r() * (toMs - fromMs));

/** The end state must be exactly the clean run's: documents, their extraction, incidents, persons. */
function expectReferenceContent(actual: Snapshot, expected: Snapshot, context: string) {
  expect([...actual.documents.keys()].sort(), `${context}: documents`).toEqual(
    [...expected.documents.keys()].sort(),
  );
  expect(documentDifferences(actual, new Map([[versionKey(expected), expected]])), context).toEqual([]);
  expect(actual.persons, `${context}: persons`).toEqual(expected.persons);
  expect(actual.incidents, `${context}: incidents`).toEqual(expected.incidents);
}

const versionKey = (s: Snapshot) => [...s.documents.values()][0]!.version!;

describe('SQLite', () => {
  it('stores in WAL mode with synchronous=NORMAL and foreign keys on', async () => {
    const path = join(dir, 'pragmas.db');
    const store = await openStore(path);
    try {
      const pragma = async (name: string) => {
        const { rows } = await sql.raw<Record<string, unknown>>(`PRAGMA ${name}`).execute(store.db);
        return Object.values(rows[0]!)[0];
      };
      expect(await pragma('journal_mode')).toBe('wal');
      // NORMAL (1): in WAL mode a commit survives a crash of the process (not always of the machine).
      expect(await pragma('synchronous')).toBe(1);
      expect(await pragma('foreign_keys')).toBe(1);
    } finally {
      await store.close();
    }
  });

  it(`survives ${RUNS} runs killed at random moments and completes to the reference`, async () => {
    const r = seededRandom(SEED ^ 0x5bd1e995);
    const db = join(dir, 'crashed.db');
    const log: string[] = [];
    let killed = 0;
    for (let run = 0; run < RUNS; run++) {
      // ingest A, reprocess B, ingest B, reprocess A, ingest A …: each reprocess follows an overlay change.
      const overlay = Math.floor((run + 1) / 2) % 2 === 0 ? 'A' : 'B';
      const isIngest = run % 2 === 0;
      const stored = existsSync(db) ? (await problemsOf(db)).snapshot.documents.size : 0;
      const upTo = Math.floor(run / 2) + 1;
      const work = isIngest ? Math.max(0, (upTo * ARTICLES) / PARTS - stored) : stored * 1.5;
      const delay = between(r, 150, timing.fixedMs + work * timing.perArticleMs * 1.2);
      const args = isIngest ? ingestArgs(db, overlay, upTo) : reprocessArgs(db, overlay);
      const result = await runCliKilledAfter(args, env, delay);
      const outcome =
        result.signal === 'SIGKILL' ? 'killed' : `exit ${result.code} «${summaryOf(result.stdout)}»`;
      if (result.signal === 'SIGKILL') killed++;
      const what = isIngest ? `ingest of ${upTo} parts` : 'reprocess';
      log.push(`run ${run} ${what} overlay ${overlay}, kill after ${delay} ms: ${outcome}`);
      const context = `seed ${SEED}\n${log.join('\n')}`;
      if (result.signal !== 'SIGKILL') expect(result.code, `${context}\n${result.stderr}`).toBe(0);
      expect(sqliteFileProblems(db), context).toEqual([]);
      expect((await problemsOf(db)).problems, context).toEqual([]);
    }
    // Enough runs died mid-way for the test to mean something.
    expect(killed, `seed ${SEED}\n${log.join('\n')}`).toBeGreaterThanOrEqual(RUNS / 2);

    const complete = await runCli(ingestArgs(db, 'A'), env);
    expect(complete.code, complete.stderr).toBe(0);
    const current = await runCli(reprocessArgs(db, 'A'), env);
    expect(current.code, current.stderr).toBe(0);
    const context = `seed ${SEED}\n${log.join('\n')}\ncompleted`;
    expect(sqliteFileProblems(db), context).toEqual([]);
    const end = await problemsOf(db);
    expect(end.problems, context).toEqual([]);
    expectReferenceContent(end.snapshot, reference.A, context);
    console.info(context);
  }, 240_000);
});

describe.skipIf(!postgresBackend().available)('PostgreSQL', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 30_000);
  afterAll(() => server?.stop());

  /** A client of the test's own: never left waiting, never crashing the test when the server stops. */
  async function client(url: string): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: url, query_timeout: 15_000 });
    c.on('error', () => {});
    await c.connect();
    return c;
  }

  /**
   * Drops the run's connections in the middle of a write transaction: once the run has committed
   * events, holds a lock that blocks writes to `events` (reads go on), waits until a connection of the
   * run waits for it — inside the
   * transaction that stores documents or replaces an extraction, after its first statements — and
   * terminates every connection of the run. Returns the states they were in, or null when the run
   * ended first.
   */
  async function terminateMidWrite(url: string, done: Promise<unknown>): Promise<string[] | null> {
    let ended = false;
    void done.then(() => (ended = true));
    const locker = await client(url);
    const watcher = await client(url);
    // The highest event id, or -1 before the run's migration has created the table.
    const lastEvent = async () => {
      // Two statements: PostgreSQL resolves every table name of a statement before running it, so a
      // CASE cannot guard a subquery on a table that does not exist yet.
      const { rows: exists } = await watcher.query<{ t: string | null }>(
        `SELECT to_regclass('events')::text AS t`,
      );
      if (exists[0]!.t === null) return -1;
      const { rows } = await watcher.query<{ id: number | null }>(
        'SELECT COALESCE(MAX(id), 0) AS id FROM events',
      );
      return Number(rows[0]!.id);
    };
    try {
      // Not in the run's first transaction: after it has committed events once more.
      const before = await lastEvent();
      while ((await lastEvent()) <= Math.max(before, 0)) {
        if (ended) return null;
        await sleep(20);
      }
      // Until the run's migration has created the table.
      for (let locked = false; !locked;) {
        if (ended) return null;
        await locker.query('BEGIN');
        locked = await locker.query('LOCK TABLE events IN EXCLUSIVE MODE').then(
          () => true,
          async () => (await locker.query('ROLLBACK'), await sleep(20), false),
        );
      }
      const { rows: me } = await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      while (!ended) {
        const { rows } = await watcher.query<{ state: string | null; waiting: boolean }>(
          `WITH run AS (
             SELECT pid, state, wait_event_type = 'Lock' AS waiting FROM pg_stat_activity
              WHERE datname = current_database() AND pid NOT IN (pg_backend_pid(), $1))
           SELECT state, waiting, CASE WHEN (SELECT bool_or(waiting) FROM run)
                                       THEN pg_terminate_backend(pid) END AS terminated
             FROM run`,
          [me[0]!.pid],
        );
        if (rows.some((row) => row.waiting))
          return rows.map((row) => `${row.state ?? '?'}${row.waiting ? ' (waiting)' : ''}`);
        await sleep(5);
      }
      return null;
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await Promise.all([locker.end(), watcher.end()]).catch(() => undefined);
    }
  }

  /** The run's end, or its SIGKILL and a failure when it does not end within `ms` (a hang). */
  async function endOf(running: ReturnType<typeof startCli>, ms: number, context: () => string) {
    const timer = setTimeout(() => running.child.kill('SIGKILL'), ms);
    const result = await running.done;
    clearTimeout(timer);
    expect(result.signal, `the run hung after its connections were dropped\n${context()}`).toBeNull();
    return result;
  }

  it('keeps whole documents when connections are dropped or the process killed, and completes', async () => {
    const r = seededRandom(SEED ^ 0x27d4eb2f);
    const url = await server.createDatabase('crashed');
    const log: string[] = [];
    let midTransaction = 0;
    // Ingest runs read a growing number of parts, so that each has articles to store.
    const schedule: Array<
      [kind: 'ingest' | 'reprocess', overlay: 'A' | 'B', how: 'terminate' | 'kill', parts: number]
    > = [
      ['ingest', 'A', 'terminate', 3],
      ['ingest', 'A', 'terminate', 5],
      ['reprocess', 'B', 'terminate', 0],
      ['ingest', 'B', 'terminate', 7],
      ['ingest', 'B', 'kill', 8],
      ['reprocess', 'A', 'kill', 0],
      ['ingest', 'A', 'kill', PARTS],
    ];
    for (const [run, [kind, overlay, how, upTo]] of schedule.entries()) {
      const stored = (await problemsOf(url)).snapshot.documents.size;
      const work = kind === 'ingest' ? Math.max(0, (upTo * ARTICLES) / PARTS - stored) : stored * 1.5;
      // Terminations wait for a write after the delay, so their delays stay within the run.
      const span = timing.fixedMs + work * timing.perArticleMs * (how === 'kill' ? 1.5 : 0.8);
      const delay = between(r, 0, span);
      const args = kind === 'ingest' ? ingestArgs(url, overlay, upTo) : reprocessArgs(url, overlay);
      let result: CliResult;
      let note = '';
      if (how === 'kill') {
        result = await runCliKilledAfter(args, env, delay);
      } else {
        const running = startCli(args, env);
        await Promise.race([running.done, sleep(delay)]);
        const states = await terminateMidWrite(url, running.done);
        if (states) {
          midTransaction++;
          note = ` terminated [${states.join(', ')}]`;
        }
        result = await endOf(running, 30_000, () => `seed ${SEED}\n${log.join('\n')}\nrun ${run}${note}`);
      }
      const said = result.stderr.trim().split('\n')[0] || summaryOf(result.stdout);
      const outcome = result.signal ? `killed` : `exit ${result.code}${said ? ` «${said}»` : ''}`;
      const what = kind === 'ingest' ? `ingest of ${upTo} parts` : 'reprocess';
      log.push(`run ${run} ${what} overlay ${overlay}, ${how} after ${delay} ms${note}: ${outcome}`);
      const context = `seed ${SEED}\n${log.join('\n')}\n--- stderr:\n${result.stderr}`;
      if (how === 'terminate' && note) {
        // The run stops with one catalogue error naming the database and the problem: no stack
        // trace, no article reported as failed for the database's sake.
        expect(result.code, context).toBe(1);
        // The driver words a dropped connection as "Connection terminated unexpectedly" or, when the
        // socket is reset mid-read, "read ECONNRESET".
        expect(result.stderr.trim().split('\n'), context).toEqual([
          expect.stringMatching(
            /^marsad: E_DATABASE: database postgres:\/\/\S+\/crashed: .*(connection|ECONNRESET)/i,
          ),
        ]);
      }
      const { problems } = await problemsOf(url);
      expect(problems, context).toEqual([]);
    }
    const context = `seed ${SEED}\n${log.join('\n')}`;
    // Connections were dropped in the middle of writing at least twice.
    expect(midTransaction, context).toBeGreaterThanOrEqual(2);

    const complete = await runCli(ingestArgs(url, 'A'), env);
    expect(complete.code, `${context}\n${complete.stderr}`).toBe(0);
    const current = await runCli(reprocessArgs(url, 'A'), env);
    expect(current.code, `${context}\n${current.stderr}`).toBe(0);
    const end = await problemsOf(url);
    expect(end.problems, context).toEqual([]);
    expectReferenceContent(end.snapshot, reference.A, `${context}\ncompleted`);
    console.info(context);
  }, 240_000);
});
