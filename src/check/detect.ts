/**
 * Finds the Express that is left in a project. Three sources, one list of raw findings:
 *  1. the route inventory (src/analyze): Express apps, routers, routes and middleware;
 *  2. this file, for what the inventory leaves out on purpose: `express` / `@fastify/express`
 *     imports, and the `expressCompat` router (COMPAT_ROUTER) whose routes still run on Express
 *     through @fastify/express;
 *  3. this file, in migrated code: Express-only request/response APIs inside the handlers and
 *     hooks of Fastify instances (`reply.json()`, `request.get()`, a `res` nothing declares,
 *     `next` in a route handler).
 * Read only, syntax only (ts-morph parses, nothing is type-checked or edited).
 */
import { Node, Project, SyntaxKind, ts, type ArrowFunction, type CallExpression, type FunctionExpression, type SourceFile as TsSourceFile, type VariableDeclaration } from 'ts-morph';
import { classifyFactoryCall, findExpressBindings } from '../analyze/express-usage.js';
import { joinPaths, ROUTE_METHODS } from '../analyze/index.js';
import { exportsOf, importsOf, readPathAliases, requireRef, resolveModule, type ExportTarget, type ImportRef, type PathAliases } from '../analyze/modules.js';
import { COMPAT_ROUTER, type Inventory } from '../inventory.js';
import type { Discovered } from '../types.js';
import { normalizeCode } from './fingerprint.js';
import { declarationOf, declaredBy, hoistedVarOf } from './scope.js';
import type { CheckCodeName, RawFinding } from './types.js';
import { lineAndColumnAt } from '../analyze/line-column.js';
import { wrapped } from '../analyze/descendants.js';

