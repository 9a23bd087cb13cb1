/**
 * Unknown paths under a router's prefix. Express runs a router's middleware (`router.use(auth)`)
 * for every request under its mount path, routes or not, and only then falls through to the
 * app's 404. A Fastify plugin's hooks run only for its own routes: an unknown path under the
 * prefix would get the app's 404 without the router's auth check. So a router whose middleware
 * became hooks gets its own `setNotFoundHandler`: Fastify runs the hooks of the plugin that set
 * it (its own and those it inherits) for unknown paths under its prefix, then the handler, which
 * answers as the app's 404 does (a copy of the app's catch-all, or Fastify's default answer).
 * The statement goes after the router's last registration, so the order pass takes it into the
 * innermost plugin, which holds every hook Express would have run.
 */
import { programPath } from './ast.js';
import { standalone } from './standalone.js';
import type { FileInventory, Inventory, Middleware, NotFoundAnswer } from '../src/inventory.js';
import { convertHandler } from './handlers.js';
import type { FileState, Pass, TransformContext } from './context.js';
import { retypeParams } from './typescript.js';

type Node = any;

const WHY = ' Express also ran the middleware above for unknown paths under the prefix, then the app\'s 404 answer.';

/** Fastify's own 404 answer (what the migrated app sends when it has no catch-all). */
const DEFAULT_ANSWER = 'async (request, reply) => {\n  reply.code(404);\n  return { message: `Route ${request.method}:${request.url} not found`, error: \'Not Found\', statusCode: 404 };\n}';

function rootOf(stmt: Node): string | undefined {
  if (stmt?.type !== 'ExpressionStatement') return undefined;
  let cur = stmt.expression;
  while (cur?.type === 'CallExpression' && cur.callee.type === 'MemberExpression') cur = cur.callee.object;
  return cur?.type === 'Identifier' ? cur.name : undefined;
}

interface RouterIndex {
  /** `file\0name` of a router → the middleware entries that mount it. */
  mounts: Map<string, Middleware[]>;
  /** Lower-cased prefix → how many routers have it. */
  prefixes: Map<string, number>;
  files: Map<string, FileInventory>;
}

// Built once per inventory: scanning every file's middleware for each router made this pass
// quadratic in the number of files. Mounts and prefixes are the analysis's; no pass writes them.
const indexes = new WeakMap<Inventory, RouterIndex>();
function routerIndex(inventory: Inventory): RouterIndex {
  let index = indexes.get(inventory);
  if (!index) {
    index = { mounts: new Map(), prefixes: new Map(), files: new Map() };
    for (const f of inventory.files) {
      index.files.set(f.file, f);
      for (const m of f.middleware) {
        if (!m.router) continue;
        const key = `${m.router.file}\0${m.router.name}`;
        const mounts = index.mounts.get(key);
        if (mounts) mounts.push(m);
        else index.mounts.set(key, [m]);
      }
      for (const a of f.apps) {
        if (a.kind !== 'router' || a.prefix === undefined) continue;
        const prefix = a.prefix.toLowerCase();
        index.prefixes.set(prefix, (index.prefixes.get(prefix) ?? 0) + 1);
      }
    }
    indexes.set(inventory, index);
  }
  return index;
}

/** The app's 404 answer when this router's 404 handler can reproduce it under its prefix. */
function answerFor(ctx: TransformContext, name: string): NotFoundAnswer | undefined {
  const router = ctx.file.apps.find((a) => a.kind === 'router' && a.name === name);
  if (!router?.prefix || !router.rootApp) return undefined;
  const index = routerIndex(ctx.inventory);
  // Fastify keys 404 handlers by prefix: the router must be registered with its own prefix (not
  // `/`, which is the app's 404), and by no other router under the same one (a second handler
  // for the same prefix does not boot).
  const mounts = index.mounts.get(`${ctx.file.file}\0${name}`) ?? [];
  if (mounts.length === 0 || mounts.some((m) => m.path === undefined || m.path === '' || m.path === '/')) return undefined;
  if ((index.prefixes.get(router.prefix.toLowerCase()) ?? 0) > 1) return undefined;
  const { file, name: appName } = router.rootApp;
  return index.files.get(file)?.apps.find((a) => a.kind === 'app' && a.name === appName)?.notFound;
}

