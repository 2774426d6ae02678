/** Reviews on both backends: recorded with who and when, and carried over re-extraction. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extract } from '../../src/extract.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { testBackends } from '../helpers/backends.js';
import { builtinResources } from '../helpers/resources.js';

const resources = builtinResources();
const provenance = { resourcesVersion: resources.version, marsadVersion: '0.1.0-test' };

// Written for the test: three events in three sentences.
const TEXT =
  'أعدم تنظيم داعش شابا في مدينة البوكمال يوم 3 آذار 2018. ' +
  'واعتقلت قوات النظام خمسة شبان في مدينة الميادين يوم 4 آذار 2018. ' +
  'وقصفت طائرات التحالف بلدة هجين يوم 5 آذار 2018.';

describe.each(testBackends())('reviews on $name', (backend) => {
  describe.skipIf(!backend.available)('store', () => {
    let store: Store;
    let n = 0;
    beforeAll(() => backend.start(), 30_000);
    afterAll(() => backend.stop());
    beforeEach(async () => {
      store = await openStore(await backend.fresh(++n));
    });
    afterEach(() => store.close());

    it('carries confirmed, edited and rejected events over a re-extraction', async () => {
      const result = extract(TEXT, { published: '2018-03-06' }, resources);
      expect(result.events.map((e) => e.type)).toEqual(['execution', 'arrest', 'airstrike']);
      const { documentId } = await store.saveDocument({ raw: TEXT }, result, provenance);
      const [execution, arrest, airstrike] = await store.listEvents({ documentId });
      await store.reviewEvent(execution!.id, { action: 'confirm', by: 'a' });
      const edited = await store.reviewEvent(arrest!.id, {
        action: 'edit',
        by: 'b',
        note: 'six, not five',
        changes: { countMin: 6, countMax: 6, actor: 'kurdish_forces' },
      });
      expect(edited).toMatchObject({
        review_state: 'edited',
        review_by: 'b',
        count_min: 6,
        actor: 'kurdish_forces',
      });
      await store.reviewEvent(airstrike!.id, { action: 'reject', by: 'a' });
      expect(await store.reviewEvent(999_999, { action: 'confirm', by: 'a' })).toBeUndefined();

      // The same extraction again: every review finds its event.
      await store.replaceExtraction(documentId, result, { ...provenance, marsadVersion: '0.2.0' });
      const again = await store.listEvents({ documentId });
      expect(again.map((e) => [e.type, e.review_state, e.actor, e.count_min])).toEqual([
        ['execution', 'confirmed', 'isis', 1],
        ['arrest', 'edited', 'kurdish_forces', 6],
        ['airstrike', 'rejected', 'coalition', null],
      ]);
      const history = await store.listReviews(again[1]!.id);
      expect(history.map((r) => [r.action, r.user_name, r.note])).toEqual([['edit', 'b', 'six, not five']]);
      expect(JSON.parse(history[0]!.before_json)).toMatchObject({ actor: 'regime', count_min: 5 });

      // A new extraction that finds nothing: confirmed and edited events stay, the rejected one goes.
      const empty = extract('لا شيء هنا.', {}, resources);
      await store.replaceExtraction(documentId, empty, { ...provenance, marsadVersion: '0.3.0' });
      const kept = await store.listEvents({ documentId });
      expect(kept.map((e) => [e.type, e.review_state])).toEqual([
        ['execution', 'confirmed'],
        ['arrest', 'edited'],
      ]);
      expect(kept[0]!.persons).toEqual(again[0]!.persons);
      expect(await store.countEvents({ review: ['rejected'] })).toBe(0);
      expect(await store.countEvents({ review: ['confirmed', 'edited'] })).toBe(2);
    });

    it('re-places an event whose type, place or date an analyst changed', async () => {
      const result = extract(TEXT, { published: '2018-03-06' }, resources);
      const { documentId } = await store.saveDocument({ raw: TEXT }, result, provenance);
      await store.placeEventsInIncidents();
      const [execution] = await store.listEvents({ documentId });
      const before = execution!.incident_id;
      const after = await store.reviewEvent(execution!.id, {
        action: 'edit',
        by: 'a',
        changes: { type: 'assassination' },
      });
      expect(after?.type).toBe('assassination');
      expect(after?.incident_id).not.toBeNull();
      expect(after?.incident_id).not.toBe(before);
      expect(await store.reviewEvent(execution!.id, { action: 'reset', by: 'a' })).toMatchObject({
        review_state: null,
        type: 'assassination',
      });
    });
  });
});
