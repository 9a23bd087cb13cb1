// Deterministic (seeded) synthetic code bases for `npm run bench`.
//
//   realistic: N files, N/10 of them Express app/router files (~10 routes per router, routers
//              mounted across files through area routers, router- and route-level middleware,
//              a few cookies/redirects/sendStatus, TypeScript routers with typed Request
//              generics) and 9N/10 ordinary modules (services, models, repositories, utilities)
//              that import each other.
//   stress:    N route files of exactly 10 routes each, all mounted by one app file.
//
// Usage: node bench/generate.mjs <realistic|stress> <files> <outDir> [seed]
// The same (kind, files, seed) always gives the same bytes.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Bumped whenever the templates change, so cached code bases are regenerated. */
export const GENERATOR_VERSION = 8;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  chance(p) {
    return this.next() < p;
  }
  sample(list, n) {
    const copy = [...list];
    const out = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]);
    return out;
  }
}

const AREAS = [
  'billing', 'catalog', 'accounts', 'orders', 'shipping', 'support', 'analytics', 'inventory',
  'marketing', 'payments', 'identity', 'content', 'search', 'reports', 'partners', 'scheduling',
  'messaging', 'compliance', 'media', 'pricing',
];
const NOUNS = [
  'invoice', 'customer', 'product', 'order', 'shipment', 'ticket', 'event', 'item', 'coupon',
  'payment', 'user', 'session', 'article', 'query', 'report', 'partner', 'slot', 'message',
  'policy', 'asset', 'price', 'refund', 'review', 'category', 'warehouse', 'carrier', 'campaign',
  'segment', 'webhook', 'token', 'role', 'team', 'comment', 'tag', 'attachment', 'subscription',
  'plan', 'discount', 'address', 'contact', 'device', 'notification', 'audit', 'export', 'import',
  'job', 'schedule', 'quota', 'region', 'store',
];
const FIELDS = [
  ['name', 'string', "''"], ['title', 'string', "''"], ['status', 'string', "'draft'"],
  ['amount', 'number', '0'], ['quantity', 'number', '1'], ['active', 'boolean', 'true'],
  ['notes', 'string', "''"], ['priority', 'number', '3'], ['currency', 'string', "'EUR'"],
  ['email', 'string', "''"], ['ownerId', 'number', '0'], ['archived', 'boolean', 'false'],
];

const cap = (s) => s[0].toUpperCase() + s.slice(1);
const camel = (s) => s.replace(/-(\w)/g, (_, c) => c.toUpperCase());
const plural = (s) => (s.endsWith('y') && !/[aeiou]y$/.test(s) ? `${s.slice(0, -1)}ies` : s.endsWith('s') || s.endsWith('x') || s.endsWith('ch') ? `${s}es` : `${s}s`);
const pad = (n, w = 4) => String(n).padStart(w, '0');

/** Relative module specifier from one root-relative file to another (no extension for CJS). */
function spec(from, to, lang) {
  let rel = path.posix.relative(path.posix.dirname(from), to);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return lang === 'ts' ? rel.replace(/\.ts$/, '.js') : rel.replace(/\.js$/, '');
}

// ---------------------------------------------------------------------------------------------
// Ordinary modules

const SHARED_LIBS = [
  'strings', 'dates', 'numbers', 'pagination', 'errors', 'logger', 'config', 'cache', 'ids',
  'retry', 'objects', 'arrays', 'validation', 'money', 'clock', 'events', 'http-client', 'crypto',
  'env', 'metrics', 'queue', 'feature-flags', 'i18n', 'sanitize', 'csv', 'slug', 'hash', 'rate',
  'timers', 'locks',
];

