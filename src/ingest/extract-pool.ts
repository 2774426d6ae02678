/**
 * A pool of extraction workers (worker threads). Extraction is CPU-bound and pure, so N workers give
 * close to N times the throughput on N cores; the main thread keeps the database. With `workers: 0`
 * (or when the compiled worker is missing, as under a TypeScript test runner) extraction runs inline.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
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

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  started: boolean;
  /** Tasks posted and not answered yet. */
  inFlight: number;
}

/**
 * Tasks queued in each worker. More than one: while the main thread is busy writing a batch to the
 * database it reads no messages, and a worker holding a single task would wait idle until it does.
 */
const WORKER_DEPTH = 4;

export async function createExtractPool(options: PoolOptions): Promise<ExtractPool> {
  const n = Math.max(0, Math.floor(options.workers));
  if (n === 0 || !existsSync(fileURLToPath(WORKER_URL))) return inlinePool(options.resources);
  const pending = new Map<number, { resolve: (o: ExtractOutcome) => void; reject: (e: Error) => void }>();
  const queue: Array<{ task: ExtractTask }> = [];
  const slots: Slot[] = [];
  let failure: Error | null = null;
  let closing = false;

  const pump = () => {
    for (const slot of slots) {
      while (slot.started && slot.inFlight < WORKER_DEPTH && queue.length) {
        const { task } = queue.shift()!;
        slot.inFlight++;
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
  for (let i = 0; i < n; i++) {
    const worker = new Worker(WORKER_URL, { workerData: init });
    const slot: Slot = { worker, started: false, inFlight: 0, ready: Promise.resolve() };
    slot.ready = new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (msg: ExtractOutcome | { ready: true; version: string }) => {
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
        slot.inFlight--;
        const waiter = pending.get(msg.id);
        pending.delete(msg.id);
        waiter?.resolve(msg);
        pump();
      });
    });
    worker.on('error', (e) => fail(new Error(`extraction worker failed: ${e.message}`)));
    worker.on('exit', (code) => {
      if (code !== 0 && !closing) fail(new Error(`extraction worker exited with code ${code}`));
    });
    slots.push(slot);
  }
  try {
    await Promise.all(slots.map((s) => s.ready));
  } catch (err) {
    // A worker that failed to start: stop them all, or they would keep the process alive.
    closing = true;
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw err;
  }

  return {
    workers: n,
    run(task) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        pending.set(task.id, { resolve, reject });
        queue.push({ task });
        pump();
      });
    },
    async close() {
      closing = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
