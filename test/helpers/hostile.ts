/**
 * A deterministic corpus of hostile inputs for the robustness suite: syntax errors, odd
 * encodings, deep nesting, thousands of routes, routes built in loops or from variables,
 * dynamic `app[method](...)`, CRLF, BOM, empty files, every parser flavour, files that must be
 * skipped, and links that lead outside the project. Same bytes on every run.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface HostileCase {
  /** Path relative to the project root. */
  rel: string;
  content: string | Buffer;
  /** What must happen to it: migrated (changed), left byte-identical, or skipped with a reason. */
  expect: 'changed' | 'unchanged' | 'failed' | { skipped: RegExp; attention?: boolean };
  /** The diagnostic a `failed` case reports (E2F001, a parse error, unless said). */
  code?: string;
}

const BOM = '\uFEFF';
const js = (lines: string[], eol = '\n') => lines.join(eol) + eol;

/** An Express 4 app with a couple of routes: the bread and butter most cases wrap. */
function app(body: string[], header = ["const express = require('express');", 'const app = express();']): string {
  return js([...header, ...body, 'module.exports = app;']);
}

export function deepCallbacks(depth: number): string {
  const open = Array.from({ length: depth }, (_, i) => `${'  '.repeat(i + 1)}step(${i}, () => {`);
  const close = Array.from({ length: depth }, (_, i) => `${'  '.repeat(depth - i)}});`);
  return app([
    'function step(i, cb) { cb(); }',
    "app.get('/deep', (req, res) => {",
    ...open,
    `${'  '.repeat(depth + 1)}res.json({ depth: ${depth} });`,
    ...close,
    '});',
  ]);
}

export function deepExpression(depth: number): string {
  return app([`const n = ${'('.repeat(depth)}1${')'.repeat(depth)};`, "app.get('/n', (req, res) => { res.json({ n }); });"]);
}

export function manyRoutes(count: number): string {
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  const body: string[] = [];
  for (let i = 0; i < count; i++) {
    const m = methods[i % methods.length];
    body.push(`app.${m}('/r${i}/:id', (req, res) => { res.status(200).json({ id: req.params.id, n: ${i} }); });`);
  }
  return app(body);
}

