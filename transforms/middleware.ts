/**
 * `app.use(...)`: body parsers map to Fastify (JSON is native; urlencoded is @fastify/formbody),
 * inline `(req, res, next)` middleware becomes an `onRequest`/`preHandler` hook, and anything
 * else stays on Express through @fastify/express (compat router), marked and reported.
 */
import { standalone } from './standalone.js';
import type { ASTPath } from 'jscodeshift';
import { addTodo, findLocalFunction, freshComments, nodesByOffset, pruneKeepingComments, statementOf, stringValue } from './ast.js';
import { fileEntry } from '../src/inventory.js';
import { COMPAT_ROUTER, convertedOwners, isRouter, type Pass, type TransformContext, writeInventory } from './context.js';
import { convertHandler } from './handlers.js';
import { keptReason, mapKnownMiddleware } from './plugins.js';
import { sharedAt } from './shared-middleware.js';
import { retypeDeclaredHook, retypeParams } from './typescript.js';

type Node = any;

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Express's `limit: '100kb'` (bytes package syntax) → a byte count. */
export function parseLimit(value: string | number): number | undefined {
  if (typeof value === 'number') return value;
  const m = value.trim().toLowerCase().match(/^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/);
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * SIZE_UNITS[m[2] ?? 'b']!);
}

function objectOption(obj: Node, key: string): Node | undefined {
  if (!obj || obj.type !== 'ObjectExpression') return undefined;
  const prop = obj.properties.find((p: Node) => (p.key?.name ?? p.key?.value) === key);
  return prop?.value;
}

const DEFAULT_EXPRESS_LIMIT = 100 * 1024;

/** Reads `express.json(opts)` / `express.urlencoded(opts)` into Fastify options; false when it cannot. */
function mapBodyParser(ctx: TransformContext, kind: string, call: Node): boolean {
  const opts = call.arguments[0];
  if (opts && opts.type !== 'ObjectExpression') return false;
  const allowed = kind === 'express.json' ? ['limit', 'strict'] : ['limit', 'extended', 'parameterLimit'];
  if (opts && !opts.properties.every((p: Node) => allowed.includes(p.key?.name ?? p.key?.value))) return false;
  const limitNode = objectOption(opts, 'limit');
  const limitValue = limitNode ? (limitNode.type === 'NumericLiteral' ? limitNode.value : stringValue(limitNode)) : undefined;
  const limit = limitNode ? (limitValue === undefined ? undefined : parseLimit(limitValue)) : DEFAULT_EXPRESS_LIMIT;
  if (limit === undefined) return false;
  // Express's parsers default to 100 kB; Fastify's bodyLimit to 1 MiB. Keep the stricter one seen.
  const current = ctx.state.fastifyOptions.get('bodyLimit');
  if (!current || Number(current) > limit) ctx.state.fastifyOptions.set('bodyLimit', String(limit));
  if (kind === 'express.urlencoded') {
    const extendedNode = objectOption(opts, 'extended');
    // Express 4 defaults to the qs parser (nested `a[b]=1`); Express 5 to the simple one.
    const extended = extendedNode ? extendedNode.value === true : ctx.inventory.expressMajor !== 5;
    if (extendedNode && typeof extendedNode.value !== 'boolean') return false;
    if (extended) ctx.state.imports.set('qs', 'qs');
    ctx.state.plugins.set('@fastify/formbody', {
      pkg: '@fastify/formbody',
      local: 'fastifyFormbody',
      // body-parser's own qs options: prototype-named keys kept, arrays up to max(100, fields), 32 levels.
      options: extended ? "{ parser: (body) => qs.parse(body, { allowPrototypes: true, arrayLimit: Math.max(100, body.split('&').length), depth: 32 }) }" : undefined,
    });
  }
  ctx.state.compatBodyParsers.push(ctx.j(call).toSource());
  if (ctx.state.compatBodyParsers.length === 1 && ctx.file.apps.length) {
    // Express's parsers skip bodies of other content types (req.body stays {} in Express 4,
    // undefined in 5); Fastify would parse text/plain itself and answer 415 to the rest.
    const app = ctx.file.apps.find((a) => a.kind === 'app')?.name ?? 'app';
    const empty = ctx.inventory.expressMajor === 5 ? 'done(null)' : 'done(null, {})';
    ctx.state.afterCreate.push(`${app}.removeContentTypeParser('text/plain');`, `${app}.addContentTypeParser('*', (request, payload, done) => ${empty});`);
    if (ctx.inventory.expressMajor !== 5) {
      // Express 4's parsers give every request a body, `{}` when there was none.
      ctx.state.afterCreate.push(`${app}.addHook('preValidation', (request, reply, done) => {\n  if (request.body === undefined) request.body = {};\n  done();\n});`);
    }
  }
  return true;
}

