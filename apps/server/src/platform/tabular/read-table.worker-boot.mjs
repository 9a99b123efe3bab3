// Entry of the worker thread that reads an uploaded file (parse-in-worker.ts). Worker threads do not inherit
// tsx's loader, under `tsx` as under vitest: register it, then load the TypeScript entry named by the parent.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
