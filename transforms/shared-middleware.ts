/**
 * Middleware defined in one module and used by others (`middleware/auth.js` exporting
 * `requireUser`, or a factory `requireRole(role)` returning one) becomes a callback-style
 * Fastify hook `(request, reply, done)` in its own module. Its users then register it as a
 * hook or `preHandler` unchanged. The driver allows this only while every place that uses it
 * converts too; otherwise the function stays Express middleware for the code that stays Express.
 */
import type { ASTPath } from 'jscodeshift';
import { findLocalFunction } from './ast.js';
import type { SharedMiddleware } from '../src/inventory.js';
import { writeInventory, type Pass, type TransformContext } from './context.js';
import { convertHandler } from './handlers.js';
import { rewriteRequestUse } from './request.js';
import { retypeParams } from './typescript.js';

type Node = any;

/** The function a factory returns: `return (req, res, next) => …` or an arrow's expression body. */
export function returnedFunction(j: TransformContext['j'], factory: ASTPath): ASTPath | undefined {
  const fn: Node = factory.node;
  if (fn.body.type !== 'BlockStatement') {
    return /Function/.test(fn.body.type) ? (factory as any).get('body') : undefined;
  }
  const ret = j(factory)
    .find(j.ReturnStatement)
    .filter((p: any) => {
      let q = p.parent;
      while (q && !/Function/.test(q.node.type)) q = q.parent;
      return q?.node === fn && p.node.argument && /Function/.test(p.node.argument.type);
    })
    .paths()[0] as any;
  return ret?.get('argument');
}

/** `req.get('x')` → `req.headers.x` in a request helper: the same value on Express and Fastify. */
function rewriteHelperReads(ctx: TransformContext, local: string, index: number): void {
  const { j } = ctx;
  const fnPath = findLocalFunction(j, ctx.root, local);
  const param: Node = (fnPath?.node as any)?.params?.[index];
  if (!fnPath || param?.type !== 'Identifier') return;
  j(fnPath)
    .find(j.CallExpression, { callee: { type: 'MemberExpression', object: { type: 'Identifier', name: param.name } } })
    .filter((p: any) => ['get', 'header'].includes(p.node.callee.property.name))
    .forEach((p: any) => {
      const r = rewriteRequestUse(j, param.name, p.node.callee, p.node, p.parent?.node, { hasStarWildcard: false, splatNames: new Set() });
      p.replace(r.node);
    });
}

export const sharedMiddlewarePass: Pass = {
  name: 'shared-middleware',
  run(ctx) {
    const { j, state } = ctx;
    for (const entry of ctx.file.helperExports ?? []) {
      const [local, index] = entry.split('#');
      rewriteHelperReads(ctx, local!, Number(index));
    }
    for (const local of ctx.file.sharedExports ?? []) {
      const id = `${ctx.file.file}#${local}`;
      const entry = ctx.inventory.sharedMiddleware?.find((m) => m.id === id);
      if (!entry || !sharedAllowed(entry)) continue;
      const fnPath = findLocalFunction(j, ctx.root, local);
      const target = fnPath && (entry.factory ? returnedFunction(j, fnPath) : fnPath);
      if (!target) {
        state.sharedNeedingExpress.set(id, 'not a middleware function');
        continue;
      }
      const r = convertHandler(j, target, state, { kind: 'hook', hasStarWildcard: false, splatNames: new Set() });
      if (!r.ok) {
        state.sharedNeedingExpress.set(id, r.reason);
        continue;
      }
      state.convertedFunctions.add(target.node);
      // `function requireRole(role): RequestHandler` now returns a Fastify hook.
      const returnType: Node = (fnPath!.node as any).returnType?.typeAnnotation;
      if (entry.factory && returnType?.type === 'TSTypeReference' && /RequestHandler$/.test(j(returnType.typeName).toSource())) {
        (fnPath!.node as any).returnType.typeAnnotation = j.tsTypeReference(j.identifier('preHandlerHookHandler'));
        state.fastifyTypes.add('preHandlerHookHandler');
      }
      writeInventory(ctx, { kind: 'readsBody', id, value: JSON.stringify(target.node, (k, v) => (k === 'loc' || k === 'tokens' ? undefined : v)).includes('"name":"body"') });
      if (ctx.file.language === 'ts') retypeParams(j, target.node, { path: '', hasStarWildcard: false, splatNames: [] }, state);
    }
  },
};

/** The shared middleware used at this argument, when it may be used natively. */
export function sharedAt(ctx: TransformContext, node: Node): { id: string; readsBody?: boolean } | undefined {
  if (node?.start == null) return undefined;
  const entry = sharedBySite(ctx.inventory).get(`${ctx.file.file}:${node.start}`);
  if (!entry || !sharedAllowed(entry)) return undefined;
  return entry;
}

/** Still a candidate: the driver marks it `compat` once something that uses it stays on Express. */
export function sharedAllowed(entry: SharedMiddleware): boolean {
  return !entry.mixed && entry.verdict?.kind !== 'compat';
}

/** Use site (`file:offset`) → shared middleware, built once per inventory (a big app has thousands). */
const siteIndex = new WeakMap<object, Map<string, SharedMiddleware>>();
function sharedBySite(inventory: TransformContext['inventory']): Map<string, SharedMiddleware> {
  let index = siteIndex.get(inventory);
  if (!index) {
    index = new Map();
    for (const m of inventory.sharedMiddleware ?? []) for (const u of m.uses) index.set(`${u.file}:${u.offset}`, m);
    siteIndex.set(inventory, index);
  }
  return index;
}
