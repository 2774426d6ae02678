/** The store's contract, run against both backends: SQLite (a temporary file) and PostgreSQL (a real server). */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extract } from '../../src/extract.js';
import { normalizeString } from '../../src/text/normalize.js';
import type { DocumentResult, EventType } from '../../src/types.js';
import { contentHash } from '../../src/store/content-hash.js';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { eventToRow } from '../../src/store/event-row.js';
import { migrateToLatest, migrations } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/open-store.js';
import type { Database } from '../../src/store/schema.js';
import { RANKED_MATCHES, type Store } from '../../src/store/store.js';
import { searchText } from '../../src/store/search-text.js';
import { builtinResources } from '../helpers/resources.js';
import { testBackends } from '../helpers/backends.js';

const resources = builtinResources();
const provenance = { resourcesVersion: resources.version, marsadVersion: '0.1.0-test' };

// Small articles written for the test.
const ARTICLES = {
  mayadin:
    'دير الزور 24 - الميادين\nاعتقلت قوات النظام السوري، صباح أمس الثلاثاء، ثلاثة شبان من أبناء مدينة الميادين بريف دير الزور الشرقي، بتهمة التواصل مع قسد.',
  bukamal:
    'أقدم تنظيم داعش على إعدام المدعو أبو ليث الطواطحة في مدينة البوكمال بتهمة الردة، يوم 12 آذار 2017.',
  shuhayl: 'قامت قسد بالاعتقال التعسفي لخمسة شبان في بلدة الشحيل بريف دير الزور الشرقي يوم 3 أيار 2019.',
  raqqa:
    'نفذ التنظيم حكم الاعدام بحق شاب في مدينة الرقة يوم 20 تموز 2016، بعد أيام من الاغتيال الذي طال قياديا في المدينة.',
} as const;
type Article = keyof typeof ARTICLES;
const PUBLISHED: Record<Article, string> = {
  mayadin: '2019-05-05',
  bukamal: '2017-03-13',
  shuhayl: '2019-05-05',
  raqqa: '2016-07-21',
};

const results = Object.fromEntries(
  (Object.keys(ARTICLES) as Article[]).map((k) => [
    k,
    extract(ARTICLES[k], { id: k, published: PUBLISHED[k] }, resources),
  ]),
) as Record<Article, DocumentResult>;

const save = (store: Store, k: Article, extra: { sourcePath?: string } = {}) =>
  store.saveDocument({ raw: ARTICLES[k], ...extra }, results[k], provenance);

const backends = testBackends();