/** A utility module: a handful of small functions that call into 0–2 other utility modules. */
function utilityModule(rng, file, lang, deps) {
  const ts = lang === 'ts';
  const lines = [];
  const importNames = [];
  for (const dep of deps) {
    const fn = `${camel(path.posix.basename(dep.file).replace(/\.[jt]s$/, ''))}Helper`;
    importNames.push(fn);
    lines.push(ts ? `import { ${fn} } from '${spec(file, dep.file, lang)}';` : `const { ${fn} } = require('${spec(file, dep.file, lang)}');`);
  }
  if (lines.length) lines.push('');
  const base = camel(path.posix.basename(file).replace(/\.[jt]s$/, ''));
  const fnCount = rng.int(3, 7);
  const exported = [];
  for (let i = 0; i < fnCount; i++) {
    const name = i === 0 ? `${base}Helper` : `${base}${cap(rng.pick(['format', 'parse', 'normalize', 'compute', 'merge', 'pick', 'check', 'build', 'split', 'resolve']))}${i}`;
    exported.push(name);
    const call = importNames.length && rng.chance(0.6) ? `  value = ${rng.pick(importNames)}(value);\n` : '';
    const kind = rng.int(0, 3);
    const sig = ts ? `(value: any, options: { strict?: boolean; limit?: number } = {}): any` : '(value, options = {})';
    let body;
    if (kind === 0) {
      body = `  if (value === undefined || value === null) {\n    return options.strict ? undefined : '';\n  }\n${call}  const text = String(value).trim();\n  return options.limit ? text.slice(0, options.limit) : text;`;
    } else if (kind === 1) {
      body = `${call}  const list = Array.isArray(value) ? value : [value];\n  const out = [];\n  for (const entry of list) {\n    if (entry === undefined) continue;\n    out.push(typeof entry === 'object' ? { ...entry } : entry);\n  }\n  return options.limit ? out.slice(0, options.limit) : out;`;
    } else if (kind === 2) {
      body = `${call}  const n = Number(value);\n  if (Number.isNaN(n)) {\n    if (options.strict) throw new Error('${name}: not a number: ' + value);\n    return 0;\n  }\n  return Math.min(n, options.limit ?? Number.MAX_SAFE_INTEGER);`;
    } else {
      body = `${call}  const out${ts ? ': Record<string, unknown>' : ''} = {};\n  for (const [key, entry] of Object.entries(value || {})) {\n    if (options.strict && entry === undefined) continue;\n    out[key] = entry;\n  }\n  return out;`;
    }
    lines.push(`/** ${cap(name.replace(/([A-Z])/g, ' $1').toLowerCase())}. */`);
    lines.push(`${ts ? 'export ' : ''}function ${name}${sig} {\n${body}\n}`);
    lines.push('');
  }
  if (!ts) lines.push(`module.exports = { ${exported.join(', ')} };`);
  return `${lines.join('\n').trimEnd()}\n`;
}

function modelModule(rng, file, lang, noun, fields) {
  const Cls = cap(camel(noun));
  if (lang === 'ts') {
    return `export interface ${Cls} {
  id: number;
${fields.map(([f, t]) => `  ${f}: ${t};`).join('\n')}
  createdAt: string;
  updatedAt: string;
}

export type New${Cls} = Omit<${Cls}, 'id' | 'createdAt' | 'updatedAt'>;

export interface ${Cls}Params {
  id: string;
}

export interface ${Cls}Query {
  page?: string;
  limit?: string;
  q?: string;
}

export const ${camel(noun).toUpperCase()}_DEFAULTS: New${Cls} = {
${fields.map(([f, , d]) => `  ${f}: ${d},`).join('\n')}
};

export function is${Cls}(value: unknown): value is ${Cls} {
  return typeof value === 'object' && value !== null && typeof (value as ${Cls}).id === 'number';
}
`;
  }
  return `'use strict';

const ${camel(noun).toUpperCase()}_DEFAULTS = {
${fields.map(([f, , d]) => `  ${f}: ${d},`).join('\n')}
};

/** Builds a ${noun} record with defaults for the missing fields. */
function make${Cls}(id, data = {}) {
  const now = new Date().toISOString();
  return { id, ...${camel(noun).toUpperCase()}_DEFAULTS, ...data, createdAt: now, updatedAt: now };
}

function is${Cls}(value) {
  return typeof value === 'object' && value !== null && typeof value.id === 'number';
}

module.exports = { ${camel(noun).toUpperCase()}_DEFAULTS, make${Cls}, is${Cls} };
`;
}

function repositoryModule(rng, file, lang, noun, modelFile, libs) {
  const Cls = cap(camel(noun));
  const ts = lang === 'ts';
  const cache = libs.cache;
  const ids = libs.ids;
  const head = ts
    ? `import { ${Cls}, New${Cls}, ${camel(noun).toUpperCase()}_DEFAULTS } from '${spec(file, modelFile, lang)}';
import { cacheHelper } from '${spec(file, cache, lang)}';
import { idsHelper } from '${spec(file, ids, lang)}';`
    : `'use strict';

const { make${Cls} } = require('${spec(file, modelFile, lang)}');
const { cacheHelper } = require('${spec(file, cache, lang)}');
const { idsHelper } = require('${spec(file, ids, lang)}');`;
  const T = ts ? `: ${Cls}` : '';
  return `${head}

${ts ? 'export ' : ''}class ${Cls}Repository {
${ts ? `  private rows = new Map<number, ${Cls}>();\n  private nextId = 1;\n` : ''}
  constructor() {
${ts ? '' : '    this.rows = new Map();\n    this.nextId = 1;\n'}    cacheHelper(this.rows);
  }

  all()${ts ? `: ${Cls}[]` : ''} {
    return [...this.rows.values()];
  }

  find(id${ts ? ': number' : ''})${ts ? `: ${Cls} | undefined` : ''} {
    return this.rows.get(id);
  }

  insert(data${ts ? `: Partial<New${Cls}>` : ''})${T} {
    const id = this.nextId++;
    idsHelper(id);
${ts
    ? `    const now = new Date().toISOString();\n    const row: ${Cls} = { id, ...${camel(noun).toUpperCase()}_DEFAULTS, ...data, createdAt: now, updatedAt: now };`
    : `    const row = make${Cls}(id, data);`}
    this.rows.set(id, row);
    return row;
  }

  update(id${ts ? ': number' : ''}, patch${ts ? `: Partial<New${Cls}>` : ''})${ts ? `: ${Cls} | undefined` : ''} {
    const row = this.rows.get(id);
    if (!row) return undefined;
    const next = { ...row, ...patch, updatedAt: new Date().toISOString() };
    this.rows.set(id, next);
    return next;
  }

  remove(id${ts ? ': number' : ''})${ts ? ': boolean' : ''} {
    return this.rows.delete(id);
  }
}
${ts ? '' : `\nmodule.exports = { ${Cls}Repository };\n`}`;
}

