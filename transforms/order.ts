/**
 * Middleware order. An Express middleware only affects routes registered after it; a Fastify
 * hook affects every route of its encapsulation context, whatever the order. So when a hook
 * (made from `app.use(fn)`) comes after routes of the same app or router, it and everything
 * registered after it move into an encapsulated child plugin, where the earlier routes cannot
 * see it — the same split Express's order made.
 */
import { standalone } from './standalone.js';
import type { JSCodeshift } from 'jscodeshift';
import { freshComments, programPath } from './ast.js';
import { convertedOwners, type Pass } from './context.js';

type Node = any;

/** The receiver at the root of `x.a(...).b(...)` when the statement is such a call. */
function receiverOf(stmt: Node): string | undefined {
  if (stmt?.type !== 'ExpressionStatement') return undefined;
  let cur = stmt.expression;
  while (cur?.type === 'CallExpression' && cur.callee.type === 'MemberExpression') cur = cur.callee.object;
  return cur?.type === 'Identifier' ? cur.name : undefined;
}

function methodOf(stmt: Node): string | undefined {
  const callee = stmt?.expression?.callee;
  return callee?.type === 'MemberExpression' ? callee.property.name : undefined;
}

const REGISTRATIONS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'all', 'register', 'route', 'addHook']);

/** Splits one statement list; returns true when it changed anything. */
export function splitAfterLateHooks(j: JSCodeshift, body: Node[], owner: string, hooks: Set<Node>, typed: boolean, onRoute: Set<Node> = new Set()): boolean {
  const isRegistration = (s: Node) => receiverOf(s) === owner && REGISTRATIONS.has(methodOf(s) ?? '');
  const firstRoute = body.findIndex((s) => isRegistration(s) && !hooks.has(s) && !onRoute.has(s));
  if (firstRoute === -1) return false;
  const isBoundary = (s: Node, i: number) => receiverOf(s) === owner && ((i > firstRoute && hooks.has(s)) || onRoute.has(s));
  const lateHook = body.findIndex((s, i) => isBoundary(s, i) && body.slice(i + 1).some((t) => isRegistration(t) && !onRoute.has(t)));
  if (lateHook === -1) return false;
  let last = lateHook;
  body.forEach((s, i) => {
    // A trailing 404 handler goes in too: in Express the middleware ran before it as well.
    if (i > lateHook && (isRegistration(s) || (receiverOf(s) === owner && methodOf(s) === 'setNotFoundHandler'))) last = i;
  });
  const isMoved = (st: Node) => receiverOf(st) === owner;
  // Only the app's (router's) own calls move; declarations in between (constants, helpers,
  // other routers) stay at top level, where the rest of the module still sees them. The
  // plugin runs after the module body, so everything it reads is initialised by then.
  const range = body.slice(lateHook, last + 1);
  const moved = range.filter(isMoved);
  const stay = range.filter((st) => !isMoved(st));
  const inner = [...moved];
  if (onRoute.has(moved[0]) && moved[0].expression.type === 'CallExpression') {
    // Awaited inside the async plugin, so the routes that follow are registered once it is loaded.
    moved[0].expression = j.awaitExpression(moved[0].expression);
  }
  const innerOnRoute = new Set([...onRoute].filter((n) => n !== moved[0]));
  splitAfterLateHooks(j, inner, owner, hooks, typed, innerOnRoute);
  const param: Node = j.identifier(owner);
  if (typed) param.typeAnnotation = j.tsTypeAnnotation(j.tsTypeReference(j.identifier('FastifyInstance')));
  const fn: Node = j.functionExpression(null, [param], j.blockStatement(inner));
  fn.async = true;
  const register = j.expressionStatement(j.callExpression(j.memberExpression(j.identifier(owner), j.identifier('register')), [fn]));
  const why = onRoute.has(moved[0])
    ? ' The plugin below sees only routes registered after it loads, as Express applied it only to later routes.'
    : ' Express applied the middleware below only to the routes registered after it.';
  (register as Node).comments = [
    j.commentLine(why, true, false),
    ...((freshComments(j, moved[0].comments) ?? []) as Node[]),
  ];
  moved[0].comments = [];
  body.splice(lateHook, range.length, register, ...stay);
  return true;
}

export const orderPass: Pass = {
  name: 'order',
  run(ctx) {
    const { j, state } = ctx;
    if (state.hookStatements.size === 0 && state.onRoutePlugins.size === 0) return;
    const program: Node = programPath(ctx.root).node;
    const typed = ctx.file.language === 'ts';
    for (const owner of convertedOwners(ctx)) {
      if (splitAfterLateHooks(j, program.body, owner, state.hookStatements, typed, state.onRoutePlugins) && typed) state.fastifyTypes.add('FastifyInstance');
    }
  },
};

/** Runs this pass alone: `jscodeshift -t dist/transforms/order.js <files>`. */
export default standalone(orderPass);