describe.each(backends)('store on $name', (backend) => {
  describe.skipIf(!backend.available)('operations', () => {
    let store: Store;
    let url = '';
    let n = 0;
    beforeAll(() => backend.start(), 30_000);
    afterAll(() => backend.stop());
    beforeEach(async () => {
      url = await backend.fresh(++n);
      store = await openStore(url);
    });
    afterEach(() => store.close());

    it('stores a document once however often it is saved', async () => {
      const first = await save(store, 'mayadin');
      const second = await save(store, 'mayadin');
      expect(first.created).toBe(true);
      expect(second).toEqual({ documentId: first.documentId, created: false });
      const stats = await store.stats();
      expect(stats.documents).toBe(1);
      expect(stats.events).toBe(results.mayadin.events.length);
      expect(stats.mentions).toBe(results.mayadin.entities.length);
      expect((await store.documentByHash(contentHash(ARTICLES.mayadin)))?.id).toBe(first.documentId);
    });

    it('round-trips the document, its events, persons and mentions', async () => {
      const { documentId } = await save(store, 'bukamal', { sourcePath: 'in/bukamal.txt' });
      const doc = await store.getDocument(documentId);
      expect(doc).toMatchObject({
        raw: ARTICLES.bukamal,
        text_norm: normalizeString(ARTICLES.bukamal),
        source_path: 'in/bukamal.txt',
        published: '2017-03-13',
        content_hash: contentHash(ARTICLES.bukamal),
      });
      const stored = await store.getExtraction(documentId);
      expect(results.bukamal.events[0]?.persons.length).toBeGreaterThan(0);
      expect(stored?.events).toStrictEqual(results.bukamal.events);
      expect(stored?.entities).toStrictEqual(results.bukamal.entities);
      expect(stored?.provenance).toMatchObject({
        resources_version: provenance.resourcesVersion,
        marsad_version: provenance.marsadVersion,
      });
      const [event] = await store.listEvents();
      expect(event).toMatchObject({ document_id: documentId, type: 'execution', published: '2017-03-13' });
      expect(event?.persons.map((p) => p.person_name)).toEqual(['أبو ليث الطواطحة']);
      expect(await store.getDocument(documentId + 1000)).toBeUndefined();
    });

    it('filters events and pages through them with a cursor', async () => {
      for (const k of Object.keys(ARTICLES) as Article[]) await save(store, k);
      const all = await store.listEvents();
      const total = (Object.values(results) as DocumentResult[]).reduce((s, r) => s + r.events.length, 0);
      expect(all).toHaveLength(total);
      expect(await store.countEvents()).toBe(total);

      const types = (filter: Parameters<Store['listEvents']>[0]) =>
        store.listEvents(filter).then((rows) => rows.map((r) => `${r.type}@${r.place_name}`).sort());
      expect(await types({ types: ['arrest'] })).toEqual(['arrest@الشحيل', 'arrest@الميادين']);
      expect(await types({ types: ['execution'], actor: 'isis', placeId: 'sy-dz-al-bukamal' })).toEqual([
        'execution@البوكمال',
      ]);
      expect(await types({ actor: 'kurdish_forces' })).toEqual(['arrest@الشحيل']);
      expect(await types({ outlet: 'دير الزور 24' })).toEqual(['arrest@الميادين']);
      expect(await types({ person: 'أبو ليث الطواطحة' })).toEqual(['execution@البوكمال']);
      expect(await types({ from: '2019-05-04', to: '2019-05-04' })).toEqual(['arrest@الميادين']);
      expect(await types({ from: '2017-01-01', to: '2017-12-31' })).toEqual(['execution@البوكمال']);
      const deirEzZor = all.filter((e) => e.admin1 === 'دير الزور').length;
      expect(await store.countEvents({ placeName: 'دير الزور' })).toBe(deirEzZor);
      expect(await store.countEvents({ types: ['arrest'], from: '2019-01-01' })).toBe(2);
      expect(await store.countEvents({ types: [] })).toBe(0);

      const paged: number[] = [];
      for (let after: number | undefined; ;) {
        const page = await store.listEvents({ limit: 2, ...(after !== undefined ? { after } : {}) });
        if (!page.length) break;
        expect(page.length).toBeLessThanOrEqual(2);
        paged.push(...page.map((e) => e.id));
        after = page[page.length - 1]!.id;
      }
      expect(paged).toEqual(all.map((e) => e.id));

      const byType = (await store.stats()).eventsByType;
      expect(byType.arrest).toBe(2);
    });

    it('finds events by date range whatever their length', async () => {
      const [first, second, third] = await Promise.all(
        (['bukamal', 'shuhayl', 'raqqa'] as const).map(async (k) => {
          const { documentId } = await save(store, k);
          return (await store.listEvents({ documentId }))[0]!.id;
        }),
      );
      // Lengths either side of LONG_SPAN_DAYS (92): a one-day event, 92 days, and four years.
      const spans: Array<[number, string, string]> = [
        [first!, '2018-03-10', '2018-03-10'],
        [second!, '2017-12-06', '2018-03-08'],
        [third!, '2015-01-01', '2018-12-31'],
      ];
      for (const [id, dateStart, dateEnd] of spans)
        await store.reviewEvent(id, { action: 'edit', by: 'a', changes: { dateStart, dateEnd } });
      const all = await store.listEvents();
      type Filter = { from?: string; to?: string };
      const table: Array<[Filter, number[]]> = [
        [{ from: '2018-03-01', to: '2018-03-31' }, [first!, second!, third!]],
        [{ from: '2018-03-09', to: '2018-03-09' }, [third!]],
        // The 92-day event's last day: the bound on its start must still let it in.
        [{ from: '2018-03-08', to: '2018-03-08' }, [second!, third!]],
        [{ from: '2018-03-09' }, [first!, third!]],
        [{ from: '2017-01-01', to: '2017-01-31' }, [third!]],
        [{ from: '2017-12-06', to: '2017-12-06' }, [second!, third!]],
        [{ from: '2017-12-05', to: '2017-12-05' }, [third!]],
        [{ to: '2015-01-01' }, [third!]],
        [{ from: '2014-12-31', to: '2015-01-01' }, [third!]],
      ];
      const edited = new Set(spans.map(([id]) => id));
      for (const [filter, expected] of table) {
        const byId = (a: number, b: number) => a - b;
        // Alone, and with a type filter (which changes the query's shape on SQLite).
        for (const f of [filter, { ...filter, types: [...new Set(all.map((e) => e.type))] }]) {
          const found = (await store.listEvents(f)).map((r) => r.id).filter((id) => edited.has(id));
          expect(found.sort(byId), JSON.stringify(f)).toEqual([...expected].sort(byId));
        }
        // Every event, edited or not: the same count as the plain overlap test.
        const overlapping = all.filter(
          (e) =>
            e.when_start !== null &&
            e.when_end !== null &&
            (filter.from === undefined || e.when_end >= filter.from) &&
            (filter.to === undefined || e.when_start <= filter.to),
        );
        expect(await store.countEvents(filter), JSON.stringify(filter)).toBe(overlapping.length);
      }
    });

    it('finds documents whatever the hamza, ta marbuta, diacritics or clitics', async () => {
      const ids = {} as Record<Article, number>;
      for (const k of Object.keys(ARTICLES) as Article[]) ids[k] = (await save(store, k)).documentId;
      const found = async (q: string) =>
        (await store.searchDocuments(q, { limit: 10 })).map((h) => h.documentId).sort();
      expect(await found('اعتقال')).toEqual([ids.shuhayl]);
      expect(await found('إعدام')).toEqual([ids.bukamal, ids.raqqa].sort());
      expect(await found('الإِعْدام')).toEqual([ids.bukamal, ids.raqqa].sort());
      expect(await found('الاغتيالات')).toEqual([ids.raqqa]);
      expect(await found('مدينة الرقة')).toEqual([ids.raqqa]);
      expect(await found('الرقه إعدام البوكمال')).toEqual([]);
      expect(await found('  ،  ')).toEqual([]);
      const [hit] = await store.searchDocuments('بالاعتقال', { limit: 5 });
      expect(hit?.documentId).toBe(ids.shuhayl);
      expect(hit?.snippet).toContain('بالاعتقال');
      expect(Number.isFinite(hit?.rank)).toBe(true);
    });

    it('ranks every match on SQLite, the newest RANKED_MATCHES on PostgreSQL', async () => {
      // The oldest document names the word most often: the best match of all, outside the newest ones.
      const docs = Array.from({ length: RANKED_MATCHES + 20 }, (_, i) => {
        const text = i === 0 ? Array(12).fill('قصف مدفعي').join(' ') : `قصف على قرية ${i} في تقرير طويل`;
        return {
          content_hash: contentHash(text),
          raw: text,
          text_norm: normalizeString(text),
          search_text: searchText(text),
          ingested_at: '2020-01-01',
        };
      });
      for (let i = 0; i < docs.length; i += 100)
        await store.db
          .insertInto('documents')
          .values(docs.slice(i, i + 100))
          .execute();
      const { id: oldest } = await store.db
        .selectFrom('documents')
        .select((eb) => eb.fn.min('id').as('id'))
        .executeTakeFirstOrThrow();
      const hits = await store.searchDocuments('قصف', { limit: 5 });
      expect(hits).toHaveLength(5);
      if (backend.name === 'sqlite') expect(hits[0]!.documentId).toBe(Number(oldest));
      else expect(hits.every((h) => h.documentId >= Number(oldest) + 20)).toBe(true);
      // Fewer matches than the cap: ranked alike on both.
      expect((await store.searchDocuments('مدفعي', { limit: 5 })).map((h) => h.documentId)).toEqual([
        Number(oldest),
      ]);
    });

    it('searches event sentences and documents with filters', async () => {
      const ids = {} as Record<Article, number>;
      for (const k of Object.keys(ARTICLES) as Article[]) ids[k] = (await save(store, k)).documentId;
      const events = async (filter: Parameters<Store['listEvents']>[0]) =>
        (await store.listEvents(filter)).map((e) => `${e.type}@${e.place_name}`).sort();
      // The evidence sentence, folded: "الإعدام" finds "إعدام" and "الاعدام" (the Raqqa sentence also
      // reports an assassination).
      expect(await events({ text: 'الإعدام' })).toEqual([
        'assassination@الرقة',
        'execution@البوكمال',
        'execution@الرقة',
      ]);
      expect(await events({ text: 'الإعدام', from: '2017-01-01' })).toEqual(['execution@البوكمال']);
      expect(await events({ text: 'الطواطحة الردة' })).toEqual(['execution@البوكمال']);
      expect(await events({ text: 'الطواطحة الشحيل' })).toEqual([]);
      expect(await events({ text: ' ، ' })).toEqual([]);
      expect(await store.countEvents({ text: 'شبان', types: ['arrest'] })).toBe(2);

      const docs = async (
        q: string,
        filter: NonNullable<Parameters<Store['searchDocuments']>[1]>['filter'],
      ) =>
        (await store.searchDocuments(q, { limit: 10, ...(filter ? { filter } : {}) }))
          .map((h) => h.documentId)
          .sort((a, b) => a - b);
      const sorted = (...xs: number[]) => xs.sort((x, y) => x - y);
      expect(await docs('مدينة', undefined)).toEqual(sorted(ids.mayadin, ids.bukamal, ids.raqqa));
      expect(await docs('مدينة', { types: ['arrest'] })).toEqual([ids.mayadin]);
      expect(await docs('مدينة', { from: '2019-01-01' })).toEqual([ids.mayadin]);
      expect(await docs('مدينة', { to: '2018-01-01' })).toEqual(sorted(ids.bukamal, ids.raqqa));
      expect(await docs('مدينة', { outlet: 'دير الزور 24' })).toEqual([ids.mayadin]);
      expect(await docs('مدينة', { placeName: 'الرقة' })).toEqual([ids.raqqa]);
      expect(await docs('مدينة', { types: ['execution'], to: '2016-12-31' })).toEqual([ids.raqqa]);
      expect(await docs('مدينة', { text: 'الردة' })).toEqual([ids.bukamal]);
      // Broad event filters are tested per match, narrow ones listed; both with document filters.
      expect(await docs('مدينة', { review: ['unreviewed'] })).toEqual(
        sorted(ids.mayadin, ids.bukamal, ids.raqqa),
      );
      expect(await docs('مدينة', { review: ['rejected'] })).toEqual([]);
      expect(await docs('مدينة', { types: ['arrest'], outlet: 'دير الزور 24' })).toEqual([ids.mayadin]);
      expect(await docs('مدينة', { types: ['arrest'], outlet: 'الرقة تذبح بصمت' })).toEqual([]);
      expect(await docs('مدينة', { types: ['execution'], placeName: 'الرقة' })).toEqual([ids.raqqa]);
    });

    it('fills the search form, dates and long-range flags of events stored before migrations 002 and 012', async () => {
      await store.close();
      const oldUrl = await backend.fresh(++n);
      // A database at 001 holding one document and its events, written as 001 knew them.
      const old = new Kysely<Database>({
        dialect:
          backend.name === 'sqlite'
            ? new SqliteDialect({ database: new SQLite(oldUrl) })
            : new PostgresDialect({ pool: new pg.Pool({ connectionString: oldUrl }) }),
      });
      const dialect = backend.name;
      const { error } = await new Migrator({
        db: old,
        provider: { getMigrations: async () => ({ '001_initial': migrations(dialect)['001_initial']! }) },
      }).migrateToLatest();
      expect(error).toBeUndefined();
      const { id: extractionId } = await old
        .insertInto('extractions')
        .values({ resources_version: 'r', marsad_version: 'm', created_at: '2020-01-01' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { id: documentId } = await old
        .insertInto('documents')
        .values({
          content_hash: contentHash(ARTICLES.shuhayl),
          raw: ARTICLES.shuhayl,
          text_norm: normalizeString(ARTICLES.shuhayl),
          search_text: '',
          published: null,
          ingested_at: '2020-01-01',
          extraction_id: extractionId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const e of results.shuhayl.events) {
        const {
          search_text: _s,
          when_start: _a,
          when_end: _b,
          when_long: _c,
          ...row
        } = eventToRow(documentId, e, null);
        await old.insertInto('events').values(row).execute();
        // And a copy dated over four years, which migration 012 flags as a long range.
        await old
          .insertInto('events')
          .values({ ...row, date_start: '2015-01-01', date_end: '2019-01-01', evidence_text: 'سنوات' })
          .execute();
      }
      await old.destroy();

      store = await openStore(oldUrl);
      const [event] = await store.listEvents({ text: 'التعسفي' });
      expect(event).toMatchObject({ type: 'arrest', when_start: '2019-05-03', when_end: '2019-05-03' });
      expect(await store.countEvents({ from: '2019-05-01', to: '2019-05-31' })).toBe(
        results.shuhayl.events.length,
      );
      expect(await store.countEvents({ from: '2017-06-01', to: '2017-06-30' })).toBe(
        results.shuhayl.events.length,
      );
    });

    it('replaces a document’s extraction', async () => {
      const { documentId } = await save(store, 'mayadin');
      const other = extract(ARTICLES.bukamal, { published: PUBLISHED.bukamal }, resources);
      await store.replaceExtraction(documentId, other, { ...provenance, marsadVersion: '0.2.0' });
      const stored = await store.getExtraction(documentId);
      expect(stored?.events).toStrictEqual(other.events);
      expect(stored?.entities).toStrictEqual(other.entities);
      expect(stored?.provenance?.marsad_version).toBe('0.2.0');
      const stats = await store.stats();
      expect(stats.events).toBe(other.events.length);
      expect(stats.mentions).toBe(other.entities.length);
      expect((await store.getDocument(documentId))?.published).toBe('2019-05-05');
      await expect(store.replaceExtraction(documentId + 1000, other, provenance)).rejects.toThrow(
        /no document/,
      );
    });

    it('leaves nothing behind when a save fails half way', async () => {
      await save(store, 'mayadin');
      const before = await store.stats();
      const bad: DocumentResult = structuredClone(results.shuhayl);
      // Mentions are written before events: the NOT NULL violation of the event must undo them too.
      bad.events[0]!.type = null as unknown as EventType;
      expect(bad.entities.length).toBeGreaterThan(0);
      await expect(store.saveDocument({ raw: ARTICLES.shuhayl }, bad, provenance)).rejects.toThrow();
      expect(await store.stats()).toEqual(before);
      expect(await store.documentByHash(contentHash(ARTICLES.shuhayl))).toBeUndefined();
      expect((await save(store, 'shuhayl')).created).toBe(true);
    });

    it('migrates idempotently and iterates all documents', async () => {
      await save(store, 'mayadin');
      await save(store, 'raqqa');
      expect(await migrateToLatest(store.db, store.dialect)).toEqual([]);
      const again = await openStore(url);
      try {
        const seen: string[] = [];
        for await (const doc of again.allDocuments()) seen.push(doc.raw);
        expect(seen).toEqual([ARTICLES.mayadin, ARTICLES.raqqa]);
      } finally {
        await again.close();
      }
    });
  });
});