export function hostileCases(routes = 3000): HostileCase[] {
  const cases: HostileCase[] = [
    // ── Broken or odd text ──────────────────────────────────────────────────────────────────
    { rel: 'broken/syntax-error.js', content: app(["app.get('/x', (req, res) => { res.json({ a: 1 ); });"]), expect: 'failed' },
    { rel: 'broken/unterminated.ts', content: "import express from 'express';\nconst app = express();\napp.get('/x', (req, res) => {\n", expect: 'failed' },
    {
      rel: 'encodings/latin1.js',
      content: Buffer.from(app(["app.get('/caf\xe9', (req, res) => { res.send('caf\xe9'); });"]), 'latin1'),
      expect: { skipped: /^not valid UTF-8/, attention: true },
    },
    {
      rel: 'encodings/utf16.js',
      content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(app(["app.get('/x', (req, res) => { res.json({}); });"]), 'utf16le')]),
      expect: { skipped: /^UTF-16 encoded/, attention: true },
    },
    { rel: 'encodings/bom.js', content: BOM + app(["app.get('/bom', (req, res) => { res.json({ bom: true }); });"]), expect: 'changed' },
    {
      rel: 'encodings/crlf.js',
      content: js(["const express = require('express');", 'const app = express();', "app.get('/crlf', (req, res) => {", '  res.json({ crlf: true });', '});', 'module.exports = app;'], '\r\n'),
      expect: 'changed',
    },
    {
      rel: 'encodings/bom-crlf.ts',
      content: BOM + js(["import express from 'express';", 'const app = express();', "app.get('/both', (req, res) => { res.json({}); });", 'export default app;'], '\r\n'),
      expect: 'changed',
    },
    { rel: 'encodings/unicode.js', content: app(["app.get('/ünï/😀', (req, res) => { res.json({ 'ключ': 'значение', emoji: '😀' }); });"]), expect: 'changed' },
    { rel: 'empty/empty.js', content: '', expect: 'unchanged' },
    { rel: 'empty/blank.ts', content: '\n\n   \n', expect: 'unchanged' },
    { rel: 'empty/comment.js', content: '// express is mentioned only here: "express"\n', expect: 'unchanged' },
    { rel: 'empty/unused-import.js', content: "const express = require('express');\n", expect: 'unchanged' },

    // ── Size and depth ───────────────────────────────────────────────────────────────────────
    // Deeper still crashes the analysis (see the known engine bugs in robustness.test.ts).
    { rel: 'deep/callbacks.js', content: deepCallbacks(100), expect: 'changed' },
    { rel: 'deep/parens.js', content: deepExpression(150), expect: 'changed' },
    { rel: 'big/routes.js', content: manyRoutes(routes), expect: 'changed' },
    {
      rel: 'big/long-line.js',
      content: app([`app.get('/long', (req, res) => { res.json({ data: [${Array.from({ length: 4000 }, (_, i) => i).join(', ')}] }); });`]),
      expect: 'changed',
    },

    // ── Routes the analysis cannot read literally ─────────────────────────────────────────
    {
      rel: 'dynamic/loops.js',
      content: app([
        "const paths = ['/a', '/b', '/c'];",
        'for (const p of paths) {',
        '  app.get(p, (req, res) => { res.json({ p }); });',
        '}',
        "['x', 'y'].forEach((name) => app.post(`/${name}`, (req, res) => res.json({ name })));",
        "const base = '/api';",
        "app.get(base + '/v1', (req, res) => { res.json({}); });",
        'app.get(`${base}/v2/:id`, (req, res) => { res.json(req.params); });',
      ]),
      expect: 'changed',
    },
    {
      rel: 'dynamic/methods.js',
      content: app([
        "const method = process.env.METHOD || 'get';",
        "app[method]('/dyn', (req, res) => { res.json({}); });",
        "for (const m of ['get', 'put']) app[m]('/each', (req, res) => res.json({ m }));",
        "app['delete']('/literal', (req, res) => { res.sendStatus(204); });",
        'const register = (a) => a.get("/via-fn", (req, res) => res.json({}));',
        'register(app);',
      ]),
      // `register(app)` hands the app to code that uses the Express API: left for a human (E2F113).
      expect: 'failed',
      code: 'E2F113',
    },
    {
      rel: 'dynamic/regex.js',
      content: app(["app.get(/^\\/re(\\d+)$/, (req, res) => { res.json({ n: req.params[0] }); });", "app.get('/ok', (req, res) => { res.json({}); });"]),
      expect: 'changed',
    },

    // ── Parsers ──────────────────────────────────────────────────────────────────────────────
    {
      rel: 'parsers/decorators.ts',
      content: js([
        "import express, { type Request, type Response } from 'express';",
        "import type { Server } from 'node:http';",
        'declare const VERSION: string;',
        'declare module "x" { export const y: number; }',
        'enum Color { Red = "red", Green = "green" }',
        'function log(_t: object, _k: string) {}',
        'class Controller {',
        '  @log',
        '  color(): Color { return Color.Red; }',
        '}',
        'const config = { port: 3000 } satisfies { port: number };',
        'const app = express();',
        'const ctl = new Controller();',
        "app.get('/color', (req: Request, res: Response) => { res.json({ color: ctl.color(), v: VERSION }); });",
        'export let server: Server | undefined;',
        'export default app;',
        'export { config };',
      ]),
      expect: 'changed',
    },
    {
      rel: 'parsers/view.tsx',
      content: js([
        "import express from 'express';",
        'const Page = ({ title }: { title: string }) => <h1>{title}</h1>;',
        'const app = express();',
        "app.get('/page', (req, res) => { res.send('<h1>page</h1>'); });",
        'export { Page };',
        'export default app;',
      ]),
      expect: 'changed',
    },
    {
      rel: 'parsers/component.jsx',
      content: app(['const C = () => <div className="x">hi</div>;', "app.get('/c', (req, res) => { res.json({ c: typeof C }); });"]),
      expect: 'changed',
    },
    {
      rel: 'parsers/esm.mjs',
      content: js([
        "import express from 'express';",
        'const config = await Promise.resolve({ port: 3000 });',
        'const app = express();',
        "app.get('/tla', (req, res) => res.json(config));",
        'export default app;',
      ]),
      expect: 'changed',
    },
    { rel: 'parsers/common.cjs', content: app(["app.get('/cjs', (req, res) => { res.json({}); });"]), expect: 'changed' },
    {
      rel: 'parsers/module.mts',
      content: js(["import express from 'express';", 'const app = express();', "app.post('/m', (req, res) => { res.status(201).json(req.body); });", 'export default app;']),
      expect: 'changed',
    },
    {
      rel: 'parsers/common.cts',
      content: js(["import express = require('express');", 'const app = express();', "app.get('/cts', (req, res) => { res.json({}); });", 'export = app;']),
      expect: 'changed',
    },
    {
      rel: 'parsers/cli.js',
      content: `#!/usr/bin/env node\n'use strict';\n${app(["app.get('/health', (req, res) => res.json({ ok: true }));", 'if (require.main === module) app.listen(8080);'])}`,
      expect: 'changed',
    },
    {
      rel: 'parsers/flow.js',
      content: `// @flow\n${app(["app.get('/flow', (req: $Request, res: $Response): void => { const n: number = 1; res.json({ n }); });"])}`,
      expect: { skipped: /^Flow type annotations/, attention: true },
    },

    // ── Skipped for a reason ─────────────────────────────────────────────────────────────────
    { rel: 'skip/binary.js', content: Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x00, 0x01, 0x02]), expect: { skipped: /^binary/ } },
    { rel: 'skip/vendor.min.js', content: "var e=require('express');e().get('/x',function(q,s){s.json(1)});\n", expect: { skipped: /^minified/ } },
    {
      rel: 'skip/bundle.js',
      content: `${`!function(){var e=require("express"),t=e();t.get("/b",function(e,t){return t.json({})});}();`.repeat(200)}\n`,
      expect: { skipped: /^minified/ },
    },
    {
      rel: 'skip/compiled.js',
      content: `${app(["app.get('/gen', function (req, res) { res.json({}); });"])}//# sourceMappingURL=compiled.js.map\n`,
      expect: { skipped: /^generated/ },
    },
    { rel: 'skip/huge.js', content: `${app([])}// ${'x'.repeat(2 * 1024 * 1024)}\n`, expect: { skipped: /^larger than/ } },
  ];
  return cases;
}

