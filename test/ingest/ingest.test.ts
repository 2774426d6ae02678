/**
 * Ingest into the knowledge base, on SQLite and on a real PostgreSQL: idempotence, metadata, incidents
 * across outlets, persons across documents, bad inputs, reprocessing. Extraction runs inline here
 * (workers: 0); the worker threads are exercised through the built CLI in test/cli/ingest-command.test.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createExtractPool, type ExtractPool } from '../../src/ingest/extract-pool.js';
import { ingest, type IngestOptions } from '../../src/ingest/ingest.js';
import { reprocess } from '../../src/ingest/reprocess.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { testBackends } from '../helpers/backends.js';
import { builtinResources } from '../helpers/resources.js';

const resources = builtinResources();
const provenance = { resourcesVersion: resources.version, marsadVersion: 'test' };
const SEEDS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'seeds');

// One assassination told by two outlets in their own words (written for the test).
const STORY_A =
  'دير الزور 24\n2019.03.05 | 10:15 دير الزور\n\nاغتال مسلحون مجهولون، مساء أمس الاثنين، القيادي في تنظيم داعش المدعو أبو صافية الكويتي، في بلدة الشحيل بريف دير الزور الشرقي، بعد استهداف سيارته بالرصاص.\n';
const STORY_B =
  'خاص فرات_بوست\n2019.03.05\n\nقتل مسلحون مجهولون أمس القيادي في داعش إبراهيم الكندري المدعو أبو صافية الكويتي بإطلاق النار عليه وسط بلدة الشحيل شرقي دير الزور.\n';
// Another event, elsewhere, by another outlet.
const STORY_C =
  'عنب بلدي\n2019.03.07\n\nقصفت طائرات التحالف الدولي، صباح أمس الأربعاء، مواقع لتنظيم داعش في بلدة هجين بريف دير الزور، ما أدى لمقتل أربعة عناصر من التنظيم.\n';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marsad-ingest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes files into a fresh folder and returns its path. */
let folders = 0;
function folder(files: Record<string, string | Buffer>): string {
  const path = join(dir, `in${++folders}`);
  mkdirSync(path, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(path, name), content);
  return path;
}

