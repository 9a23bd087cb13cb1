/**
 * Routes registered on an Express app: `app.METHOD(path, ...middleware, handler)`,
 * `app.route(path).get(…).post(…)` chains and `app.param(name, fn)`. Paths are translated,
 * handlers converted (handlers.ts), route-level middleware becomes `preHandler` hooks.
 * A route the tool cannot express natively moves, unchanged, to the Express compat router
 * (served through @fastify/express) with a TODO marker: it keeps working and is listed.
 */
import { standalone } from './standalone.js';
import type { ASTPath, JSCodeshift } from 'jscodeshift';
import type { Route } from '../src/inventory.js';
import { addTodo, callsByPropertyOffset, chainReceiver, findLocalFunction, setStringValue, statementOf, stringValue, freshComments } from './ast.js';
import { COMPAT_ROUTER, convertedOwners, isRouter, type Pass, type TransformContext } from './context.js';
import { convertHandler, type HandlerOptions } from './handlers.js';
import { toFastifyPath, type FastifyPath } from './paths.js';
import { addRouteGeneric, retypeDeclaredHook, retypeParams } from './typescript.js';
import { returnedFunction, sharedAt } from './shared-middleware.js';
import { uploadMiddleware } from './uploads.js';

type Node = any;

const FN_TYPES = new Set(['ArrowFunctionExpression', 'FunctionExpression']);

function handlerOptions(fp: FastifyPath, kind: HandlerOptions['kind']): HandlerOptions {
  return { kind, hasStarWildcard: fp.hasStarWildcard, splatNames: new Set(fp.splatNames) };
}

/** Converts a function argument (inline, or a local function passed by name) in place. */
function convertFunctionArg(
  ctx: TransformContext,
  argPath: ASTPath,
  opts: HandlerOptions,
  converted: Set<Node>,
  fp?: FastifyPath,
): { ok: true } | { ok: false; reason: string } {
  const { j } = ctx;
  const node: any = argPath.node;
  if (opts.kind === 'hook' && sharedAt(ctx, node)) {
    // Converted in its own module (shared-middleware pass): used here as it is.
    return { ok: true };
  }
  if (opts.kind === 'hook') {
    // `upload.single('avatar')` on a multer instance: the uploads pass rewrites the instance.
    const upload = uploadMiddleware(ctx, node);
    if (upload) return upload;
  }
  if (FN_TYPES.has(node.type)) {
    const r = convertHandler(j, argPath, ctx.state, opts);
    if (r.ok && opts.kind === 'hook' && ctx.file.language === 'ts' && fp) retypeParams(j, node, fp, ctx.state);
    return r;
  }
  if (node.type === 'Identifier') {
    const fnPath = findLocalFunction(j, ctx.root, node.name);
    if (!fnPath) return { ok: false, reason: `handler ${node.name} is not defined in this file` };
    if (converted.has(fnPath.node)) return { ok: true };
    const r = convertHandler(j, fnPath, ctx.state, opts);
    if (r.ok) {
      converted.add(fnPath.node);
      if (ctx.file.language === 'ts' && fp) retypeParams(j, fnPath.node, fp, ctx.state);
      if (ctx.file.language === 'ts' && opts.kind === 'hook') retypeDeclaredHook(j, fnPath, ctx.state);
    }
    return r;
  }
  if (opts.kind === 'hook' && node.type === 'CallExpression' && node.callee.type === 'Identifier') {
    // A local factory: `requireRole('admin')` with `function requireRole(role) { return (req, res, next) => … }`.
    const factory = findLocalFunction(j, ctx.root, node.callee.name);
    const inner = factory && returnedFunction(j, factory);
    if (inner) {
      if (converted.has(inner.node)) return { ok: true };
      const r = convertHandler(j, inner, ctx.state, opts);
      if (r.ok) converted.add(inner.node);
      return r;
    }
  }
  if (isAsyncWrapper(ctx, node) && FN_TYPES.has(node.arguments[0].type)) {
    // `asyncHandler(async (req, res) => …)`: Fastify already sends rejections to the error
    // handler, so the wrapper goes once the function inside it converts.
    const inner = (argPath as any).get('arguments', 0);
    const r = convertFunctionArg(ctx, inner, opts, converted, fp);
    if (r.ok) argPath.replace(inner.node);
    return r;
  }
  return { ok: false, reason: 'handler is not a function literal or a local function' };
}

