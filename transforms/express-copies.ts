/**
 * A local function converted for Fastify (a named middleware or handler) may also be passed to
 * code that stays on Express: a route kept on the compat router, or a router kept whole. Express
 * would call the converted function with its own `req`/`res` (`reply.code` is not there: a 500
 * where the original answered). Such uses get a copy of the function as it was written, under a
 * new name, next to the converted one, marked and reported.
 */
import type { ASTPath } from 'jscodeshift';
import { addTodo, chainReceiver, findLocalFunction, statementOf } from './ast.js';
import { COMPAT_ROUTER, convertedOwners, type Pass, type TransformContext } from './context.js';
import { returnedFunction } from './shared-middleware.js';
import { standalone } from './standalone.js';

type Node = any;

/** The local function (or factory) an argument names, when the passes converted it. */
function convertedTarget(ctx: TransformContext, arg: Node): { name: string; fn: ASTPath; ref: Node } | undefined {
  const { j } = ctx;
  const converted = ctx.state.convertedFunctions;
  if (arg.type === 'Identifier') {
    const fn = findLocalFunction(j, ctx.root, arg.name);
    return fn && converted.has(fn.node) ? { name: arg.name, fn, ref: arg } : undefined;
  }
  if (arg.type === 'CallExpression' && arg.callee.type === 'Identifier') {
    // `requireRole('admin')`: the function the factory returns was converted.
    const factory = findLocalFunction(j, ctx.root, arg.callee.name);
    const inner = factory && returnedFunction(j, factory);
    return inner && converted.has(inner.node) ? { name: arg.callee.name, fn: factory!, ref: arg.callee } : undefined;
  }
  return undefined;
}

/** A name the file does not use: not in its text, nor given to another copy. */
function freeName(ctx: TransformContext, base: string, given: Iterable<string>): string {
  const taken = (name: string) => ctx.source.includes(name) || [...given].includes(name);
  let name = `${base}Express`;
  for (let i = 2; taken(name); i++) name = `${base}Express${i}`;
  return name;
}

/** The function as written, renamed: a declaration, or `const copy = <function>` for a variable. */
function expressCopy(ctx: TransformContext, fn: ASTPath, name: string): Node | undefined {
  const node: Node = fn.node;
  if (node.start == null || node.end == null) return undefined;
  if (node.type === 'FunctionDeclaration') {
    const copy = ctx.j.template.statement([ctx.source.slice(node.start, node.end)] as any);
    copy.id.name = name;
    return copy;
  }
  // `const auth: RequestHandler = (req, res, next) => …`: the declared type goes with it.
  const declarator: Node = fn.parent?.node;
  const annotation = declarator?.id?.typeAnnotation;
  const type = annotation?.start != null ? ctx.source.slice(annotation.start, annotation.end) : '';
  return ctx.j.template.statement([`const ${name}${type} = ${ctx.source.slice(node.start, node.end)};`] as any);
}

export const expressCopiesPass: Pass = {
  name: 'express-copies',
  run(ctx) {
    if (ctx.state.convertedFunctions.size === 0) return;
    const owners = convertedOwners(ctx);
    const expressOwners = new Set([COMPAT_ROUTER, ...ctx.file.apps.map((a) => a.name).filter((name) => !owners.has(name))]);
    if (!ctx.state.needsExpressCompat && expressOwners.size === 1) return;
    const { j } = ctx;
    const copies = new Map<string, string>(); // original name → copy name
    ctx.root
      .find(j.CallExpression, { callee: { type: 'MemberExpression' } })
      .filter((p: any) => expressOwners.has(chainReceiver(p.node)?.name ?? ''))
      .forEach((p: any) => {
        // `expressCompat.get('/x', [auth, audit], h)`: Express flattens arrays of middleware.
        const args = p.node.arguments.flatMap((a: Node) => (a.type === 'ArrayExpression' ? a.elements.filter(Boolean) : [a]));
        for (const arg of args) {
          const target = convertedTarget(ctx, arg);
          if (!target) continue;
          let copyName = copies.get(target.name);
          if (!copyName) {
            const stmt = statementOf(target.fn);
            copyName = freeName(ctx, target.name, copies.values());
            const copy = stmt && expressCopy(ctx, target.fn, copyName);
            if (!copy) {
              ctx.report('TRANSFORM_FAILED', arg, `${target.name} was converted for Fastify but is also used by code kept on Express`);
              continue;
            }
            addTodo(j, { node: copy } as ASTPath, 'EXPRESS_COPY', `${target.name} as it was before the migration, for the code kept on Express`);
            stmt!.insertAfter(copy);
            ctx.report('EXPRESS_COPY', arg, `${target.name} became Fastify code; code kept on Express uses the copy ${copyName}`);
            copies.set(target.name, copyName);
          }
          target.ref.name = copyName;
        }
      });
  },
};

/** Runs this pass alone: `jscodeshift -t dist/transforms/express-copies.js <files>`. */
export default standalone(expressCopiesPass);
