/** A repost is linked to its original and is not a second independent source (both backends). */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extract } from '../../src/extract.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { testBackends } from '../helpers/backends.js';
import { builtinResources } from '../helpers/resources.js';

const resources = builtinResources();
const provenance = { resourcesVersion: resources.version, marsadVersion: '0.1.0-test' };

// Written for the test: an original, a repost by an aggregator, and an independent report.
const ORIGINAL =
  'خاص – دير الزور 24\n\nانشق المدعو أبو هاجر الحمصي، أمير الحسبة في مدينة الميادين، عن تنظيم داعش صباح أمس الأحد، وتمكن من الوصول إلى مناطق سيطرة قوات سوريا الديمقراطية في ريف الحسكة الجنوبي برفقة ثلاثة من مرافقيه، بعد أن دفع مبلغاً مالياً لأحد المهربين، بحسب ما أفاد مراسل دير الزور 24 في المدينة.';
const REPOST = `شبكة الأخبار العاجلة\nنقلاً عن مصادر محلية\n\n${ORIGINAL.split('\n\n')[1]}\n\nلمتابعة آخر الأخبار اشتركوا في قناتنا`;
const INDEPENDENT =
  'فرات بوست\n\nأكدت مصادر خاصة لفرات بوست فرار أمير الحسبة في الميادين أبو هاجر الحمصي من صفوف التنظيم يوم الأحد، ووصوله مع عدد من عناصره إلى ريف الحسكة.';

describe.each(testBackends())('near-duplicates on $name', (backend) => {
  describe.skipIf(!backend.available)('store', () => {
    let store: Store;
    let n = 0;
    beforeAll(() => backend.start(), 30_000);
    afterAll(() => backend.stop());
    beforeEach(async () => {
      store = await openStore(await backend.fresh(++n));
    });
    afterEach(() => store.close());

    const save = (raw: string, outlet: string) =>
      store.saveDocument(
        { raw, outlet, published: '2017-09-04' },
        extract(raw, { published: '2017-09-04' }, resources),
        provenance,
      );

    it('links the repost to the original and counts one independent source for both', async () => {
      const original = await save(ORIGINAL, 'دير الزور 24');
      const repost = await save(REPOST, 'شبكة الأخبار العاجلة');
      const independent = await save(INDEPENDENT, 'فرات بوست');
      const docs = await store.listDocuments();
      expect(docs.map((d) => [d.id, d.duplicateOf])).toEqual([
        [original.documentId, null],
        [repost.documentId, original.documentId],
        [independent.documentId, null],
      ]);
      await store.placeEventsInIncidents();
      const [incident] = await store.listIncidents({ types: ['defection'] });
      expect(incident).toMatchObject({ sources_count: 3, corroboration: 2 });
      expect(incident!.values.sources.sort()).toEqual(
        ['دير الزور 24', 'شبكة الأخبار العاجلة', 'فرات بوست'].sort(),
      );
    });

    it('points a repost of a repost at the first text', async () => {
      const original = await save(ORIGINAL, 'دير الزور 24');
      await save(REPOST, 'شبكة الأخبار العاجلة');
      const second = await save(`${REPOST}\nالمصدر: شبكة الأخبار العاجلة`, 'موقع آخر');
      const docs = await store.listDocuments();
      expect(docs.find((d) => d.id === second.documentId)?.duplicateOf).toBe(original.documentId);
    });
  });
});
