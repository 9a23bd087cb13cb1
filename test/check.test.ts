/**
 * `check`'s engine: what it finds on the three fixture apps (Express, half-migrated, fully
 * migrated), what it finds and leaves alone in migrated code, fingerprints that survive moves and
 * formatting, and how the baseline and --max-remaining judge the findings.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { collectFindings, evaluate, scopeOf } from '../src/check/index.js';
import { makeBaseline, toEntry } from '../src/check/baseline.js';
import type { Finding } from '../src/check/types.js';
import { PROJECT_ROOT } from './helpers/fixtures.js';
import { tmpProject } from './helpers/tmp.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures-check');
const fixture = (name: string) => path.join(FIXTURES, name);

/** A throwaway copy of a fixture app, to edit. */
function copyOf(name: string): string {
  const dir = tmpProject();
  cpSync(fixture(name), dir, { recursive: true });
  return dir;
}

const brief = (fs: Finding[]) => fs.map((f) => `${f.file}:${f.line} ${f.code} ${f.message}`);

async function findingsIn(files: Record<string, string>): Promise<Finding[]> {
  return (await collectFindings(tmpProject(files), ['.'])).findings;
}

describe('check: the fixture apps', () => {
  it('an Express app: import, app, middleware and every route with its full path', async () => {
    const { findings, filesScanned } = await collectFindings(fixture('express-app'), ['.']);
    expect(filesScanned).toBe(2);
    expect(brief(findings)).toEqual([
      'app.js:1 E2F201 Express is still imported: express',
      'app.js:4 E2F202 Express app: app = express()',
      'app.js:6 E2F205 Express middleware: app.use(express.json())',
      'app.js:7 E2F205 Express middleware: app.use((req, res, next) => …)',
      'app.js:12 E2F204 Route served by Express: GET /health (app.get)',
      "app.js:16 E2F205 Express middleware: app.use('/users', users)",
      'routes/users.js:1 E2F201 Express is still imported: express',
      'routes/users.js:3 E2F203 Express router: router (mounted at /users)',
      'routes/users.js:6 E2F204 Route served by Express: GET /users (router.get)',
      'routes/users.js:8 E2F204 Route served by Express: GET /users/:id (router.get)',
      'routes/users.js:14 E2F204 Route served by Express: POST /users (router.post)',
    ]);
    expect(findings.filter((f) => f.route).map((f) => f.route)).toEqual([
      { method: 'GET', path: '/health' },
      { method: 'GET', path: '/users' },
      { method: 'GET', path: '/users/:id' },
      { method: 'POST', path: '/users' },
    ]);
  });

  it('a half-migrated app: compat routes, a pure Express router, Express APIs left in Fastify handlers', async () => {
    const { findings } = await collectFindings(fixture('half-migrated'), ['.']);
    expect(brief(findings)).toEqual([
      'app.js:1 E2F201 Express is still imported: express',
      'app.js:3 E2F201 Express is still imported: @fastify/express',
      'app.js:9 E2F203 Express router: expressCompat, kept on Express through @fastify/express',
      'app.js:11 E2F205 Express middleware: app.use(expressCompat) on a Fastify instance, through @fastify/express',
      'app.js:18 E2F207 Express request API in a Fastify handler: request.get() in GET /orders/:id',
      'app.js:20 E2F206 Express response API in a Fastify handler: reply.status(401).json() in GET /orders/:id',
      'app.js:28 E2F204 Route served by Express: GET /export (expressCompat.get, through @fastify/express)',
      "app.js:33 E2F205 Express middleware: expressCompat.use('/legacy', legacy), through @fastify/express",
      'routes/legacy.js:1 E2F201 Express is still imported: express',
      'routes/legacy.js:3 E2F203 Express router: router (mounted at /legacy on expressCompat)',
      'routes/legacy.js:5 E2F204 Route served by Express: GET /legacy/reports (router.get)',
      'routes/legacy.js:9 E2F204 Route served by Express: POST /legacy/reports (router.post)',
      'routes/users.js:10 E2F206 Express response API in a Fastify handler: `res` is not defined in DELETE /:id: left over from the Express handler',
    ]);
  });

  it('a fully migrated app: nothing (a reply named res, a local res, reply.status and redirect(url, code) are Fastify)', async () => {
    const { findings, filesScanned } = await collectFindings(fixture('fully-migrated'), ['.']);
    expect(filesScanned).toBe(3);
    expect(findings).toEqual([]);
  });

  it('follows plugins across files: an Express API in a plugin whose instance is named `app`', async () => {
    const dir = copyOf('fully-migrated');
    const file = path.join(dir, 'routes/users.js');
    writeFileSync(file, readFileSync(file, 'utf8').replace('return user;', 'reply.json(user);'));
    const { findings } = await collectFindings(dir, ['.']);
    expect(brief(findings)).toEqual(['routes/users.js:12 E2F206 Express response API in a Fastify handler: reply.json() in GET /:id']);
  });
});