function serviceModule(rng, file, lang, noun, fields, repoFile, modelFile, extra, libs) {
  const Cls = cap(camel(noun));
  const ts = lang === 'ts';
  const extraImports = extra.map((e) => {
    const fn = `${camel(path.posix.basename(e.file).replace(/\.[jt]s$/, '').replace(new RegExp(`^${noun}-`), ''))}`;
    return { ...e, fn: `${camel(noun)}${cap(fn)}` };
  });
  const head = ts
    ? [
        `import { ${Cls}Repository } from '${spec(file, repoFile, lang)}';`,
        `import type { ${Cls}, New${Cls} } from '${spec(file, modelFile, lang)}';`,
        `import { paginationHelper } from '${spec(file, libs.pagination, lang)}';`,
        `import { loggerHelper } from '${spec(file, libs.logger, lang)}';`,
        ...extraImports.map((e) => `import * as ${e.fn} from '${spec(file, e.file, lang)}';`),
      ]
    : [
        `'use strict';`,
        '',
        `const { ${Cls}Repository } = require('${spec(file, repoFile, lang)}');`,
        `const { paginationHelper } = require('${spec(file, libs.pagination, lang)}');`,
        `const { loggerHelper } = require('${spec(file, libs.logger, lang)}');`,
        ...extraImports.map((e) => `const ${e.fn} = require('${spec(file, e.file, lang)}');`),
      ];
  const f0 = fields[0][0];
  const touches = extraImports.map((e) => `    void ${e.fn};`).join('\n');
  return `${head.join('\n')}

${ts ? 'export ' : ''}class ${Cls}Service {
${ts ? `  private repo = new ${Cls}Repository();\n` : '  constructor() {\n    this.repo = new ' + Cls + 'Repository();\n  }\n'}
  list({ page = 1, limit = 20, q }${ts ? ': { page?: number; limit?: number; q?: string }' : ''} = {}) {
    const all = q ? this.repo.all().filter((row) => String(row.${f0}).includes(q)) : this.repo.all();
    paginationHelper(all);
    const start = (page - 1) * limit;
    return { items: all.slice(start, start + limit), page, limit, total: all.length };
  }

  get(id${ts ? ': number' : ''}) {
    return this.repo.find(id);
  }

  create(data${ts ? `: Partial<New${Cls}>` : ''}) {
    loggerHelper('create ${noun}');
    return this.repo.insert(data);
  }

  update(id${ts ? ': number' : ''}, patch${ts ? `: Partial<New${Cls}>` : ''}) {
    return this.repo.update(id, patch);
  }

  remove(id${ts ? ': number' : ''}) {
    return this.repo.remove(id);
  }

  history(id${ts ? ': number' : ''}) {
    const row = this.repo.find(id);
    return row ? [{ at: row.createdAt, change: 'created' }, { at: row.updatedAt, change: 'updated' }] : [];
  }

  count() {
    return this.repo.all().length;
  }

  async summary(id${ts ? ': number' : ''})${ts ? `: Promise<{ id: number; ${f0}: unknown; age: number } | undefined>` : ''} {
${touches}
    await new Promise((resolve) => setImmediate(resolve));
    const row${ts ? `: ${Cls} | undefined` : ''} = this.repo.find(id);
    if (!row) return undefined;
    return { id: row.id, ${f0}: row.${f0}, age: Date.now() - Date.parse(row.createdAt) };
  }
}
${ts ? '' : `\nmodule.exports = { ${Cls}Service };\n`}`;
}

// ---------------------------------------------------------------------------------------------
// Express files