const ASYNC_WRAPPER_PACKAGES = new Set(['express-async-handler', 'express-async-wrap', 'express-asyncify', 'async-handler-express']);

/** A call to an async-error wrapper: imported from a known package, or a local `fn(...).catch(next)`. */
function isAsyncWrapper(ctx: TransformContext, node: Node): boolean {
  if (node.type !== 'CallExpression' || node.arguments.length !== 1 || node.callee.type !== 'Identifier') return false;
  const name = node.callee.name;
  const { j } = ctx;
  const fromPackage =
    ctx.root.find(j.ImportDeclaration).some((p: any) => ASYNC_WRAPPER_PACKAGES.has(p.node.source.value) && p.node.specifiers.some((sp: any) => sp.local.name === name)) ||
    ctx.root
      .find(j.VariableDeclarator, { id: { name } })
      .some((p: any) => p.node.init?.type === 'CallExpression' && p.node.init.callee.name === 'require' && ASYNC_WRAPPER_PACKAGES.has(p.node.init.arguments[0]?.value));
  if (fromPackage) return true;
  const local = findLocalFunction(j, ctx.root, name);
  return !!local && /\.catch\(\s*next\s*\)/.test(j(local.node).toSource());
}

/** Moves a statement that registers on the app to the Express compat router, with a TODO. */
export function keepOnExpress(ctx: TransformContext, call: ASTPath, appName: string, reason: string, code: 'HANDLER_COMPAT' | 'REGEX_ROUTE' | 'UNKNOWN_MIDDLEWARE' | 'DYNAMIC_ROUTE', at: Node = call.node): void {
  const { j } = ctx;
  // The chain's receiver now names the compat router.
  const receiver = chainReceiver(call.node);
  if (receiver?.name === appName) receiver.name = COMPAT_ROUTER;
  ctx.state.needsExpressCompat = true;
  if (code !== 'UNKNOWN_MIDDLEWARE') ctx.state.compatRoutes.add(code);
  const stmt = statementOf(call);
  if (stmt) addTodo(j, stmt, code, reason);
  ctx.report(code, at, reason);
}

function routePathInfo(ctx: TransformContext, route: Route): { ok: true; value: FastifyPath } | { ok: false; reason: string } {
  if (route.path === undefined) return { ok: true, value: { path: '', hasStarWildcard: false, splatNames: [] } };
  return toFastifyPath(route.path, ctx.inventory.expressMajor);
}

/** One route call `app.get(path, ...fns)` (not chained). */
function convertRouteCall(ctx: TransformContext, route: Route, call: ASTPath, converted: Set<Node>): void {
  const { j } = ctx;
  const callNode: any = call.node;
  const args: any[] = callNode.arguments;
  const info = routePathInfo(ctx, route);
  if (!info.ok) return compat(ctx, route, call, info.reason, 'REGEX_ROUTE');
  if (args[0].type === 'RegExpLiteral' || (args[0].type === 'Literal' && args[0].regex)) {
    return compat(ctx, route, call, 'regular-expression path', 'REGEX_ROUTE');
  }
  if (route.path === undefined) ctx.report('DYNAMIC_ROUTE', args[0]);
  const fnArgs = args.slice(1);
  if (fnArgs.some((a: any) => a.type === 'SpreadElement' || a.type === 'ArrayExpression')) {
    return compat(ctx, route, call, 'middleware passed as an array or spread', 'HANDLER_COMPAT');
  }
  const handlerPath = (call as any).get('arguments', args.length - 1);
  const mwPaths = fnArgs.slice(0, -1).map((_a: any, i: number) => (call as any).get('arguments', i + 1));
  // Plan: every function must convert, or the route stays on Express whole. A handler converts
  // all-or-nothing, so only middleware converted before it can leave the route half done: the
  // print that detects it is needed only when a middleware's conversion can change the call.
  const snapshot = mwPaths.some((p: ASTPath) => mayChangeCall(ctx, p.node, call)) ? j(call).toSource() : undefined;
  // In order, stopping at the first function that cannot convert: nothing after it is touched.
  let failed: { ok: false; reason: string } | undefined;
  for (const [p, kind] of [...mwPaths.map((p: ASTPath) => [p, 'hook'] as const), [handlerPath, 'route'] as const]) {
    const r = convertFunctionArg(ctx, p, handlerOptions(info.value, kind), converted, info.value);
    if (!r.ok) {
      failed = r;
      break;
    }
  }
  if (failed) {
    const at = call.node;
    // A middleware converted in the call before another function failed: the route goes back to
    // Express as it was written (named functions converted elsewhere get an Express copy).
    if (snapshot !== undefined && j(call).toSource() !== snapshot) call = restored(ctx, call, snapshot);
    return compat(ctx, route, call, failed.reason, 'HANDLER_COMPAT', at);
  }
  for (const mw of fnArgs.slice(0, -1)) if (sharedAt(ctx, mw)) ctx.state.sharedUsedNatively.add(`${ctx.file.file}:${mw.start}`);
  if (route.path !== undefined && info.value.path !== route.path) setStringValue(args[0], info.value.path);
  if (mwPaths.length > 0) {
    const mws = fnArgs.slice(0, -1);
    // The whole call from source text, so recast prints `{ preHandler: [a, b] }` on one line.
    const callee = j(callNode.callee).toSource();
    const list = mws.length === 1 ? ['', ''] : ['[', ...mws.slice(1).map(() => ', '), ']'];
    const strings = [`${callee}(`, `, { preHandler: ${list[0]}`, ...list.slice(1, -1), `${list[list.length - 1]} }, `, ')'];
    const replaced = (call as any).replace(j.template.expression(strings as any, args[0], ...mws, args[args.length - 1]));
    call = replaced[0];
  }
  ctx.state.routeCalls.set(route.id, call.node);
  if (ctx.file.language === 'ts' && route.path !== undefined) addRouteGeneric(j, call, info.value, ctx.state);
}