describe('check: Express APIs in migrated code', () => {
  it('plugins wrapped in fastify-plugin, TypeScript FastifyInstance parameters, route options and hooks', async () => {
    const findings = await findingsIn({
      'plugin.js': `const fp = require('fastify-plugin');
module.exports = fp(async (instance) => {
  instance.get('/a', async (req, res) => res.json(1));
});
`,
      'server.ts': `import type { FastifyInstance } from 'fastify';
export async function routes(server: FastifyInstance) {
  server.get('/b', async (request, reply) => request.header('x-id'));
  server.route({
    method: 'GET',
    url: '/c',
    preHandler: (request, reply, done) => { reply.set('x', '1'); done(); },
    handler: async (request, reply) => reply.sendStatus(204),
  });
  server.addHook('onRequest', async (request, reply) => { if (request.xhr) reply.code(400); });
  server.setErrorHandler(async (error, request, reply) => reply.status(500).jsonp({ error }));
}
`,
    });
    expect(brief(findings)).toEqual([
      'plugin.js:3 E2F206 Express response API in a Fastify handler: res.json() in GET /a',
      'server.ts:3 E2F207 Express request API in a Fastify handler: request.header() in GET /b',
      'server.ts:7 E2F206 Express response API in a Fastify handler: reply.set() in the preHandler hook of GET /c',
      'server.ts:8 E2F206 Express response API in a Fastify handler: reply.sendStatus() in GET /c',
      'server.ts:10 E2F207 Express request API in a Fastify handler: request.xhr in the onRequest hook',
      'server.ts:11 E2F206 Express response API in a Fastify handler: reply.status(500).jsonp() in the error handler',
    ]);
  });

  it('next in a route handler, Express redirect order, type-only and dynamic imports of express', async () => {
    const findings = await findingsIn({
      'app.mjs': `import Fastify from 'fastify';
import type { Request } from 'express';
const app = Fastify();
app.get('/a', (request, reply, next) => { next(); });
app.get('/b', async (request, reply) => reply.redirect(301, '/a'));
app.get('/c', async (request, reply) => reply.redirect('/a', 301));
const later = () => import('express');
`,
    });
    expect(brief(findings)).toEqual([
      'app.mjs:2 E2F201 Express is still imported: express (types only)',
      'app.mjs:4 E2F208 `next` in a Fastify route handler: GET /a takes a third parameter `next`',
      "app.mjs:5 E2F206 Express response API in a Fastify handler: reply.redirect() in GET /b has Express's (status, url) order; Fastify 5 takes (url, status)",
      'app.mjs:7 E2F201 Express is still imported: express',
    ]);
  });

  it('leaves alone objects that are not Fastify instances, and Fastify APIs that share a name with Express ones', async () => {
    const findings = await findingsIn({
      'client.js': `const client = { get: (p, fn) => fn({}, { json: () => 1 }) };
client.get('/x', (req, res) => res.json(1));
`,
      'app.js': `const fastify = require('fastify')({ logger: true });
fastify.register(async (child) => {
  child.get('/', async (request, reply) => {
    reply.status(201).header('x', '1').type('text/plain');
    const res = { json: () => request.headers['x'] };
    if (request.query.raw) { var next = () => res.json(); }
    return reply.send(next ? next() : res.json());
  });
});
`,
    });
    expect(findings).toEqual([]);
  });
});

