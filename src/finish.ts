/**
 * Finishing a transformed file: check that the output parses, format it with the project's
 * Prettier config and, for dry runs, diff it. Each file is independent of the others, so this runs
 * on worker threads (src/pool.ts) while files are still being transformed. With a concurrency of 1
 * (or where workers cannot start) it runs inline.
 */
import { threadId } from 'node:worker_threads';
import { unifiedDiff } from './emit.js';
import { UsageError } from './errors.js';
import { formatSource } from './format.js';
import { WorkerFeed, type WorkerPool } from './pool.js';
import { checkParses } from '../transforms/run-passes.js';

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
    checkParses(job.rel, job.after);
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

interface Queued {
  job: FinishJob;
  resolve: (r: FinishResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Finishes files on the pool's workers (or inline without any). Each worker holds at most two
 * files at a time, the rest wait here: once the main thread has no more transforming to do it
 * takes its share of them (`helpInline`). Results are kept per file and text, so a file submitted
 * as soon as a transform round produced it is not finished again when that text is final.
 */
export class Finisher {
  private readonly results = new Map<string, { after: string; result: Promise<FinishResult> }>();
  private readonly queue: Queued[] = [];
  private readonly feed?: WorkerFeed<Queued>;
  private helping = false;

  constructor(private readonly pool?: WorkerPool) {
    if (!pool?.size) return;
    this.feed = new WorkerFeed(
      pool,
      () => this.queue.shift(),
      (w, item) =>
        pool
          .request<FinishResult>(w, { type: 'finish', job: item.job })
          // A worker that died (or could not load) hands its files back: finished inline instead.
          .catch(() => finishFile(item.job))
          .then(item.resolve, item.reject),
    );
  }

  /** Starts finishing `job` (no-op when the same text is already under way). */
  submit(job: FinishJob): Promise<FinishResult> {
    const known = this.results.get(job.rel);
    if (known && known.after === job.after) return known.result;
    const result = this.feed ? new Promise<FinishResult>((resolve, reject) => this.queue.push({ job, resolve, reject })) : finishFile(job);
    result.catch(() => {}); // awaited by the caller of result(); never an unhandled rejection
    this.results.set(job.rel, { after: job.after, result });
    this.feed?.refill();
    return result;
  }

  /** From now on the main thread finishes queued files too, one at a time. */
  helpInline(): void {
    if (this.helping) return;
    this.helping = true;
    const next = (): void => {
      const item = this.queue.shift();
      if (!item) {
        this.helping = false;
        return;
      }
      void finishFile(item.job).then(item.resolve, item.reject).finally(next);
    };
    next();
  }
}