/** Identifiers of `fn` that read a binding it does not declare itself. */
function freeNames(ctx: TransformContext, fnPath: any): Set<string> {
  const { j } = ctx;
  const out = new Set<string>();
  j(fnPath)
    .find(j.Identifier)
    .forEach((p: any) => {
      const parent = p.parent?.node;
      if ((parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') && parent.property === p.node && !parent.computed) return;
      if ((parent?.type === 'ObjectProperty' || parent?.type === 'Property' || parent?.type === 'TSPropertySignature') && parent.key === p.node && !parent.computed) return;
      const scope = p.scope?.lookup(p.node.name);
      // Declared in the function (or deeper): not free.
      for (let s = scope; s; s = s.parent) if (s.path === fnPath) return;
      out.add(p.node.name);
    });
  return out;
}

function addNotFound(ctx: TransformContext, name: string): void {
  const { j } = ctx;
  const answer = answerFor(ctx, name);
  if (!answer || answer.kind === 'other') return;
  if (answer.kind === 'handler' && answer.language !== ctx.file.language) return;
  const program: Node = programPath(ctx.root).node;
  const own = program.body.filter((s: Node) => rootOf(s) === name);
  if (own.length === 0) return;
  // The router's own trailing catch-all already became its 404 handler (a second would not boot).
  if (own.some((s: Node) => j(s).find(j.MemberExpression, { property: { name: 'setNotFoundHandler' } }).size() > 0)) return;
  const last = program.body.indexOf(own[own.length - 1]);
  const source = answer.kind === 'handler' ? answer.source : DEFAULT_ANSWER;
  const stmt: Node = programPath(j(`${name}.setNotFoundHandler(${source});`)).node.body[0];
  program.body.splice(last + 1, 0, stmt);
  const index = program.body.indexOf(stmt);
  const fnPath = programPath(ctx.root).get('body', index).get('expression', 'arguments', 0);
  if (answer.kind === 'handler') {
    // Converted on a scratch state, kept only if the copy stands on its own in this module.
    const scratch: FileState = {
      ...ctx.state,
      plugins: new Map(ctx.state.plugins),
      imports: new Map(ctx.state.imports),
      namedImports: new Map(ctx.state.namedImports),
      fastifyTypes: new Set(ctx.state.fastifyTypes),
      requestProps: new Set(ctx.state.requestProps),
      // The copy's offsets are those of another text: no lookup by offset may match them.
      requestHelperAt: () => false,
    };
    const r = convertHandler(j, fnPath, scratch, { kind: 'route', hasStarWildcard: false, splatNames: new Set() });
    if (r.ok && ctx.file.language === 'ts') retypeParams(j, fnPath.node, { path: '', hasStarWildcard: false, splatNames: [] }, scratch);
    const foreign = r.ok ? [...freeNames(ctx, fnPath)].filter((n) => answer.moduleNames.includes(n)) : [];
    if (!r.ok || foreign.length) {
      program.body.splice(program.body.indexOf(stmt), 1);
      return;
    }
    Object.assign(ctx.state, { ...scratch, requestHelperAt: ctx.state.requestHelperAt });
  }
  stmt.comments = [j.commentLine(WHY, true, false)];
}

export const notFoundPass: Pass = {
  name: 'not-found',
  run(ctx) {
    for (const name of ctx.state.routersWithMiddleware) if (ctx.state.nativeRouters.has(name)) addNotFound(ctx, name);
  },
};

/** Runs this pass alone: `jscodeshift -t dist/transforms/not-found.js <files>`. */
export default standalone(notFoundPass);
