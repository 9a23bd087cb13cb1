// In-process reference: the identity transform over every source file of a code base, one
// process, one file after the other. Prints { files, changed, ms } as JSON.
// Usage: node bench/ref-jscodeshift.mjs <root>
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const identity = require('./identity-transform.cjs');

const SKIP = new Set(['node_modules', '.git', 'dist', 'build', 'coverage', 'out']);
async function* walk(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) yield* walk(abs);
    } else if (/\.(m|c)?[jt]sx?$/.test(e.name) && !/\.d\.[mc]?ts$/.test(e.name)) yield abs;
  }
}

const root = path.resolve(process.argv[2]);
const t0 = performance.now();
let files = 0;
let changed = 0;
for await (const file of walk(root)) {
  const source = await readFile(file, 'utf8');
  const out = identity({ path: file, source });
  files++;
  if (out !== source) changed++;
}
console.log(JSON.stringify({ files, changed, ms: Math.round(performance.now() - t0) }));
