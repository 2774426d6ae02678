/**
 * Two reports of one incident placed at the same moment by two workers (two connection pools, as two
 * processes would have) give one incident: placement is serialised by a PostgreSQL advisory lock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractItem } from '../../src/ingest/extract-item.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { postgresBackend } from '../helpers/backends.js';
import { builtinResources } from '../helpers/resources.js';

const backend = postgresBackend();
beforeAll(async () => {
  if (backend.available) await backend.start();
}, 60_000);
// Stopping a server under load can take more than the default 10 s.
afterAll(() => backend.stop(), 60_000);

const PLACES = ['الميادين', 'البوكمال', 'الرقة', 'منبج', 'تدمر', 'درعا', 'حماة', 'القامشلي'];

/** One assassination told by an outlet; pair k happens on its own day and in its own town. */
function report(outlet: string, k: number): string {
  const day = new Date(Date.UTC(2018, 0, 1) + k * 40 * 864e5).toISOString().slice(0, 10);
  const place = PLACES[k % PLACES.length]!;
  return (
    `${outlet}\n${day.replaceAll('-', '.')} | 10:15 ${place}\n\n` +
    `اغتال مسلحون مجهولون، مساء أمس، قياديا في قوات النظام وسط مدينة ${place} بعد استهداف سيارته بالرصاص.\n\n` +
    `رقم المرجع ${outlet.length}-${k}\n`
  );
}

async function save(store: Store, raw: string) {
  const outcome = extractItem({ id: 1, raw, published: null }, builtinResources());
  if (!outcome.ok) throw new Error(outcome.error);
  const provenance = { resourcesVersion: 'test', marsadVersion: 'test' };
  await store.saveDocument(
    { raw, outlet: outcome.header.outlet ?? null, published: outcome.result.published },
    outcome.result,
    provenance,
  );
}

describe.skipIf(!backend.available)('concurrent placement (PostgreSQL)', () => {
  it('two reports of one incident placed concurrently by two workers make one incident', async () => {
    const url = await backend.fresh(1);
    const [a, b] = [await openStore(url), await openStore(url)];
    try {
      const pairs = 12;
      for (let k = 0; k < pairs; k++) {
        await Promise.all([save(a!, report('عنب بلدي', k)), save(b!, report('فرات بوست', k))]);
        // Both workers place at the same moment, each seeing both fresh reports.
        await Promise.all([a!.placeEventsInIncidents(), b!.placeEventsInIncidents()]);
      }
      const events = await a!.db.selectFrom('events').select(['id', 'incident_id', 'document_id']).execute();
      expect(events.length).toBe(2 * pairs);
      expect(events.filter((e) => e.incident_id === null)).toEqual([]);
      const incidents = await a!.db
        .selectFrom('incidents')
        .select(['id', 'sources_count', 'corroboration'])
        .execute();
      expect(incidents.length).toBe(pairs);
      // Each incident holds both reports (the second text may count as a repost of the first: corroboration 1).
      expect(incidents.filter((i) => i.sources_count !== 2)).toEqual([]);
    } finally {
      await a!.close();
      await b!.close();
    }
  }, 60_000);
});
