/**
 * `express.Router()` modules → encapsulated Fastify plugins. Every top-level statement that
 * registers on the router (`router.get`, `router.use`, hooks the other passes made) moves, in
 * order, into `async function usersRoutes(fastify) { … }` declared where the router was, so
 * the routes and hooks see only requests under the prefix the app registers it with, as they
 * did under Express's mount. Exports keep their shape (`module.exports = …`, `export default`).
 */
import { standalone } from './standalone.js';
import path from 'node:path';
import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { addTodo, freshComments, programPath } from './ast.js';
import type { Pass, TransformContext } from './context.js';

type Node = any;

function camel(s: string): string {
  return s.replace(/[-_.\s]+(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toLowerCase());
}

/** `router` is too generic a name for a plugin: `routes/users.js` gives `usersRoutes`. */
export function pluginNameFor(routerName: string, fileRel: string): string {
  if (routerName !== 'router') return routerName;
  const base = path.posix.basename(fileRel).replace(/\.[^.]+$/, '');
  const stem = base === 'index' ? path.posix.basename(path.posix.dirname(fileRel)) || 'app' : base;
  const name = camel(stem.replace(/[^\w-]/g, '')) || 'router';
  return /routes?$|router$/i.test(name) ? name : `${name}Routes`;
}

function topLevelStatements(ctx: TransformContext): Node[] {
  return programPath(ctx.root).node.body;
}

/** Identifier paths in `scopeRoot` that refer to the top-level binding `name`. */
function topLevelRefs(j: JSCodeshift, scopeRoot: Node, name: string): ASTPath[] {
  return j(scopeRoot)
    .find(j.Identifier, { name })
    .filter((p: any) => {
      const parent = p.parent?.node;
      if (parent?.type === 'MemberExpression' && parent.property === p.node && !parent.computed) return false;
      if ((parent?.type === 'ObjectProperty' || parent?.type === 'Property') && parent.key === p.node && !parent.computed && !parent.shorthand) return false;
      const scope = p.scope?.lookup(name);
      return !scope || scope.isGlobal || scope.path?.node?.type === 'Program';
    })
    .paths();
}

function declarationIndex(body: Node[], name: string): number {
  return body.findIndex((s) => {
    const decl = s.type === 'ExportNamedDeclaration' ? s.declaration : s;
    return decl?.type === 'VariableDeclaration' && decl.declarations.length === 1 && decl.declarations[0].id.name === name;
  });
}

/** Whether a statement only registers on the router: `router.x(...)` (possibly chained). */
function isRegistration(stmt: Node, name: string): boolean {
  if (stmt.type !== 'ExpressionStatement') return false;
  let cur = stmt.expression;
  while (cur?.type === 'CallExpression' && cur.callee.type === 'MemberExpression') cur = cur.callee.object;
  return cur?.type === 'Identifier' && cur.name === name;
}

/**
 * Whether the router can become a plugin: declared at top level, used only by top-level
 * registrations, exports, or mounts. A router built inside a function stays on Express.
 */
export function routerShapeOk(j: JSCodeshift, root: Node, name: string): boolean {
  const body: Node[] = programPath(root).node.body;
  if (declarationIndex(body, name) === -1) return false;
  // A use inside a function (a handler reading `router.stack`, a factory) runs later, on an
  // object that no longer exists: such a router stays on Express.
  return topLevelRefs(j, programPath(root).node, name).every((ref: any) => {
    for (let p = ref.parent; p && p.node.type !== 'Program'; p = p.parent) {
      if (/Function|Method/.test(p.node.type)) return false;
    }
    return true;
  });
}

export const routersPass: Pass = {
  name: 'routers',
  run(ctx) {
    const { j, state } = ctx;
    for (const [name, reason] of state.keptRouters) {
      const body = topLevelStatements(ctx);
      const index = declarationIndex(body, name);
      if (index === -1) continue;
      const path = (programPath(ctx.root) as any).get('body', index);
      addTodo(j, path, 'ROUTER_COMPAT', `router ${name} stays on Express: ${reason}`);
      ctx.report('ROUTER_COMPAT', body[index], `${name}: ${reason}`);
    }
    for (const name of state.nativeRouters) {
      const body = topLevelStatements(ctx);
      const declIndex = declarationIndex(body, name);
      if (declIndex === -1) continue;
      const declStmt = body[declIndex];
      const exported = declStmt.type === 'ExportNamedDeclaration';
      const pluginName = exported ? name : pluginNameFor(name, ctx.file.file);
      const param = topLevelRefs(j, programPath(ctx.root).node, 'fastify').length ? 'instance' : 'fastify';
      const moved = body.filter((s, i) => i > declIndex && isRegistration(s, name));
      for (const s of moved) for (const ref of topLevelRefs(j, s, name)) (ref.node as any).name = param;
      // Every other top-level use (exports, same-file mounts) now names the plugin.
      if (pluginName !== name) {
        for (const s of body) if (!moved.includes(s) && s !== declStmt) for (const ref of topLevelRefs(j, s, name)) (ref.node as any).name = pluginName;
      }
      const fn: Node = j.functionDeclaration(j.identifier(pluginName), [j.identifier(param)], j.blockStatement(moved));
      fn.async = true;
      if (ctx.file.language === 'ts') {
        fn.params[0].typeAnnotation = j.tsTypeAnnotation(j.tsTypeReference(j.identifier('FastifyInstance')));
        state.fastifyTypes.add('FastifyInstance');
      }
      const replacement = exported ? j.exportNamedDeclaration(fn, []) : fn;
      (replacement as any).comments = freshComments(j, declStmt.comments);
      const remaining = body.filter((s) => !moved.includes(s));
      remaining[remaining.indexOf(declStmt)] = replacement;
      body.length = 0;
      body.push(...remaining);
    }
  },
};

/** Runs this pass alone: `jscodeshift -t dist/transforms/routers.js <files>`. */
export default standalone(routersPass);
