/**
 * Finishing a transformed file: check that the output parses, format it with the project's
 * Prettier config and, for dry runs, diff it. Each file is independent of the others, so this runs
 * on worker threads while the main thread is still transforming (the transforms share the
 * project's inventory and stay on the main thread): on two cores the finishing costs almost no
 * wall time. With a concurrency of 1 (or where workers cannot start) it runs inline.
 */
import os from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { threadId, Worker } from 'node:worker_threads';
import { unifiedDiff } from './emit.js';
import { UsageError } from './errors.js';
import { formatSource } from './format.js';
import { jscodeshiftFor } from '../transforms/run-passes.js';

export interface FinishJob {
  rel: string;
  /** Absolute path: Prettier resolves the config and the parser from it. */
  path: string;
  before: string;
  after: string;
  diff: boolean;
}

export type FinishResult =
  | { kind: 'ok'; text: string; patch?: string; /** worker_threads id of the thread that finished it (0: main) */ thread: number }
  | { kind: 'unparsable'; line: number; column: number; message: string }
  | { kind: 'config-error'; message: string };

/** The work itself, the same inline and in a worker. */
export async function finishFile(job: FinishJob): Promise<FinishResult> {
  try {
    jscodeshiftFor(job.rel)(job.after);
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    return { kind: 'unparsable', line: loc?.line ?? 0, column: loc ? loc.column + 1 : 0, message: String((e as Error)?.message ?? e).split('\n')[0]! };
  }
  let text: string;
  try {
    text = await formatSource(job.path, job.after);
  } catch (e) {
    if (e instanceof UsageError) return { kind: 'config-error', message: e.message };
    throw e;
  }
  return { kind: 'ok', text, patch: job.diff && text !== job.before ? unifiedDiff(job.rel, job.before, text) : undefined, thread: threadId };
}

/** The default: one worker beside the main thread on a machine with two or more cores. */
export function defaultConcurrency(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

interface Pending {
  resolve: (r: FinishResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Finishes files on `concurrency - 1` workers. Results are kept per file and text, so a file
 * submitted as soon as a transform round produced it is not finished again when that text turns
 * out to be final.
 */
export class Finisher {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly results = new Map<string, { after: string; result: Promise<FinishResult> }>();
  private nextId = 0;
  private broken: unknown;

  /** Workers start with the first file to finish: a run that changes nothing starts none. */
  constructor(private readonly concurrency: number) {}

  private start(): void {
    const count = Math.max(0, this.concurrency - 1);
    while (this.workers.length < count) {
      const worker = startWorker();
      if (!worker) break;
      worker.on('message', (m: { id: number; result?: FinishResult; error?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (!p) return;
        if (m.result) p.resolve(m.result);
        else p.reject(new Error(m.error));
      });
      worker.on('error', (e) => this.fail(e));
      this.workers.push(worker);
    }
  }

  /** Starts finishing `job` (no-op when the same text is already under way). */
  submit(job: FinishJob): Promise<FinishResult> {
    const known = this.results.get(job.rel);
    if (known && known.after === job.after) return known.result;
    if (this.nextId === 0) this.start();
    const result = this.workers.length && !this.broken ? this.post(job) : finishFile(job);
    this.nextId++;
    result.catch(() => {}); // awaited by the caller of result(); never an unhandled rejection
    this.results.set(job.rel, { after: job.after, result });
    return result;
  }

  private post(job: FinishJob): Promise<FinishResult> {
    const id = this.nextId;
    const worker = this.workers[id % this.workers.length]!;
    const posted = new Promise<FinishResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, job });
    });
    // A worker that died (or could not load) hands its files back: finished inline instead.
    return posted.catch(() => finishFile(job));
  }

  private fail(error: unknown): void {
    this.broken = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * The worker runs the compiled module. Under the TypeScript sources (the tests) it registers tsx
 * first: `execArgv: ['--import', 'tsx']` does not reach a worker's entry module on Node 20.
 * Without either, finishing runs inline.
 */
function startWorker(): Worker | undefined {
  try {
    if (!fileURLToPath(import.meta.url).endsWith('.ts')) return new Worker(new URL('./finish-worker.js', import.meta.url));
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
    const entry = new URL('./finish-worker.ts', import.meta.url).href;
    return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
  } catch {
    return undefined;
  }
}
