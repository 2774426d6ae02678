/**
 * `marsad ingest` and `marsad reprocess` through the built CLI (worker threads need the compiled
 * worker; `npm test` builds first): the summary, errors, and a run killed with SIGKILL halfway that is
 * run again — nothing lost, nothing duplicated — on SQLite and on a real PostgreSQL.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { testBackends } from '../helpers/backends.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const FIXTURES = ['dev', 'heldout'].map((set) => join(ROOT, 'test', 'fixtures', set, 'articles'));
const ARTICLES = 240;

let dir = '';
let corpus = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marsad-cli-ingest-'));
  // A large corpus from the project's fixture articles, each copy made distinct by a reference line.
  corpus = join(dir, 'corpus');
  mkdirSync(corpus);
  const texts = FIXTURES.flatMap((d) => readdirSync(d).map((f) => readFileSync(join(d, f), 'utf8')));
  for (let i = 0; i < ARTICLES; i++) {
    const text = `${texts[i % texts.length]!}\n\nرقم المرجع ${i + 1}\n`;
    writeFileSync(join(corpus, `${String(i).padStart(4, '0')}.txt`), text);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('marsad ingest (SQLite)', () => {
  it('prints a summary and stores articles from files and stdin', () => {
    const db = join(dir, 'summary.db');
    const r = cli(['ingest', '--db', db, '--workers', '2', '--json', join(FIXTURES[0]!)]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ stored: 24, unchanged: 0, failed: 0 });
    expect(summary['events']).toBeGreaterThan(100);
    const text = cli(
      ['ingest', '--db', db, '-'],
      'عنب بلدي\n\nاعتقلت قوات النظام ثلاثة شبان في مدينة الميادين يوم أمس.\n',
    );
    expect(text.code).toBe(0);
    expect(text.stderr).toMatch(/documents {2}1 new, 0 already stored, 0 failed/);
    expect(text.stderr).toMatch(/arrest 1/);
  });

  it('reports bad inputs with their path and exits 1, keeping the good ones', () => {
    const inputs = join(dir, 'mixed');
    mkdirSync(inputs);
    writeFileSync(join(inputs, 'good.txt'), 'قصف الطيران الروسي مدينة البوكمال أمس.\n');
    writeFileSync(join(inputs, 'empty.txt'), '');
    const db = join(dir, 'mixed.db');
    const r = cli(['ingest', '--db', db, '-q', inputs]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(inputs, 'empty.txt')}: E_EMPTY`);
    const sqlite = new SQLite(db, { readonly: true });
    expect(sqlite.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: 1 });
    sqlite.close();
  });

  it.each([
    [['ingest'], 2, 'E_USAGE'],
    [['ingest', '--workers', 'many', 'x'], 2, 'E_USAGE'],
    [['ingest', '--published', '2019-02-30', 'x'], 2, 'E_BAD_DATE'],
    [['ingest', '--field', 'colour=red', 'x'], 2, 'E_USAGE'],
    [['reprocess', 'extra'], 2, 'E_USAGE'],
  ])('refuses %j with exit %i and %s', (args, code, error) => {
    const r = cli(args);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(error);
  });

  it('names the database that cannot be opened', () => {
    const notADb = join(dir, 'not-a-db.txt');
    writeFileSync(notADb, 'this is not a database file, just text that is long enough to have a header');
    const r = cli(['ingest', '--db', notADb, '-q', FIXTURES[0]!]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`E_DATABASE`);
    expect(r.stderr).toContain(notADb);
  });
});

describe.each(testBackends())('a killed ingest run again on $name', (backend) => {
  describe.skipIf(!backend.available)('SIGKILL', () => {
    beforeAll(() => backend.start(), 30_000);
    afterAll(() => backend.stop());

    const counts = async (url: string) => {
      const store = await openStore(url);
      try {
        const stats = await store.stats();
        const unplaced = await store.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('incident_id', 'is', null)
          .executeTakeFirstOrThrow();
        const hashes = await store.db
          .selectFrom('documents')
          .select((eb) => eb.fn.count('content_hash').distinct().as('n'))
          .executeTakeFirstOrThrow();
        const reports = await store.db
          .selectFrom('incidents')
          .select((eb) => eb.fn.sum<number>('sources_count').as('n'))
          .executeTakeFirstOrThrow();
        return {
          documents: stats.documents,
          distinctTexts: Number(hashes.n),
          events: stats.events,
          mentions: stats.mentions,
          persons: stats.persons,
          unplaced: Number(unplaced.n),
          incidentReports: Number(reports.n),
        };
      } finally {
        await store.close();
      }
    };

    it('loses nothing and duplicates nothing', async () => {
      const clean = await backend.fresh(101);
      expect(cli(['ingest', '--db', clean, '--workers', '2', '-q', corpus]).code).toBe(0);
      const expected = await counts(clean);
      expect(expected).toMatchObject({ documents: ARTICLES, distinctTexts: ARTICLES, unplaced: 0 });
      expect(expected.incidentReports).toBe(expected.events);

      const url = await backend.fresh(102);
      const child = spawn(process.execPath, [CLI, 'ingest', '--db', url, '--workers', '2', '-q', corpus], {
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Kill it once a good part is stored, well before the end.
      let stored = 0;
      for (let tries = 0; tries < 600 && stored < ARTICLES / 4; tries++) {
        await new Promise((r) => setTimeout(r, 50));
        stored = await counts(url).then(
          (c) => c.documents,
          () => 0,
        );
      }
      child.kill('SIGKILL');
      await exited;
      const partial = await counts(url);
      expect(partial.documents).toBeGreaterThan(0);
      expect(partial.documents).toBeLessThan(ARTICLES);

      expect(cli(['ingest', '--db', url, '--workers', '2', '-q', corpus]).code).toBe(0);
      expect(await counts(url)).toEqual(expected);
      if (backend.name === 'sqlite') {
        const sqlite = new SQLite(url, { readonly: true });
        expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
        sqlite.close();
      }
    }, 120_000);
  });
});
