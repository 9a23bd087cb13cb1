/**
 * Drives the jscodeshift passes over every file the inventory names: one parse and one print
 * per file, nothing printed when nothing changed, every output re-parsed before it is kept.
 * A failing file never stops the run and is never half-written: it is reported and left as is.
 *
 * Routers convert whole or not at all, and a router can only become a Fastify plugin when
 * whatever mounts it does too. Files are therefore transformed level by level, children first
 * (a router's file before the files that mount it, see transform-order.ts), a file is run again
 * without the routers that could not convert, and the whole project is run again while a plugin
 * would end up mounted by Express. The files of a level share the main thread and the workers
 * (src/worker.ts); each reads the inventory as the level found it, so the outputs do not depend
 * on which thread ran what.
 */
import { makeDiagnostic, type Diagnostic } from './diagnostics.js';
import type { FileInventory, Inventory } from './inventory.js';
import { fileEntry } from './inventory.js';
import { probeNativeSession } from './session-probe.js';
import type { Discovered, FileOutcome, SourceFile } from './types.js';
import { WorkerFeed, type WorkerPool } from './pool.js';
import type { EarlyTransforms } from './early-transforms.js';
import { roundState, routerKey, runFileMessage, type FileRun, type FileRunMessage } from './transform-file.js';
import { applyInventoryWrite } from '../transforms/context.js';
import { hasWork, levels, routerCandidates } from './transform-order.js';
import { checkParses, SourceParseError } from '../transforms/run-passes.js';

function errorPosition(e: unknown): { line: number; column: number } {
  const loc = (e as { loc?: { line: number; column: number } }).loc;
  return loc ? { line: loc.line, column: loc.column + 1 } : { line: 0, column: 0 };
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}

const key = routerKey;

export interface TransformOptions {
  /** Called with each file's output as soon as a round produces it (a later round may replace it). */
  onOutput?: (file: SourceFile, output: string) => void;
  /** Whether to re-parse every output here (false: the caller does, see rejectOutput). */
  checkOutput?: boolean;
  /** Called when a round starts (with the number of files it goes through) and after each file. */
  onRound?: (round: number, files: number) => void;
  onFileDone?: () => void;
  /** Workers that transform files of a level beside the main thread. */
  pool?: WorkerPool;
  /** Files the workers transformed while the analysis was still going on. */
  early?: EarlyTransforms;
  /** Every file to the workers, none on the main thread (tests: what crosses threads must be complete). */
  workersOnly?: boolean;
}

