/**
 * Worker thread of the extraction pool: loads the resources once, then answers ExtractTask messages
 * with ExtractOutcome messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadResources, type LoadResourcesOptions } from '../resources/load-resources.js';
import { extractItem, type ExtractTask } from './extract-item.js';
import { RUNNING_SINCE, RUNNING_TASK } from './extract-pool.js';

/** What the pool passes (extract-pool.ts): the main thread's loader options. */
interface WorkerInit {
  root?: string;
  localGazetteer?: string | false;
  lexicons?: string | false;
  /** Shared with the pool's watchdog: which task runs and since when (see extract-pool.ts). */
  running?: SharedArrayBuffer;
}

const init = (workerData ?? {}) as WorkerInit;
const options: LoadResourcesOptions = {};
if (init.localGazetteer !== undefined) options.localGazetteer = init.localGazetteer;
if (init.lexicons !== undefined) options.lexicons = init.lexicons;
const resources = loadResources(init.root, options);
const port = parentPort;
if (!port) throw new Error('extract-worker must run in a worker thread');
const running = init.running ? new BigInt64Array(init.running) : null;
let received = 0n;
port.on('message', (task: ExtractTask) => {
  received++;
  // For the pool's watchdog: which task runs (numbered as received), since when.
  if (running) {
    Atomics.store(running, RUNNING_SINCE, BigInt(Date.now()));
    Atomics.store(running, RUNNING_TASK, received);
  }
  const outcome = extractItem(task, resources);
  if (running) Atomics.store(running, RUNNING_TASK, 0n);
  port.postMessage(outcome);
});
port.postMessage({ ready: true, version: resources.version });