describe.each(testBackends())('ingest on $name', (backend) => {
  describe.skipIf(!backend.available)('runs', () => {
    let store: Store;
    let pool: ExtractPool;
    let n = 0;
    const run = (paths: string[], extra: Partial<IngestOptions> = {}) =>
      ingest(paths, { store, pool, resources, provenance, ...extra });

    beforeAll(async () => {
      await backend.start();
      pool = await createExtractPool({ workers: 0, resources });
    }, 30_000);
    afterAll(() => backend.stop());
    beforeEach(async () => {
      store = await openStore(await backend.fresh(++n));
    });
    afterEach(() => store.close());

    it.skipIf(!existsSync(SEEDS))('stores each seed article once however often it is ingested', async () => {
      const first = await run([SEEDS]);
      expect(first).toMatchObject({ seen: 5, stored: 5, unchanged: 0, failed: 0 });
      const before = await store.stats();
      expect(before.events).toBe(first.events);
      expect(before.events).toBeGreaterThan(20);
      const again = await run([SEEDS, SEEDS]);
      expect(again).toMatchObject({ seen: 10, stored: 0, unchanged: 10, failed: 0, events: 0 });
      expect(await store.stats()).toEqual(before);
    });

    it('merges one story from two outlets into one incident with two sources', async () => {
      const summary = await run([folder({ 'a.txt': STORY_A, 'b.txt': STORY_B, 'c.txt': STORY_C })]);
      expect(summary).toMatchObject({ stored: 3, failed: 0 });
      const assassinations = await store.listIncidents({ types: ['assassination'] });
      expect(assassinations).toHaveLength(1);
      expect(assassinations[0]).toMatchObject({ corroboration: 2, sources_count: 2 });
      expect(assassinations[0]!.values.sources.sort()).toEqual(['دير الزور 24', 'فرات بوست'].sort());
      const strikes = await store.listIncidents({ types: ['airstrike'] });
      expect(strikes).toHaveLength(1);
      expect(strikes[0]).toMatchObject({ corroboration: 1, actor: 'coalition' });
      expect(await store.listIncidents({ minSources: 2 })).toHaveLength(1);
      // Every event has its incident.
      expect(await store.countEvents({})).toBe(
        (await store.listIncidents({})).reduce((s, i) => s + i.sources_count, 0),
      );
    });

    it('adds a later report to the stored incident instead of opening another', async () => {
      await run([folder({ 'a.txt': STORY_A })]);
      const [incident] = await store.listIncidents({ types: ['assassination'] });
      const later = await run([folder({ 'b.txt': STORY_B })]);
      expect(later).toMatchObject({ stored: 1, incidentsCreated: 0, incidentsGrown: 1 });
      const after = await store.listIncidents({ types: ['assassination'] });
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ id: incident!.id, corroboration: 2 });
    });

    it('keeps the same story by the same outlet twice as one source', async () => {
      const repost = STORY_A.replace('2019.03.05 | 10:15', '2019.03.05 | 11:40') + '\nتابعونا على قناتنا.\n';
      await run([folder({ 'a.txt': STORY_A, 'a2.txt': repost })]);
      const [incident] = await store.listIncidents({ types: ['assassination'] });
      expect(incident).toMatchObject({ sources_count: 2, corroboration: 1 });
    });

    it('resolves one person named differently by two outlets, with nationality from the nisba', async () => {
      await run([folder({ 'a.txt': STORY_A, 'b.txt': STORY_B })]);
      const persons = await store.listPersons({ name: 'صافية' });
      expect(persons).toHaveLength(1);
      const [p] = persons;
      expect([p!.canonical, ...p!.aliases].sort()).toEqual(['أبو صافية الكويتي', 'إبراهيم الكندري'].sort());
      expect(p).toMatchObject({ nationality: 'Kuwait', group_id: 'isis', documents_count: 2 });
      expect(p!.eventsByType.assassination).toBe(2);
      const events = await store.listEvents({ personId: p!.id });
      expect(events.map((e) => e.document_id).sort()).toEqual([1, 2]);
    });

    it('takes outlet and date from the header, and lets the caller override them', async () => {
      await run([folder({ 'a.txt': STORY_A })]);
      const doc = await store.getDocument(1);
      expect(doc).toMatchObject({ outlet: 'دير الزور 24', published: '2019-03-05' });
      await run([folder({ 'c.txt': STORY_C })], {
        overrides: { outlet: 'مرصد محلي', published: '2019-03-08' },
      });
      expect(await store.getDocument(2)).toMatchObject({ outlet: 'مرصد محلي', published: '2019-03-08' });
    });

    it('reads JSON Lines records with their metadata and reports bad inputs without losing good ones', async () => {
      const jsonl = [
        JSON.stringify({
          body: STORY_C,
          source: 'عنب بلدي',
          date: '2019-03-07T09:00:00Z',
          link: 'https://x.test/1',
        }),
        '{not json',
        JSON.stringify({ body: STORY_A }),
      ].join('\n');
      const errors: string[] = [];
      const summary = await run(
        [
          folder({
            'feed.jsonl': jsonl,
            'empty.txt': '',
            'bin.txt': Buffer.from([0, 1, 2, 3, 0, 255, 254, 0]),
            'bad.txt': Buffer.from([0xd8, 0xa7, 0xff, 0xfe, 0x41]),
          }),
        ],
        { fields: { text: 'body' }, onError: (e, where) => errors.push(`${where}: ${e.message}`) },
      );
      expect(summary).toMatchObject({ stored: 2, failed: 4 });
      expect(Object.keys(summary.errorsByCode).sort()).toEqual(
        ['E_BAD_RECORD', 'E_BINARY', 'E_EMPTY', 'E_NOT_UTF8'].sort(),
      );
      expect(errors.some((e) => e.includes('feed.jsonl'))).toBe(true);
      const docs = await Promise.all([store.getDocument(1), store.getDocument(2)]);
      const fromFeed = docs.find((d) => d?.url === 'https://x.test/1');
      expect(fromFeed).toMatchObject({ outlet: 'عنب بلدي', published: '2019-03-07' });
    });

    it('reprocesses only what another version extracted, and keeps incidents whole', async () => {
      await run([folder({ 'a.txt': STORY_A, 'b.txt': STORY_B, 'c.txt': STORY_C })]);
      const stats = await store.stats();
      const same = await reprocess({ store, pool, resources, provenance });
      expect(same).toMatchObject({ reprocessed: 0, current: 3 });
      const next = { ...provenance, marsadVersion: 'test-2' };
      const redone = await reprocess({ store, pool, resources, provenance: next });
      expect(redone).toMatchObject({ reprocessed: 3, current: 0, failed: 0 });
      expect(await store.stats()).toEqual(stats);
      expect((await store.getExtraction(1))!.provenance).toMatchObject({ marsad_version: 'test-2' });
      const incidents = await store.listIncidents({ types: ['assassination'] });
      expect(incidents).toHaveLength(1);
      expect(incidents[0]!.corroboration).toBe(2);
    });
  });
});