export async function transformProject(discovered: Discovered, inventory: Inventory, diagnostics: Diagnostic[], options: TransformOptions = {}): Promise<FileOutcome[]> {
  const sources = new Map(discovered.files.map((f) => [f.rel, f]));
  inventory.nativeSession ??= probeNativeSession(inventory, sources);
  const ordered = levels(inventory.files.filter(hasWork), inventory.sharedMiddleware ?? []);
  const total = ordered.reduce((n, l) => n + l.length, 0);
  const parseable = new Map<string, boolean>();
  const pool = options.pool?.size ? options.pool : undefined;
  let allowed = routerCandidates(inventory);
  let runs = new Map<string, FileRun | Error>();
  if (pool) pool.broadcast({ type: 'inventory', inventory });
  for (let round = 0; round < 10; round++) {
    runs = new Map();
    for (const f of inventory.files) for (const a of f.apps) a.hoisted = false;
    options.onRound?.(round, total);
    for (const level of ordered) {
      const todo = runnable(level, parseable, inventory, diagnostics, options.onFileDone);
      // Every file of the level reads the inventory as the level found it (whichever thread runs it).
      const early = round === 0 && level === ordered[0] && options.early ? await options.early.collect() : new Map<string, FileRunMessage>();
      const rest = todo.filter((inv) => !early.has(inv.file));
      const ran = await runLevel(rest, sources, inventory, allowed, parseable, pool, options);
      const byFile = new Map(rest.map((inv, i) => [inv.file, ran[i]!]));
      const messages = todo.map((inv) => early.get(inv.file) ?? byFile.get(inv.file)!);
      for (let i = 0; i < early.size; i++) options.onFileDone?.();
      const requestProps = new Set(inventory.requestProps ?? []);
      todo.forEach((inv, i) => {
        const file = sources.get(inv.file)!;
        const message = messages[i]!;
        if (message.kind === 'parse-error') {
          parseable.set(inv.file, false);
          reportParseError(file, new SourceParseError({ message: message.message, loc: message.loc }), diagnostics, inv);
          return;
        }
        if (message.kind === 'error') {
          runs.set(inv.file, new Error(message.message));
          return;
        }
        const { run } = message;
        runs.set(inv.file, run);
        if (run.output !== file.text) options.onOutput?.(file, run.output);
        for (const p of run.requestProps) requestProps.add(p);
        for (const write of run.inventoryWrites) applyInventoryWrite(inventory, write);
        for (const a of inv.apps) {
          if (a.kind !== 'router') continue;
          const isNative = run.native.has(a.name);
          a.verdict = isNative ? { kind: 'native', codes: [] } : { kind: 'compat', codes: ['HANDLER_COMPAT'] };
          a.needs = isNative ? run.needs : undefined;
        }
      });
      inventory.requestProps = [...requestProps].sort();
    }
    // A plugin mounted by a router that stayed on Express would not work: keep it on Express too.
    const next = new Set(allowed);
    for (const f of inventory.files) {
      for (const m of f.middleware) {
        if (!m.router) continue;
        const owner = f.apps.find((a) => a.name === m.owner);
        const ownerNative = owner?.kind === 'app' || owner?.verdict?.kind === 'native';
        if (!ownerNative) next.delete(key(m.router.file, m.router.name));
      }
    }
    // A shared middleware stays Express middleware when its module could not convert it, or
    // when any place that uses it stays on Express (which calls it as (req, res, next)).
    const usedNatively = new Set<string>();
    const failedShared = new Map<string, string>();
    for (const run of runs.values()) {
      if (run instanceof Error) continue;
      for (const site of run.sharedUsedNatively) usedNatively.add(site);
      for (const [id, reason] of run.sharedNeedingExpress) failedShared.set(id, reason);
    }
    let sharedChanged = false;
    for (const m of inventory.sharedMiddleware ?? []) {
      if (m.verdict?.kind === 'compat' || m.mixed) continue;
      const reason = failedShared.get(m.id) ?? (m.uses.every((u) => usedNatively.has(`${u.file}:${u.offset}`)) ? undefined : 'used by code that stays on Express');
      if (reason) {
        m.verdict = { kind: 'compat', codes: ['UNKNOWN_MIDDLEWARE'] };
        sharedChanged = true;
      }
    }
    if (next.size === allowed.size && !sharedChanged) {
      for (const m of inventory.sharedMiddleware ?? []) if (!m.verdict) m.verdict = { kind: m.mixed ? 'compat' : 'native', codes: [] };
      break;
    }
    allowed = next;
  }
  const checkOutput = options.checkOutput ?? true;
  return discovered.files.map((file) => outcomeFor(file, inventory, runs.get(file.rel), parseable.get(file.rel), diagnostics, checkOutput));
}

/** The level's files that can be transformed; those left to a human are reported (once) and skipped. */
function runnable(level: FileInventory[], parseable: Map<string, boolean>, inventory: Inventory, diagnostics: Diagnostic[], onFileDone?: () => void): FileInventory[] {
  const todo: FileInventory[] = [];
  for (const inv of level) {
    const passed = inv.apps.find((a) => a.passedTo);
    if (parseable.get(inv.file) === false) {
      // Already reported in an earlier round.
    } else if (passed) {
      parseable.set(inv.file, false);
      diagnostics.push(makeDiagnostic('APP_PASSED_ON', inv.file, passed.location.line, passed.location.column, `${passed.name} in ${passed.passedTo}`));
      markManual(inventory, inv.file, 'APP_PASSED_ON');
    } else if (inv.error) {
      parseable.set(inv.file, false);
      diagnostics.push(makeDiagnostic('PARSE_ERROR', inv.file, 0, 0, `could not be analysed: ${inv.error}`));
    } else {
      todo.push(inv);
      continue;
    }
    onFileDone?.();
  }
  return todo;
}

/**
 * Runs a level's files: on the main thread between keeping every worker fed with two files (one
 * running, one waiting), so no thread waits for the other while files are left.
 */