/**
 * Whether converting middleware argument `arg` can edit the text of route call `call`. A named
 * middleware is converted where it is declared (or not at all when shared or undeclared), so it
 * can edit the call only if a function of that name is declared inside it: looked up in the call
 * alone, not the file (a yes when the file's own lookup would pick another declaration only costs
 * a print). Any other argument is converted in place.
 */
function mayChangeCall(ctx: TransformContext, arg: Node, call: ASTPath): boolean {
  if (arg.type !== 'Identifier') return true;
  if (sharedAt(ctx, arg)) return false;
  return findLocalFunction(ctx.j, ctx.j(call), arg.name) !== undefined;
}

/**
 * The call as its source text said before the passes edited it: a fresh node parsed from that
 * text as a statement (not wrapped in parentheses), so recast prints it as written.
 */
function restored(ctx: TransformContext, call: ASTPath, text: string): ASTPath {
  return (call as any).replace(ctx.j.template.statement([`${text};`] as any).expression)[0];
}

/** `at`: where to report, when `call` was rebuilt and has no place in the file. */
function compat(ctx: TransformContext, route: Route, call: ASTPath, reason: string, code: 'HANDLER_COMPAT' | 'REGEX_ROUTE', at?: Node): void {
  if (isRouter(ctx, route.owner)) {
    // A router converts whole or not at all; the driver runs the file again keeping it on Express.
    ctx.state.routersNeedingExpress.set(route.owner, reason);
    return;
  }
  keepOnExpress(ctx, call, route.owner, reason, code, at);
  ctx.setVerdict(route.id, { kind: 'compat', codes: [code] });
  addCompatBodyParsers(ctx, call);
}

/** Express's global body parsers must run for routes kept on Express (Fastify's do not reach them). */
function addCompatBodyParsers(ctx: TransformContext, call: ASTPath): void {
  if (ctx.state.compatBodyParsers.length === 0) return;
  const { j } = ctx;
  let target: any = call.node;
  // In a chain `expressCompat.route(p).get(h)`, parsers go first in each method call.
  const parsers = ctx.state.compatBodyParsers.map((src) => j.template.expression([src] as any));
  const isChain = target.callee.object?.type === 'CallExpression';
  while (target && target.type === 'CallExpression') {
    const at = isChain ? 0 : 1;
    target.arguments.splice(at, 0, ...parsers.map((p: any) => ({ ...p })));
    if (!isChain) break;
    target = target.callee.object;
    if (target.callee?.property?.name === 'route') break;
  }
}

