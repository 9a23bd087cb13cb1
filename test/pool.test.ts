/**
 * src/pool.ts: a worker that dies, by an uncaught error or by exiting on its own, breaks the pool
 * instead of leaving requests unanswered: they reject (the callers then run the work on the main
 * thread) and `failure` says why, which the run reports as a warning. Closing the pool is not a
 * failure.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../src/pool.js';

const worker = (onMessage: string) => () => new Worker(`require('node:worker_threads').parentPort.on('message', (m) => { ${onMessage} });`, { eval: true });

describe('WorkerPool', () => {
  it('answers through a live worker, and closing is not a failure', async () => {
    const pool = new WorkerPool(1, worker(`require('node:worker_threads').parentPort.postMessage({ id: m.id, result: m.n * 2 });`));
    expect(pool.size).toBe(1);
    await expect(pool.request(0, { n: 21 })).resolves.toBe(42);
    await pool.close();
    expect(pool.failure).toBeUndefined();
  });

  it('a worker that exits by itself breaks the pool: its request rejects', async () => {
    const pool = new WorkerPool(1, worker('process.exit(3);'));
    await expect(pool.request(0, { n: 1 })).rejects.toThrow('a worker thread exited (code 3)');
    expect(pool.failure).toBe('a worker thread exited (code 3)');
    expect(pool.size).toBe(0);
    await expect(pool.request(0, { n: 2 })).rejects.toThrow('code 3');
    await pool.close();
  });

  it('a worker that throws breaks the pool, with the error as the reason', async () => {
    const pool = new WorkerPool(1, worker(`throw new Error('boom');`));
    await expect(pool.request(0, { n: 1 })).rejects.toThrow('boom');
    expect(pool.failure).toBe('boom');
    await pool.close();
  });
});
