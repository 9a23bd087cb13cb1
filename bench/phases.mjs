// Splits `migrate --dry-run` into its phases by calling the built engine's modules the way
// src/run.ts does (discover → analyze → transform → package.json → format → diff), in one
// process, timing each. Inside the phases it also counts and times the expensive primitives
// (recast parse / print, ts-morph createSourceFile, prettier.format) by wrapping them: the engine
// is not edited. Prints JSON. If the engine's internal API moved, it says so instead of guessing.
//
// Usage: node bench/phases.mjs <dist dir> <code base root>
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [distRoot, root] = process.argv.slice(2).map((p) => path.resolve(p));
const req = createRequire(path.join(distRoot, 'src', 'run.js'));
const rss = () => process.memoryUsage().rss / 2 ** 20;

const counters = {};
function wrap(obj, key, label) {
  const desc = Object.getOwnPropertyDescriptor(obj, key);
  const orig = desc.get ? desc.get.call(obj) : desc.value;
  const c = (counters[label] = { calls: 0, ms: 0 });
  const wrapped = function (...args) {
    const t0 = performance.now();
    try {
      const r = orig.apply(this, args);
      if (r && typeof r.then === 'function') {
        return r.finally(() => {
          c.ms += performance.now() - t0;
          c.calls++;
        });
      }
      c.ms += performance.now() - t0;
      c.calls++;
      return r;
    } catch (e) {
      c.ms += performance.now() - t0;
      c.calls++;
      throw e;
    }
  };
  Object.defineProperty(obj, key, { value: wrapped, writable: true, configurable: true, enumerable: true });
}

const t0 = performance.now();
const imp = (p) => import(pathToFileURL(path.join(distRoot, p)).href);
let mods;
try {
  // Wrap the primitives before the engine imports them (CJS module objects are shared).
  const recast = createRequire(req.resolve('jscodeshift'))('recast');
  wrap(recast, 'parse', 'recast.parse (Babel/TS parser + recast)');
  {
    // Whole files vs snippets (j.template, j(`code`)): snippets are the short sources.
    const inner = recast.parse;
    const snippets = (counters['  of which snippets (< 400 chars)'] = { calls: 0, ms: 0 });
    recast.parse = function (source, options) {
      if (typeof source !== 'string' || source.length >= 400) return inner.call(this, source, options);
      const t = performance.now();
      try {
        return inner.call(this, source, options);
      } finally {
        snippets.calls++;
        snippets.ms += performance.now() - t;
      }
    };
  }
  wrap(recast, 'print', 'recast.print');
  wrap(recast, 'visit', 'recast.visit (one per find()/traversal)');
  {
    // Split traversals into whole-file ones (root.find) and subtree ones (j(path).find).
    const inner = recast.visit;
    const whole = (counters['  of which whole-file'] = { calls: 0, ms: 0 });
    recast.visit = function (node, methods) {
      const n = node && node.node ? node.node : node;
      if (n && (n.type === 'File' || n.type === 'Program')) {
        const t = performance.now();
        try {
          return inner.call(this, node, methods);
        } finally {
          whole.calls++;
          whole.ms += performance.now() - t;
        }
      }
      return inner.call(this, node, methods);
    };
  }
  const jscodeshift = req('jscodeshift');
  wrap(jscodeshift, 'withParser', 'jscodeshift.withParser (rebuilds the core)');
  const { Project } = req('ts-morph');
  wrap(Project.prototype, 'createSourceFile', 'ts-morph createSourceFile');
  mods = {
    discover: (await imp('src/discover.js')).discover,
    analyzeProject: (await imp('src/analyze/index.js')).analyzeProject,
    transformProject: (await imp('src/transform.js')).transformProject,
    formatSource: (await imp('src/format.js')).formatSource,
    transformPackageJson: (await imp('src/package-json.js')).transformPackageJson,
    emitDryRun: (await imp('src/emit.js')).emitDryRun,
  };
} catch (e) {
  console.log(JSON.stringify({ error: `engine API not as expected: ${e.message}` }));
  process.exit(0);
}

const phases = [];
const snapshot = () => Object.fromEntries(Object.entries(counters).map(([k, v]) => [k, { ...v }]));
async function phase(name, fn, describe) {
  const before = snapshot();
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  const inner = Object.entries(counters)
    .map(([k, v]) => ({ k, calls: v.calls - (before[k]?.calls ?? 0), ms: v.ms - (before[k]?.ms ?? 0) }))
    .filter((x) => x.calls > 0)
    .map((x) => `${x.k}: ${x.calls}× ${Math.round(x.ms)} ms`)
    .join('; ');
  phases.push({ name, ms: Math.round(ms), rssMb: Math.round(rss()), ...describe?.(value), note: inner || undefined });
  return value;
}

phases.push({ name: 'load engine modules', ms: Math.round(performance.now() - t0), rssMb: Math.round(rss()) });
try {
  const discovered = await phase('discover', () => mods.discover({ root, paths: [root] }), (d) => ({ files: d.files.length }));
  const inventory = await phase('analyze (ts-morph)', () => mods.analyzeProject(discovered), (inv) => ({ files: inv.files.length }));
  const diagnostics = [];
  const files = await phase('transform (jscodeshift)', () => mods.transformProject(discovered, inventory, diagnostics), (f) => ({ files: f.filter((x) => x.status === 'changed').length }));
  await phase('package.json', () => {
    if (!discovered.packageJson) return;
    const pkg = mods.transformPackageJson(discovered.packageJson, inventory, files);
    if (pkg) files.push(pkg);
  });
  let formatted = 0;
  await phase(
    'format (prettier, changed files)',
    async () => {
      for (const f of files) {
        if (f.status === 'changed' && f.after !== undefined && !f.rel.endsWith('package.json')) {
          f.after = await mods.formatSource(f.path, f.after);
          formatted++;
          if (f.after === f.before) f.status = 'unchanged';
        }
      }
    },
    () => ({ files: formatted }),
  );
  const plan = { root: discovered.root, inventory, files, skipped: discovered.skipped, diagnostics };
  await phase('diff (--dry-run)', () => mods.emitDryRun(plan), (d) => ({ note: `${Math.round(d.length / 1024)} KiB of diff` }));
} catch (e) {
  console.log(JSON.stringify({ error: `engine API not as expected: ${e.message}`, phases }));
  process.exit(0);
}
console.log(JSON.stringify({ totalMs: Math.round(performance.now() - t0), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), phases, counters }));
