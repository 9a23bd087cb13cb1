/**
 * Worker threads for the work that does not need the main thread: transforming files (each
 * thread with its own copy of the inventory) and finishing them (check, format, diff). A worker
 * takes about half a second to load the engine, so the pool starts before the analysis, which
 * keeps the main thread busy meanwhile. A worker that cannot start or dies hands its work back:
 * the caller runs it on the main thread.
 */
import os from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The default: the main thread plus a worker per further core, four threads at most. */
export function defaultConcurrency(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (e: unknown) => void;
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private broken: unknown;

  private closing = false;

  /** `count` workers beside the main thread (0: everything runs on the main thread). `start`: tests only. */
  constructor(count: number, start: () => Worker | undefined = startWorker) {
    while (this.workers.length < count) {
      const worker = start();
      if (!worker) break;
      worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (!p) return;
        if (m.error === undefined) p.resolve(m.result);
        else p.reject(new Error(m.error));
      });
      worker.on('error', (e) => this.fail(e));
      // A worker that ends by itself (process.exit in a dependency, a fatal error) would leave
      // its requests unanswered: the pool breaks and the callers run them on the main thread.
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`a worker thread exited (code ${code})`));
      });
      this.workers.push(worker);
    }
  }

  /** Workers that can take work (none once one has failed). */
  get size(): number {
    return this.broken ? 0 : this.workers.length;
  }

  /** Sends every worker a message that needs no answer (state they all keep). */
  broadcast(message: object): void {
    for (const w of this.workers) w.postMessage(message);
  }

  /** Asks worker `index` for something; rejects if the pool broke. */
  request<T>(index: number, message: object): Promise<T> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.workers[index % this.workers.length]!.postMessage({ ...message, id });
    });
  }

  /** Why the pool stopped taking work (undefined while it works): the run then finished on the main thread. */
  get failure(): string | undefined {
    return this.broken === undefined ? undefined : String((this.broken as Error)?.message ?? this.broken);
  }

  private fail(error: unknown): void {
    if (this.broken) return;
    this.broken = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Hands jobs to the pool's workers, at most `perWorker` held by each at a time (one running, one
 * waiting: a worker never idles while the main thread is busy elsewhere), topping a worker up as
 * each of its jobs ends. `take` gives the next job (undefined: none for now); `run(worker, job)`
 * does it there, settles whatever waits for it and never rejects. Call `refill` when jobs appear.
 */
export class WorkerFeed<J> {
  private readonly running: Promise<void>[] = [];
  private readonly held: number[];

  constructor(
    pool: WorkerPool,
    private readonly take: () => J | undefined,
    private readonly run: (worker: number, job: J) => Promise<void>,
    private readonly perWorker = 2,
  ) {
    this.held = new Array<number>(pool.size).fill(0);
  }

  refill(): void {
    for (let w = 0; w < this.held.length; w++) {
      while (this.held[w]! < this.perWorker) {
        const job = this.take();
        if (job === undefined) return;
        this.held[w]!++;
        this.running.push(
          this.run(w, job).finally(() => {
            this.held[w]!--;
            this.refill();
          }),
        );
      }
    }
  }

  /** Resolves once no job handed out is running (each end may hand out another). */
  async settled(): Promise<void> {
    for (let waited = 0; waited < this.running.length; ) {
      const count = this.running.length;
      await Promise.all(this.running.slice(waited));
      waited = count;
    }
  }
}

/**
 * The worker runs the compiled module. Under the TypeScript sources (the tests) it registers tsx
 * first: `execArgv: ['--import', 'tsx']` does not reach a worker's entry module on Node 20.
 */
function startWorker(): Worker | undefined {
  try {
    if (!fileURLToPath(import.meta.url).endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url));
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
    const entry = new URL('./worker.ts', import.meta.url).href;
    return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
  } catch {
    return undefined;
  }
}
