/**
 * Schema inference, one evidence source at a time, with the exact schema expected (src/schema).
 * Each case is a small in-memory project run through the real analysis (analyzeProject), so
 * what is checked is what `migrate` and `openapi` act on.
 */
import { describe, expect, it } from 'vitest';
import { analyzeProject } from '../src/analyze/index.js';
import type { Inventory, Route } from '../src/inventory.js';
import { inferenceCost } from '../src/schema/index.js';
import { renderSchema } from '../src/schema/json-schema.js';
import { fastifyRouteSchema } from '../src/schema/route-schema.js';

function analyze(files: Record<string, string>, express = '^5.1.0'): Inventory {
  const root = '/virtual';
  return analyzeProject({
    root,
    files: Object.entries(files).map(([rel, text]) => ({ rel, path: `${root}/${rel}`, text })),
    packageJson: { rel: 'package.json', path: `${root}/package.json`, text: JSON.stringify({ name: 'demo', dependencies: { express } }) },
    skipped: [],
  });
}

function route(inv: Inventory, method: string, path: string): Route {
  const r = inv.files.flatMap((f) => f.routes).find((x) => x.method === method && x.fullPath === path);
  if (!r) throw new Error(`no route ${method} ${path}`);
  return r;
}

const JS_HEAD = "const express = require('express');\nconst app = express();\napp.use(express.json());\n";
const TS_HEAD = "import express, { type Request, type Response } from 'express';\nconst app = express();\napp.use(express.json());\n";

describe('path parameters', () => {
  it('are strings, required unless optional, wildcards included', () => {
    const inv = analyze({ 'app.js': `${JS_HEAD}app.get('/users/:id/posts/:postId?', (req, res) => res.end());\napp.get('/files/*', (req, res) => res.end());\n` }, '^4.21.0');
    expect(route(inv, 'GET', '/users/:id/posts/:postId?').schemas.params).toEqual({
      type: 'object',
      properties: { id: { type: 'string' }, postId: { type: 'string' } },
      required: ['id'],
    });
    expect(route(inv, 'GET', '/files/*').schemas.params).toEqual({ type: 'object', properties: { '*': { type: 'string' } } });
  });
});

describe('usage in plain JavaScript', () => {
  const inv = analyze({
    'app.js': `${JS_HEAD}
app.get('/search', (req, res) => {
  const { q, page = '1' } = req.query;
  const limit = req.query.limit;
  if (req.query['sort-by']) {}
  res.json({ q, page, total: 3, items: [{ id: 1, title: 'a' }], ok: !q });
});
app.post('/notes', (req, res) => {
  const { text } = req.body;
  if (!text || typeof req.body.title !== 'string') return res.status(422).json({ error: 'text and title are required' });
  if (req.body.tags) {}
  res.status(201).send({ id: 7, text });
});
app.delete('/notes/:id', (req, res) => {
  if (req.params.id === '0') return res.sendStatus(404);
  res.status(204).end();
});
app.get('/page', (req, res) => res.send('<h1>hi</h1>'));
`,
  });

  it('query keys read (member access, destructuring, element access) are strings, with the handler default', () => {
    expect(route(inv, 'GET', '/search').schemas.querystring).toEqual({
      type: 'object',
      properties: { limit: { type: 'string' }, page: { type: 'string', default: '1' }, q: { type: 'string' }, 'sort-by': { type: 'string' } },
    });
  });

  it('literal shapes sent are documented; nothing is required in a response unless strict', () => {
    const response = route(inv, 'GET', '/search').schemas.response!;
    const expected = {
      type: 'object',
      properties: {
        q: {},
        page: {},
        total: { type: 'integer' },
        items: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, title: { type: 'string' } } } },
        ok: { type: 'boolean' },
      },
    };
    expect(renderSchema(response['200'], false)).toEqual(expected);
    expect(renderSchema(response['200'], true)).toMatchObject({ required: ['q', 'page', 'total', 'items', 'ok'] });
  });

  it('body properties read; guards that answer 4xx make them required (and typed)', () => {
    const r = route(inv, 'POST', '/notes');
    expect(r.schemas.body).toEqual({
      type: 'object',
      properties: { tags: {}, text: {}, title: { type: 'string' } },
      required: ['text', 'title'],
    });
    expect(Object.keys(r.schemas.response!)).toEqual(['201', '422']);
    expect(renderSchema(r.schemas.response!['201'], false)).toEqual({ type: 'object', properties: { id: { type: 'integer' }, text: {} } });
  });

  it('status codes: sendStatus is text, end() has no body, res.send(string) is HTML', () => {
    const del = route(inv, 'DELETE', '/notes/:id').schemas;
    expect(del.response).toEqual({ '204': { type: 'null' }, '404': { type: 'string' } });
    expect(del.responseTypes).toEqual({ '404': 'text/plain' });
    expect(route(inv, 'GET', '/page').schemas.responseTypes).toEqual({ '200': 'text/html' });
  });

  it('a JavaScript-only project never builds the typed Project', () => {
    analyze({ 'app.js': `${JS_HEAD}app.get('/', (req, res) => res.json({ ok: true }));\n` });
    expect(inferenceCost.types).toBe(0);
  });
});