/** Route snippets; each returns source text for one route on `router`. */
function routeSnippets(ctx) {
  const { ts, Cls, svc, plural: pl, field, rng } = ctx;
  const P = ts ? `: Request<${Cls}Params>` : '';
  const R = ts ? `: Response` : '';
  const Rb = ts ? `: Response<${Cls} | ErrorBody>` : '';
  const Q = ts ? `: Request<{}, unknown, unknown, ${Cls}Query>` : '';
  const B = ts ? `: Request<{}, ${Cls}, Partial<New${Cls}>>` : '';
  const PB = ts ? `: Request<${Cls}Params, ${Cls}, Partial<New${Cls}>>` : '';
  return {
    list: () => `router.get('/', (req${Q}, res${R}) => {
  const page = Number(req.query.page) || 1;
  const limit = Math.min(Number(req.query.limit) || 20, 100);
  res.json(${svc}.list({ page, limit, q: req.query.q }));
});`,
    get: () => `router.get('/:id', (req${P}, res${Rb}) => {
  const row = ${svc}.get(Number(req.params.id));
  if (!row) {
    return res.status(404).json({ error: \`${ctx.noun} \${req.params.id} not found\` });
  }
  res.json(row);
});`,
    create: () => `router.post('/', ${ctx.validate}, (req${B}, res${R}) => {
  const row = ${svc}.create(req.body);
  res.status(201).json(row);
});`,
    update: () => `router.put('/:id', ${ctx.guard}, ${ctx.validate}, (req${PB}, res${R}) => {
  const row = ${svc}.update(Number(req.params.id), req.body);
  if (!row) {
    return res.status(404).json({ error: 'not found' });
  }
  res.json(row);
});`,
    patch: () => `router.patch('/:id', ${ctx.guard}, (req${PB}, res${R}) => {
  const row = ${svc}.update(Number(req.params.id), { ${field}: req.body.${field} });
  if (!row) return res.status(404).json({ error: 'not found' });
  res.json(row);
});`,
    remove: () => `router.delete('/:id', ${ctx.guard}, (req${P}, res${R}) => {
  const removed = ${svc}.remove(Number(req.params.id));
  if (!removed) {
    return res.status(404).json({ error: 'not found' });
  }
  res.sendStatus(204);
});`,
    history: () => `router.get('/:id/history', (req${P}, res${R}) => {
  res.json({ id: req.params.id, history: ${svc}.history(Number(req.params.id)) });
});`,
    search: () => `router.get('/search', (req${Q}, res${R}) => {
  const q = String(req.query.q || '').toLowerCase();
  const { items } = ${svc}.list({ limit: 50, q });
  res.json({ q, items });
});`,
    count: () => `router.get('/count', (req${ts ? ': Request' : ''}, res${R}) => {
  res.json({ count: ${svc}.count() });
});`,
    summary: () => `router.get('/:id/summary', async (req${P}, res${R}) => {
  const summary = await ${svc}.summary(Number(req.params.id));
  if (!summary) {
    res.status(404).json({ error: 'not found' });
    return;
  }
  res.json(summary);
});`,
    archive: () => `router.post('/:id/archive', ${ctx.guard}, (req${P}, res${R}) => {
  ${svc}.update(Number(req.params.id), {});
  res.redirect(303, \`/${pl}/\${req.params.id}\`);
});`,
    select: () => `router.post('/:id/select', (req${P}, res${R}) => {
  res.cookie('last_${ctx.noun}', req.params.id, { maxAge: ${rng.pick([3600000, 86400000, 604800000])}, httpOnly: true });
  res.json({ selected: req.params.id });
});`,
    ping: () => `router.get('/ping', (req${ts ? ': Request' : ''}, res${R}) => {
  res.sendStatus(200);
});`,
    fresh: () => `router.get('/:id/fresh', (req${P}, res${R}) => {
  res.set('Cache-Control', 'no-store');
  res.json(${svc}.get(Number(req.params.id)) ?? null);
});`,
    author: () => `router.get('/:id/owner', (req${P}, res${R}) => {
  const row = ${svc}.get(Number(req.params.id));
  res.json({ id: req.params.id, owner: row ? row.${field} : null, requestedBy: req.get('x-user') ?? null });
});`,
  };
}

const CORE_ROUTES = ['list', 'get', 'create', 'update', 'patch', 'remove', 'history', 'search', 'count', 'summary'];
const EXTRA_ROUTES = ['archive', 'select', 'ping', 'fresh', 'author'];

/**
 * One Express router file with `routeCount` routes. Route-level middleware is defined in the
 * file; `sharedAuth` (a few routers) imports it from another module instead.
 */
