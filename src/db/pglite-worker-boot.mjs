// Starts the embedded database's worker thread from the TypeScript sources: a worker does not
// inherit the loader its parent was given (tsx, vitest), so it registers tsx itself.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
