/**
 * Worker thread of the extraction pool: loads the resources once, then answers ExtractTask messages
 * with ExtractOutcome messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadResources, type LoadResourcesOptions } from '../resources/load-resources.js';
import { extractItem, type ExtractTask } from './extract-item.js';

/** What the pool passes (extract-pool.ts): the main thread's loader options. */
interface WorkerInit {
  root?: string;
  localGazetteer?: string | false;
  lexicons?: string | false;
}

const init = (workerData ?? {}) as WorkerInit;
const options: LoadResourcesOptions = {};
if (init.localGazetteer !== undefined) options.localGazetteer = init.localGazetteer;
if (init.lexicons !== undefined) options.lexicons = init.lexicons;
const resources = loadResources(init.root, options);
const port = parentPort;
if (!port) throw new Error('extract-worker must run in a worker thread');
port.on('message', (task: ExtractTask) => port.postMessage(extractItem(task, resources)));
port.postMessage({ ready: true, version: resources.version });