function routerFile(rng, file, lang, noun, routeCount, deps) {
  const ts = lang === 'ts';
  const Cls = cap(camel(noun));
  const pl = plural(noun);
  const svc = `${camel(pl)}`;
  const field = deps.field;
  const ctx = {
    ts,
    Cls,
    svc,
    plural: pl,
    noun,
    field,
    rng,
    guard: deps.sharedAuth ? 'requireAuth' : 'requireRole',
    validate: `validate${Cls}`,
  };
  const snippets = routeSnippets(ctx);
  // Mostly the core CRUD set; a few files swap some for cookies, redirects, sendStatus, headers.
  let kinds = CORE_ROUTES.slice(0, Math.min(routeCount, CORE_ROUTES.length));
  const swaps = routeCount > CORE_ROUTES.length ? routeCount - CORE_ROUTES.length : rng.chance(0.3) ? rng.int(1, 2) : 0;
  const extras = rng.sample(EXTRA_ROUTES, Math.min(swaps, EXTRA_ROUTES.length));
  if (routeCount <= CORE_ROUTES.length) kinds = kinds.slice(0, routeCount - extras.length);
  kinds = [...kinds, ...extras];
  while (kinds.length < routeCount) kinds.push(rng.pick(EXTRA_ROUTES));
  const usesGuard = kinds.some((k) => ['update', 'patch', 'remove', 'archive'].includes(k));
  const usesValidate = kinds.some((k) => ['create', 'update'].includes(k));

  const lines = [];
  if (ts) {
    lines.push(`import { Router, type NextFunction, type Request, type Response } from 'express';`);
    lines.push(`import { ${Cls}Service } from '${spec(file, deps.service, lang)}';`);
    lines.push(`import type { ${Cls}, ${Cls}Params, ${Cls}Query, New${Cls} } from '${spec(file, deps.model, lang)}';`);
    if (deps.sharedAuth) lines.push(`import { requireAuth } from '${spec(file, deps.sharedAuth, lang)}';`);
    lines.push('');
    lines.push('interface ErrorBody {\n  error: string;\n}');
    lines.push('');
    lines.push('const router = Router();');
  } else {
    lines.push(`'use strict';`, '');
    lines.push(`const express = require('express');`);
    lines.push(`const { ${Cls}Service } = require('${spec(file, deps.service, lang)}');`);
    if (deps.sharedAuth) lines.push(`const { requireAuth } = require('${spec(file, deps.sharedAuth, lang)}');`);
    lines.push('');
    lines.push('const router = express.Router();');
  }
  lines.push(`const ${svc} = new ${Cls}Service();`, '');
  if (deps.routerMiddleware) {
    lines.push(`// Every ${noun} response says where it came from.`);
    lines.push(`router.use((req${ts ? ': Request' : ''}, res${ts ? ': Response' : ''}, next${ts ? ': NextFunction' : ''}) => {
  res.set('X-Resource', '${pl}');
  next();
});`, '');
  }
  if (usesGuard && !deps.sharedAuth) {
    lines.push(`function requireRole(req${ts ? ': Request<any>' : ''}, res${ts ? ': Response<ErrorBody>' : ''}, next${ts ? ': NextFunction' : ''}) {
  if (req.get('x-role') !== 'admin') {
    return res.status(403).json({ error: 'forbidden' });
  }
  next();
}`, '');
  }
  if (usesValidate) {
    lines.push(`function ${ctx.validate}(req${ts ? `: Request<any, ${Cls} | ErrorBody, Partial<New${Cls}>>` : ''}, res${ts ? ': Response<ErrorBody>' : ''}, next${ts ? ': NextFunction' : ''}) {
  if (!req.body || typeof req.body.${field} === 'undefined') {
    return res.status(422).json({ error: '${field} is required' });
  }
  next();
}`, '');
  }
  // Static paths first so '/search' is not shadowed by '/:id' (as in a real Express app).
  const order = (k) => (['search', 'count', 'ping'].includes(k) ? 0 : 1);
  kinds.sort((a, b) => order(a) - order(b));
  for (const k of kinds) lines.push(snippets[k](), '');
  lines.push(ts ? 'export default router;' : 'module.exports = router;');
  return { text: `${lines.join('\n')}\n`, routes: kinds.length };
}

/** An area router mounting many resource routers (`router.use('/invoices', invoices)`). */
function areaIndexFile(file, lang, area, children) {
  const ts = lang === 'ts';
  const lines = [];
  if (ts) {
    lines.push(`import { Router, type Request, type Response } from 'express';`);
    for (const c of children) lines.push(`import ${c.ident} from '${spec(file, c.file, lang)}';`);
  } else {
    lines.push(`'use strict';`, '', `const express = require('express');`);
    for (const c of children) lines.push(`const ${c.ident} = require('${spec(file, c.file, lang)}');`);
  }
  lines.push('', ts ? 'const router = Router();' : 'const router = express.Router();', '');
  lines.push(`router.get('/', (req${ts ? ': Request' : ''}, res${ts ? ': Response' : ''}) => {
  res.json({ area: '${area}', resources: ${JSON.stringify(children.map((c) => c.mount))} });
});`, '');
  for (const c of children) lines.push(`router.use('/${c.mount}', ${c.ident});`);
  lines.push('', ts ? 'export default router;' : 'module.exports = router;');
  return `${lines.join('\n')}\n`;
}