/** `app.route('/x').get(a).post(b)` → `app.get('/x', a); app.post('/x', b);` */
function convertRouteChain(ctx: TransformContext, routes: Route[], calls: ASTPath[], converted: Set<Node>): void {
  const { j } = ctx;
  const outer = calls[calls.length - 1]!; // the last call in the chain is the outermost node
  const stmt = statementOf(outer);
  const first = routes[0]!;
  const info = routePathInfo(ctx, first);
  const reasons: string[] = [];
  if (!info.ok) reasons.push(info.reason);
  if (!stmt || (stmt.node as any).type !== 'ExpressionStatement' || (stmt.node as any).expression !== outer.node) {
    reasons.push('route chain used as a value');
  }
  const pathNode: any = (() => {
    let cur: any = outer.node;
    while (cur.callee.object.type === 'CallExpression' && cur.callee.property.name !== 'route') cur = cur.callee.object;
    return cur.callee.object.arguments?.[0] ?? cur.arguments[0];
  })();
  // A handler converts whole or not at all: only an earlier one, converted, can leave the chain half done.
  const snapshot = reasons.length === 0 && routes.length > 1 ? j(outer).toSource() : undefined;
  if (reasons.length === 0 && info.ok) {
    for (const [i, route] of routes.entries()) {
      const call: any = calls[i];
      if (call.node.arguments.length !== 1) {
        reasons.push('route-level middleware inside app.route()');
        break;
      }
      const r = convertFunctionArg(ctx, call.get('arguments', 0), handlerOptions(info.value, 'route'), converted, info.value);
      if (!r.ok) {
        reasons.push(r.reason);
        break;
      }
      void route;
    }
  }
  if ((reasons.length > 0 || !info.ok) && isRouter(ctx, first.owner)) {
    ctx.state.routersNeedingExpress.set(first.owner, reasons[0]!);
    return;
  }
  if (reasons.length > 0 || !info.ok) {
    const at = outer.node;
    const kept = snapshot !== undefined && j(outer).toSource() !== snapshot ? restored(ctx, outer, snapshot) : outer;
    keepOnExpress(ctx, kept, first.owner, reasons[0]!, 'HANDLER_COMPAT', at);
    for (const r of routes) ctx.setVerdict(r.id, { kind: 'compat', codes: ['HANDLER_COMPAT'] });
    addCompatBodyParsers(ctx, kept);
    return;
  }
  const fastifyPath = j.stringLiteral(info.value.path);
  if (pathNode.extra?.raw?.startsWith("'") || pathNode.raw?.startsWith?.("'")) setStringValue(fastifyPath, info.value.path);
  const statements = routes.map((route, i) => {
    const call: any = calls[i]!.node;
    const path = { ...pathNode };
    if (route.path !== undefined && info.value.path !== route.path) setStringValue(path, info.value.path);
    const newCall = j.callExpression(j.memberExpression(j.identifier(route.owner), j.identifier(route.method.toLowerCase())), [path, call.arguments[0]]);
    return j.expressionStatement(newCall);
  });
  if ((stmt!.node as any).comments) (statements[0] as any).comments = freshComments(j, (stmt!.node as any).comments);
  statements.forEach((s: any, i) => ctx.state.routeCalls.set(routes[i]!.id, s.expression));
  stmt!.replace(...statements);
  if (ctx.file.language === 'ts') {
    for (const s of statements) addRouteGeneric(j, j(s as any).find(j.CallExpression).paths()[0]!, info.value, ctx.state);
  }
}

