/** The job queue and its workers (PostgreSQL only): see docs/scaling.md. */
export { JOB_KINDS, KIND_SETTINGS, settingsOf, tuningFromEnv } from './job-kinds.js';
export type { JobKind, JobPayloads, QueuedArticle, QueueTuning } from './job-kinds.js';
export { openQueue, type Queue, type QueuedJob, type OpenQueueOptions } from './open-queue.js';
export {
  runWorker,
  queueDrained,
  type WorkerOptions,
  type WorkerSummary,
  type JobEvent,
} from './run-worker.js';
export { queueStatus, type QueueStatus } from './queue-status.js';
export { enqueueReprocess, reprocessProgress } from './reprocess-batches.js';
export { enqueueArticles } from './enqueue-articles.js';
