/** Worker thread entry for src/finish.ts: finishes the files the main thread posts, one at a time. */
import { parentPort } from 'node:worker_threads';
import { finishFile, type FinishJob } from './finish.js';

parentPort!.on('message', async ({ id, job }: { id: number; job: FinishJob }) => {
  try {
    parentPort!.postMessage({ id, result: await finishFile(job) });
  } catch (e) {
    parentPort!.postMessage({ id, error: String((e as Error)?.stack ?? e) });
  }
});