const EXPRESS_MODULES = new Set(['express', '@fastify/express']);
/** Files worth parsing up front; plugins registered from elsewhere are parsed when reached. */
const WORTH_PARSING = /express|fastify|\.register\s*\(/i;

/** Fastify instance methods that return the instance, so `app.register(a).get(…)` still is one. */
const CHAINABLE = new Set(['register', 'after', 'addHook', 'decorate', 'decorateRequest', 'decorateReply', 'setErrorHandler', 'setNotFoundHandler', 'withTypeProvider', 'addContentTypeParser', 'route', ...ROUTE_METHODS]);
const ROUTE_SHORTHANDS = new Set<string>([...ROUTE_METHODS, 'search', 'propfind', 'proppatch', 'mkcol', 'copy', 'move', 'lock', 'unlock', 'trace']);
/** Hooks whose first two arguments are (request, reply). */
const REQUEST_HOOKS = new Set(['onRequest', 'preParsing', 'preValidation', 'preHandler', 'preSerialization', 'onSend', 'onResponse', 'onError', 'onTimeout', 'onRequestAbort']);
/** Reply methods that return the reply: `reply.code(404).json(x)` is still the reply. */
const REPLY_CHAIN = new Set(['code', 'status', 'header', 'headers', 'type', 'serializer', 'removeHeader', 'trailer', 'removeTrailer']);

/**
 * Express response members a Fastify reply does not have. Left out on purpose, because Fastify
 * 5 or an official plugin provides them: `status` (an alias of `code`), `send`, `type`,
 * `redirect` (flagged only with Express's argument order), `cookie`/`clearCookie`
 * (@fastify/cookie), `sendFile`/`download` (@fastify/static), `locals` (@fastify/view).
 */
const RESPONSE_ONLY = new Set(['json', 'jsonp', 'sendStatus', 'sendfile', 'set', 'get', 'append', 'attachment', 'format', 'links', 'location', 'render', 'vary', 'end', 'write', 'setHeader', 'headersSent']);
/**
 * Express request members a Fastify request does not have (Fastify has `params`, `query`,
 * `body`, `headers`, `url`, `originalUrl`, `ip`, `ips`, `hostname`, `protocol`, `method`, …).
 * `accepts*` count only with arguments: @fastify/accepts decorates a no-argument `accepts()`.
 */
const REQUEST_ONLY = new Set(['get', 'header', 'param', 'is', 'accepts', 'acceptsCharsets', 'acceptsEncodings', 'acceptsLanguages', 'range', 'baseUrl', 'path', 'fresh', 'stale', 'xhr', 'secure', 'subdomains', 'signedCookies', 'route', 'app', 'res']);
/** Express handler names that, undeclared inside a Fastify handler, are leftovers. */
const LEFTOVERS: Record<string, CheckCodeName> = { res: 'CHECK_RESPONSE', req: 'CHECK_REQUEST', next: 'CHECK_NEXT' };

type HandlerKind = 'route' | 'hook' | 'error' | 'notFound';

interface FileState {
  rel: string;
  sf: TsSourceFile;
  imports: Map<string, ImportRef>;
  /** Local names of the `fastify` factory (default import, require, `{ fastify }`). */
  factories: Set<string>;
  /** Local names of `fastify-plugin`. */
  pluginWrappers: Set<string>;
  calls: CallExpression[];
  varDecls: VariableDeclaration[];
  importEquals: Node[];
  importTypes: Node[];
  exports?: Map<string, ExportTarget>;
}

function scriptKindFor(rel: string): ts.ScriptKind {
  if (/\.tsx$/.test(rel)) return ts.ScriptKind.TSX;
  if (/\.[mc]?ts$/.test(rel)) return ts.ScriptKind.TS;
  if (/\.jsx$/.test(rel)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

function literalString(node: Node | undefined): string | undefined {
  if (node && (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node))) return node.getLiteralValue();
  return undefined;
}

function unwrap(node: Node): Node {
  let n = node;
  while (Node.isParenthesizedExpression(n) || Node.isAwaitExpression(n) || Node.isAsExpression(n) || Node.isSatisfiesExpression(n) || Node.isNonNullExpression(n)) n = n.getExpression();
  return n;
}

function isInlineFunction(n: Node | undefined): n is ArrowFunction | FunctionExpression {
  return !!n && (Node.isArrowFunction(n) || Node.isFunctionExpression(n));
}

/** A short, one-line rendering of some code for a message. */
function short(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** `(req, res, next) => …` for a function, the code otherwise: how a middleware is named in a message. */
function describeArg(n: Node): string {
  if (isInlineFunction(n)) {
    const params = n.getParameters().map((p) => p.getText());
    return `(${params.join(', ')}) => …`;
  }
  return short(n.getText());
}

/** The fingerprint key of a middleware argument: a function by its parameters (its body may change). */
function argKey(n: Node): string {
  if (isInlineFunction(n)) {
    const params = n.getParameters().map((p) => p.getName());
    return `fn(${params.join(',')})`;
  }
  return normalizeCode(n);
}

/** The receiver of `X.method(…)` or of `X.route(path).method(…)`, with the route path node. */
function receiverOf(call: CallExpression): { name: string; routePath?: Node } | undefined {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  let obj = callee.getExpression();
  while (Node.isCallExpression(obj)) {
    const inner = obj.getExpression();
    if (!Node.isPropertyAccessExpression(inner)) return undefined;
    if (inner.getName() === 'route' && Node.isIdentifier(inner.getExpression())) {
      return { name: inner.getExpression().getText(), routePath: obj.getArguments()[0] };
    }
    obj = inner.getExpression();
  }
  return Node.isIdentifier(obj) ? { name: obj.getText() } : undefined;
}

/** The largest expression around `node` inside its statement: what a fingerprint hashes. */
function anchorNode(node: Node): Node {
  let n = node;
  for (;;) {
    const p = n.getParent();
    if (!p || Node.isStatement(p) || Node.isBlock(p) || Node.isSourceFile(p) || Node.isArrowFunction(p) || Node.isFunctionExpression(p) || Node.isPropertyAssignment(p)) return n;
    n = p;
  }
}

const same = (a: Node | undefined, b: Node | undefined) => !!a && !!b && a.compilerNode === b.compilerNode;

/**
 * Walks the compiler's tree (fast: no wrapper per node, no generators) and hands each node to
 * `visit`; only the nodes worth a closer look get wrapped (`wrapped`).
 */
function walk(root: ts.Node, visit: (n: ts.Node) => void): void {
  const go = (n: ts.Node): void => {
    visit(n);
    ts.forEachChild(n, go);
  };
  ts.forEachChild(root, go);
}


const MEMBERS_OF_INTEREST = new Set([...RESPONSE_ONLY, ...REQUEST_ONLY, 'redirect']);

class Detector {
  private readonly project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true, noLib: true } });
  private readonly texts = new Map<string, string>();
  private readonly states = new Map<string, FileState>();
  private readonly fileSet: Set<string>;
  /** The root tsconfig.json's `baseUrl`/`paths`, followed like relative imports. */
  private readonly aliases: PathAliases | undefined;
  /** Declarations (parameters, variables) that hold a Fastify instance, by compiler node. */
  private readonly instances = new Set<ts.Node>();
  private readonly crossQueue: { file: string; name: string }[] = [];
  private readonly crossSeen = new Set<string>();
  private readonly out: RawFinding[] = [];
  private readonly seen = new Set<string>();
  /** Routers mounted on the compat router (`expressCompat.use('/legacy', legacy)`): `file#name` → path. */
  private readonly compatMounts = new Map<string, string>();

  constructor(discovered: Discovered) {
    for (const f of discovered.files) this.texts.set(f.rel, f.text);
    this.fileSet = new Set(this.texts.keys());
    try {
      this.aliases = discovered.tsconfig ? readPathAliases(discovered.tsconfig.text) : undefined;
    } catch {
      this.aliases = undefined;
    }
  }

  run(inventory: Inventory): RawFinding[] {
    for (const [rel, text] of this.texts) {
      if (!WORTH_PARSING.test(text)) continue;
      const st = this.state(rel);
      this.expressImports(st);
      if (text.includes(COMPAT_ROUTER)) this.compatRouter(st);
    }
    this.fromInventory(inventory);
    this.findInstances();
    for (const st of [...this.states.values()]) this.fastifyHandlers(st);
    return this.out;
  }

  // ── bookkeeping ───────────────────────────────────────────────────────────────

  private state(rel: string): FileState {
    let st = this.states.get(rel);
    if (st) return st;
    const sf = this.project.createSourceFile(`/${rel}`, this.texts.get(rel) ?? '', { overwrite: true, scriptKind: scriptKindFor(rel) });
    const imports = importsOf(sf);
    const factories = new Set<string>();
    const pluginWrappers = new Set<string>();
    for (const [local, ref] of imports) {
      if (ref.module === 'fastify' && ['default', '*', 'fastify'].includes(ref.imported)) factories.add(local);
      if (ref.module === 'fastify-plugin' && ['default', '*', 'fastifyPlugin'].includes(ref.imported)) pluginWrappers.add(local);
    }
    // One pass over the tree collects what every later step needs, and seeds the instances
    // known from this file alone: parameters named `fastify` or typed `FastifyInstance`.
    const next: FileState = { rel, sf, imports, factories, pluginWrappers, calls: [], varDecls: [], importEquals: [], importTypes: [] };
    const seeds: ts.Node[] = [];
    walk(sf.compilerNode, (n) => {
      if (ts.isCallExpression(n)) next.calls.push(wrapped(sf, n));
      else if (ts.isVariableDeclaration(n)) next.varDecls.push(wrapped(sf, n));
      else if (ts.isImportEqualsDeclaration(n)) next.importEquals.push(wrapped(sf, n));
      else if (ts.isImportTypeNode(n)) next.importTypes.push(wrapped(sf, n));
      if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n)) {
        const p = n.parameters[0];
        if (p && ts.isIdentifier(p.name) && (p.name.text === 'fastify' || (p.type && /\bFastifyInstance\b/.test(p.type.getText(sf.compilerNode))))) seeds.push(p);
      }
    });
    this.states.set(rel, next);
    for (const p of seeds) this.addInstance(wrapped(sf, p));
    this.seedInstances(next);
    return next;
  }

  private add(st: FileState, name: CheckCodeName, node: Node, detail: string, anchor: string, route?: RawFinding['route']): void {
    const offset = node.getStart();
    const key = `${name}:${st.rel}:${offset}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const { line, column } = lineAndColumnAt(st.sf, offset);
    this.out.push({ name, file: st.rel, line, column, offset, detail, anchor, ...(route ? { route } : {}) });
  }

  // ── 1 + 2: Express itself ─────────────────────────────────────────────────────

  private expressImports(st: FileState): void {
    const found = (node: Node, module: string, typeOnly = false) =>
      this.add(st, 'CHECK_IMPORT', node, `${module}${typeOnly ? ' (types only)' : ''}`, `import:${module}`);
    for (const s of st.sf.getStatements()) {
      if (Node.isImportDeclaration(s) && EXPRESS_MODULES.has(s.getModuleSpecifierValue())) found(s, s.getModuleSpecifierValue(), s.isTypeOnly());
      if (Node.isExportDeclaration(s) && EXPRESS_MODULES.has(s.getModuleSpecifierValue() ?? '')) found(s, s.getModuleSpecifierValue()!, s.isTypeOnly());
    }
    for (const eq of st.importEquals) {
      if (!Node.isImportEqualsDeclaration(eq)) continue;
      const ref = eq.getModuleReference();
      const spec = Node.isExternalModuleReference(ref) ? literalString(ref.getExpression()) : undefined;
      if (spec && EXPRESS_MODULES.has(spec)) found(eq, spec, eq.isTypeOnly());
    }
    for (const call of st.calls) {
      const callee = call.getExpression();
      const isLoader = (Node.isIdentifier(callee) && callee.getText() === 'require') || callee.getKind() === SyntaxKind.ImportKeyword;
      const spec = isLoader ? literalString(call.getArguments()[0]) : undefined;
      if (spec && EXPRESS_MODULES.has(spec)) found(call, spec);
    }
    for (const t of st.importTypes) {
      if (!Node.isImportTypeNode(t)) continue;
      const arg = t.getArgument();
      const spec = Node.isLiteralTypeNode(arg) ? literalString(arg.getLiteral()) : undefined;
      if (spec && EXPRESS_MODULES.has(spec)) found(t, spec, true);
    }
  }

  /** The router that keeps unconvertible routes on Express: the analysis skips it by design. */
  private compatRouter(st: FileState): void {
    const bindings = findExpressBindings(st.sf);
    const decls = st.varDecls.filter((d) => {
      const init = d.getInitializer();
      return d.getName() === COMPAT_ROUTER && !!init && Node.isCallExpression(init) && !!classifyFactoryCall(init, bindings);
    });
    if (decls.length === 0) return;
    for (const d of decls) this.add(st, 'CHECK_ROUTER', d, `${COMPAT_ROUTER}, kept on Express through @fastify/express`, `router:${COMPAT_ROUTER}`);
    for (const call of st.calls) {
      const callee = call.getExpression();
      const recv = receiverOf(call);
      if (!Node.isPropertyAccessExpression(callee) || recv?.name !== COMPAT_ROUTER) continue;
      const method = callee.getName();
      const args = call.getArguments();
      if ((ROUTE_METHODS as readonly string[]).includes(method)) {
        const chained = recv.routePath !== undefined;
        if (!chained && method === 'get' && args.length < 2) continue; // a setting, not a route
        const pathNode = chained ? recv.routePath : args[0];
        const path = literalString(pathNode);
        const M = method.toUpperCase();
        this.add(
          st,
          'CHECK_ROUTE',
          callee.getNameNode(),
          `${M} ${path ?? '<computed path>'} (${COMPAT_ROUTER}.${method}, through @fastify/express)`,
          `${COMPAT_ROUTER}.${M}(${path ?? (pathNode ? normalizeCode(pathNode) : '')})`,
          { method: M, path: path ?? null },
        );
      } else if (method === 'use' && !recv.routePath) {
        const path = literalString(args[0]);
        for (const fn of path === undefined ? args : args.slice(1)) {
          const router = Node.isIdentifier(fn) ? this.routerTarget(st, fn.getText()) : undefined;
          if (router && !this.compatMounts.has(router)) this.compatMounts.set(router, path ?? '/');
          this.add(
            st,
            'CHECK_MIDDLEWARE',
            fn,
            `${COMPAT_ROUTER}.use(${path !== undefined ? `'${path}', ` : ''}${describeArg(fn)}), through @fastify/express`,
            `${COMPAT_ROUTER}.use(${path ?? ''}|${argKey(fn)})`,
          );
        }
      }
    }
  }

  /** `file#name` of the router a local name stands for: declared here, or imported (one hop). */
  private routerTarget(st: FileState, local: string): string | undefined {
    const ref = st.imports.get(local);
    if (!ref) return `${st.rel}#${local}`;
    const target = resolveModule(st.rel, ref.module, this.fileSet, this.aliases);
    if (!target) return undefined;
    const tst = this.state(target);
    tst.exports ??= exportsOf(tst.sf);
    const exp = tst.exports.get(ref.imported === '*' ? 'default' : ref.imported);
    return exp && 'local' in exp ? `${target}#${exp.local}` : undefined;
  }

  private fromInventory(inventory: Inventory): void {
    // Routers the analysis could not place because they hang off the compat router, which it skips.
    const compatPrefix = new Map<string, string>();
    for (const f of inventory.files) {
      for (const app of f.apps) {
        const mount = this.compatMounts.get(`${f.file}#${app.name}`);
        if (app.kind === 'router' && app.prefix === undefined && mount !== undefined) compatPrefix.set(`${f.file}#${app.name}`, mount === '/' ? '' : mount);
      }
    }
    for (const f of inventory.files) {
      if (!this.texts.has(f.file)) continue;
      const st = this.state(f.file);
      for (const app of f.apps) {
        const node = this.nodeAt(st, app.location.offset);
        if (app.kind === 'app') this.add(st, 'CHECK_APP', node, `${app.name} = express()`, `app:${app.name}`);
        else {
          const prefix = app.prefix ?? compatPrefix.get(`${f.file}#${app.name}`);
          const at = prefix === undefined ? '' : ` (mounted at ${prefix || '/'}${app.prefix === undefined ? ` on ${COMPAT_ROUTER}` : ''})`;
          this.add(st, 'CHECK_ROUTER', node, `${app.name}${at}`, `router:${app.name}`);
        }
      }
      for (const r of f.routes) {
        const nameNode = this.nodeAt(st, r.location.offset);
        let pathKey = r.path;
        if (pathKey === undefined) {
          const call = nameNode.getFirstAncestorByKind(SyntaxKind.CallExpression);
          const pathNode = call ? (receiverOf(call)?.routePath ?? call.getArguments()[0]) : undefined;
          pathKey = pathNode ? normalizeCode(pathNode) : '';
        }
        const compat = compatPrefix.get(`${f.file}#${r.owner}`);
        const fullPath = r.fullPath ?? (compat !== undefined && r.path !== undefined ? (compat ? joinPaths(compat, r.path) : r.path) : r.path);
        const shown = fullPath ?? '<computed path>';
        this.add(st, 'CHECK_ROUTE', nameNode, `${r.method} ${shown} (${r.owner}.${r.method.toLowerCase()})`, `${r.owner}.${r.method}(${pathKey})`, {
          method: r.method,
          path: fullPath ?? null,
        });
      }
      for (const m of f.middleware) {
        const fn = this.argAt(st, m.location.offset);
        const what = describeArg(fn);
        this.add(
          st,
          'CHECK_MIDDLEWARE',
          fn,
          `${m.owner}.use(${m.path !== undefined ? `'${m.path}', ` : ''}${what})`,
          `${m.owner}.use(${m.path ?? ''}|${argKey(fn)})`,
        );
      }
    }
  }

  /** The token at an offset the analysis recorded (same text, so same offsets). */
  private nodeAt(st: FileState, offset: number): Node {
    return st.sf.getDescendantAtPos(offset) ?? st.sf;
  }

  /** The whole argument that starts at `offset` (`cors()`, not `cors`). */
  private argAt(st: FileState, offset: number): Node {
    let n = this.nodeAt(st, offset);
    for (let p = n.getParent(); p && p.getStart() === offset && !Node.isSourceFile(p); p = p.getParent()) n = p;
    return n;
  }

  // ── 3: Fastify instances and their handlers ───────────────────────────────────

  private isInstanceDecl(d: Node | undefined): boolean {
    return !!d && this.instances.has(d.compilerNode);
  }

  private addInstance(d: Node | undefined): boolean {
    if (!d || this.instances.has(d.compilerNode)) return false;
    this.instances.add(d.compilerNode);
    return true;
  }

  private addFirstParam(fn: Node): boolean {
    if (!Node.isFunctionLikeDeclaration(fn) && !Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn)) return false;
    const p = fn.getParameters()[0];
    return !!p && Node.isIdentifier(p.getNameNode()) && this.addInstance(p);
  }

  private isFactoryCall(node: Node, st: FileState): boolean {
    if (!Node.isCallExpression(node)) return false;
    const callee = node.getExpression();
    if (Node.isIdentifier(callee)) return st.factories.has(callee.getText());
    const ref = requireRef(callee);
    if (ref?.module === 'fastify') return ref.imported === 'default' || ref.imported === 'fastify';
    if (Node.isPropertyAccessExpression(callee) && ['fastify', 'default'].includes(callee.getName())) {
      const obj = callee.getExpression();
      return Node.isIdentifier(obj) && st.factories.has(obj.getText());
    }
    return false;
  }

  private isInstanceExpr(expr: Node, st: FileState): boolean {
    const n = unwrap(expr);
    if (Node.isIdentifier(n)) return this.isInstanceDecl(declarationOf(n));
    if (Node.isCallExpression(n)) {
      if (this.isFactoryCall(n, st)) return true;
      const callee = n.getExpression();
      return Node.isPropertyAccessExpression(callee) && CHAINABLE.has(callee.getName()) && this.isInstanceExpr(callee.getExpression(), st);
    }
    return false;
  }

  /** What is known from one file alone: `const app = Fastify()`, `const plugin: FastifyPluginAsync = async (app) => …`. */
  private seedInstances(st: FileState): void {
    for (const d of st.varDecls) {
      const init = d.getInitializer();
      if (init && this.isFactoryCall(unwrap(init), st)) this.addInstance(d);
      const type = d.getTypeNode()?.getText() ?? '';
      if (init && /\bFastifyPlugin(Async|Callback)?\b/.test(type) && isInlineFunction(unwrap(init))) this.addFirstParam(unwrap(init));
    }
  }

  /** Follows `register` calls (in the file and across files) until no new instance turns up. */
  private findInstances(): void {
    for (let changed = true; changed; ) {
      changed = false;
      for (const st of [...this.states.values()]) {
        for (const call of st.calls) {
          const callee = call.getExpression();
          const plugin = call.getArguments()[0];
          if (!plugin) continue;
          // `fp(fn)`: fastify-plugin says so itself, wherever the plugin is registered.
          if (this.isPluginWrapper(callee, st) && this.markPlugin(plugin, st)) changed = true;
          if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'register') continue;
          if (this.isInstanceExpr(callee.getExpression(), st) && this.markPlugin(plugin, st)) changed = true;
        }
        for (const d of st.varDecls) {
          const init = d.getInitializer();
          if (init && !this.isInstanceDecl(d) && Node.isCallExpression(unwrap(init)) && this.isInstanceExpr(unwrap(init), st) && this.addInstance(d)) changed = true;
        }
      }
      while (this.crossQueue.length) if (this.markExport(this.crossQueue.shift()!)) changed = true;
    }
  }

  private isPluginWrapper(callee: Node, st: FileState): boolean {
    return (Node.isIdentifier(callee) && st.pluginWrappers.has(callee.getText())) || requireRef(callee)?.module === 'fastify-plugin';
  }

  /** The first parameter of a plugin function is a Fastify instance; returns whether one was new. */
  private markPlugin(node: Node, st: FileState): boolean {
    const n = unwrap(node);
    if (isInlineFunction(n)) return this.addFirstParam(n);
    if (Node.isCallExpression(n)) {
      const callee = n.getExpression();
      if (this.isPluginWrapper(callee, st) && n.getArguments()[0]) return this.markPlugin(n.getArguments()[0]!, st);
      const spec = callee.getKind() === SyntaxKind.ImportKeyword ? literalString(n.getArguments()[0]) : undefined;
      if (spec) return this.crossMark(st.rel, { module: spec, imported: 'default' });
      const ref = requireRef(n);
      return ref ? this.crossMark(st.rel, ref) : false;
    }
    if (Node.isPropertyAccessExpression(n)) {
      const ref = requireRef(n);
      if (ref) return this.crossMark(st.rel, ref);
      const obj = n.getExpression();
      const ns = Node.isIdentifier(obj) ? st.imports.get(obj.getText()) : undefined;
      return ns ? this.crossMark(st.rel, { module: ns.module, imported: n.getName() }) : false;
    }
    if (!Node.isIdentifier(n)) return false;
    const d = declarationOf(n);
    if (!d) return false;
    if (Node.isFunctionDeclaration(d)) return this.addFirstParam(d);
    if (Node.isVariableDeclaration(d)) {
      const init = d.getInitializer();
      if (!init) return false;
      const ref = requireRef(unwrap(init));
      if (ref && Node.isIdentifier(d.getNameNode())) return this.crossMark(st.rel, ref);
      const imported = st.imports.get(n.getText());
      if (imported && !Node.isIdentifier(d.getNameNode())) return this.crossMark(st.rel, imported);
      return this.markPlugin(init, st);
    }
    if (Node.isImportDeclaration(d)) {
      const ref = st.imports.get(n.getText());
      return ref ? this.crossMark(st.rel, ref) : false;
    }
    return false;
  }

  private crossMark(fromRel: string, ref: ImportRef): boolean {
    const target = resolveModule(fromRel, ref.module, this.fileSet, this.aliases);
    if (!target) return false;
    const name = ref.imported === '*' ? 'default' : ref.imported;
    const key = `${target}#${name}`;
    if (this.crossSeen.has(key)) return false;
    this.crossSeen.add(key);
    this.crossQueue.push({ file: target, name });
    return true; // a new file to look at is progress too
  }

  /** A plugin exported from another file: find its function there. */
  private markExport({ file, name }: { file: string; name: string }): boolean {
    const st = this.state(file);
    st.exports ??= exportsOf(st.sf);
    const exp = st.exports.get(name);
    if (exp && 'module' in exp) return this.crossMark(file, { module: exp.module, imported: exp.imported });
    if (exp && 'local' in exp) {
      for (const s of st.sf.getStatements()) {
        const d = declaredBy(s, exp.local);
        if (d && Node.isFunctionDeclaration(d)) return this.addFirstParam(d);
        if (d && Node.isVariableDeclaration(d) && d.getInitializer()) return this.markPlugin(d.getInitializer()!, st);
      }
      return false;
    }
    if (name !== 'default') return false;
    // Anonymous: `module.exports = async function (fastify) {}`, `export default async (app) => {}`.
    let changed = false;
    for (const s of st.sf.getStatements()) {
      if (Node.isExportAssignment(s)) changed = this.markPlugin(s.getExpression(), st) || changed;
      else if (Node.isFunctionDeclaration(s) && s.isDefaultExport()) changed = this.addFirstParam(s) || changed;
      else if (Node.isExpressionStatement(s)) {
        const e = s.getExpression();
        if (Node.isBinaryExpression(e) && e.getOperatorToken().getKind() === SyntaxKind.EqualsToken && e.getLeft().getText().replace(/\s/g, '') === 'module.exports') {
          changed = this.markPlugin(e.getRight(), st) || changed;
        }
      }
    }
    return changed;
  }

  /** Every route, hook and handler registered on a Fastify instance in this file. */
  private fastifyHandlers(st: FileState): void {
    for (const call of st.calls) {
      const callee = call.getExpression();
      if (!Node.isPropertyAccessExpression(callee) || !this.isInstanceExpr(callee.getExpression(), st)) continue;
      const method = callee.getName();
      const args = call.getArguments();
      if (ROUTE_SHORTHANDS.has(method) && args.length >= 2) {
        const label = `${method.toUpperCase()} ${literalString(args[0]) ?? '<computed path>'}`;
        const last = args[args.length - 1]!;
        if (args.length === 2 && Node.isObjectLiteralExpression(last)) this.routeOptions(st, last, label);
        else {
          for (const fn of this.functionsOf(last)) this.checkHandler(st, fn, 'route', label);
          if (args.length >= 3 && Node.isObjectLiteralExpression(args[1])) this.routeOptions(st, args[1], label);
        }
      } else if (method === 'route' && args[0] && Node.isObjectLiteralExpression(args[0])) {
        const prop = (name: string) => {
          const p = args[0]!.asKindOrThrow(SyntaxKind.ObjectLiteralExpression).getProperty(name);
          return p && Node.isPropertyAssignment(p) ? p.getInitializer() : undefined;
        };
        const m = prop('method');
        const label = `${literalString(m) ?? (m ? short(m.getText(), 30) : 'ROUTE')} ${literalString(prop('url') ?? prop('path')) ?? '<computed path>'}`;
        this.routeOptions(st, args[0], label);
      } else if (method === 'addHook' && REQUEST_HOOKS.has(literalString(args[0]) ?? '')) {
        for (const fn of this.functionsOf(args[1])) this.checkHandler(st, fn, 'hook', `the ${literalString(args[0])} hook`);
      } else if (method === 'setErrorHandler') {
        for (const fn of this.functionsOf(args[0])) this.checkHandler(st, fn, 'error', 'the error handler');
      } else if (method === 'setNotFoundHandler' && args.length > 0) {
        for (const fn of this.functionsOf(args[args.length - 1])) this.checkHandler(st, fn, 'notFound', 'the not-found handler');
        if (args.length >= 2 && Node.isObjectLiteralExpression(args[0])) this.routeOptions(st, args[0], 'the not-found handler');
      } else if (method === 'use') {
        // Express-style middleware on Fastify: only through @fastify/express or @fastify/middie.
        const path = literalString(args[0]);
        const owner = short(callee.getExpression().getText(), 30);
        for (const fn of path === undefined ? args : args.slice(1)) {
          this.add(
            st,
            'CHECK_MIDDLEWARE',
            fn,
            `${owner}.use(${path !== undefined ? `'${path}', ` : ''}${describeArg(fn)}) on a Fastify instance, through @fastify/express`,
            `${owner}.use(${path ?? ''}|${argKey(fn)})`,
          );
        }
      }
    }
  }

  /** `{ handler, preHandler, onRequest, … }` of a route. */
  private routeOptions(st: FileState, obj: Node, label: string): void {
    if (!Node.isObjectLiteralExpression(obj)) return;
    for (const p of obj.getProperties()) {
      let name: string | undefined;
      let value: Node | undefined;
      if (Node.isPropertyAssignment(p)) [name, value] = [p.getName(), p.getInitializer()];
      else if (Node.isShorthandPropertyAssignment(p)) [name, value] = [p.getName(), p.getNameNode()];
      else if (Node.isMethodDeclaration(p)) [name, value] = [p.getName(), p];
      if (!name || !value) continue;
      if (name === 'handler') for (const fn of this.functionsOf(value)) this.checkHandler(st, fn, 'route', label);
      else if (REQUEST_HOOKS.has(name)) for (const fn of this.functionsOf(value)) this.checkHandler(st, fn, 'hook', `the ${name} hook of ${label}`);
    }
  }

  /** The function(s) an argument stands for: inline, a declaration in this file, or an array of them. */
  private functionsOf(node: Node | undefined): Node[] {
    if (!node) return [];
    const n = unwrap(node);
    if (isInlineFunction(n) || Node.isMethodDeclaration(n)) return [n];
    if (Node.isArrayLiteralExpression(n)) return n.getElements().flatMap((e) => this.functionsOf(e));
    if (Node.isIdentifier(n)) {
      const d = declarationOf(n);
      if (d && Node.isFunctionDeclaration(d)) return [d];
      const init = d && Node.isVariableDeclaration(d) ? d.getInitializer() : undefined;
      if (init && isInlineFunction(unwrap(init))) return [unwrap(init)];
    }
    return [];
  }

  private checkHandler(st: FileState, fn: Node, kind: HandlerKind, label: string): void {
    if (!Node.isFunctionLikeDeclaration(fn) && !Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn)) return;
    const params = fn.getParameters();
    const base = kind === 'error' ? 1 : 0;
    const simple = (i: number) => {
      const p = params[i];
      return p && Node.isIdentifier(p.getNameNode()) ? p : undefined;
    };
    const request = simple(base);
    const reply = simple(base + 1);
    const extra = kind === 'hook' ? undefined : params[base + 2];
    if (extra) {
      this.add(st, 'CHECK_NEXT', extra, `${label} takes a third parameter \`${extra.getText()}\``, `param|${label}|${normalizeCode(extra)}`);
    }
    const refersTo = (expr: Node, param: Node, chain: Set<string>): boolean => {
      const n = unwrap(expr);
      if (Node.isIdentifier(n)) return same(declarationOf(n), param);
      if (Node.isCallExpression(n)) {
        const c = n.getExpression();
        return Node.isPropertyAccessExpression(c) && chain.has(c.getName()) && refersTo(c.getExpression(), param, chain);
      }
      return false;
    };
    const NONE = new Set<string>();
    walk(fn.compilerNode, (c) => {
      // Only member names and identifiers that can matter are wrapped: handlers are most of the code.
      const interesting = ts.isPropertyAccessExpression(c) ? MEMBERS_OF_INTEREST.has(c.name.text) : ts.isIdentifier(c) && Object.hasOwn(LEFTOVERS, c.text);
      if (!interesting) return;
      const n = wrapped(st.sf, c);
      if (Node.isPropertyAccessExpression(n)) {
        const name = n.getName();
        const parent = n.getParent();
        const call = Node.isCallExpression(parent) && same(parent.getExpression(), n) ? parent : undefined;
        const shown = `${short(n.getText(), 50)}${call ? '()' : ''}`;
        const anchor = () => `${name}|${normalizeCode(anchorNode(n))}`;
        if (reply && refersTo(n.getExpression(), reply, REPLY_CHAIN)) {
          if (RESPONSE_ONLY.has(name)) this.add(st, 'CHECK_RESPONSE', n, `${shown} in ${label}`, anchor());
          else if (name === 'redirect' && call && call.getArguments().length >= 2 && isStatusLike(call.getArguments()[0]!)) {
            this.add(st, 'CHECK_RESPONSE', n, `${shown} in ${label} has Express's (status, url) order; Fastify 5 takes (url, status)`, anchor());
          }
        } else if (request && refersTo(n.getExpression(), request, NONE) && REQUEST_ONLY.has(name)) {
          if (name.startsWith('accepts') && !(call && call.getArguments().length > 0)) return;
          this.add(st, 'CHECK_REQUEST', n, `${shown} in ${label}`, anchor());
        }
      } else if (Node.isIdentifier(n) && Object.hasOwn(LEFTOVERS, n.getText())) {
        const parent = n.getParent();
        const used =
          (Node.isPropertyAccessExpression(parent) && same(parent.getExpression(), n)) || (Node.isCallExpression(parent) && same(parent.getExpression(), n));
        if (!used || declarationOf(n) || hoistedVarOf(n)) return;
        const name = LEFTOVERS[n.getText()]!;
        this.add(st, name, n, `\`${n.getText()}\` is not defined in ${label}: left over from the Express handler`, `${n.getText()}|${normalizeCode(anchorNode(n))}`);
      }
    });
  }
}

function isStatusLike(n: Node): boolean {
  const u = unwrap(n);
  return Node.isNumericLiteral(u) || (Node.isIdentifier(u) && /status|code/i.test(u.getText()));
}

export function detect(discovered: Discovered, inventory: Inventory): RawFinding[] {
  return new Detector(discovered).run(inventory);
}
