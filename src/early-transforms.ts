/**
 * Transforms started before the analysis ends. The main thread infers schemas file by file, and
 * the files that depend on no other (level 0 of the first round) need nothing more than their own
 * routes' schemas: the workers transform them meanwhile.
 */
import type { FileInventory, Inventory } from './inventory.js';
import type { WorkerPool } from './pool.js';
import type { SourceFile } from './types.js';
import { roundState, type FileRunMessage } from './transform-file.js';
import { hasWork, levels, routerCandidates } from './transform-order.js';

/**
 * A file goes to a worker as soon as its own routes have their schemas: its transform reads
 * nothing that changes after that. Files the workers have not started when the analysis ends
 * come back to the main run (`collect`), which shares them out as usual.
 */
export class EarlyTransforms {
  private readonly sent = new Map<string, Promise<FileRunMessage | { kind: 'cancelled' }>>();
  private first = new Set<string>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly sources: Map<string, SourceFile>,
  ) {}

  /** The analysis has the project's structure: the workers get it, with the first round's state. */
  onStructure(inventory: Inventory): void {
    if (!this.pool.size) return;
    const ordered = levels(inventory.files.filter(hasWork), inventory.sharedMiddleware ?? []);
    this.first = new Set((ordered[0] ?? []).filter((inv) => !inv.error && !inv.apps.some((a) => a.passedTo)).map((inv) => inv.file));
    this.pool.broadcast({ type: 'inventory', inventory });
    this.pool.broadcast({ type: 'round', state: roundState(inventory, routerCandidates(inventory), []) });
  }

  /** `inv`'s routes have their schemas (and `newShared` the named types they refer to). */
  onFile(inv: FileInventory, newShared: Record<string, unknown>): void {
    if (!this.pool.size) return;
    if (Object.keys(newShared).length) this.pool.broadcast({ type: 'schemas', shared: newShared });
    if (!this.first.has(inv.file)) return;
    const file = this.sources.get(inv.file)!;
    const job = { type: 'transform', file: { rel: file.rel, path: file.path, text: file.text }, schemas: inv.routes.map((r) => r.schemas) };
    const result = this.pool.request<FileRunMessage | { kind: 'cancelled' }>(this.sent.size, job).catch(() => ({ kind: 'cancelled' as const }));
    this.sent.set(inv.file, result);
  }

  /** The files transformed so far; the workers drop the others. */
  async collect(): Promise<Map<string, FileRunMessage>> {
    this.pool.broadcast({ type: 'cancel' });
    const out = new Map<string, FileRunMessage>();
    for (const [file, result] of this.sent) {
      const r = await result;
      if (r.kind !== 'cancelled') out.set(file, r);
    }
    return out;
  }
}

