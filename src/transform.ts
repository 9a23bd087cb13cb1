/**
 * Drives the jscodeshift passes over every file the inventory names: one parse and one print
 * per file, nothing printed when nothing changed, every output re-parsed before it is kept.
 * A failing file never stops the run and is never half-written: it is reported and left as is.
 *
 * Routers convert whole or not at all, and a router can only become a Fastify plugin when
 * whatever mounts it does too. Files are therefore transformed children first (a router's
 * file before the files that mount it), a file is run again without the routers that could not
 * convert, and the whole project is run again while a plugin would end up mounted by Express.
 */
import type jscodeshift from 'jscodeshift';
import { makeDiagnostic, type Diagnostic } from './diagnostics.js';
import type { FileInventory, Inventory, SharedMiddleware } from './inventory.js';
import type { Discovered, FileOutcome, SourceFile } from './types.js';
import { transformSource, type FileTransformResult } from '../transforms/index.js';
import { jscodeshiftFor, SourceParseError } from '../transforms/run-passes.js';
import { routerShapeOk } from '../transforms/routers.js';

function errorPosition(e: unknown): { line: number; column: number } {
  const loc = (e as { loc?: { line: number; column: number } }).loc;
  return loc ? { line: loc.line, column: loc.column + 1 } : { line: 0, column: 0 };
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}

const key = (file: string, name: string) => `${file}#${name}`;

/** Files containing routers come before the files that mount them. */
function childrenFirst(files: FileInventory[], shared: SharedMiddleware[]): FileInventory[] {
  const byFile = new Map(files.map((f) => [f.file, f]));
  // A shared middleware's module before the files that use it (they read whether it reads the body).
  const sharedBefore = new Map<string, string[]>();
  for (const m of shared) for (const u of m.uses) sharedBefore.set(u.file, [...(sharedBefore.get(u.file) ?? []), m.file]);
  const done = new Set<string>();
  const out: FileInventory[] = [];
  const visit = (f: FileInventory, stack: Set<string>) => {
    if (done.has(f.file) || stack.has(f.file)) return;
    stack.add(f.file);
    for (const m of f.middleware) {
      const child = m.router && m.router.file !== f.file ? byFile.get(m.router.file) : undefined;
      if (child) visit(child, stack);
    }
    for (const file of sharedBefore.get(f.file) ?? []) {
      const module = file !== f.file ? byFile.get(file) : undefined;
      if (module) visit(module, stack);
    }
    done.add(f.file);
    out.push(f);
  };
  for (const f of files) visit(f, new Set());
  return out;
}

/** Routers worth trying: mounted (alone) under an app of this run. */
function routerCandidates(inventory: Inventory): Set<string> {
  const mounts = new Map<string, boolean>();
  for (const f of inventory.files) {
    for (const m of f.middleware) {
      if (!m.router) continue;
      const k = key(m.router.file, m.router.name);
      mounts.set(k, (mounts.get(k) ?? true) && m.siblings === 1);
    }
  }
  const out = new Set<string>();
  for (const f of inventory.files) {
    for (const a of f.apps) if (a.kind === 'router' && a.prefix !== undefined && mounts.get(key(f.file, a.name))) out.add(key(f.file, a.name));
  }
  return out;
}

interface FileRun {
  result: FileTransformResult;
  native: Set<string>;
  kept: Map<string, string>;
}

/** Transforms one file, dropping routers that cannot convert until the rest converts cleanly. */
function runFile(file: SourceFile, inv: FileInventory, inventory: Inventory, allowed: Set<string>): FileRun {
  const kept = new Map<string, string>();
  const native = new Set<string>();
  let root: ReturnType<typeof jscodeshift> | undefined;
  for (const a of inv.apps) {
    if (a.kind !== 'router') continue;
    if (!root) {
      try {
        root = jscodeshiftFor(file.rel)(file.text);
      } catch (e) {
        throw new SourceParseError(e);
      }
    }
    if (!allowed.has(key(inv.file, a.name))) kept.set(a.name, a.prefix === undefined ? 'not mounted by an app in this run' : 'mounted together with other middleware, or by a router that stays on Express');
    else if (!routerShapeOk(jscodeshiftFor(file.rel), root, a.name)) kept.set(a.name, 'the router is used inside a function');
    else native.add(a.name);
  }
  for (;;) {
    // The tree parsed for the router checks serves the first run (which changes it), not a rerun.
    const result = transformSource(file.text, inv, inventory, new Set(native), kept, undefined, root);
    root = undefined;
    const failing = result.state.routersNeedingExpress;
    if (failing.size === 0) return { result, native, kept };
    for (const [name, reason] of failing) {
      native.delete(name);
      kept.set(name, reason);
    }
  }
}