describe('TypeScript types', () => {
  const files = {
    'src/types.ts': `
export type Role = 'admin' | 'member';
export enum Plan { Free = 'free', Pro = 'pro' }
export interface Address { city: string; zip?: string }
export interface User { id: number; name: string; email?: string; role: Role; plan: Plan; tags: string[]; address: Address; createdAt: Date; manager: User | null }
export interface NewUser { name: string; email?: string; role?: Role }
export interface UserQuery { page?: string; limit?: number; role?: Role }
`,
    'src/app.ts': `${TS_HEAD}import type { User, NewUser, UserQuery } from './types.js';
declare const users: User[];
app.get('/users', (req: Request<{}, User[], unknown, UserQuery>, res: Response<User[]>) => {
  res.json(users);
});
app.post('/users', (req: Request<{}, User, NewUser>, res: Response) => {
  const user = users[0]!;
  if (!user) { res.status(404).json({ error: 'none' }); return; }
  res.status(201).json(user);
});
app.put('/users/:id', (req, res) => {
  const patch = req.body as Partial<NewUser>;
  res.json({ id: Number(req.params.id), ...patch });
});
export default app;
`,
  };
  const inv = analyze(files);

  it('Request<P, ResBody, ReqBody, Query>: the query type inline, values kept strings', () => {
    expect(route(inv, 'GET', '/users').schemas.querystring).toEqual({
      type: 'object',
      properties: { page: { type: 'string' }, limit: { type: 'string' }, role: { type: 'string', enum: ['admin', 'member'] } },
    });
  });

  it('named types become shared schemas: optional members, unions, enums, arrays, nesting, Date, recursion', () => {
    expect(route(inv, 'GET', '/users').schemas.response).toEqual({ '200': { type: 'array', items: { $ref: 'User#' } } });
    expect(inv.schemas!.User).toEqual({
      type: 'object',
      properties: {
        id: { type: 'number' },
        name: { type: 'string' },
        email: { type: 'string' },
        role: { type: 'string', enum: ['admin', 'member'] },
        plan: { type: 'string', enum: ['free', 'pro'] },
        tags: { type: 'array', items: { type: 'string' } },
        address: { $ref: 'Address#' },
        createdAt: { type: 'string', format: 'date-time' },
        manager: { anyOf: [{ $ref: 'User#' }, { type: 'null' }] },
      },
      'x-declared-required': ['id', 'name', 'role', 'plan', 'tags', 'address', 'createdAt', 'manager'],
    });
    expect(inv.schemas!.Address).toEqual({ type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string' } }, 'x-declared-required': ['city'] });
  });

  it('the body type, with `required` only under --strict-schemas; responses per status from the checker', () => {
    const r = route(inv, 'POST', '/users');
    expect(r.schemas.body).toEqual({ $ref: 'NewUser#' });
    expect(renderSchema(inv.schemas!.NewUser, false)).not.toHaveProperty('required');
    expect(renderSchema(inv.schemas!.NewUser, true)).toMatchObject({ required: ['name'] });
    expect(r.schemas.response).toEqual({
      '201': { $ref: 'User#' },
      '404': { type: 'object', properties: { error: { type: 'string' } }, 'x-declared-required': ['error'] },
    });
  });

  it('`req.body as T` and the checker type of a spread', () => {
    const r = route(inv, 'PUT', '/users/:id');
    expect(r.schemas.body).toEqual({
      type: 'object',
      properties: { name: { type: 'string' }, email: { type: 'string' }, role: { type: 'string', enum: ['admin', 'member'] } },
    });
    expect(renderSchema(r.schemas.response!['200'], false)).toMatchObject({ type: 'object', properties: { id: { type: 'number' }, name: { type: 'string' } } });
  });

  it('costs one typed Project per run, created on the first type query', () => {
    analyze(files);
    expect(inferenceCost.types).toBeGreaterThan(0);
    // Warm (the checker is compiled once per process): well under a second for a small project.
    expect(inferenceCost.types).toBeLessThan(1500);
  });
});

describe('validation the app already does', () => {
  it('zod: safeParse(req.body) and a validate(schema) middleware → JSON Schema, enforced required', () => {
    const inv = analyze({
      'app.ts': `${TS_HEAD}import { z } from 'zod';
const Signup = z.object({
  email: z.string().email(),
  age: z.number().int().min(13).optional(),
  plan: z.enum(['free', 'pro']).default('free'),
  tags: z.array(z.string()).max(5),
  nickname: z.string().nullable(),
});
const Search = z.object({ page: z.coerce.number().int().positive().optional(), q: z.string().min(1) });
declare function validate(s: unknown): any;
app.post('/signup', (req, res) => {
  const parsed = Signup.safeParse(req.body);
  if (!parsed.success) return res.status(400).json({ issues: parsed.error.issues });
  res.status(201).json({ ok: true });
});
app.get('/search', validate(Search), (req, res) => { res.json([]); });
`,
    });
    expect(route(inv, 'POST', '/signup').schemas.body).toEqual({ $ref: 'Signup#' });
    expect(inv.schemas!.Signup).toEqual({
      type: 'object',
      properties: {
        email: { type: 'string', format: 'email' },
        age: { type: 'integer', minimum: 13 },
        plan: { type: 'string', enum: ['free', 'pro'], default: 'free' },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 5 },
        nickname: { type: ['string', 'null'] },
      },
      required: ['email', 'tags', 'nickname'],
    });
    // `validate(Search)` names no part: a query schema when the middleware's name says so, body otherwise.
    expect(route(inv, 'GET', '/search').schemas.body).toBeUndefined();
  });

  it('zod: validateQuery(schema) documents the query, coerced numbers as numbers', () => {
    const inv = analyze({
      'app.js': `${JS_HEAD}const { z } = require('zod');
const ListQuery = z.object({ page: z.coerce.number().int().optional(), q: z.string() });
const validateQuery = (s) => (req, res, next) => next();
app.get('/items', validateQuery(ListQuery), (req, res) => res.json([]));
`,
    });
    // Inlined: each key is a query parameter of its own.
    expect(route(inv, 'GET', '/items').schemas.querystring).toEqual({ type: 'object', properties: { page: { type: 'integer' }, q: { type: 'string' } }, required: ['q'] });
  });

  it('express-validator chains', () => {
    const inv = analyze({
      'app.js': `${JS_HEAD}const { body, query } = require('express-validator');
app.post('/users', body('email').isEmail(), body('age').optional().isInt({ min: 18 }), query('ref').optional().isLength({ max: 8 }), (req, res) => res.json({}));
`,
    });
    const s = route(inv, 'POST', '/users').schemas;
    expect(s.body).toEqual({
      type: 'object',
      properties: { email: { type: 'string', format: 'email' }, age: { type: 'integer', minimum: 18 } },
      required: ['email'],
    });
    expect(s.querystring).toEqual({ type: 'object', properties: { ref: { type: 'string', maxLength: 8 } } });
  });
});

describe('docs: JSDoc, tags, operation ids, handlers in other files', () => {
  const inv = analyze({
    'app.js': `${JS_HEAD}const users = require('./routes/users');
app.use('/api/users', users);
/**
 * Liveness probe. Answers while the process runs.
 *
 * @returns 200
 */
app.get('/health', (req, res) => res.json({ ok: true }));
app.get('/health', (req, res) => res.json({ ok: true }));
`,
    'routes/users.js': `const express = require('express');
const ctrl = require('../controllers/users');
const router = express.Router();
router.get('/', ctrl.list);
router.get('/:id', ctrl.show);
module.exports = router;
`,
    'controllers/users.js': `const db = [{ id: 1, name: 'Ada' }];
/** List users, newest first. */
exports.list = function listUsers(req, res) {
  const { limit } = req.query;
  res.json(db.slice(0, Number(limit) || 10));
};
module.exports.show = (req, res) => {
  const user = db.find((u) => u.id === Number(req.params.id));
  if (!user) return res.status(404).json({ error: 'not found' });
  res.json(user);
};
`,
  });

  it('summary is the first sentence, description the rest; tags come from the router file', () => {
    const health = route(inv, 'GET', '/health').schemas;
    expect(health.summary).toBe('Liveness probe');
    expect(health.description).toBe('Answers while the process runs.');
    expect(route(inv, 'GET', '/api/users').schemas.tags).toEqual(['users']);
  });

  it('handlers imported from a controller module are read too', () => {
    const list = route(inv, 'GET', '/api/users').schemas;
    expect(list.summary).toBe('List users, newest first');
    expect(list.querystring).toEqual({ type: 'object', properties: { limit: { type: 'string' } } });
    expect(renderSchema(list.response!['200'], false)).toEqual({ type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } } });
    expect(Object.keys(route(inv, 'GET', '/api/users/:id').schemas.response!)).toEqual(['200', '404']);
  });

  it('operation ids are unique', () => {
    const ids = inv.files.flatMap((f) => f.routes).map((r) => r.schemas.operationId);
    expect(ids).toEqual(expect.arrayContaining(['getHealth', 'getHealth2', 'getApiUsers', 'getApiUsersById']));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the route schema Fastify gets: content-typed non-JSON responses, declared-required dropped', () => {
    const r = route(analyze({ 'app.js': `${JS_HEAD}app.get('/t', (req, res) => res.sendStatus(418));\n` }), 'GET', '/t');
    expect(fastifyRouteSchema(r, false)).toEqual({ operationId: 'getT', response: { '418': { content: { 'text/plain': { schema: { type: 'string' } } } } } });
  });
});
