/**
 * `marsad events`, `incidents`, `persons`, `search` and `stats`, run in-process on a database filled by
 * `marsad ingest` from the project's sample corpus plus two articles written here — on SQLite and on a
 * real PostgreSQL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEvents } from '../../src/cli/events-command.js';
import type { CommandIO } from '../../src/cli/extract-command.js';
import { runIncidents } from '../../src/cli/incidents-command.js';
import { runIngest } from '../../src/cli/ingest-command.js';
import { runPersons } from '../../src/cli/persons-command.js';
import { runSearch } from '../../src/cli/search-command.js';
import { runStats } from '../../src/cli/stats-command.js';
import type { EventDTO } from '../../src/store/event-dto.js';
import type { IncidentDTO } from '../../src/store/incident-dto.js';
import type { PersonDTO } from '../../src/store/person-dto.js';
import type { SearchHit } from '../../src/store/store.js';
import { testBackends } from '../helpers/backends.js';
import { jsonLinesOf, runCommand } from '../helpers/run-command.js';

const SAMPLES = join(import.meta.dirname, '..', '..', 'samples', 'articles');

// One defection told by two outlets in their own words (written for the test).
const STORY = {
  'a.txt':
    'خاص – دير الزور 24\n2018.03.10 | 09:00\n\nانشق القيادي في تنظيم داعش المدعو أبو دجانة الزرقاوي، أمس الجمعة، عن التنظيم في بلدة هجين بريف دير الزور الشرقي، وفرّ باتجاه مناطق قسد.\n',
  'b.txt':
    'فرات بوست\nمارس 10, 2018\n\nأفادت مصادر محلية بانشقاق أبو دجانة الزرقاوي، القيادي في داعش، يوم أمس الجمعة في هجين، ووصوله إلى مناطق سيطرة قوات سوريا الديمقراطية.\n',
};

const run = runCommand;
const lines = jsonLinesOf;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marsad-query-'));
  for (const [name, text] of Object.entries(STORY)) writeFileSync(join(dir, name), text);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(testBackends())('query commands on $name', (backend) => {
  describe.skipIf(!backend.available)('on an ingested database', () => {
    let db = '';
    beforeAll(async () => {
      await backend.start();
      db = await backend.fresh(1);
      const r = await run(runIngest, ['--db', db, '--workers', '0', '-q', SAMPLES, dir]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }, 120_000);
    afterAll(() => backend.stop());

    it('lists events as JSON Lines with every filter applied', async () => {
      const all = lines<EventDTO>((await run(runEvents, ['--db', db, '--json', '--limit', '10000'])).stdout);
      expect(all.length).toBeGreaterThan(100);
      const cases: Array<[string[], (e: EventDTO) => boolean]> = [
        [['--type', 'execution,assassination'], (e) => ['execution', 'assassination'].includes(e.type)],
        [['--type', 'arrest', '--type', 'defection'], (e) => ['arrest', 'defection'].includes(e.type)],
        [['--actor', 'isis'], (e) => e.actor === 'isis'],
        [['--target', 'isis'], (e) => e.target === 'isis'],
        [
          ['--place', 'دير الزور'],
          (e) =>
            [e.location?.name, e.location?.admin1, e.location?.admin2, e.location?.admin3].includes(
              'دير الزور',
            ),
        ],
        [
          ['--from', '2017-09-01', '--to', '2017-09-30'],
          (e) => e.when.end! >= '2017-09-01' && e.when.start! <= '2017-09-30',
        ],
        [['--outlet', 'فرات بوست'], (e) => e.outlet === 'فرات بوست'],
        [['--person', 'أبو دجانة الزرقاوي'], (e) => e.persons.some((p) => p.name === 'أبو دجانة الزرقاوي')],
      ];
      for (const [args, holds] of cases) {
        const got = lines<EventDTO>(
          (await run(runEvents, ['--db', db, '--json', '--limit', '10000', ...args])).stdout,
        );
        expect(got.length, args.join(' ')).toBeGreaterThan(0);
        expect(got.map((e) => e.id)).toEqual(all.filter(holds).map((e) => e.id));
      }
    });

    it('pages with --after and prints a table with a hint for the next page', async () => {
      const first = await run(runEvents, ['--db', db, '--limit', '3']);
      expect(first.code).toBe(0);
      const rows = first.stdout.trimEnd().split('\n');
      expect(rows[0]).toMatch(/^id\s+date\s+type\s+place/);
      expect(rows).toHaveLength(5);
      const next = /more: --after (\d+)/.exec(first.stderr)?.[1];
      expect(next).toBeDefined();
      const page = lines<EventDTO>(
        (await run(runEvents, ['--db', db, '--json', '--limit', '3', '--after', next!])).stdout,
      );
      expect(page[0]!.id).toBeGreaterThan(Number(next));
    });

    it('shows one story from two outlets as one incident with two sources', async () => {
      const found = lines<IncidentDTO>(
        (await run(runIncidents, ['--db', db, '--json', '--person', 'أبو دجانة الزرقاوي'])).stdout,
      );
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ type: 'defection', corroboration: 2, sourcesCount: 2 });
      expect(found[0]!.values.sources.sort()).toEqual(['دير الزور 24', 'فرات بوست']);
      const one = await run(runIncidents, ['--db', db, '--id', String(found[0]!.id)]);
      expect(one.stdout).toMatch(/sources {6}2 reports, 2 independent/);
      const [detail] = lines<IncidentDTO>(
        (await run(runIncidents, ['--db', db, '--json', '--id', String(found[0]!.id)])).stdout,
      );
      expect(detail!.reports?.map((r) => r.outlet).sort()).toEqual(['دير الزور 24', 'فرات بوست']);
      const corroborated = lines<IncidentDTO>(
        (await run(runIncidents, ['--db', db, '--json', '--min-sources', '2', '--limit', '1000'])).stdout,
      );
      expect(corroborated.length).toBeGreaterThan(1);
      expect(corroborated.every((i) => i.corroboration >= 2)).toBe(true);
    });

    it('finds persons by any alias, folded, and shows their events', async () => {
      // "ابو" without hamza and "ه" for "ة" find "أبو دجانة".
      const found = lines<PersonDTO>(
        (await run(runPersons, ['--db', db, '--json', '--name', 'ابو دجانه الزرقاوي'])).stdout,
      );
      expect(found.map((p) => p.name)).toEqual(['أبو دجانة الزرقاوي']);
      expect(found[0]).toMatchObject({ documentsCount: 2, eventsByType: { defection: 2 } });
      const [one] = lines<PersonDTO>(
        (await run(runPersons, ['--db', db, '--json', '--id', String(found[0]!.id)])).stdout,
      );
      expect(one!.events?.map((e) => e.type)).toEqual(['defection', 'defection']);
      const defectors = lines<PersonDTO>(
        (await run(runPersons, ['--db', db, '--json', '--type', 'defection'])).stdout,
      );
      expect(defectors.every((p) => (p.eventsByType.defection ?? 0) > 0)).toBe(true);
    });

    it('searches documents and event sentences with folding and filters', async () => {
      const hits = lines<SearchHit>((await run(runSearch, ['--db', db, '--json', 'الانشقاق'])).stdout);
      expect(hits.length).toBeGreaterThan(1);
      const filtered = lines<SearchHit>(
        (await run(runSearch, ['--db', db, '--json', 'انشقاق', '--outlet', 'فرات بوست'])).stdout,
      );
      expect(filtered.length).toBeGreaterThan(0);
      expect(filtered.every((h) => h.outlet === 'فرات بوست')).toBe(true);
      const events = lines<EventDTO>(
        (await run(runSearch, ['--db', db, '--json', '--events', 'الزرقاوي', '--type', 'defection'])).stdout,
      );
      expect(events).toHaveLength(2);
    });

    it('counts what the database holds', async () => {
      const [stats] = lines<Record<string, unknown>>((await run(runStats, ['--db', db, '--json'])).stdout);
      expect(stats).toMatchObject({ documents: 51 });
      const text = await run(runStats, ['--db', db]);
      expect(text.stdout).toMatch(/^documents {2}51$/m);
      expect(text.stdout).toMatch(/events by month/);
    });
  });
});

describe('query command errors', () => {
  const cases: Array<
    [string, (argv: readonly string[], io: CommandIO) => Promise<number>, string[], number, RegExp]
  > = [
    ['missing database', runEvents, ['--db', '/nonexistent/x.db'], 1, /E_NO_DATABASE.*\/nonexistent\/x\.db/],
    [
      'unknown type',
      runEvents,
      ['--db', 'x.db', '--type', 'bombing'],
      2,
      /E_USAGE.*unknown event type 'bombing'/,
    ],
    ['bad date', runIncidents, ['--db', 'x.db', '--from', '2017-13-01'], 2, /E_USAGE.*--from must be a date/],
    [
      'reversed range',
      runEvents,
      ['--db', 'x.db', '--from', '2018-01-01', '--to', '2017-01-01'],
      2,
      /is after --to/,
    ],
    ['bad limit', runPersons, ['--db', 'x.db', '--limit', '0'], 2, /--limit must be an integer ≥ 1/],
    ['no query', runSearch, ['--db', 'x.db'], 2, /no words to search for/],
    ['unknown option', runStats, ['--bogus'], 2, /E_USAGE.*bogus/],
  ];
  it.each(cases)('%s', async (_name, command, argv, code, message) => {
    const r = await run(command, argv);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('names the missing incident or person', async () => {
    const db = join(dir, 'empty.db');
    await run(runIngest, ['--db', db, '--workers', '0', '-q', join(dir, 'a.txt')]);
    expect((await run(runIncidents, ['--db', db, '--id', '999'])).stderr).toMatch(
      /E_NOT_IN_STORE.*incident with id 999/,
    );
    expect((await run(runPersons, ['--db', db, '--id', '999'])).stderr).toMatch(
      /E_NOT_IN_STORE.*person with id 999/,
    );
  });
});