async function runLevel(
  level: FileInventory[],
  sources: Map<string, SourceFile>,
  inventory: Inventory,
  allowed: Set<string>,
  parseable: Map<string, boolean>,
  pool: WorkerPool | undefined,
  { onFileDone, workersOnly }: TransformOptions,
): Promise<FileRunMessage[]> {
  const results: FileRunMessage[] = new Array(level.length);
  const inline = (i: number) => {
    const inv = level[i]!;
    results[i] = runFileMessage(sources.get(inv.file)!, inv, inventory, allowed);
    onFileDone?.();
  };
  if (!pool || (level.length < 2 && !workersOnly)) {
    for (let i = 0; i < level.length; i++) inline(i);
    return results;
  }
  const manual = [...parseable].filter(([, ok]) => !ok).map(([file]) => file);
  pool.broadcast({ type: 'round', state: roundState(inventory, allowed, manual) });
  let next = 0;
  const feed = new WorkerFeed<number>(
    pool,
    () => (next < level.length ? next++ : undefined),
    (w, i) => {
      const file = sources.get(level[i]!.file)!;
      return pool.request<FileRunMessage>(w, { type: 'transform', file: { rel: file.rel, path: file.path, text: file.text } }).then(
        (r) => {
          results[i] = r;
          onFileDone?.();
        },
        // A worker that died hands its file back to the main thread.
        () => inline(i),
      );
    },
  );
  feed.refill();
  while (next < level.length && !workersOnly) {
    inline(next++);
    // Lets the workers' answers in, which hands them their next files.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await feed.settled();
  return results;
}

function reportParseError(file: SourceFile, e: SourceParseError, diagnostics: Diagnostic[], inv: FileInventory): void {
  const { line, column } = errorPosition(e);
  diagnostics.push(makeDiagnostic('PARSE_ERROR', file.rel, line, column, firstLine(e)));
  for (const r of inv.routes) r.verdict = { kind: 'manual', codes: ['PARSE_ERROR'] };
}

function outcomeFor(
  file: SourceFile,
  inventory: Inventory,
  run: FileRun | Error | undefined,
  parseable: boolean | undefined,
  diagnostics: Diagnostic[],
  checkOutput: boolean,
): FileOutcome {
  const unchanged: FileOutcome = { rel: file.rel, path: file.path, status: 'unchanged', before: file.text };
  if (parseable === false) return { ...unchanged, status: 'failed' };
  if (!run) return unchanged;
  if (run instanceof Error) {
    diagnostics.push(makeDiagnostic('TRANSFORM_FAILED', file.rel, 0, 0, firstLine(run)));
    markManual(inventory, file.rel, 'TRANSFORM_FAILED');
    return { ...unchanged, status: 'failed' };
  }
  const inv = fileEntry(inventory.files, file.rel)!;
  diagnostics.push(...run.diagnostics);
  for (const r of inv.routes) {
    const v = run.verdicts.get(r.id);
    if (v) r.verdict = v;
    else if (run.kept.has(r.owner)) r.verdict = { kind: 'compat', codes: ['HANDLER_COMPAT'] };
  }
  for (const m of inv.middleware) {
    const v = run.verdicts.get(m.id);
    if (v) m.verdict = v;
  }
  if (run.output === file.text) return unchanged;
  const outcome: FileOutcome = { ...unchanged, status: 'changed', after: run.output };
  if (checkOutput) {
    try {
      checkParses(file.rel, run.output);
    } catch (e) {
      rejectOutput(outcome, inventory, diagnostics, { ...errorPosition(e), message: firstLine(e) });
    }
  }
  return outcome;
}

/** An output that does not parse is never kept: the file stays as it was and a human takes it. */
export function rejectOutput(outcome: FileOutcome, inventory: Inventory, diagnostics: Diagnostic[], error: { line: number; column: number; message: string }): void {
  diagnostics.push(makeDiagnostic('OUTPUT_UNPARSABLE', outcome.rel, error.line, error.column, error.message));
  markManual(inventory, outcome.rel, 'OUTPUT_UNPARSABLE');
  outcome.status = 'failed';
  delete outcome.after;
}

/** A file left as it was: its routes and middleware are a human's (the inventory must say so). */
function markManual(inventory: Inventory, rel: string, code: string): void {
  const inv = fileEntry(inventory.files, rel);
  if (!inv) return;
  for (const r of inv.routes) r.verdict = { kind: 'manual', codes: [code] };
  for (const m of inv.middleware) m.verdict = { kind: 'manual', codes: [code] };
}
