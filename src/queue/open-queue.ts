/**
 * The job queue: pg-boss in the marsad PostgreSQL database (schema `pgboss`), one instance per call, so
 * that a process holds exactly the queue it opened and closes it. Producers (`ingest --queue`,
 * `watch --queue`, `reprocess --queue`) send; workers fetch, complete and fail.
 */
import { CompiledQuery, type Transaction } from 'kysely';
import PgBoss from 'pg-boss';
import type { Database } from '../store/schema.js';
import { JOB_KINDS, settingsOf, type JobKind, type JobPayloads, type QueueTuning } from './job-kinds.js';

export interface QueuedJob<K extends JobKind = JobKind> {
  id: string;
  kind: K;
  data: JobPayloads[K];
  /** Attempts before this one (0 on the first). */
  retryCount: number;
}

export interface SendOptions {
  /** For stately and singleton kinds: jobs with one key are limited together. */
  singletonKey?: string;
  /** Sends inside this transaction: the job exists only if the transaction commits. */
  trx?: Transaction<Database>;
}

export interface Queue {
  send<K extends JobKind>(kind: K, data: JobPayloads[K], options?: SendOptions): Promise<string | null>;
  /** Takes the next job of a kind (marks it active), or null when none is due. */
  fetch<K extends JobKind>(kind: K): Promise<QueuedJob<K> | null>;
  complete(kind: JobKind, id: string, output?: object): Promise<void>;
  /** Gives a job back as failed: it is retried after its delay while it has retries left. */
  fail(kind: JobKind, id: string, error: Error): Promise<void>;
  /** The state of a job (created, retry, active, completed, cancelled, failed), null when unknown. */
  jobState(kind: JobKind, id: string): Promise<string | null>;
  close(): Promise<void>;
}

export interface OpenQueueOptions {
  /**
   * Run pg-boss maintenance from this process: expire lost jobs (so that they are retried), archive
   * and delete old ones. Workers do; producers need not. Several processes may: one at a time does it.
   */
  supervise?: boolean;
  /** Seconds between maintenance runs (default 30): how soon after expiry a lost job is retried. */
  maintenanceSeconds?: number;
  tuning?: QueueTuning;
  onError?: (error: Error) => void;
}

/** A pg-boss database adapter over a Kysely transaction (send inside the caller's commit). */
function inTransaction(trx: Transaction<Database>) {
  return {
    executeSql: async (text: string, values: unknown[]) => {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
}

export async function openQueue(url: string, options: OpenQueueOptions = {}): Promise<Queue> {
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss',
    max: 4,
    application_name: 'marsad-queue',
    supervise: options.supervise === true,
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: options.maintenanceSeconds ?? 30,
    // Completed jobs stay queryable (marsad jobs) for a day, then move to the archive, deleted after a week.
    archiveCompletedAfterSeconds: 24 * 3600,
    archiveFailedAfterSeconds: 7 * 24 * 3600,
    deleteAfterDays: 7,
  });
  // An unhandled 'error' event would end the process; pg-boss reports maintenance and polling trouble here.
  boss.on('error', (error) => options.onError?.(error));
  await boss.start();
  for (const kind of JOB_KINDS) {
    const s = settingsOf(kind, options.tuning);
    await boss.createQueue(kind, {
      name: kind,
      policy: s.policy,
      expireInSeconds: s.expireInSeconds,
      retryLimit: s.retryLimit,
      retryDelay: s.retryDelay,
      retryBackoff: true,
    });
  }
  return {
    send(kind, data, send = {}) {
      const s = settingsOf(kind, options.tuning);
      return boss.send(kind, data as object, {
        expireInSeconds: s.expireInSeconds,
        retryLimit: s.retryLimit,
        retryDelay: s.retryDelay,
        retryBackoff: true,
        ...(send.singletonKey !== undefined ? { singletonKey: send.singletonKey } : {}),
        ...(send.trx ? { db: inTransaction(send.trx) } : {}),
      });
    },
    async fetch<K extends JobKind>(kind: K): Promise<QueuedJob<K> | null> {
      const [job] = await boss.fetch<JobPayloads[K]>(kind, { includeMetadata: true, batchSize: 1 });
      return job ? { id: job.id, kind, data: job.data, retryCount: job.retryCount } : null;
    },
    async complete(kind, id, output) {
      await boss.complete(kind, id, output ?? {});
    },
    async fail(kind, id, error) {
      await boss.fail(kind, id, { message: error.message });
    },
    async jobState(kind, id) {
      const job = await boss.getJobById(kind, id, { includeArchive: true });
      return job?.state ?? null;
    },
    close: () => boss.stop({ graceful: false, wait: true, close: true }),
  };
}
