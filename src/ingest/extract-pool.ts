/**
 * A pool of extraction workers (worker threads). Extraction is CPU-bound and pure, so N workers give
 * close to N times the throughput on N cores; the main thread keeps the database. With `workers: 0`
 * (or when the compiled worker is missing, as under a TypeScript test runner) extraction runs inline.
 *
 * Extraction is synchronous and cannot be interrupted from inside, so the time budget of a document is
 * kept from outside: each worker writes which task it runs and since when into shared memory, the pool
 * checks it on a timer, and a worker past the budget is terminated and replaced; its task is rejected
 * with E_EXTRACT_TIMEOUT and the tasks queued behind it go to other workers.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MarsadError } from '../cli/errors.js';
import type { Resources } from '../resources/resources.js';
import { extractItem, type ExtractOutcome, type ExtractTask } from './extract-item.js';

export interface ExtractPool {
  readonly workers: number;
  run(task: ExtractTask): Promise<ExtractOutcome>;
  close(): Promise<void>;
}

export interface PoolOptions {
  workers: number;
  /**
   * Resources for inline extraction. Workers load their own the way these were loaded
   * (resources.loadedWith) and must arrive at the same version.
   */
  resources: Resources;
  /** Passed to each worker's loadResources, over resources.loadedWith. */
  localGazetteer?: string | false;
  /** The lexicon overlay directory (false: none), passed over resources.loadedWith. */
  lexicons?: string | false;
  /**
   * Longest time (ms) one document may keep a worker; 0 for no limit. Default: $MARSAD_TIME_BUDGET
   * (seconds), else DEFAULT_TIME_BUDGET_MS. Inline extraction (workers: 0) cannot be stopped.
   */
  timeBudgetMs?: number;
}

/** A document that takes this long is a bug (a real article takes milliseconds), not a slow machine. */
export const DEFAULT_TIME_BUDGET_MS = 30_000;

/** The budget from options, else from $MARSAD_TIME_BUDGET (seconds), else the default. */
export function timeBudgetOf(options: Pick<PoolOptions, 'timeBudgetMs'>): number {
  if (options.timeBudgetMs !== undefined) return Math.max(0, options.timeBudgetMs);
  const env = Number(process.env['MARSAD_TIME_BUDGET']);
  return process.env['MARSAD_TIME_BUDGET'] && Number.isFinite(env) && env >= 0
    ? env * 1000
    : DEFAULT_TIME_BUDGET_MS;
}

/** "30 s", "250 ms": a budget as the error message shows it. */
function showMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}

/** The workerData of extract-worker.ts: the main thread's loader options. */
function workerInit(options: PoolOptions): Record<string, string | false> {
  const init: Record<string, string | false> = { ...options.resources.loadedWith };
  if (options.localGazetteer !== undefined) init['localGazetteer'] = options.localGazetteer;
  if (options.lexicons !== undefined) init['lexicons'] = options.lexicons;
  return init;
}

const WORKER_URL = new URL('./extract-worker.js', import.meta.url);

function inlinePool(resources: Resources): ExtractPool {
  return {
    workers: 0,
    run: (task) => Promise.resolve(extractItem(task, resources)),
    close: () => Promise.resolve(),
  };
}

/**
 * What a worker runs now, written by the worker: [the number of the task among those it received, from
 * 1 (0 when idle), its start time in ms]. Messages arrive in order, so the number names the task.
 */
export const RUNNING_TASK = 0;
export const RUNNING_SINCE = 1;

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  started: boolean;
  /** Tasks posted and not answered yet, in the order the worker runs them, with their numbers. */
  tasks: Array<{ task: ExtractTask; number: number }>;
  /** Tasks posted so far. */
  posted: number;
  running: BigInt64Array;
  /** Terminated for running over the budget: its exit is expected. */
  retired: boolean;
}

/**
 * Tasks queued in each worker. Many: while the main thread writes a batch to the database (32
 * documents, ≈ 80 ms) or places incidents (≈ 300 ms every 500 documents) it reads no messages, and a
 * worker whose queue runs dry waits idle until it does. 16 left one worker idle a third of the time;
 * 64 (≈ 170 ms of extraction) took ingest from 185 to 223 articles/s.
 */
const WORKER_DEPTH = 64;

