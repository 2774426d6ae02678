/**
 * What the queue holds, read from the database by any machine: jobs per kind and state (completed jobs
 * still in the job table or already archived), the progress of the latest queued reprocess, and the
 * failed jobs with their error.
 */
import { sql } from 'kysely';
import type { Store } from '../store/store.js';
import { JOB_KINDS, type JobKind } from './job-kinds.js';
import { reprocessProgress, type ReprocessProgress } from './reprocess-batches.js';

export interface KindCounts {
  /** Waiting to start: new, or failed and waiting for a retry. */
  queued: number;
  active: number;
  completed: number;
  failed: number;
}

export interface FailedJob {
  kind: string;
  id: string;
  attempts: number;
  failedAt: string | null;
  error: string;
}

export interface QueueStatus {
  kinds: Record<JobKind, KindCounts>;
  reprocess: ReprocessProgress | null;
  failedJobs: FailedJob[];
}

/** Whether pg-boss's tables exist (a database nothing was ever queued in has none). */
async function hasQueue(store: Store): Promise<boolean> {
  const { rows } = await sql<{ t: string | null }>`SELECT to_regclass('pgboss.job')::text AS t`.execute(
    store.db,
  );
  return rows[0]?.t != null;
}

export async function queueStatus(
  store: Store,
  options: { failedLimit?: number } = {},
): Promise<QueueStatus> {
  const kinds = Object.fromEntries(
    JOB_KINDS.map((k) => [k, { queued: 0, active: 0, completed: 0, failed: 0 }]),
  ) as Record<JobKind, KindCounts>;
  const status: QueueStatus = { kinds, reprocess: await reprocessProgress(store), failedJobs: [] };
  if (!(await hasQueue(store))) return status;
  const { rows } = await sql<{ name: string; state: string; n: string }>`
    SELECT name, state, count(*) AS n FROM pgboss.job GROUP BY name, state
    UNION ALL
    SELECT name, state, count(*) AS n FROM pgboss.archive GROUP BY name, state`.execute(store.db);
  for (const r of rows) {
    const counts = kinds[r.name as JobKind];
    if (!counts) continue;
    const n = Number(r.n);
    if (r.state === 'created' || r.state === 'retry') counts.queued += n;
    else if (r.state === 'active') counts.active += n;
    else if (r.state === 'completed') counts.completed += n;
    else if (r.state === 'failed') counts.failed += n;
  }
  const failed = await sql<{
    name: string;
    id: string;
    retry_count: number;
    completed_on: Date | null;
    message: string | null;
  }>`
    SELECT name, id::text AS id, retry_count, completed_on,
      coalesce(output->>'message', output->'value'->>'message', output::text) AS message
    FROM pgboss.job WHERE state = 'failed'
    ORDER BY completed_on DESC NULLS LAST LIMIT ${options.failedLimit ?? 20}`.execute(store.db);
  status.failedJobs = failed.rows.map((r) => ({
    kind: r.name,
    id: r.id,
    attempts: Number(r.retry_count) + 1,
    failedAt: r.completed_on ? new Date(r.completed_on).toISOString() : null,
    error: r.message ?? '',
  }));
  return status;
}
