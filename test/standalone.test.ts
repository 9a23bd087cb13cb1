/** Each transform module also runs alone, as `jscodeshift -t dist/transforms/<pass>.js`. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jscodeshift from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './helpers/fixtures.js';

const SOURCE = `const express = require('express');
const app = express();
app.use(express.json());
app.get('/users/:id', (req, res) => {
  res.status(404).json({ error: req.params.id });
});
app.listen(3000);
`;

const api = { jscodeshift, j: jscodeshift, stats: () => {}, report: () => {} } as any;

describe('standalone passes', () => {
  it.each(['routes', 'middleware', 'bootstrap', 'order', 'routers', 'index'])('transforms/%s.ts has a jscodeshift default export', async (name) => {
    const mod = await import(`../transforms/${name}.ts`);
    expect(typeof mod.default).toBe('function');
    const out = mod.default({ path: 'app.js', source: SOURCE }, api);
    expect(out === undefined || typeof out === 'string').toBe(true);
  });

  it('the routes pass alone converts handlers and leaves the bootstrap to its own pass', async () => {
    const { default: routes } = await import('../transforms/routes.ts');
    const out: string = routes({ path: 'app.js', source: SOURCE }, api);
    expect(out).toContain("app.get('/users/:id', async (request, reply) => {");
    expect(out).toContain('reply.code(404);');
    expect(out).toContain('const app = express();');
  });

  it('the whole registry (index) gives a Fastify app', async () => {
    const { default: all } = await import('../transforms/index.ts');
    const out: string = all({ path: 'app.js', source: SOURCE }, api);
    expect(out).toContain("const Fastify = require('fastify');");
    expect(out).toContain("app.listen({ port: 3000, host: '::' });");
  });

  it('a file without Express is left alone', async () => {
    const { default: all } = await import('../transforms/index.ts');
    expect(all({ path: 'util.js', source: 'module.exports = 1;\n' }, api)).toBeUndefined();
  });

  // The jscodeshift CLI loads the compiled transform; without `npm run build` there is none to load.
  it.skipIf(!fs.existsSync(path.join(PROJECT_ROOT, 'dist/transforms/index.js')))('jscodeshift -t dist/transforms/index.js rewrites a file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2f-jscs-'));
    const file = path.join(dir, 'app.js');
    fs.writeFileSync(file, SOURCE);
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/jscodeshift/bin/jscodeshift.js'), '--no-babel', '--run-in-band', '-t', path.join(PROJECT_ROOT, 'dist/transforms/index.js'), file], { stdio: 'pipe' });
    expect(fs.readFileSync(file, 'utf8')).toContain("const Fastify = require('fastify');");
  });
});