export async function createExtractPool(options: PoolOptions): Promise<ExtractPool> {
  const n = Math.max(0, Math.floor(options.workers));
  if (n === 0 || !existsSync(fileURLToPath(WORKER_URL))) return inlinePool(options.resources);
  const budget = timeBudgetOf(options);
  const pending = new Map<number, { resolve: (o: ExtractOutcome) => void; reject: (e: Error) => void }>();
  const queue: ExtractTask[] = [];
  const slots: Slot[] = [];
  let failure: Error | null = null;
  let closing = false;

  const pump = () => {
    for (const slot of slots) {
      while (slot.started && slot.tasks.length < WORKER_DEPTH && queue.length) {
        const task = queue.shift()!;
        slot.tasks.push({ task, number: ++slot.posted });
        slot.worker.postMessage(task);
      }
    }
  };
  const fail = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const init = workerInit(options);
  const spawn = (): Slot => {
    const running = new BigInt64Array(new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT));
    const worker = new Worker(WORKER_URL, { workerData: { ...init, running: running.buffer } });
    const slot: Slot = {
      worker,
      started: false,
      tasks: [],
      posted: 0,
      running,
      retired: false,
      ready: Promise.resolve(),
    };
    slot.ready = new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (msg: ExtractOutcome | { ready: true; version: string }) => {
        if (slot.retired) return;
        if ('ready' in msg) {
          // Another version would record extractions under the wrong lexicons (an overlay edited
          // while the pool started, or options that differ from the main thread's).
          if (options.resources.loadedWith && msg.version !== options.resources.version) {
            reject(
              new Error(
                `an extraction worker loaded resources ${msg.version}, the main thread ${options.resources.version}: did the lexicon overlay change? Run the command again`,
              ),
            );
            return;
          }
          slot.started = true;
          resolve();
          pump();
          return;
        }
        const k = slot.tasks.findIndex((t) => t.task.id === msg.id);
        if (k >= 0) slot.tasks.splice(k, 1);
        const waiter = pending.get(msg.id);
        pending.delete(msg.id);
        waiter?.resolve(msg);
        pump();
      });
    });
    worker.on('error', (e) => {
      if (!slot.retired) fail(new Error(`extraction worker failed: ${e.message}`));
    });
    worker.on('exit', (code) => {
      if (code !== 0 && !closing && !slot.retired)
        fail(new Error(`extraction worker exited with code ${code}`));
    });
    return slot;
  };

  /** Replaces a worker past the budget: its task fails, the tasks queued behind it run elsewhere. */
  const stop = (slot: Slot, task: ExtractTask) => {
    slot.retired = true;
    void slot.worker.terminate();
    slots.splice(slots.indexOf(slot), 1, spawnReplacement());
    queue.unshift(...slot.tasks.map((t) => t.task).filter((t) => t !== task));
    const waiter = pending.get(task.id);
    pending.delete(task.id);
    waiter?.reject(
      MarsadError.of(
        'E_EXTRACT_TIMEOUT',
        {
          document: task.name ?? `a document of ${task.raw.length} characters`,
          budget: showMs(budget),
        },
        task.name,
      ),
    );
    pump();
  };
  const spawnReplacement = (): Slot => {
    const slot = spawn();
    slot.ready.catch((e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
    return slot;
  };

  for (let i = 0; i < n; i++) slots.push(spawn());
  try {
    await Promise.all(slots.map((s) => s.ready));
  } catch (err) {
    // A worker that failed to start: stop them all, or they would keep the process alive.
    closing = true;
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw err;
  }

  // The watchdog reads what each worker runs: the main thread may be busy and read no message for a
  // while, but shared memory tells the truth, so a finished task is never taken for a stuck one.
  const watchdog =
    budget > 0
      ? setInterval(
          () => {
            const now = Date.now();
            for (const slot of [...slots]) {
              const number = Number(Atomics.load(slot.running, RUNNING_TASK));
              if (!slot.started || number === 0) continue;
              if (now - Number(Atomics.load(slot.running, RUNNING_SINCE)) < budget) continue;
              const running = slot.tasks.find((t) => t.number === number);
              if (running) stop(slot, running.task);
            }
          },
          Math.min(1000, Math.max(10, budget / 10)),
        )
      : null;
  // The timer must not keep a finished command alive.
  watchdog?.unref();

  return {
    workers: n,
    run(task) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        pending.set(task.id, { resolve, reject });
        queue.push(task);
        pump();
      });
    },
    async close() {
      closing = true;
      if (watchdog) clearInterval(watchdog);
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
