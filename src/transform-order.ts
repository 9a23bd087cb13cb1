/**
 * The order in which the driver (src/transform.ts) goes through files, and where it starts: which
 * files must be transformed before which, and which routers are worth trying as plugins.
 */
import type { FileInventory, Inventory, SharedMiddleware } from './inventory.js';
import { routerKey } from './transform-file.js';

/**
 * Files grouped so that each group only depends on earlier ones: a router's file before the
 * files that mount it, a shared middleware's module before the files that use it (they read
 * whether it reads the body). Files of one level can be transformed at the same time.
 */
export function levels(files: FileInventory[], shared: SharedMiddleware[]): FileInventory[][] {
  const byFile = new Map(files.map((f) => [f.file, f]));
  const sharedBefore = new Map<string, string[]>();
  for (const m of shared) for (const u of m.uses) sharedBefore.set(u.file, [...(sharedBefore.get(u.file) ?? []), m.file]);
  const level = new Map<string, number>();
  const visit = (f: FileInventory, stack: Set<string>): number => {
    const known = level.get(f.file);
    if (known !== undefined) return known;
    if (stack.has(f.file)) return -1; // a cycle: this edge orders nothing
    stack.add(f.file);
    const before = [...f.middleware.flatMap((m) => (m.router && m.router.file !== f.file ? [m.router.file] : [])), ...(sharedBefore.get(f.file) ?? []).filter((file) => file !== f.file)];
    let l = 0;
    for (const file of before) {
      const child = byFile.get(file);
      if (child) l = Math.max(l, visit(child, stack) + 1);
    }
    stack.delete(f.file);
    level.set(f.file, l);
    return l;
  };
  const out: FileInventory[][] = [];
  for (const f of files) (out[visit(f, new Set())] ??= []).push(f);
  return out.filter(Boolean);
}

/** Routers worth trying: mounted (alone) under an app of this run. */
export function routerCandidates(inventory: Inventory): Set<string> {
  const mounts = new Map<string, boolean>();
  for (const f of inventory.files) {
    for (const m of f.middleware) {
      if (!m.router) continue;
      const k = routerKey(m.router.file, m.router.name);
      mounts.set(k, (mounts.get(k) ?? true) && m.siblings === 1);
    }
  }
  const out = new Set<string>();
  for (const f of inventory.files) {
    for (const a of f.apps) if (a.kind === 'router' && a.prefix !== undefined && mounts.get(routerKey(f.file, a.name))) out.add(routerKey(f.file, a.name));
  }
  return out;
}

/** Whether the driver has anything to run for this file (files with no Express are left as they are). */
export function hasWork(inv: FileInventory): boolean {
  return !!(inv.error || inv.apps.length || inv.routes.length || inv.importedApps?.length || inv.sharedExports?.length || inv.helperExports?.length);
}

