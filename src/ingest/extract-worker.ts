/**
 * Worker thread of the extraction pool: loads the resources once, then answers ExtractTask messages
 * with ExtractOutcome messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadResources } from '../resources/load-resources.js';
import { extractItem, type ExtractTask } from './extract-item.js';

interface WorkerInit {
  localGazetteer?: string | false;
}

const init = (workerData ?? {}) as WorkerInit;
const resources = loadResources(
  undefined,
  init.localGazetteer === undefined ? {} : { localGazetteer: init.localGazetteer },
);
const port = parentPort;
if (!port) throw new Error('extract-worker must run in a worker thread');
port.on('message', (task: ExtractTask) => port.postMessage(extractItem(task, resources)));
port.postMessage({ ready: true, version: resources.version });