/** `app.param('id', (req, res, next, id) => …)` → a preHandler hook that runs when the route has `:id`. */
function convertParam(ctx: TransformContext, call: ASTPath, appName: string, converted: Set<Node>): void {
  const { j } = ctx;
  const node: any = call.node;
  const name = stringValue(node.arguments[0]);
  const fn: any = node.arguments[1];
  const stmt = statementOf(call);
  if (!name || !fn || !FN_TYPES.has(fn.type) || !stmt || fn.params.length > 4 || fn.async) {
    ctx.report('APP_PARAM', node, 'app.param with a non-literal name or a non-inline callback', true);
    if (stmt) addTodo(j, stmt, 'APP_PARAM', 'app.param could not be converted');
    return;
  }
  const valueParam = fn.params[3];
  fn.params = fn.params.slice(0, 3);
  const fnPath = (call as any).get('arguments', 1);
  const r = convertHandler(j, fnPath, ctx.state, { kind: 'hook', hasStarWildcard: false, splatNames: new Set() });
  if (!r.ok) {
    fn.params.push(valueParam);
    keepOnExpress(ctx, call, appName, r.reason, 'HANDLER_COMPAT');
    return;
  }
  converted.add(fn);
  const [reqP, , doneP] = fn.params;
  const request = reqP?.name ?? 'request';
  const done = doneP?.name ?? 'done';
  if (!reqP) fn.params.push(j.identifier('request'));
  // Express calls the param callback only when the matched route has the parameter.
  const access = /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `['${name.replace(/'/g, "\\'")}']`;
  const guard = j.template.statement([`if (${request}.params${access} === undefined) return ${done}();\n`] as any);
  const pre: any[] = [guard];
  if (valueParam && valueParam.type === 'Identifier') {
    pre.push(j.template.statement([`const ${valueParam.name} = ${request}.params${access};\n`] as any));
  }
  if (fn.body.type !== 'BlockStatement') fn.body = j.blockStatement([j.expressionStatement(fn.body)]);
  fn.body.body.unshift(...pre);
  if (!doneP) fn.params.push(j.identifier('done'));
  node.callee.property.name = 'addHook';
  node.arguments = [j.stringLiteral('preHandler'), fn];
  ctx.report('APP_PARAM', node, `app.param('${name}') became a preHandler hook`);
}

export const routesPass: Pass = {
  name: 'routes',
  run(ctx) {
    const { j } = ctx;
    const calls = callsByPropertyOffset(j, ctx.root);
    const converted = ctx.state.convertedFunctions;
    const appNames = convertedOwners(ctx);
    const routes = ctx.file.routes.filter((r) => appNames.has(r.owner));
    const chains = new Map<Node, { routes: Route[]; calls: ASTPath[] }>();
    for (const route of routes) {
      const call = calls.get(route.location.offset);
      if (!call) continue;
      const callee: any = (call.node as any).callee;
      const inChain = callee.object.type === 'CallExpression';
      if (!inChain) {
        convertRouteCall(ctx, route, call, converted);
        continue;
      }
      // Group chained routes by their outermost call (the statement's expression).
      let outer: any = call;
      while (outer.parent?.node.type === 'MemberExpression' && outer.parent.parent?.node.type === 'CallExpression') outer = outer.parent.parent;
      const group = chains.get(outer.node) ?? { routes: [], calls: [] };
      group.routes.push(route);
      group.calls.push(call);
      chains.set(outer.node, group);
    }
    for (const group of chains.values()) {
      // Inner calls come first in source order; keep method order as written.
      const order = group.calls.map((c, i) => ({ c, r: group.routes[i]! })).sort((a, b) => a.r.location.offset - b.r.location.offset);
      convertRouteChain(ctx, order.map((o) => o.r), order.map((o) => o.c), converted);
    }
    for (const site of ctx.file.computedRoutes ?? []) {
      if (!appNames.has(site.owner)) continue;
      const call = ctx.root
        .find(j.CallExpression, { callee: { type: 'MemberExpression', computed: true, object: { type: 'Identifier', name: site.owner } } })
        .filter((p: any) => p.node.start === site.location.offset)
        .paths()[0];
      if (!call) continue;
      const reason = 'the route method is computed: the route stays on Express, which takes any method name';
      if (isRouter(ctx, site.owner)) {
        // A router converts whole or not at all; the driver runs the file again keeping it on Express.
        ctx.state.routersNeedingExpress.set(site.owner, 'a route method is computed (`router[method](...)`)');
        continue;
      }
      keepOnExpress(ctx, call, site.owner, reason, 'DYNAMIC_ROUTE');
      addCompatBodyParsers(ctx, call);
    }
    ctx.root
      .find(j.CallExpression, { callee: { type: 'MemberExpression', property: { name: 'param' } } })
      .filter((p: any) => p.node.callee.object.type === 'Identifier' && appNames.has(p.node.callee.object.name) && p.node.arguments.length === 2)
      .forEach((p: any) => convertParam(ctx, p, p.node.callee.object.name, converted));
  },
};

/** Runs this pass alone: `jscodeshift -t dist/transforms/routes.js <files>`. */
export default standalone(routesPass);
