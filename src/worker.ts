/**
 * Worker thread entry (see src/pool.ts). It keeps a copy of the inventory, brought up to date
 * before each level of files, and works one job at a time: transforms first, since the main
 * thread waits for them at the end of each level, finishing (format, check, diff) in between.
 */
import { parentPort } from 'node:worker_threads';
import { finishFile, type FinishJob } from './finish.js';
import type { Inventory, RouteSchemas } from './inventory.js';
import type { SourceFile } from './types.js';
import { applyRoundState, runFileMessage, type RoundState } from './transform-file.js';

type Message =
  | { type: 'inventory'; inventory: Inventory }
  | { type: 'round'; state: RoundState }
  /** Named schemas inferred since the last ones (early transforms, while the analysis goes on). */
  | { type: 'schemas'; shared: Record<string, unknown> }
  /** With `schemas`: the file's route schemas, inferred after the inventory was sent. */
  | { type: 'transform'; id: number; file: SourceFile; schemas?: RouteSchemas[] }
  | { type: 'finish'; id: number; job: FinishJob }
  /** Drops the transforms not started yet (each answered `cancelled`). */
  | { type: 'cancel' };

let inventory: Inventory | undefined;
let files = new Map<string, Inventory['files'][number]>();
let allowed = new Set<string>();
const transforms: Array<Extract<Message, { type: 'transform' }>> = [];
const finishes: Array<Extract<Message, { type: 'finish' }>> = [];
let working = false;

parentPort!.on('message', (m: Message) => {
  if (m.type === 'inventory') {
    inventory = m.inventory;
    files = new Map(inventory.files.map((f) => [f.file, f]));
  } else if (m.type === 'round') allowed = applyRoundState(inventory!, m.state);
  else if (m.type === 'schemas') inventory!.schemas = { ...inventory!.schemas, ...m.shared };
  else if (m.type === 'cancel') {
    for (const job of transforms.splice(0)) parentPort!.postMessage({ id: job.id, result: { kind: 'cancelled' } });
  } else {
    if (m.type === 'transform') transforms.push(m);
    else finishes.push(m);
    void work();
  }
});

async function work(): Promise<void> {
  if (working) return;
  working = true;
  while (transforms.length || finishes.length) {
    const job = transforms.shift() ?? finishes.shift()!;
    try {
      const result = job.type === 'transform' ? transform(job.file, job.schemas) : await finishFile(job.job);
      parentPort!.postMessage({ id: job.id, result });
    } catch (e) {
      parentPort!.postMessage({ id: job.id, error: String((e as Error)?.stack ?? e) });
    }
    // Lets jobs posted meanwhile in, so that a transform goes before the finishing queued earlier.
    await new Promise((resolve) => setImmediate(resolve));
  }
  working = false;
}

function transform(file: SourceFile, schemas: RouteSchemas[] | undefined) {
  const inv = files.get(file.rel);
  if (!inv) throw new Error(`${file.rel} is not in the inventory`);
  schemas?.forEach((s, i) => (inv.routes[i]!.schemas = s));
  return runFileMessage(file, inv, inventory!, allowed);
}