function appFile(lang, mounts, file) {
  const ts = lang === 'ts';
  const lines = [];
  if (ts) {
    lines.push(`import express, { type NextFunction, type Request, type Response } from 'express';`);
    lines.push(`import cors from 'cors';`);
    for (const m of mounts) lines.push(`import ${m.ident} from '${spec(file, m.file, lang)}';`);
  } else {
    lines.push(`'use strict';`, '', `const express = require('express');`, `const cors = require('cors');`);
    for (const m of mounts) lines.push(`const ${m.ident} = require('${spec(file, m.file, lang)}');`);
  }
  lines.push('', 'const app = express();', '');
  lines.push(`app.use(cors());`);
  lines.push(`app.use(express.json({ limit: '1mb' }));`, '');
  lines.push(`app.get('/health', (req${ts ? ': Request' : ''}, res${ts ? ': Response' : ''}) => {
  res.json({ ok: true, uptime: process.uptime() });
});`, '');
  lines.push(`app.get('/version', (req${ts ? ': Request' : ''}, res${ts ? ': Response' : ''}) => {
  res.json({ version: '1.0.0' });
});`, '');
  for (const m of mounts) lines.push(`app.use('/${m.mount}', ${m.ident});`);
  lines.push('');
  lines.push(`app.use((req${ts ? ': Request' : ''}, res${ts ? ': Response' : ''}) => {
  res.status(404).json({ error: 'Not found', path: req.originalUrl });
});`, '');
  lines.push(`app.use((err${ts ? ': any' : ''}, req${ts ? ': Request' : ''}, res${ts ? ': Response' : ''}, next${ts ? ': NextFunction' : ''}) => {
  res.status(err.status || 500).json({ error: err.message });
});`, '');
  lines.push(`const port = Number(process.env.PORT) || 3000;
app.listen(port, () => {
  console.log(\`listening on \${port}\`);
});`, '');
  lines.push(ts ? 'export default app;' : 'module.exports = app;');
  return `${lines.join('\n')}\n`;
}

function sharedAuthFile(lang) {
  if (lang === 'ts') {
    return `import type { NextFunction, Request, Response } from 'express';

/** Shared by a few routers: needs a bearer token. */
export function requireAuth(req: Request<any>, res: Response, next: NextFunction) {
  const header = req.headers.authorization || '';
  if (!header.startsWith('Bearer ')) {
    res.status(401).json({ error: 'unauthorized' });
    return;
  }
  next();
}
`;
  }
  return `'use strict';

/** Shared by a few routers: needs a bearer token. */
function requireAuth(req, res, next) {
  const header = req.headers.authorization || '';
  if (!header.startsWith('Bearer ')) {
    return res.status(401).json({ error: 'unauthorized' });
  }
  next();
}

module.exports = { requireAuth };
`;
}

// ---------------------------------------------------------------------------------------------
// Code bases

function projectFiles(name) {
  return {
    'package.json': `${JSON.stringify(
      {
        name,
        version: '1.0.0',
        private: true,
        main: 'src/app.js',
        dependencies: { cors: '^2.8.5', express: '^4.21.2' },
        devDependencies: { '@types/express': '^4.17.21', typescript: '^5.6.0' },
      },
      null,
      2,
    )}\n`,
    'src/types/vendor.d.ts': `declare module 'cors';\n`,
    '.prettierrc.json': `${JSON.stringify({ singleQuote: true, printWidth: 120 }, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, allowJs: true, outDir: 'dist' }, include: ['src'] }, null, 2)}\n`,
  };
}

const countSources = (files) => [...files.keys()].filter((f) => /\.[jt]s$/.test(f) && !f.endsWith('.d.ts')).length;

function nounFor(i) {
  const noun = NOUNS[i % NOUNS.length];
  const round = Math.floor(i / NOUNS.length);
  return round === 0 ? noun : `${noun}${round + 1}`;
}