/** Writes the corpus under `root`, plus links that lead outside it (into `outside`). */
export function writeHostileProject(root: string, outside: string, routes = 3000): HostileCase[] {
  const cases = hostileCases(routes);
  writeFileSync(path.join(root, 'package.json'), `${JSON.stringify({ name: 'hostile', version: '1.0.0', dependencies: { express: '^4.21.2' } }, null, 2)}\n`);
  writeFileSync(path.join(root, '.gitignore'), 'ignored/\n');
  for (const c of cases) {
    mkdirSync(path.dirname(path.join(root, c.rel)), { recursive: true });
    writeFileSync(path.join(root, c.rel), c.content);
  }
  // Outside the root: a file and a folder that look like part of the app, reached through links.
  mkdirSync(path.join(outside, 'lib'), { recursive: true });
  writeFileSync(path.join(outside, 'secret.js'), app(["app.get('/secret', (req, res) => { res.json({}); });"]));
  writeFileSync(path.join(outside, 'lib/routes.js'), app(["app.get('/lib', (req, res) => { res.json({}); });"]));
  mkdirSync(path.join(root, 'links'), { recursive: true });
  symlinkSync(path.join(outside, 'secret.js'), path.join(root, 'links/secret.js'));
  symlinkSync(path.join(outside, 'lib'), path.join(root, 'links/lib'));
  // Installed and ignored code must not be touched either.
  mkdirSync(path.join(root, 'node_modules/express'), { recursive: true });
  writeFileSync(path.join(root, 'node_modules/express/index.js'), "module.exports = require('./lib/express');\n");
  mkdirSync(path.join(root, 'ignored'), { recursive: true });
  writeFileSync(path.join(root, 'ignored/app.js'), app(["app.get('/ignored', (req, res) => { res.json({}); });"]));
  return cases;
}
