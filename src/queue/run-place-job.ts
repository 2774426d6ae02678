/**
 * A place-incidents job: every event without an incident is placed (under the placement lock, so two
 * workers never merge the same reports twice); the incidents it touched go to an alerts job sent in the
 * same transaction, so a crash after the commit loses no alert and a retry fires none twice. When no
 * article is waiting in the queue any more, persons are resolved again (a whole-database rebuild, as at
 * the end of `marsad ingest`). A `rebuild` job (the end of a queued reprocess) re-merges everything.
 */
import { sql } from 'kysely';
import type { NisbaData } from '../resources/resources.js';
import { placeEventsInIncidents } from '../store/incident-writer.js';
import type { Store } from '../store/store.js';
import type { PlaceJob } from './job-kinds.js';
import type { Queue } from './open-queue.js';
import { PERSONS_LOCK, REBUILD_LOCK, withSessionLock } from './session-lock.js';

export interface PlaceJobResult {
  placed: number;
  created: number;
  grown: number;
  alertJobs: number;
  /** Persons after the rebuild, or null when articles were still waiting (rebuilt later). */
  persons: number | null;
}

/** Jobs that add or replace events, queued (not yet running). */
async function articlesWaiting(store: Store): Promise<boolean> {
  const { rows } = await sql<{ n: string }>`
    SELECT count(*) AS n FROM pgboss.job
    WHERE name IN ('extract', 'fetch', 'reprocess-batch') AND state IN ('created', 'retry')`.execute(
    store.db,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

export async function runPlaceJob(
  ctx: { store: Store; queue: Queue; nisbas: ReadonlyMap<string, NisbaData> },
  job: PlaceJob,
): Promise<PlaceJobResult> {
  const { store, queue } = ctx;
  const out: PlaceJobResult = { placed: 0, created: 0, grown: 0, alertJobs: 0, persons: null };
  if (job.rebuild) {
    await withSessionLock(store.db, REBUILD_LOCK, async () => {
      await store.clearIncidents();
      const placed = await store.placeEventsInIncidents();
      Object.assign(out, { placed: placed.placed, created: placed.created, grown: placed.grown });
    });
  } else {
    const rules = await store.db
      .selectFrom('alert_rules')
      .select('id')
      .where('enabled', '=', 1)
      .limit(1)
      .execute();
    const placed = await placeEventsInIncidents(store.db, {
      onRound: async (trx, round) => {
        if (!rules.length || !round.touched.length) return;
        await queue.send('alerts', { incidentIds: round.touched }, { trx });
        out.alertJobs++;
      },
    });
    Object.assign(out, { placed: placed.placed, created: placed.created, grown: placed.grown });
  }
  if (job.rebuild || !(await articlesWaiting(store))) {
    out.persons = await withSessionLock(store.db, PERSONS_LOCK, () => store.rebuildPersons(ctx.nisbas));
    if (job.rebuild) await store.optimize();
  }
  return out;
}