/** 9 ordinary modules per resource + shared utilities; returns { files, routes, expressFiles }. */
export function generateRealistic(nFiles, seed) {
  const rng = new Rng(seed);
  const files = new Map(Object.entries(projectFiles(`realistic-${nFiles}`)));
  const expressTarget = Math.round(nFiles / 10);
  const areaCount = Math.max(2, Math.round(nFiles / 500));
  const resourceCount = expressTarget - 1 - areaCount;
  const ordinaryTarget = nFiles - expressTarget;
  const PER_RESOURCE = ['model', 'repository', 'service', 'validator', 'mapper', 'events', 'policy', 'fixtures'];
  const sharedCount = ordinaryTarget - PER_RESOURCE.length * resourceCount - 2; // 2 = shared auth (js + ts)
  if (sharedCount < 10) throw new Error(`too few files for ${resourceCount} resources`);
  let routes = 0;
  let ordinary = 0;
  let express = 0;

  // Shared utilities, half JS (CJS) half TS (ESM); each imports up to two earlier ones.
  const libs = { js: [], ts: [] };
  for (let i = 0; i < sharedCount; i++) {
    const lang = i % 2 === 0 ? 'js' : 'ts';
    const k = Math.floor(i / 2);
    const base = k < SHARED_LIBS.length ? SHARED_LIBS[k] : `${SHARED_LIBS[k % SHARED_LIBS.length]}-${Math.floor(k / SHARED_LIBS.length)}`;
    const file = `src/lib/${lang === 'ts' ? 'ts/' : ''}${base}.${lang}`;
    const pool = libs[lang];
    const deps = pool.length ? rng.sample(pool, rng.int(0, Math.min(2, pool.length))) : [];
    files.set(file, utilityModule(rng, file, lang, deps));
    pool.push({ file, base });
    ordinary++;
  }
  const libFor = (lang, name) => libs[lang].find((l) => l.base === name)?.file ?? libs[lang][0].file;
  const libsOf = (lang) => ({ cache: libFor(lang, 'cache'), ids: libFor(lang, 'ids'), pagination: libFor(lang, 'pagination'), logger: libFor(lang, 'logger') });
  const sharedAuth = { js: 'src/middleware/auth.js', ts: 'src/middleware/ts/auth.ts' };
  files.set(sharedAuth.js, sharedAuthFile('js'));
  files.set(sharedAuth.ts, sharedAuthFile('ts'));
  ordinary += 2;

  // Areas: ~40% TypeScript. Resources spread evenly across areas.
  const areas = [];
  for (let a = 0; a < areaCount; a++) {
    const name = a < AREAS.length ? AREAS[a] : `${AREAS[a % AREAS.length]}${Math.floor(a / AREAS.length) + 1}`;
    areas.push({ name, lang: a % 5 === 1 || a % 5 === 3 ? 'ts' : 'js', children: [] });
  }
  const legacyRouters = [];
  for (let r = 0; r < resourceCount; r++) {
    const area = areas[r % areaCount];
    const lang = area.lang;
    const noun = nounFor(Math.floor(r / areaCount) * 7 + (r % areaCount));
    const dir = `src/${'{kind}'}/${area.name}`;
    const at = (kind, suffix) => `${dir.replace('{kind}', kind)}/${noun}${suffix}.${lang}`;
    const fields = rng.sample(FIELDS, rng.int(3, 6));
    const model = at('models', '');
    const repo = at('repositories', '-repository');
    const service = at('services', '-service');
    const extras = ['validator', 'mapper', 'events', 'policy', 'fixtures'].map((k) => ({ file: at('services', `-${k}`) }));
    const lib = libsOf(lang);
    files.set(model, modelModule(rng, model, lang, noun, fields));
    files.set(repo, repositoryModule(rng, repo, lang, noun, model, lib));
    files.set(service, serviceModule(rng, service, lang, noun, fields, repo, model, extras, lib));
    for (const e of extras) {
      const deps = rng.sample(libs[lang], rng.int(1, 2));
      files.set(e.file, utilityModule(rng, e.file, lang, deps));
    }
    ordinary += PER_RESOURCE.length;
    // Every 50th router is a "legacy" one: it imports its auth middleware from a shared module
    // (which keeps it on Express through @fastify/express) and the app mounts it directly.
    const legacy = r % 50 === 49;
    const routerPath = legacy ? `src/routes/legacy/${plural(noun)}.${lang}` : `src/routes/${area.name}/${plural(noun)}.${lang}`;
    const routeCount = rng.pick([9, 10, 10, 11, 11]);
    const { text, routes: n } = routerFile(rng, routerPath, lang, noun, routeCount, {
      service,
      model,
      field: fields[0][0],
      routerMiddleware: rng.chance(0.5),
      sharedAuth: legacy ? sharedAuth[lang] : undefined,
    });
    files.set(routerPath, text);
    routes += n;
    express++;
    const child = { file: routerPath, mount: plural(noun), ident: camel(plural(noun)) + 'Router' };
    if (legacy) legacyRouters.push({ ...child, mount: `legacy/${child.mount}` });
    else area.children.push(child);
  }
  const mounts = [];
  for (const area of areas) {
    const file = `src/routes/${area.name}/index.${area.lang}`;
    files.set(file, areaIndexFile(file, area.lang, area.name, area.children));
    routes += 1;
    express++;
    mounts.push({ file, mount: area.name, ident: `${camel(area.name)}Routes` });
  }
  mounts.push(...legacyRouters);
  files.set('src/app.ts', appFile('ts', mounts, 'src/app.ts'));
  routes += 2;
  express++;
  return { files, routes, expressFiles: express, ordinaryFiles: ordinary, sourceFiles: countSources(files) };
}

