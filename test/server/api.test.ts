/**
 * The HTTP API through Hono's in-process `app.request()` (no socket), on SQLite and on a real
 * PostgreSQL: filters, pagination, documents with findings, incidents, persons, groups, aggregates,
 * search, export, errors from the catalogue, authentication, ingest and review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractItem } from '../../src/ingest/extract-item.js';
import { loadGroupNames } from '../../src/resources/group-names.js';
import { createApp } from '../../src/server/app.js';
import type { EventDTO } from '../../src/store/event-dto.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { testBackends } from '../helpers/backends.js';
import { builtinResources } from '../helpers/resources.js';

const resources = builtinResources();
const provenance = { resourcesVersion: resources.version, marsadVersion: '0.1.0-test' };

// Articles written for the test: one defection told by two outlets, an execution, an airstrike.
const ARTICLES = [
  {
    outlet: 'دير الزور 24',
    published: '2018-03-10',
    text: 'انشق القيادي في تنظيم داعش المدعو أبو دجانة الزرقاوي، أمس الجمعة، عن التنظيم في بلدة هجين بريف دير الزور الشرقي، وفرّ باتجاه مناطق قسد.',
  },
  {
    outlet: 'فرات بوست',
    published: '2018-03-10',
    text: 'أفادت مصادر محلية بانشقاق أبو دجانة الزرقاوي، القيادي في داعش، يوم أمس الجمعة في هجين، ووصوله إلى مناطق سيطرة قوات سوريا الديمقراطية.',
  },
  {
    outlet: 'الرقة تذبح بصمت',
    published: '2018-02-02',
    text: 'أعدم تنظيم داعش، صباح أمس الخميس، ثلاثة من عناصره رمياً بالرصاص في مدينة البوكمال بتهمة التخابر مع التحالف.',
  },
  {
    outlet: 'المرصد السوري لحقوق الإنسان',
    published: '2018-01-15',
    text: 'قتل خمسة مدنيين جراء غارات جوية نفذتها طائرات التحالف الدولي، يوم أمس، على بلدة الشعفة بريف دير الزور الشرقي.',
  },
];

describe.each(testBackends())('API on $name', (backend) => {
  describe.skipIf(!backend.available)('requests', () => {
    let store: Store;
    let token = '';
    let app: ReturnType<typeof createApp>;
    const get = async (path: string) => {
      const res = await app.request(path);
      return { status: res.status, body: (await res.json()) as any };
    };
    const post = async (path: string, body: unknown, auth = token, type = 'application/json') => {
      const res = await app.request(path, {
        method: 'POST',
        headers: { 'content-type': type, ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };

    beforeAll(async () => {
      await backend.start();
      store = await openStore(await backend.fresh(1));
      const items = ARTICLES.map((a, i) => {
        const o = extractItem({ id: i, raw: a.text, published: a.published }, resources);
        if (!o.ok) throw new Error(o.error);
        return { input: { raw: a.text, outlet: a.outlet, published: a.published }, result: o.result };
      });
      await store.saveDocuments(items, provenance);
      await store.placeEventsInIncidents();
      await store.rebuildPersons(resources.nisbas);
      token = (await store.addUser('analyst')).token;
      app = createApp({
        store,
        resources,
        provenance,
        groupNames: loadGroupNames(),
        version: 'test',
        openReads: true,
      });
    }, 60_000);
    afterAll(async () => {
      await store?.close();
      await backend.stop();
    });

    it('lists events with filters, totals and cursor pages', async () => {
      const all = await get('/api/events?limit=500');
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(all.body.items.length);
      const types = new Set(all.body.items.map((e: EventDTO) => e.type));
      expect(types).toEqual(new Set(['defection', 'execution', 'airstrike']));
      const cases: Array<[string, (e: EventDTO) => boolean]> = [
        ['type=defection', (e) => e.type === 'defection'],
        ['type=defection,execution', (e) => e.type !== 'airstrike'],
        [`place=${encodeURIComponent('دير الزور')}`, (e) => e.location?.admin1 === 'دير الزور'],
        ['from=2018-03-01', (e) => e.when.end! >= '2018-03-01'],
        ['to=2018-01-31', (e) => e.when.start! <= '2018-01-31'],
        ['actor=coalition', (e) => e.actor === 'coalition'],
        [`outlet=${encodeURIComponent('فرات بوست')}`, (e) => e.outlet === 'فرات بوست'],
        [`q=${encodeURIComponent('بالرصاص')}`, (e) => e.type === 'execution'],
      ];
      for (const [query, holds] of cases) {
        const r = await get(`/api/events?limit=500&${query}`);
        expect(r.status, query).toBe(200);
        expect(r.body.items.length, query).toBeGreaterThan(0);
        expect(r.body.items.map((e: EventDTO) => e.id)).toEqual(
          all.body.items.filter(holds).map((e: EventDTO) => e.id),
        );
      }
      const first = await get('/api/events?limit=1');
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await get(`/api/events?limit=1&cursor=${first.body.nextCursor}`);
      expect(second.body.items[0].id).toBeGreaterThan(first.body.items[0].id);
    });

    it('answers bad parameters with catalogued errors', async () => {
      const cases: Array<[string, number, string]> = [
        ['/api/events?type=bombing', 400, 'E_BAD_REQUEST'],
        ['/api/events?from=2018-02-30', 400, 'E_BAD_REQUEST'],
        ['/api/events?from=2018-03-01&to=2018-01-01', 400, 'E_BAD_REQUEST'],
        ['/api/events?limit=100000', 400, 'E_BAD_REQUEST'],
        ['/api/events?cursor=nonsense', 400, 'E_BAD_CURSOR'],
        ['/api/events/999999', 404, 'E_NOT_FOUND'],
        ['/api/events/abc', 400, 'E_BAD_REQUEST'],
        ['/api/incidents/999999', 404, 'E_NOT_FOUND'],
        ['/api/nowhere', 404, 'E_NOT_FOUND'],
        ['/api/stats/breakdown?by=colour', 400, 'E_BAD_REQUEST'],
      ];
      for (const [path, status, code] of cases) {
        const r = await get(path);
        expect([path, r.status, r.body.error?.code]).toEqual([path, status, code]);
        expect(r.body.error.message).toEqual(expect.any(String));
      }
      // Injection strings are values like any other.
      const inj = await get(
        `/api/events?actor=${encodeURIComponent("x' OR '1'='1")}&place=${encodeURIComponent('"; DROP TABLE events; --')}`,
      );
      expect(inj).toMatchObject({ status: 200, body: { items: [], total: 0 } });
      expect((await get('/api/events?limit=1')).body.items).toHaveLength(1);
    });

    it('merges the two reports into one incident and serves its documents', async () => {
      const list = await get('/api/incidents?type=defection&minSources=2');
      expect(list.body.items).toHaveLength(1);
      const incident = await get(`/api/incidents/${list.body.items[0].id}`);
      expect(incident.body).toMatchObject({ type: 'defection', corroboration: 2, sourcesCount: 2 });
      expect(incident.body.reports).toHaveLength(2);
      expect(incident.body.documents).toHaveLength(2);
      for (const report of incident.body.reports as EventDTO[]) {
        const doc = incident.body.documents.find((d: { id: number }) => d.id === report.documentId);
        expect(doc.raw.slice(report.evidence.start, report.evidence.end)).toBe(report.evidence.text);
      }
    });

    it('serves a document with its mentions, each with rule and lexicon entry', async () => {
      const { body: docs } = await get('/api/documents?limit=10');
      expect(docs.items).toHaveLength(ARTICLES.length);
      const { body } = await get(`/api/documents/${docs.items[0].id}`);
      expect(body.raw).toBe(ARTICLES[0]!.text);
      expect(body.mentions.length).toBeGreaterThan(0);
      for (const m of body.mentions) {
        expect(body.raw.slice(m.start, m.end)).toBe(m.text);
        expect(m.rule).toEqual(expect.any(String));
      }
      expect(body.events.length).toBeGreaterThan(0);
      const found = await get(`/api/documents?q=${encodeURIComponent('الانشقاق')}`);
      expect(found.body.items.map((d: { outlet: string }) => d.outlet)).toEqual(['فرات بوست']);
    });

    it('serves persons, groups and their networks', async () => {
      const persons = await get(`/api/persons?name=${encodeURIComponent('ابو دجانه')}`);
      expect(persons.body.items).toHaveLength(1);
      const person = await get(`/api/persons/${persons.body.items[0].id}`);
      expect(person.body).toMatchObject({ name: 'أبو دجانة الزرقاوي', documentsCount: 2 });
      expect(person.body.events).toHaveLength(2);
      expect(person.body.network.groups.map((g: { id: string }) => g.id)).toContain('isis');
      const groups = await get('/api/groups');
      expect(groups.body.items[0]).toMatchObject({ id: 'isis', nameEn: 'Islamic State (ISIS)' });
      const isis = await get('/api/groups/isis');
      expect(isis.body.eventsByType.defection).toBe(2);
      expect(isis.body.aliases).toContain('داعش');
      expect((await get('/api/groups/nobody')).status).toBe(404);
    });

    it('aggregates by time, attribute, place and cohesion signal', async () => {
      const timeline = await get('/api/stats/timeline?bucket=month');
      expect(timeline.body.buckets.map((b: { period: string }) => b.period)).toEqual([
        '2018-01-01',
        '2018-02-01',
        '2018-03-01',
      ]);
      const total = timeline.body.buckets.reduce((s: number, b: { total: number }) => s + b.total, 0);
      expect(total).toBe((await get('/api/events?limit=500')).body.total);
      const byType = await get('/api/stats/breakdown?by=type');
      expect(byType.body.rows[0]).toEqual({ key: 'defection', count: 2 });
      const places = await get('/api/places');
      expect(places.body.items.every((p: { lat: number }) => typeof p.lat === 'number')).toBe(true);
      const cohesion = await get('/api/stats/cohesion?group=isis&weeks=4&until=2018-03-10');
      expect(cohesion.body.current).toMatchObject({ defection: 2 });
      expect(cohesion.body.previous).toMatchObject({ purge: 1 });
      expect(cohesion.body.weeks).toHaveLength(4);
      const search = await get(`/api/search?q=${encodeURIComponent('إعدام')}`);
      expect(search.status).toBe(200);
      const stats = await get('/api/stats');
      expect(stats.body.documents).toBe(ARTICLES.length);
    });

    it('exports CSV, JSON Lines and GeoJSON', async () => {
      const csv = await app.request('/api/export?format=csv&type=defection');
      const text = await csv.text();
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      expect(text.trim().split('\r\n')).toHaveLength(3);
      const geo = await get('/api/events.geojson');
      expect(geo.body.type).toBe('FeatureCollection');
      expect(geo.body.features.length).toBeGreaterThan(0);
      const jsonl = await (await app.request('/api/export?format=jsonl')).text();
      expect(
        jsonl
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).id).length,
      ).toBe((await get('/api/events?limit=500')).body.total);
    });

    it('needs a token to write; records reviews that filter and persist', async () => {
      const [event] = (await get('/api/events?type=execution')).body.items as EventDTO[];
      expect((await post(`/api/events/${event!.id}/review`, { action: 'confirm' }, '')).status).toBe(401);
      expect(
        (await post(`/api/events/${event!.id}/review`, { action: 'confirm' }, 'wrong')).body.error.code,
      ).toBe('E_UNAUTHORIZED');
      const confirmed = await post(`/api/events/${event!.id}/review`, { action: 'confirm', note: 'checked' });
      expect(confirmed.body.review).toMatchObject({ state: 'confirmed', by: 'analyst' });
      const edited = await post(`/api/events/${event!.id}/review`, {
        action: 'edit',
        changes: { fatalitiesMax: 4, place: 'الميادين' },
      });
      expect(edited.body).toMatchObject({
        review: { state: 'edited' },
        fatalities: { max: 4 },
        location: { name: 'الميادين' },
      });
      expect(
        (
          await post(`/api/events/${event!.id}/review`, {
            action: 'edit',
            changes: { place: 'مكان لا وجود له' },
          })
        ).body.error.code,
      ).toBe('E_UNKNOWN_PLACE');
      expect(
        (await post(`/api/events/${event!.id}/review`, { action: 'edit', changes: { colour: 'red' } }))
          .status,
      ).toBe(400);
      expect((await post(`/api/events/${event!.id}/review`, 'not json')).body.error.code).toBe(
        'E_BAD_REQUEST',
      );
      const detail = await get(`/api/events/${event!.id}`);
      expect(detail.body.reviews.map((r: { action: string }) => r.action)).toEqual(['confirm', 'edit']);
      expect(detail.body.reviews[1].before).toMatchObject({ fatalities_max: 3 });
      expect((await get('/api/events?review=edited')).body.items.map((e: EventDTO) => e.id)).toEqual([
        event!.id,
      ]);
      await post(`/api/events/${event!.id}/review`, { action: 'reject' });
      expect((await get('/api/events?type=execution')).body.items).toHaveLength(0);
      expect((await get('/api/events?type=execution&review=rejected')).body.items).toHaveLength(1);
    });

    it('ingests posted text once and refuses what is not text', async () => {
      const text = 'اغتال مجهولون القيادي في تنظيم داعش أبو صالح الحمصي في بلدة الشحيل بريف دير الزور أمس.';
      expect((await post('/api/documents', { text }, '')).status).toBe(401);
      // Aggregates are cached until the next write.
      const before = (await get('/api/stats')).body.documents as number;
      expect((await app.request('/api/stats')).headers.get('x-marsad-cache')).toBe('hit');
      const first = await post('/api/documents', { text, outlet: 'عين الفرات', published: '2018-04-02' });
      expect((await get('/api/stats')).body.documents).toBe(before + 1);
      expect(first.status).toBe(201);
      expect(first.body.events.map((e: EventDTO) => e.type)).toContain('assassination');
      const again = await post('/api/documents', { text });
      expect(again).toMatchObject({
        status: 200,
        body: { documentId: first.body.documentId, created: false },
      });
      expect((await post('/api/documents', { text: '   ' })).body.error.code).toBe('E_BAD_TEXT');
      expect((await post('/api/documents', { text: 'a\u0000b' })).body.error.code).toBe('E_BAD_TEXT');
      expect((await post('/api/documents', 'text', token, 'text/plain')).body.error.code).toBe(
        'E_UNSUPPORTED_MEDIA',
      );
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array([0xff, 0xfe, 0x41])]), 'x.txt');
      const res = await app.request('/api/documents', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      expect(((await res.json()) as any).error.code).toBe('E_BAD_TEXT');
    });

    it('describes itself in OpenAPI 3.1', async () => {
      const { body } = await get('/api/openapi.json');
      expect(body.openapi).toBe('3.1.0');
      expect(Object.keys(body.paths)).toEqual(
        expect.arrayContaining(['/api/events', '/api/incidents/{id}', '/api/stats/cohesion']),
      );
      const params = body.paths['/api/events'].get.parameters.map((p: { name: string }) => p.name);
      expect(params).toEqual(
        expect.arrayContaining(['type', 'place', 'from', 'to', 'review', 'cursor', 'limit']),
      );
    });

    it('asks for a token on reads when the server is exposed', async () => {
      const exposed = createApp({
        store,
        resources,
        provenance,
        groupNames: loadGroupNames(),
        version: 'test',
        openReads: false,
      });
      expect((await exposed.request('/api/events')).status).toBe(401);
      expect(
        (await exposed.request('/api/events', { headers: { authorization: `Bearer ${token}` } })).status,
      ).toBe(200);
      expect((await exposed.request('/api/health')).status).toBe(200);
    });
  });
});