/** `app.use(requireUser)` with `function requireUser(req, res, next) {…}` in this file. */
function convertNamedMiddleware(ctx: TransformContext, name: string): boolean {
  const fnPath = findLocalFunction(ctx.j, ctx.root, name);
  if (!fnPath) return false;
  if (ctx.state.convertedFunctions.has(fnPath.node)) return true;
  if ((fnPath.node as any).params.length !== 3) return false;
  const r = convertHandler(ctx.j, fnPath, ctx.state, { kind: 'hook', hasStarWildcard: false, splatNames: new Set() });
  if (r.ok) {
    ctx.state.convertedFunctions.add(fnPath.node);
    if (ctx.file.language === 'ts') retypeParams(ctx.j, fnPath.node, { path: '', hasStarWildcard: false, splatNames: [] }, ctx.state);
    if (ctx.file.language === 'ts') retypeDeclaredHook(ctx.j, fnPath, ctx.state);
  }
  return r.ok;
}

function hookPhaseOf(ctx: TransformContext, name: string): string {
  const fnPath = findLocalFunction(ctx.j, ctx.root, name);
  return fnPath ? hookPhase(fnPath.node) : 'onRequest';
}

function convertInlineMiddleware(ctx: TransformContext, argPath: ASTPath): boolean {
  const r = convertHandler(ctx.j, argPath, ctx.state, { kind: 'hook', hasStarWildcard: false, splatNames: new Set() });
  return r.ok;
}

/** The router's own inventory entry (same file or another one). */
function routerEntry(ctx: TransformContext, ref: { file: string; name: string }) {
  return fileEntry(ctx.inventory.files, ref.file)?.apps.find((a) => a.name === ref.name && a.kind === 'router');
}

/**
 * `app.use('/api', users)` → `app.register(users, { prefix: '/api' })` when the router became a
 * plugin; the plugins its routes need are registered on this app in its place.
 */
function mountRouter(ctx: TransformContext, call: any, owner: string, pathArg: Node | undefined, routerArg: Node, ref: { file: string; name: string }): boolean {
  const { j } = ctx;
  const sameFile = ref.file === ctx.file.file;
  const entry = routerEntry(ctx, ref);
  const native = sameFile ? ctx.state.nativeRouters.has(ref.name) : entry?.verdict?.kind === 'native';
  if (!native) return false;
  for (const need of entry?.needs ?? []) if (!ctx.state.plugins.has(need.pkg)) ctx.state.plugins.set(need.pkg, need);
  const prefix = pathArg ? stringValue(pathArg) : undefined;
  const registration =
    prefix && prefix !== '/'
      ? j.template.expression([`${owner}.register(`, `, { prefix: `, ` })`] as any, routerArg, pathArg)
      : j.template.expression([`${owner}.register(`, `)`] as any, routerArg);
  call.replace(registration);
  return true;
}

