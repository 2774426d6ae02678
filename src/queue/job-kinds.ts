/**
 * The kinds of queued jobs, their payloads, and the retry and expiry settings of each. A job is the
 * unit that one worker takes, holds and either completes or gives back: a worker that dies holding one
 * (SIGKILL, a lost connection) leaves it active until it expires, and then another worker retries it.
 * Every kind is safe to run twice (see docs/scaling.md), so expiry only has to be longer than a job
 * normally takes, not a guarantee that it never runs twice.
 */
import type { ExtractionProvenance } from '../store/store.js';
import type { Source } from '../watch/sources/source-config.js';

export const JOB_KINDS = ['fetch', 'extract', 'place-incidents', 'alerts', 'reprocess-batch'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** One article as the ingest command read it: raw text and what the source said about it. */
export interface QueuedArticle {
  raw: string;
  /** Where it was read (file, file#record, URL): the document's source_path. */
  sourcePath: string;
  url?: string;
  title?: string;
  published?: string;
  outlet?: string;
  author?: string;
}

export interface ExtractJob {
  articles: QueuedArticle[];
  /** Metadata given on the command line: wins over what the articles and their headers say. */
  overrides?: { outlet?: string; published?: string; author?: string };
}

/**
 * Polls one watched source and queues its new articles. The source travels in the job, so a worker on
 * another machine needs no copy of the sources file.
 */
export interface FetchJob {
  source: Source;
}

export interface PlaceJob {
  /** After a reprocess: clear every incident and merge all events again, then resolve persons. */
  rebuild?: boolean;
}

export interface AlertsJob {
  incidentIds: number[];
}

export interface ReprocessBatchJob {
  batchId: number;
  firstId: number;
  lastId: number;
  provenance: ExtractionProvenance;
}

export interface JobPayloads {
  fetch: FetchJob;
  extract: ExtractJob;
  'place-incidents': PlaceJob;
  alerts: AlertsJob;
  'reprocess-batch': ReprocessBatchJob;
}

export interface KindSettings {
  /**
   * pg-boss queue policy: `stately` keeps at most one job queued and one active (per singleton key),
   * for work that covers everything pending at the time it runs; `singleton` one active at a time.
   */
  policy: 'standard' | 'stately' | 'singleton';
  /** Seconds a job may stay active before it counts as lost and is retried by another worker. */
  expireInSeconds: number;
  retryLimit: number;
  retryDelay: number;
}

/**
 * Defaults. Expiry is a few times what a job takes on a busy machine (an extract job of 50 articles
 * takes 1–3 s on one core; a placement round of 20,000 events under a minute); retries back off
 * exponentially from the delay, so a failing database is not hammered.
 */
export const KIND_SETTINGS: Record<JobKind, KindSettings> = {
  fetch: { policy: 'stately', expireInSeconds: 300, retryLimit: 3, retryDelay: 60 },
  extract: { policy: 'standard', expireInSeconds: 300, retryLimit: 5, retryDelay: 15 },
  'place-incidents': { policy: 'stately', expireInSeconds: 1800, retryLimit: 10, retryDelay: 15 },
  alerts: { policy: 'singleton', expireInSeconds: 300, retryLimit: 10, retryDelay: 30 },
  'reprocess-batch': { policy: 'standard', expireInSeconds: 900, retryLimit: 5, retryDelay: 15 },
};

/** Settings overridden from the environment (tests and drills use short expiry). */
export interface QueueTuning {
  expireInSeconds?: number;
  retryDelay?: number;
  retryLimit?: number;
}

export function settingsOf(kind: JobKind, tuning: QueueTuning = {}): KindSettings {
  return { ...KIND_SETTINGS[kind], ...tuning };
}

/** Tuning from MARSAD_QUEUE_EXPIRE_SECONDS, MARSAD_QUEUE_RETRY_DELAY, MARSAD_QUEUE_RETRY_LIMIT. */
export function tuningFromEnv(env: NodeJS.ProcessEnv = process.env): QueueTuning {
  const int = (name: string, min: number) => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got '${v}'`);
    return n;
  };
  const t: QueueTuning = {};
  const expire = int('MARSAD_QUEUE_EXPIRE_SECONDS', 1);
  const delay = int('MARSAD_QUEUE_RETRY_DELAY', 0);
  const limit = int('MARSAD_QUEUE_RETRY_LIMIT', 0);
  if (expire !== undefined) t.expireInSeconds = expire;
  if (delay !== undefined) t.retryDelay = delay;
  if (limit !== undefined) t.retryLimit = limit;
  return t;
}