describe('check: fingerprints', () => {
  const prints = (fs: Finding[]) => fs.map((f) => `${f.code} ${f.fingerprint}`).sort();

  it('are the same after lines move and the code is reformatted', async () => {
    const dir = copyOf('half-migrated');
    const before = (await collectFindings(dir, ['.'])).findings;
    for (const rel of ['app.js', 'routes/legacy.js', 'routes/users.js']) {
      const file = path.join(dir, rel);
      const text = readFileSync(file, 'utf8');
      const reformatted = await prettier.format(text, { parser: 'babel', singleQuote: false, trailingComma: 'all', printWidth: 40, semi: false, arrowParens: 'avoid' });
      writeFileSync(file, `// moved down\n/* by a comment\n   and blank lines */\n\n\n${reformatted.replace(/\n\n/g, '\n\n\n')}`);
    }
    const after = (await collectFindings(dir, ['.'])).findings;
    expect(after.map((f) => f.line)).not.toEqual(before.map((f) => f.line));
    expect(prints(after)).toEqual(prints(before));
  });

  it('tell identical findings apart, so one more shows up as exactly one new fingerprint', async () => {
    const app = (n: number) => `const Fastify = require('fastify');
const app = Fastify();
app.get('/', async (request, reply) => {
${'  reply.json({ ok: true });\n'.repeat(n)}});
`;
    const two = await findingsIn({ 'app.js': app(2) });
    const three = await findingsIn({ 'app.js': app(3) });
    expect(new Set(two.map((f) => f.fingerprint)).size).toBe(2);
    const old = new Set(two.map((f) => f.fingerprint));
    expect(three.filter((f) => !old.has(f.fingerprint))).toHaveLength(1);
    expect(three.filter((f) => old.has(f.fingerprint))).toHaveLength(2);
  });

  it('of a route depend on its method and path, not on its handler body', async () => {
    const app = (body: string) => `const express = require('express');\nconst app = express();\napp.get('/x', (req, res) => { ${body} });\n`;
    const a = (await findingsIn({ 'app.js': app('res.json(1);') })).find((f) => f.code === 'E2F204')!;
    const b = (await findingsIn({ 'app.js': app('const n = 2;\n  res.json(n);') })).find((f) => f.code === 'E2F204')!;
    const c = (await findingsIn({ 'app.js': app('res.json(1);').replace("'/x'", "'/y'") })).find((f) => f.code === 'E2F204')!;
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });
});

describe('check: baseline and --max-remaining', () => {
  const finding = (n: number, file = 'app.js'): Finding => ({
    code: 'E2F204',
    name: 'CHECK_ROUTE',
    severity: 'error',
    message: `Route served by Express: GET /r${n}`,
    hint: 'h',
    file,
    line: n,
    column: 1,
    fingerprint: `fp${n}`,
  });
  const three = [finding(1), finding(2), finding(3)];

  it('without a baseline: fails on any finding', () => {
    expect(evaluate([], { filesScanned: 1 })).toMatchObject({ passed: true, total: 0, newCount: 0, reasons: [] });
    expect(evaluate(three, { filesScanned: 1 })).toMatchObject({ passed: false, total: 3, newCount: 3, reasons: ['3 Express usages left'] });
  });

  it('with a baseline: passes on what it lists, fails on what is new, reports what was fixed', () => {
    const baseline = makeBaseline([finding(1), finding(2), finding(9)].map(toEntry));
    const o = evaluate(three, { filesScanned: 1, baseline });
    expect(o).toMatchObject({ passed: false, total: 3, newCount: 1, baselined: 2, baselineUsed: true, reasons: ['1 Express usage not in the baseline'] });
    expect(o.findings.map((f) => f.baseline)).toEqual(['unchanged', 'unchanged', 'new']);
    expect(o.fixed.map((e) => e.fingerprint)).toEqual(['fp9']);
    expect(evaluate(three.slice(0, 2), { filesScanned: 1, baseline })).toMatchObject({ passed: true, newCount: 0 });
  });

  it('--max-remaining: passes at the bar, fails above it, and adds to a baseline', () => {
    expect(evaluate(three, { filesScanned: 1, maxRemaining: 3 }).passed).toBe(true);
    expect(evaluate(three, { filesScanned: 1, maxRemaining: 2 })).toMatchObject({ passed: false, reasons: ['3 Express usages left, more than --max-remaining 2'] });
    const baseline = makeBaseline(three.map(toEntry));
    expect(evaluate(three, { filesScanned: 1, baseline, maxRemaining: 2 }).passed).toBe(false);
    expect(evaluate(three, { filesScanned: 1, baseline, maxRemaining: 3 }).passed).toBe(true);
  });

  it('baseline entries outside the checked paths are neither allowed nor fixed', () => {
    const baseline = makeBaseline([finding(1, 'src/a.js'), finding(2, 'lib/b.js')].map(toEntry));
    const o = evaluate([], { filesScanned: 1, baseline, inScope: scopeOf(['src']) });
    expect(o.fixed.map((e) => e.file)).toEqual(['src/a.js']);
    expect(scopeOf(['.'])('x/y.js')).toBe(true);
    expect(scopeOf(['src'])('src/a.js')).toBe(true);
    expect(scopeOf(['src'])('srcx/a.js')).toBe(false);
    expect(scopeOf(['src/a.js'])('src/a.js')).toBe(true);
  });
});