export const middlewarePass: Pass = {
  name: 'middleware',
  run(ctx) {
    const { j } = ctx;
    const owners = convertedOwners(ctx);
    // A path for every node of the file is costly: only built when there is middleware to find.
    const byOffset = ctx.file.middleware.some((mw) => owners.has(mw.owner)) ? nodesByOffset(j, ctx.root) : new Map<number, ASTPath>();
    // Group middleware by their `use` call.
    const handled = new Set<Node>();
    for (const mw of ctx.file.middleware) {
      if (!owners.has(mw.owner)) continue;
      const ownerIsRouter = isRouter(ctx, mw.owner);
      const argPath: any = byOffset.get(mw.location.offset);
      const call: any = argPath?.parent;
      if (!call || call.node.type !== 'CallExpression' || handled.has(call.node)) continue;
      handled.add(call.node);
      const stmt = statementOf(call);
      const args: Node[] = call.node.arguments;
      const pathArg = stringValue(args[0]) !== undefined ? args[0] : undefined;
      const fnArgs = pathArg ? args.slice(1) : args;
      if (mw.router && fnArgs.length === 1) {
        if (mountRouter(ctx, call, mw.owner, pathArg, fnArgs[0], mw.router)) continue;
        const child = routerEntry(ctx, mw.router);
        if (ownerIsRouter && child?.prefix !== undefined && child.rootApp && stmt?.node.type === 'ExpressionStatement') {
          // The child stays on Express: the root app mounts it on its compat router under the
          // full prefix, and this plugin no longer mounts it.
          writeInventory(ctx, { kind: 'hoisted', file: mw.router.file, name: mw.router.name });
          const s2 = stmt;
          addTodo(j, s2, 'ROUTER_COMPAT', `${mw.router.name} stays on Express; the app mounts it under ${child.prefix} through @fastify/express`);
          ctx.report('ROUTER_COMPAT', call.node, `${mw.router.name} is mounted by the app under ${child.prefix}`);
          pruneKeepingComments(s2);
          continue;
        }
        if (ownerIsRouter) {
          ctx.state.routersNeedingExpress.set(mw.owner, `mounts ${mw.router.name}, which stays on Express`);
          continue;
        }
      }
      const keep: Node[] = [];
      const replacement: Node[] = [];
      const lastRoute = Math.max(-1, ...ctx.file.routes.filter((r) => r.owner === mw.owner).map((r) => r.location.offset));
      if (!pathArg && fnArgs.length === 1 && mw.location.offset > lastRoute && stmt?.node.type === 'ExpressionStatement') {
        // After every route: in Express only requests no route answered get here.
        if (convertTrailing(ctx, call, mw.owner)) continue;
      }
      for (const [i, arg] of fnArgs.entries()) {
        const entry = ctx.file.middleware.find((m) => m.location.offset === arg.start);
        const kind = entry?.known ?? 'unknown';
        if (kind === 'express.json' && ownerIsRouter && !pathArg) continue; // Fastify parses JSON everywhere
        if ((kind === 'express.json' || kind === 'express.urlencoded') && !pathArg && !ownerIsRouter && mapBodyParser(ctx, kind, arg)) continue;
        const mapped = kind !== 'unknown' && kind !== 'router' && arg.type === 'CallExpression' ? mapKnownMiddleware(ctx, kind, arg, pathArg, mw.owner, ownerIsRouter) : undefined;
        if (mapped) {
          replacement.push(...mapped);
          continue;
        }
        const sh = !pathArg ? sharedAt(ctx, arg) : undefined;
        if (sh) {
          // Converted in its own module; Express ran it before the body parsers only if it ignores the body.
          const hook = j.expressionStatement(j.callExpression(j.memberExpression(j.identifier(mw.owner), j.identifier('addHook')), [j.stringLiteral(sh.readsBody ? 'preHandler' : 'onRequest'), arg]));
          ctx.state.hookStatements.add(hook);
          ctx.state.sharedUsedNatively.add(`${ctx.file.file}:${arg.start}`);
          replacement.push(hook);
          continue;
        }
        if (arg.type === 'Identifier' && !pathArg && kind === 'unknown' && convertNamedMiddleware(ctx, arg.name)) {
          const hook = j.expressionStatement(j.callExpression(j.memberExpression(j.identifier(mw.owner), j.identifier('addHook')), [j.stringLiteral(hookPhaseOf(ctx, arg.name)), arg]));
          ctx.state.hookStatements.add(hook);
          replacement.push(hook);
          continue;
        }
        const isFn = arg.type === 'ArrowFunctionExpression' || arg.type === 'FunctionExpression';
        if (isFn && !pathArg && convertInlineMiddleware(ctx, call.get('arguments', i))) {
          if (ctx.file.language === 'ts') retypeParams(j, arg, { path: '', hasStarWildcard: false, splatNames: [] }, ctx.state);
          const hook = j.expressionStatement(j.callExpression(j.memberExpression(j.identifier(mw.owner), j.identifier('addHook')), [j.stringLiteral(hookPhase(arg)), arg]));
          ctx.state.hookStatements.add(hook);
          replacement.push(hook);
          continue;
        }
        keep.push(arg);
        if (entry) ctx.setVerdict(entry.id, { kind: 'compat', codes: ['UNKNOWN_MIDDLEWARE'] });
      }
      if (keep.length && ownerIsRouter) {
        // The compat router lives on the app; a router's own middleware cannot move there without
        // losing its scope, so the whole router stays on Express.
        ctx.state.routersNeedingExpress.set(mw.owner, `middleware ${describe(j, keep[0])} has no Fastify equivalent`);
        continue;
      }
      if (!stmt || stmt.node.type !== 'ExpressionStatement') continue;
      if (keep.length) {
        ctx.state.needsExpressCompat = true;
        ctx.state.compatMiddleware = true;
        // A mount kept on Express needs Express's body parsers: Fastify's never reach it.
        const parsers = pathArg ? ctx.state.compatBodyParsers.map((src) => j.template.expression([src] as any)) : [];
        const useCall = j.callExpression(j.memberExpression(j.identifier(COMPAT_ROUTER), j.identifier('use')), pathArg ? [pathArg, ...parsers, ...keep] : keep);
        replacement.push(j.expressionStatement(useCall));
        ctx.report('UNKNOWN_MIDDLEWARE', call.node, keep.map((k) => describe(j, k)).join(', '));
      }
      if (replacement.length === 0) {
        pruneKeepingComments(stmt);
        continue;
      }
      if (ownerIsRouter && !pathArg) ctx.state.routersWithMiddleware.add(mw.owner);
      if (stmt.node.comments) replacement[0].comments = [...(freshComments(j, stmt.node.comments) ?? []), ...(replacement[0].comments ?? [])];
      stmt.replace(...replacement);
      if (keep.length) {
        const newPath = stmt.parent ? findStatement(stmt.parent, replacement[replacement.length - 1]) : undefined;
        if (newPath) addTodo(j, newPath, 'UNKNOWN_MIDDLEWARE', `kept on Express through @fastify/express: ${keep.map((k) => describe(j, k)).join(', ')}`);
      }
    }
  },
};