export interface TransformOptions {
  /** Called with each file's output as soon as a round produces it (a later round may replace it). */
  onOutput?: (file: SourceFile, output: string) => void;
  /** Whether to re-parse every output here (false: the caller does, see rejectOutput). */
  checkOutput?: boolean;
  /** Called when a round starts (with the number of files it goes through) and after each file. */
  onRound?: (round: number, files: number) => void;
  onFileDone?: () => void;
}

export function transformProject(discovered: Discovered, inventory: Inventory, diagnostics: Diagnostic[], options: TransformOptions = {}): FileOutcome[] {
  const sources = new Map(discovered.files.map((f) => [f.rel, f]));
  const ordered = childrenFirst(inventory.files, inventory.sharedMiddleware ?? []);
  const parseable = new Map<string, boolean>();
  let allowed = routerCandidates(inventory);
  let runs = new Map<string, FileRun | Error>();
  for (let round = 0; round < 10; round++) {
    runs = new Map();
    for (const f of inventory.files) for (const a of f.apps) a.hoisted = false;
    options.onRound?.(round, ordered.length);
    for (const inv of ordered) {
      options.onFileDone?.();
      const file = sources.get(inv.file)!;
      if (!inv.error && inv.apps.length === 0 && inv.routes.length === 0 && !inv.importedApps?.length && !inv.sharedExports?.length && !inv.helperExports?.length) continue;
      if (parseable.get(inv.file) === false) continue;
      const passed = inv.apps.find((a) => a.passedTo);
      if (passed) {
        parseable.set(inv.file, false);
        diagnostics.push(makeDiagnostic('APP_PASSED_ON', inv.file, passed.location.line, passed.location.column, `${passed.name} in ${passed.passedTo}`));
        markManual(inventory, inv.file, 'APP_PASSED_ON');
        continue;
      }
      if (inv.error) {
        parseable.set(inv.file, false);
        diagnostics.push(makeDiagnostic('PARSE_ERROR', inv.file, 0, 0, `could not be analysed: ${inv.error}`));
        continue;
      }
      try {
        const run = runFile(file, inv, inventory, allowed);
        runs.set(inv.file, run);
        if (run.result.output !== file.text) options.onOutput?.(file, run.result.output);
        inventory.requestProps = [...new Set([...(inventory.requestProps ?? []), ...run.result.state.requestProps])].sort();
        for (const a of inv.apps) {
          if (a.kind !== 'router') continue;
          const isNative = run.native.has(a.name);
          a.verdict = isNative ? { kind: 'native', codes: [] } : { kind: 'compat', codes: ['HANDLER_COMPAT'] };
          a.needs = isNative ? [...run.result.state.plugins.values()] : undefined;
        }
      } catch (e) {
        if (e instanceof SourceParseError) {
          parseable.set(inv.file, false);
          reportParseError(file, e, diagnostics, inv);
        } else runs.set(inv.file, e as Error);
      }
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
      for (const site of run.result.state.sharedUsedNatively) usedNatively.add(site);
      for (const [id, reason] of run.result.state.sharedNeedingExpress) failedShared.set(id, reason);
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
  const inv = inventory.files.find((f) => f.file === file.rel)!;
  const { result } = run;
  diagnostics.push(...result.diagnostics);
  for (const r of inv.routes) {
    const v = result.verdicts.get(r.id);
    if (v) r.verdict = v;
    else if (run.kept.has(r.owner)) r.verdict = { kind: 'compat', codes: ['HANDLER_COMPAT'] };
  }
  for (const m of inv.middleware) {
    const v = result.verdicts.get(m.id);
    if (v) m.verdict = v;
  }
  if (result.output === file.text) return unchanged;
  const outcome: FileOutcome = { ...unchanged, status: 'changed', after: result.output };
  if (checkOutput) {
    try {
      jscodeshiftFor(file.rel)(result.output);
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
  const inv = inventory.files.find((f) => f.file === rel);
  if (!inv) return;
  for (const r of inv.routes) r.verdict = { kind: 'manual', codes: [code] };
  for (const m of inv.middleware) m.verdict = { kind: 'manual', codes: [code] };
}