/** N route files of 10 routes each, one app file mounting them all. */
export function generateStress(nFiles, seed) {
  const rng = new Rng(seed);
  const files = new Map(Object.entries(projectFiles(`stress-${nFiles}`)));
  const lib = { js: 'src/lib/support.js', ts: 'src/lib/ts/support.ts' };
  let routes = 0;
  const mounts = [];
  const services = new Map();
  for (const lang of ['js', 'ts']) {
    // One shared service/model per language keeps the code base to route files only.
    const model = `src/models/record.${lang}`;
    const repo = `src/models/record-repository.${lang}`;
    const service = `src/models/record-service.${lang}`;
    files.set(lib[lang], utilityModule(rng, lib[lang], lang, []));
    const libs = { cache: lib[lang], ids: lib[lang], pagination: lib[lang], logger: lib[lang] };
    files.set(model, modelModule(rng, model, lang, 'record', FIELDS.slice(0, 4)));
    files.set(repo, repositoryModule(rng, repo, lang, 'record', model, libs).replaceAll('cacheHelper', 'supportHelper').replaceAll('idsHelper', 'supportHelper').replace(/^(import|const) \{ supportHelper \}.*\n(?=(import|const) \{ supportHelper \})/m, ''));
    files.set(service, serviceModule(rng, service, lang, 'record', FIELDS.slice(0, 4), repo, model, [], libs).replaceAll('paginationHelper', 'supportHelper').replaceAll('loggerHelper', 'supportHelper').replace(/^(import|const) \{ supportHelper \}.*\n(?=(import|const) \{ supportHelper \})/m, ''));
    services.set(lang, { model, service });
  }
  const areaCount = Math.max(1, Math.round(nFiles / 100));
  for (let i = 0; i < nFiles; i++) {
    const lang = i % 10 < 3 ? 'ts' : 'js';
    const area = AREAS[i % areaCount % AREAS.length] + (i % areaCount >= AREAS.length ? Math.floor((i % areaCount) / AREAS.length) + 1 : '');
    const noun = `record${pad(i)}`;
    const file = `src/routes/${area}/${noun}.${lang}`;
    const { text, routes: n } = routerFile(rng, file, lang, 'record', 10, {
      service: services.get(lang).service,
      model: services.get(lang).model,
      field: 'name',
      routerMiddleware: rng.chance(0.5),
      sharedAuth: undefined,
    });
    files.set(file, text.replaceAll("'/records/", `'/${area}/${noun}/`).replaceAll('`/records/', `\`/${area}/${noun}/`));
    routes += n;
    mounts.push({ file, mount: `${area}/${noun}`, ident: `r${pad(i)}` });
  }
  files.set('src/app.js', appFile('js', mounts, 'src/app.js'));
  routes += 2;
  const sourceFiles = countSources(files);
  return { files, routes, expressFiles: nFiles + 1, ordinaryFiles: sourceFiles - nFiles - 1, sourceFiles };
}

/**
 * Writes the code base to `dir` unless a manifest there says it is already this exact one.
 * Returns the manifest: { kind, files, seed, version, sourceFiles, expressFiles, routes }.
 */
export async function ensureCodebase(kind, nFiles, dir, seed = 42) {
  const manifestPath = path.join(dir, '.bench-manifest.json');
  const want = { kind, files: nFiles, seed, version: GENERATOR_VERSION };
  try {
    const have = JSON.parse(await readFile(manifestPath, 'utf8'));
    if (Object.entries(want).every(([k, v]) => have[k] === v)) return { ...have, generated: false };
  } catch {
    // not there yet
  }
  const t0 = performance.now();
  const gen = kind === 'realistic' ? generateRealistic(nFiles, seed) : generateStress(nFiles, seed);
  await rm(dir, { recursive: true, force: true });
  const dirs = new Set([...gen.files.keys()].map((f) => path.dirname(path.join(dir, f))));
  for (const d of dirs) await mkdir(d, { recursive: true });
  const entries = [...gen.files];
  let bytes = 0;
  for (let i = 0; i < entries.length; i += 64) {
    await Promise.all(
      entries.slice(i, i + 64).map(([rel, text]) => {
        bytes += Buffer.byteLength(text);
        return writeFile(path.join(dir, rel), text);
      }),
    );
  }
  const manifest = {
    ...want,
    sourceFiles: gen.sourceFiles,
    expressFiles: gen.expressFiles,
    ordinaryFiles: gen.ordinaryFiles,
    routes: gen.routes,
    bytes,
    generatedInMs: Math.round(performance.now() - t0),
  };
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { ...manifest, generated: true };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [kind, n, out, seed] = process.argv.slice(2);
  if (!['realistic', 'stress'].includes(kind) || !n || !out) {
    console.error('usage: node bench/generate.mjs <realistic|stress> <files> <outDir> [seed]');
    process.exit(2);
  }
  const m = await ensureCodebase(kind, Number(n), path.resolve(out), seed ? Number(seed) : 42);
  console.log(JSON.stringify(m, null, 2));
}
