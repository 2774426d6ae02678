/**
 * A reprocess killed between its last re-extraction and its closing steps (incidents, persons), then
 * run again: the second run finds every document current, and must still finish the work — on SQLite
 * and on a real PostgreSQL. The kill is placed exactly by doing what reprocess does up to that point
 * through the store (a random SIGKILL rarely lands in that window; crash-safety.test.ts covers the rest).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtractPool, type ExtractPool } from '../../src/ingest/extract-pool.js';
import { ingest } from '../../src/ingest/ingest.js';
import { reprocess } from '../../src/ingest/reprocess.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { testBackends } from '../helpers/backends.js';
import { writeArticles } from '../helpers/generated-articles.js';
import { builtinResources } from '../helpers/resources.js';
import { snapshotStore, storeProblems } from '../helpers/store-snapshot.js';

const resources = builtinResources();
const first = { resourcesVersion: resources.version, marsadVersion: 'test-1' };
const second = { ...first, marsadVersion: 'test-2' };

let dir = '';
let corpus = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marsad-crash-reprocess-'));
  corpus = join(dir, 'corpus');
  // Reports naming persons ("المدعو أبو …"), so that there are persons to resolve.
  writeArticles(corpus, 40, 11);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Person mentions and event persons that no person links to. */
async function unlinked(store: Store): Promise<number> {
  const mentions = await store.db
    .selectFrom('mentions')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('kind', '=', 'person')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('person_mentions').select('person_id').whereRef('mention_id', '=', 'mentions.id'),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  const events = await store.db
    .selectFrom('event_persons')
    .select((eb) => eb.fn.countAll().as('n'))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('person_events')
            .select('person_id')
            .whereRef('event_id', '=', 'event_persons.event_id'),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return Number(mentions.n) + Number(events.n);
}

describe.each(testBackends())('a reprocess killed before its closing steps, on $name', (backend) => {
  describe.skipIf(!backend.available)('run again', () => {
    let pool: ExtractPool;
    beforeAll(async () => {
      await backend.start();
      pool = await createExtractPool({ workers: 0, resources });
    }, 30_000);
    afterAll(async () => {
      await pool?.close();
      await backend.stop();
    });

    it('resolves persons and merges incidents again', async () => {
      const store = await openStore(await backend.fresh(1));
      try {
        await ingest([corpus], { store, pool, resources, provenance: first });
        const clean = await snapshotStore(store.db);
        expect(clean.persons.length).toBeGreaterThan(0);
        expect(await unlinked(store)).toBe(0);

        // What reprocess does before it is killed: incidents cleared, every document re-extracted.
        await store.clearIncidents();
        for await (const doc of store.allDocuments()) {
          const outcome = await pool.run({ id: doc.id, raw: doc.raw, published: doc.published });
          if (!outcome.ok) throw new Error(outcome.error);
          await store.replaceExtraction(doc.id, outcome.result, second);
        }
        // Killed here. Run again:
        const again = await reprocess({ store, pool, resources, provenance: second });
        expect(again).toMatchObject({ reprocessed: 0, current: 40, failed: 0 });

        expect(await storeProblems(store.db)).toEqual([]);
        // Every person mention and event person belongs to a person again, as after a clean run.
        expect(await unlinked(store)).toBe(0);
        const end = await snapshotStore(store.db);
        expect(end.persons).toEqual(clean.persons);
        expect(end.incidents).toEqual(clean.incidents);
      } finally {
        await store.close();
      }
    }, 60_000);
  });
});
