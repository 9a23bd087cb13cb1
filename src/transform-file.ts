/**
 * One file's transform, as the driver (src/transform.ts) runs it on the main thread or on a
 * worker (src/worker.ts). Everything here crosses threads: the result is plain data, and what
 * other files' transforms read of the inventory while a round goes on (`RoundState`) is sent to
 * every thread before each level of files.
 */
import type jscodeshift from 'jscodeshift';
import type { Diagnostic } from './diagnostics.js';
import type { FileInventory, Inventory, PluginNeed, Verdict } from './inventory.js';
import type { SourceFile } from './types.js';
import { transformSource } from '../transforms/index.js';
import type { InventoryWrite } from '../transforms/context.js';
import { jscodeshiftFor, SourceParseError } from '../transforms/run-passes.js';
import { routerShapeOk } from '../transforms/routers.js';

export const routerKey = (file: string, name: string) => `${file}#${name}`;

/** What the driver keeps of a file's transform. */
export interface FileRun {
  output: string;
  diagnostics: Diagnostic[];
  verdicts: Map<string, Verdict>;
  /** Routers of the file that became plugins, and those kept on Express (name → reason). */
  native: Set<string>;
  kept: Map<string, string>;
  requestProps: string[];
  /** Plugins the file's routes need (a native router's app registers them). */
  needs: PluginNeed[];
  sharedUsedNatively: string[];
  sharedNeedingExpress: Map<string, string>;
  inventoryWrites: InventoryWrite[];
}

/** Transforms one file, dropping routers that cannot convert until the rest converts cleanly. */
export function runFile(file: SourceFile, inv: FileInventory, inventory: Inventory, allowed: Set<string>): FileRun {
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
    if (!allowed.has(routerKey(inv.file, a.name)))
      kept.set(a.name, a.prefix === undefined ? 'not mounted by an app in this run' : 'mounted together with other middleware, or by a router that stays on Express');
    else if (!routerShapeOk(jscodeshiftFor(file.rel), root, a.name)) kept.set(a.name, 'the router is used inside a function');
    else native.add(a.name);
  }
  for (;;) {
    // The tree parsed for the router checks serves the first run (which changes it), not a rerun.
    const result = transformSource(file.text, inv, inventory, new Set(native), kept, undefined, root);
    root = undefined;
    const failing = result.state.routersNeedingExpress;
    if (failing.size === 0) {
      const { state } = result;
      return {
        output: result.output,
        diagnostics: result.diagnostics,
        verdicts: result.verdicts,
        native,
        kept,
        requestProps: [...state.requestProps],
        needs: [...state.plugins.values()],
        sharedUsedNatively: [...state.sharedUsedNatively],
        sharedNeedingExpress: state.sharedNeedingExpress,
        inventoryWrites: state.inventoryWrites,
      };
    }
    for (const [name, reason] of failing) {
      native.delete(name);
      kept.set(name, reason);
    }
  }
}

/** A file's transform as it crosses threads: its run, or why there is none. */
export type FileRunMessage =
  | { kind: 'ok'; run: FileRun }
  | {
      kind: 'parse-error';
      message: string;
      loc?: { line: number; column: number };
    }
  | { kind: 'error'; message: string };

export function runFileMessage(file: SourceFile, inv: FileInventory, inventory: Inventory, allowed: Set<string>): FileRunMessage {
  try {
    return { kind: 'ok', run: runFile(file, inv, inventory, allowed) };
  } catch (e) {
    if (e instanceof SourceParseError) return { kind: 'parse-error', message: e.message, loc: e.loc };
    return { kind: 'error', message: String((e as Error)?.message ?? e) };
  }
}

/**
 * What a file's transform may read that the driver or another file's transform changes during a
 * round: routers' verdicts, needs and hoisting, shared middleware's verdicts and body reads, the
 * request properties seen so far, the verdicts of files left to a human, and the routers allowed
 * to become plugins in this round.
 */
export interface RoundState {
  allowed: string[];
  requestProps: string[];
  routers: Array<{
    file: string;
    name: string;
    hoisted?: boolean;
    verdict?: Verdict;
    needs?: PluginNeed[];
  }>;
  shared: Array<{ id: string; verdict?: Verdict; readsBody?: boolean }>;
  manual: Array<{ file: string; routes: Verdict[]; middleware: Verdict[] }>;
}

export function roundState(inventory: Inventory, allowed: Set<string>, manualFiles: Iterable<string>): RoundState {
  const byFile = new Map(inventory.files.map((f) => [f.file, f]));
  return {
    allowed: [...allowed],
    requestProps: inventory.requestProps ?? [],
    routers: inventory.files.flatMap((f) =>
      f.apps
        .filter((a) => a.kind === 'router')
        .map((a) => ({
          file: f.file,
          name: a.name,
          hoisted: a.hoisted,
          verdict: a.verdict,
          needs: a.needs,
        })),
    ),
    shared: (inventory.sharedMiddleware ?? []).map((m) => ({
      id: m.id,
      verdict: m.verdict,
      readsBody: m.readsBody,
    })),
    manual: [...manualFiles].flatMap((file) => {
      const inv = byFile.get(file);
      return inv
        ? [
            {
              file,
              routes: inv.routes.map((r) => r.verdict),
              middleware: inv.middleware.map((m) => m.verdict),
            },
          ]
        : [];
    }),
  };
}

/** Brings a thread's copy of the inventory to the driver's state; returns the allowed routers. */
export function applyRoundState(inventory: Inventory, state: RoundState): Set<string> {
  const byFile = new Map(inventory.files.map((f) => [f.file, f]));
  inventory.requestProps = state.requestProps;
  for (const r of state.routers) {
    const app = byFile.get(r.file)?.apps.find((a) => a.kind === 'router' && a.name === r.name);
    if (!app) continue;
    app.hoisted = r.hoisted;
    app.verdict = r.verdict;
    app.needs = r.needs;
  }
  const shared = new Map((inventory.sharedMiddleware ?? []).map((m) => [m.id, m]));
  for (const s of state.shared) {
    const m = shared.get(s.id);
    if (!m) continue;
    m.verdict = s.verdict;
    m.readsBody = s.readsBody;
  }
  for (const m of state.manual) {
    const inv = byFile.get(m.file);
    if (!inv) continue;
    inv.routes.forEach((r, i) => (r.verdict = m.routes[i] ?? r.verdict));
    inv.middleware.forEach((mw, i) => (mw.verdict = m.middleware[i] ?? mw.verdict));
  }
  return new Set(state.allowed);
}

