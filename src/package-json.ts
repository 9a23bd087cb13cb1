/**
 * package.json: `express` out (unless code still needs it for the compat fallback), `fastify`
 * and the plugins the migrated code imports in, in the place express held; indentation, key
 * order and the final newline kept.
 */
import type { Inventory } from './inventory.js';
import type { FileOutcome, SourceFile } from './types.js';
import { OUTPUT_VERSIONS } from './versions.js';
import { REPLACED_PACKAGES } from '../transforms/plugins.js';

const IMPORT_RE = /(?:require\(\s*|from\s+|import\s+)['"]([^'"]+)['"]/g;

function importedPackages(texts: string[]): Set<string> {
  const found = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(IMPORT_RE)) found.add(m[1]!);
  return found;
}

function detectIndent(text: string): string | number {
  const m = text.match(/^[{[]\r?\n([ \t]+)/);
  return m ? m[1]! : 2;
}

/** Rebuilds an object replacing `key` in place by `entries` (so express's slot is kept). */
function replaceKey(obj: Record<string, string>, key: string, entries: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === key) for (const [nk, nv] of entries) out[nk] = nv;
    else out[k] = v;
  }
  return out;
}

export function transformPackageJson(pkg: SourceFile, inventory: Inventory, files: FileOutcome[]): FileOutcome | undefined {
  if (inventory.files.length === 0) return undefined;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(pkg.text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const deps = (json.dependencies ?? {}) as Record<string, string>;
  const texts = files.map((f) => f.after ?? f.before);
  const imported = importedPackages(texts);
  const needed = Object.keys(OUTPUT_VERSIONS).filter((p) => imported.has(p) && !(p in deps));
  const additions = needed.sort((a, b) => (a === 'fastify' ? -1 : b === 'fastify' ? 1 : a.localeCompare(b))).map((p) => [p, OUTPUT_VERSIONS[p]!] as [string, string]);
  let newDeps: Record<string, string>;
  if ('express' in deps) {
    const keepExpress = imported.has('express');
    newDeps = replaceKey(deps, 'express', keepExpress ? [['express', deps.express!], ...additions] : additions);
  } else {
    newDeps = { ...deps, ...Object.fromEntries(additions) };
  }
  json.dependencies = newDeps;
  // Express middleware packages whose plugins replaced them, once nothing imports them.
  // Only what the migration itself stopped importing: a framework may need a package the code
  // never imports (routing-controllers loads cors itself).
  const importedBefore = importedPackages(files.map((f) => f.before));
  for (const name of [...REPLACED_PACKAGES, 'express-async-handler', 'express-async-wrap', 'express-asyncify', 'async-handler-express', 'express-async-errors']) {
    if (name in newDeps && importedBefore.has(name) && !imported.has(name)) delete newDeps[name];
  }
  const dev = json.devDependencies as Record<string, string> | undefined;
  for (const name of ['express', ...REPLACED_PACKAGES]) {
    if (dev && `@types/${name}` in dev && (name === 'express' || importedBefore.has(name)) && !imported.has(name)) delete dev[`@types/${name}`];
  }
  const eol = pkg.text.includes('\r\n') ? '\r\n' : '\n';
  let out = JSON.stringify(json, null, detectIndent(pkg.text));
  if (eol !== '\n') out = out.replace(/\n/g, eol);
  if (/\r?\n$/.test(pkg.text)) out += eol;
  if (out === pkg.text) return undefined;
  return { rel: pkg.rel, path: pkg.path, status: 'changed', before: pkg.text, after: out };
}