function describe(j: TransformContext['j'], node: Node): string {
  const text = j(node).toSource().replace(/\s+/g, ' ');
  const short = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  const why = keptReason(node);
  return why ? `${short} (${why})` : short;
}

/**
 * A trailing `(err, req, res, next)` is Express's error handler → `setErrorHandler`; a trailing
 * `(req, res)` that answers is the catch-all 404 → `setNotFoundHandler`.
 */
function convertTrailing(ctx: TransformContext, call: any, appName: string): boolean {
  const { j } = ctx;
  const fnPath = call.get('arguments', 0);
  const fn: Node = fnPath.node;
  if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') return false;
  if (fn.params.length === 4) {
    const errParam = fn.params[0];
    fn.params = fn.params.slice(1);
    const r = convertHandler(j, fnPath, ctx.state, { kind: 'route', hasStarWildcard: false, splatNames: new Set() });
    fn.params = [errParam, ...fn.params.slice(0, 2)];
    if (!r.ok) return false;
    if (errParam.type === 'Identifier') {
      // Express's own errors (body-parser's) carry `status`; Fastify's carry only `statusCode`.
      j(fn)
        .find(j.MemberExpression, { object: { type: 'Identifier', name: errParam.name }, property: { name: 'status' } })
        .filter((p: any) => !(p.parent.node.type === 'AssignmentExpression' && p.parent.node.left === p.node))
        .replaceWith(() => {
          const e = errParam.name;
          const fallback = ctx.file.language === 'ts' && errParam.typeAnnotation ? `(${e} as { statusCode?: number }).statusCode` : `${e}.statusCode`;
          return j.template.expression([`(${e}.status ?? ${fallback})`] as any);
        });
    }
    if (errParam.type === 'Identifier') {
      // body-parser's error types have Fastify twins under `code`.
      const twins: Record<string, string> = {
        'entity.parse.failed': 'FST_ERR_CTP_INVALID_JSON_BODY',
        'entity.too.large': 'FST_ERR_CTP_BODY_TOO_LARGE',
        'encoding.unsupported': 'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
      };
      j(fn)
        .find(j.BinaryExpression, { operator: '===', left: { type: 'MemberExpression', object: { name: errParam.name }, property: { name: 'type' } } })
        .forEach((p: any) => {
          const code = twins[p.node.right.value];
          const codeOf = ctx.file.language === 'ts' && errParam.typeAnnotation ? `(${errParam.name} as { code?: string }).code` : `${errParam.name}.code`;
          if (code) p.replace(j.template.expression([`(${j(p.node).toSource()} || ${codeOf} === '${code}')`] as any));
        });
    }
    if (ctx.file.language === 'ts') retypeParams(j, fn, { path: '', hasStarWildcard: false, splatNames: [] }, ctx.state, 1);
    call.node.callee = j.memberExpression(j.identifier(appName), j.identifier('setErrorHandler'));
    return true;
  }
  if (fn.params.length > 3) return false;
  const r = convertHandler(j, fnPath, ctx.state, { kind: 'route', hasStarWildcard: false, splatNames: new Set() });
  if (!r.ok) return false;
  if (ctx.file.language === 'ts') retypeParams(j, fn, { path: '', hasStarWildcard: false, splatNames: [] }, ctx.state);
  call.node.callee = j.memberExpression(j.identifier(appName), j.identifier('setNotFoundHandler'));
  return true;
}

/** Middleware that reads the body must run after Fastify parsed it (preHandler); others run first (onRequest). */
function hookPhase(fn: Node): string {
  const src = JSON.stringify(fn, (k, v) => (k === 'loc' || k === 'tokens' ? undefined : v));
  return /"name":"body"/.test(src) ? 'preHandler' : 'onRequest';
}

function findStatement(parentPath: any, node: Node): ASTPath | undefined {
  const body = parentPath.node.body;
  if (!Array.isArray(body)) return undefined;
  const index = body.indexOf(node);
  return index === -1 ? undefined : parentPath.get('body', index);
}

/** Runs this pass alone: `jscodeshift -t dist/transforms/middleware.js <files>`. */
export default standalone(middlewarePass);
