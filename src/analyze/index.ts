/**
 * ts-morph → inventory. Every query that needs the whole program (and, later, the type
 * checker) runs here, before the first edit: transforms only read what this records.
 */
import { Node, Project, SyntaxKind, ts, type CallExpression, type SourceFile as TsSourceFile } from 'ts-morph';
import type { App, FileInventory, HttpMethod, Inventory, Location, Middleware, RequestHelper, Route, SharedMiddleware } from '../inventory.js';
import { isRequestHelper, noteHelperCalls, type PendingHelper } from './helpers.js';
import { COMPAT_ROUTER, fileEntry, routeId } from '../inventory.js';
import type { Discovered, SourceFile } from '../types.js';
import { classifyFactoryCall, findExpressBindings } from './express-usage.js';
import { exportsOf, importsOf, readPathAliases, requireRef, resolveModule, type ExportTarget, type ImportRef, type PathAliases } from './modules.js';
import { inferSchemas, type InferOptions } from '../schema/index.js';
import { descendantsOfKind } from './descendants.js';
import { recastLines } from '../recast-lines.js';
import { lineAndColumnAt } from './line-column.js';

export const ROUTE_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'all'] as const;

/** A file the parser cannot take (stack overflow on pathological nesting) is one failed file, not a failed run. */
function safely<T>(work: () => T, fallback: T): T {
  try {
    return work();
  } catch {
    return fallback;
  }
}

/** Cheap text test so that files with no Express never reach a parser. */
export function mentionsExpress(text: string): boolean {
  return /['"]express['"]/.test(text);
}

function locationOf(node: Node, rel: string): Location {
  const sf = node.getSourceFile();
  const offset = node.getStart();
  const { line, column } = lineAndColumnAt(sf, offset);
  return { file: rel, line, column, offset };
}

function literalString(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  return undefined;
}

function readExpressMajor(pkg: SourceFile | undefined): 4 | 5 | undefined {
  if (!pkg) return undefined;
  try {
    const json = JSON.parse(pkg.text) as Record<string, Record<string, string> | undefined>;
    const range = json.dependencies?.express ?? json.devDependencies?.express ?? json.peerDependencies?.express;
    const m = range?.match(/(\d+)/);
    if (m?.[1] === '4') return 4;
    if (m?.[1] === '5') return 5;
  } catch {
    // An unparsable package.json is reported by the package.json pass; here it only means "unknown".
  }
  return undefined;
}

function scriptKindFor(rel: string): ts.ScriptKind {
  if (/\.tsx$/.test(rel)) return ts.ScriptKind.TSX;
  if (/\.[mc]?ts$/.test(rel)) return ts.ScriptKind.TS;
  if (/\.jsx$/.test(rel)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

/** The receiver name of `X.method(...)` or of `X.route(path).method(...)…`, with the route path. */
function receiverOf(call: CallExpression): { name: string; routePath?: Node } | undefined {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  let obj = callee.getExpression();
  // Walk down a chain `app.route('/x').get(a).post(b)` to `app.route('/x')`.
  while (Node.isCallExpression(obj)) {
    const inner = obj.getExpression();
    if (!Node.isPropertyAccessExpression(inner)) return undefined;
    if (inner.getName() === 'route' && Node.isIdentifier(inner.getExpression())) {
      return { name: inner.getExpression().getText(), routePath: obj.getArguments()[0] };
    }
    obj = inner.getExpression();
  }
  if (Node.isIdentifier(obj)) return { name: obj.getText() };
  return undefined;
}

function isFunctionLike(node: Node): boolean {
  return Node.isArrowFunction(node) || Node.isFunctionExpression(node);
}

function analyzeFile(file: SourceFile, sf: TsSourceFile, pending: PendingLink[], shared: PendingShared[], helpers: PendingHelper[]): FileInventory | undefined {
  const bindings = findExpressBindings(sf);
  if (bindings.expressNames.size === 0 && bindings.routerFactories.size === 0) return undefined;
  const apps: App[] = [];
  const appNames = new Map<string, App>();
  for (const decl of descendantsOfKind(sf, SyntaxKind.VariableDeclaration)) {
    let init = decl.getInitializer();
    // `var app = module.exports = express()`
    if (init && Node.isBinaryExpression(init) && init.getOperatorToken().getKind() === SyntaxKind.EqualsToken) init = init.getRight();
    if (!init || !Node.isCallExpression(init) || !Node.isIdentifier(decl.getNameNode())) continue;
    const kind = classifyFactoryCall(init, bindings);
    if (!kind || decl.getName() === COMPAT_ROUTER) continue;
    const app: App = { name: decl.getName(), kind, location: locationOf(decl, file.rel), settings: {} };
    apps.push(app);
    appNames.set(app.name, app);
  }
  // `require('./routes')(app)`: code elsewhere registers on the app through its Express API.
  for (const app of apps) {
    if (app.kind !== 'app') continue;
    const passed = sf.getDescendantsOfKind(SyntaxKind.Identifier).find((id) => {
      if (id.getText() !== app.name) return false;
      const parent = id.getParent();
      if (!parent || !Node.isCallExpression(parent) || !parent.getArguments().includes(id)) return false;
      const callee = parent.getExpression();
      return !(Node.isPropertyAccessExpression(callee) && ['createServer', 'listen'].includes(callee.getName()));
    });
    if (passed) app.passedTo = passed.getParentOrThrow().getText().replace(/\s+/g, ' ').slice(0, 60);
  }
  const routes: Route[] = [];
  const middleware: Middleware[] = [];
  const imports = importsOf(sf);
  noteHelperCalls(sf, imports, file.rel, helpers);
  const computedRoutes: Array<{ owner: string; location: Location }> = [];
  for (const call of descendantsOfKind(sf, SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (Node.isElementAccessExpression(callee)) {
      // `app[m]('/x', handler)`: a route whose method only the running code knows.
      const obj = callee.getExpression();
      const args = call.getArguments();
      const last = args[args.length - 1];
      if (Node.isIdentifier(obj) && appNames.has(obj.getText()) && args.length >= 2 && last && (isFunctionLike(last) || Node.isIdentifier(last))) {
        computedRoutes.push({ owner: obj.getText(), location: locationOf(call, file.rel) });
      }
      continue;
    }
    if (!Node.isPropertyAccessExpression(callee)) continue;
    const recv = receiverOf(call);
    if (!recv || !appNames.has(recv.name)) continue;
    const method = callee.getName();
    const args = call.getArguments();
    const nameNode = callee.getNameNode();
    if ((ROUTE_METHODS as readonly string[]).includes(method)) {
      const chained = recv.routePath !== undefined;
      // `app.get('title')` with one argument reads a setting; it is not a route.
      if (!chained && method === 'get' && args.length < 2) continue;
      const pathNode = chained ? recv.routePath : args[0];
      const fnArgs = chained ? args : args.slice(1);
      const last = fnArgs[fnArgs.length - 1];
      const loc = locationOf(nameNode, file.rel);
      const path = literalString(pathNode);
      for (const mw of fnArgs.slice(0, -1)) noteShared(mw, imports, file.rel, shared);
      routes.push({
        id: routeId(file.rel, loc.offset, method.toUpperCase()),
        method: method.toUpperCase() as HttpMethod,
        path,
        fullPath: path,
        owner: recv.name,
        location: loc,
        middlewareCount: Math.max(0, fnArgs.length - 1),
        handler: !last
          ? { kind: 'other' }
          : isFunctionLike(last)
            ? { kind: 'inline', location: locationOf(last, file.rel) }
            : Node.isIdentifier(last)
              ? { kind: 'identifier', name: last.getText(), location: locationOf(last, file.rel) }
              : { kind: 'other', location: locationOf(last, file.rel) },
        schemas: {},
        verdict: { kind: 'native', codes: [] },
      });
    } else if (method === 'use' && !recv.routePath) {
      const path = literalString(args[0]);
      const fns = path === undefined ? args : args.slice(1);
      for (const fn of fns) {
        const loc = locationOf(fn, file.rel);
        const entry: Middleware = {
          id: `${file.rel}:${loc.offset}:use`,
          owner: recv.name,
          path,
          known: knownMiddleware(fn, bindings.expressNames, imports),
          location: loc,
          verdict: { kind: 'native', codes: [] },
          siblings: fns.length,
        };
        // Possibly a router: linked across files once every file is analysed.
        if (Node.isIdentifier(fn) && appNames.get(fn.getText())?.kind === 'router') {
          entry.router = { file: file.rel, name: fn.getText() };
          entry.known = 'router';
        } else if (Node.isIdentifier(fn) && imports.has(fn.getText())) {
          pending.push({ entry, ref: imports.get(fn.getText())! });
          noteShared(fn, imports, file.rel, shared);
        } else if (Node.isCallExpression(fn) && entry.known === 'unknown') {
          noteShared(fn, imports, file.rel, shared);
        } else {
          const ref = requireRef(fn);
          if (ref) pending.push({ entry, ref });
        }
        middleware.push(entry);
      }
    } else if ((method === 'set' || method === 'enable' || method === 'disable') && !recv.routePath) {
      const key = literalString(args[0]);
      if (key === undefined) continue;
      const app = appNames.get(recv.name)!;
      if (method === 'set') {
        const v = args[1];
        app.settings[key] =
          v === undefined
            ? null
            : Node.isStringLiteral(v)
              ? v.getLiteralValue()
              : Node.isNumericLiteral(v)
                ? v.getLiteralValue()
                : v.getKind() === SyntaxKind.TrueKeyword
                  ? true
                  : v.getKind() === SyntaxKind.FalseKeyword
                    ? false
                    : { expression: v.getText() };
      } else {
        app.settings[key] = method === 'enable';
      }
    }
  }
  return {
    file: file.rel,
    moduleKind: bindings.moduleKind,
    language: /\.[mc]?tsx?$/.test(file.rel) ? 'ts' : 'js',
    expressNames: [...bindings.expressNames],
    apps,
    routes,
    middleware,
    ...(computedRoutes.length ? { computedRoutes } : {}),
  };
}

/** Packages whose middleware has an official Fastify counterpart (transforms/plugins.ts). */
export const KNOWN_PACKAGES = new Set(['cors', 'helmet', 'cookie-parser', 'compression', 'serve-static', 'morgan', 'express-rate-limit', 'express-session']);

const BODY_PARSERS = new Set(['json', 'urlencoded']);

/** Names the middleware when it is one we map to Fastify natively: `express.json`, `cors`, … */
export function knownMiddleware(fn: Node, expressNames: Set<string>, imports: Map<string, ImportRef>): string {
  if (!Node.isCallExpression(fn)) return 'unknown';
  const callee = fn.getExpression();
  if (Node.isPropertyAccessExpression(callee) && Node.isIdentifier(callee.getExpression())) {
    const obj = callee.getExpression().getText();
    if (expressNames.has(obj)) return `express.${callee.getName()}`;
    // body-parser's json() and urlencoded() are what express.json() and express.urlencoded() wrap.
    const ref = imports.get(obj);
    if (ref?.module === 'body-parser' && (ref.imported === 'default' || ref.imported === '*') && BODY_PARSERS.has(callee.getName())) return `express.${callee.getName()}`;
  }
  if (Node.isIdentifier(callee)) {
    const ref = imports.get(callee.getText());
    if (ref?.module === 'body-parser' && BODY_PARSERS.has(ref.imported)) return `express.${ref.imported}`;
    const named = ref && (ref.imported === 'default' || ref.imported === '*' || (ref.module === 'express-rate-limit' && ref.imported === 'rateLimit'));
    if (ref && named && KNOWN_PACKAGES.has(ref.module)) return ref.module;
  }
  const inline = requireRef(callee);
  if (inline && KNOWN_PACKAGES.has(inline.module) && inline.imported === 'default') return inline.module;
  return 'unknown';
}

/** A middleware argument imported from another file: `auth` or a factory call `requireRole('x')`. */
interface PendingShared {
  ref: ImportRef;
  factory: boolean;
  site: { file: string; offset: number };
}

function noteShared(arg: Node, imports: Map<string, ImportRef>, rel: string, out: PendingShared[]): void {
  const factory = Node.isCallExpression(arg);
  const callee = factory ? (arg as CallExpression).getExpression() : arg;
  if (!Node.isIdentifier(callee)) return;
  const ref = imports.get(callee.getText());
  // Relative or aliased (tsconfig paths): resolution against the run's files decides.
  if (!ref) return;
  out.push({ ref, factory, site: { file: rel, offset: arg.getStart() } });
}

/** Whether a module's local is a plain `(req, res, next)` function (or a factory returning one). */
function exportedFunction(sf: TsSourceFile, local: string, factory: boolean): boolean {
  const decl = sf.getFunction(local) ?? sf.getVariableDeclaration(local)?.getInitializer();
  if (!decl || !(Node.isFunctionDeclaration(decl) || Node.isArrowFunction(decl) || Node.isFunctionExpression(decl))) return false;
  if (!factory) return decl.getParameters().length === 3;
  const body = decl.getBody();
  const returned =
    body && Node.isBlock(body)
      ? body
          .getStatements()
          .find((st) => Node.isReturnStatement(st))
          ?.getFirstChild((c) => Node.isArrowFunction(c) || Node.isFunctionExpression(c))
      : body;
  return !!returned && (Node.isArrowFunction(returned) || Node.isFunctionExpression(returned)) && returned.getParameters().length === 3;
}

interface PendingLink {
  entry: Middleware;
  ref: ImportRef;
}

/** Follows an import to the router it names, through re-exports (a few hops at most). */
function resolveRouter(
  fromRel: string,
  ref: ImportRef,
  files: Set<string>,
  exportsByFile: { get(rel: string): Map<string, ExportTarget> | undefined },
  byFile: Map<string, FileInventory>,
  kind: 'app' | 'router' = 'router',
  aliases?: PathAliases,
): { file: string; name: string } | undefined {
  let from = fromRel;
  let current: ImportRef = ref;
  for (let hop = 0; hop < 5; hop++) {
    const target = resolveModule(from, current.module, files, aliases);
    if (!target) return undefined;
    const exports = exportsByFile.get(target);
    const exp = exports?.get(current.imported === '*' ? 'default' : current.imported);
    if (!exp) return undefined;
    if ('local' in exp) {
      const app = byFile.get(target)?.apps.find((a) => a.name === exp.local && a.kind === kind);
      return app ? { file: target, name: app.name } : undefined;
    }
    from = target;
    current = { module: exp.module, imported: exp.imported };
  }
  return undefined;
}

interface LinkContext {
  fileSet: Set<string>;
  aliases?: PathAliases;
  exportsByFile: { get(rel: string): Map<string, ExportTarget> | undefined };
  textOf: Map<string, string>;
  parse: (rel: string, text: string) => TsSourceFile;
  files: FileInventory[];
}

/** The file and local name an import of a project module points at, when it is a plain local. */
function importedLocal(link: LinkContext, from: string, ref: ImportRef): { target: string; local: string } | undefined {
  const target = resolveModule(from, ref.module, link.fileSet, link.aliases);
  if (!target) return undefined;
  const exp = link.exportsByFile.get(target)?.get(ref.imported === '*' ? 'default' : ref.imported);
  return exp && 'local' in exp ? { target, local: exp.local } : undefined;
}

/** The inventory entry of a module that joins the run only because others use what it exports. */
function moduleInventory(link: LinkContext, rel: string): FileInventory {
  let inv = fileEntry(link.files, rel);
  if (!inv) {
    const text = link.textOf.get(rel)!;
    inv = {
      file: rel,
      moduleKind: /^\s*(import|export)\s/m.test(text) ? 'esm' : 'cjs',
      language: /\.[mc]?tsx?$/.test(rel) ? 'ts' : 'js',
      expressNames: [],
      apps: [],
      routes: [],
      middleware: [],
    };
    link.files.push(inv);
  }
  return inv;
}

/**
 * Middleware imported from project files, each with every place it is used. The module that
 * defines it joins the inventory (it may not mention express at all) so it can be converted.
 */
function linkShared(pending: PendingShared[], link: LinkContext): SharedMiddleware[] {
  const byId = new Map<string, SharedMiddleware>();
  for (const p of pending) {
    const found = importedLocal(link, p.site.file, p.ref);
    if (!found) continue;
    const id = `${found.target}#${found.local}`;
    let entry = byId.get(id);
    if (!entry) {
      if (!safely(() => exportedFunction(link.parse(found.target, link.textOf.get(found.target)!), found.local, p.factory), false)) continue;
      entry = { id, file: found.target, local: found.local, factory: p.factory, uses: [] };
      byId.set(id, entry);
      const inv = moduleInventory(link, found.target);
      inv.sharedExports = [...(inv.sharedExports ?? []), found.local];
    }
    if (entry.factory !== p.factory) entry.mixed = true;
    entry.uses.push(p.site);
  }
  return [...byId.values()];
}

/** Functions of project modules that callers hand the request to (see ./helpers.ts). */
function linkHelpers(pending: PendingHelper[], link: LinkContext): RequestHelper[] {
  const byId = new Map<string, RequestHelper>();
  for (const p of pending) {
    const found = importedLocal(link, p.site.file, p.ref);
    if (!found) continue;
    const id = `${found.target}#${found.local}#${p.index}`;
    let entry = byId.get(id);
    if (!entry) {
      if (!safely(() => isRequestHelper(link.parse(found.target, link.textOf.get(found.target)!), found.local, p.index), false)) continue;
      entry = { file: found.target, local: found.local, index: p.index, uses: [] };
      byId.set(id, entry);
      const inv = moduleInventory(link, found.target);
      inv.helperExports = [...(inv.helperExports ?? []), `${found.local}#${p.index}`];
    }
    entry.uses.push(p.site);
  }
  return [...byId.values()];
}

/** Express path joining: a router's `/` under `/api` is `/api`. */
export function joinPaths(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  return joined.length > 1 && path === '/' ? joined.replace(/\/$/, '') : joined;
}

/** Mount prefixes (first mount wins) → every router's prefix and every route's full path. */
function resolvePrefixes(files: FileInventory[]): void {
  const routers = new Map<string, App>();
  for (const f of files) for (const a of f.apps) if (a.kind === 'router') routers.set(`${f.file}#${a.name}`, a);
  const mountOf = new Map<string, { parent: string; path: string }>();
  for (const f of files) {
    for (const m of f.middleware) {
      if (!m.router) continue;
      const key = `${m.router.file}#${m.router.name}`;
      if (!mountOf.has(key)) mountOf.set(key, { parent: `${f.file}#${m.owner}`, path: m.path ?? '/' });
    }
  }
  const prefixOf = (key: string, depth = 0): string | undefined => {
    if (!routers.has(key)) return ''; // an app
    const mount = mountOf.get(key);
    if (!mount || depth > 20) return undefined;
    const parent = prefixOf(mount.parent, depth + 1);
    return parent === undefined ? undefined : joinPaths(parent || '/', mount.path);
  };
  const rootOf = (key: string, depth = 0): string | undefined => {
    if (!routers.has(key)) return key;
    const mount = mountOf.get(key);
    return mount && depth < 20 ? rootOf(mount.parent, depth + 1) : undefined;
  };
  for (const [key, router] of routers) {
    const p = prefixOf(key);
    if (p !== undefined) router.prefix = p === '/' ? '' : p;
    const root = rootOf(key);
    if (root) router.rootApp = { file: root.slice(0, root.lastIndexOf('#')), name: root.slice(root.lastIndexOf('#') + 1) };
  }
  for (const f of files) {
    for (const r of f.routes) {
      const owner = routers.get(`${f.file}#${r.owner}`);
      if (!owner) continue;
      r.fullPath = owner.prefix === undefined || r.path === undefined ? undefined : owner.prefix ? joinPaths(owner.prefix, r.path) : r.path;
    }
  }
}

/** Names a module declares or imports at its top level. */
function moduleNames(sf: TsSourceFile): Set<string> {
  const out = new Set<string>();
  for (const st of sf.getStatements()) {
    if (Node.isImportDeclaration(st)) {
      const def = st.getDefaultImport();
      if (def) out.add(def.getText());
      const ns = st.getNamespaceImport();
      if (ns) out.add(ns.getText());
      for (const n of st.getNamedImports()) out.add(n.getAliasNode()?.getText() ?? n.getName());
    } else if (Node.isVariableStatement(st)) {
      for (const d of st.getDeclarations()) {
        const name = d.getNameNode();
        if (Node.isIdentifier(name)) out.add(name.getText());
        else for (const id of name.getDescendantsOfKind(SyntaxKind.Identifier)) out.add(id.getText());
      }
    } else if (Node.isFunctionDeclaration(st) || Node.isClassDeclaration(st) || Node.isEnumDeclaration(st) || Node.isInterfaceDeclaration(st) || Node.isTypeAliasDeclaration(st)) {
      const name = st.getName();
      if (name) out.add(name);
    } else if (Node.isImportEqualsDeclaration(st)) {
      out.add(st.getName());
    }
  }
  return out;
}

/**
 * What each app answers a request no route took, past its router mounts (App.notFound): the
 * `use` calls after its last route and last mount, error handlers aside.
 */
function noteNotFound(f: FileInventory, sf: TsSourceFile): void {
  for (const app of f.apps) {
    if (app.kind !== 'app') continue;
    const mine = f.middleware.filter((m) => m.owner === app.name);
    const after = Math.max(
      -1,
      ...f.routes.filter((r) => r.owner === app.name).map((r) => r.location.offset),
      ...mine.filter((m) => m.router || m.path !== undefined).map((m) => m.location.offset),
    );
    const trailing: Array<{ m: Middleware; fn: Node | undefined }> = [];
    for (const m of mine) {
      if (m.location.offset <= after) continue;
      let n: Node | undefined = sf.getDescendantAtPos(m.location.offset);
      while (n && !(isFunctionLike(n) && n.getStart() === m.location.offset)) n = n.getParent();
      // `(err, req, res, next)`: the error handler, not an answer to unknown paths.
      if (n && (n as any).getParameters().length === 4) continue;
      trailing.push({ m, fn: n });
    }
    // A catch-all route (`app.all('*')`) answers unknown paths before any 404 handler would.
    const catchAllRoute = f.routes.some((r) => r.owner === app.name && (r.path === undefined || /\*/.test(r.path)));
    if (catchAllRoute) {
      app.notFound = { kind: 'other' };
      continue;
    }
    if (trailing.length === 0) {
      app.notFound = { kind: 'default' };
      continue;
    }
    const [only] = trailing;
    if (trailing.length > 1 || !only!.fn || only!.m.siblings !== 1 || (only!.fn as any).getParameters().length > 3) {
      app.notFound = { kind: 'other' };
      continue;
    }
    const declared = moduleNames(sf);
    const used = new Set(only!.fn.getDescendantsOfKind(SyntaxKind.Identifier).map((id) => id.getText()).filter((t) => declared.has(t)));
    app.notFound = { kind: 'handler', source: only!.fn.getText(), language: f.language, moduleNames: [...used].sort() };
  }
}

/**
 * The text as recast (under jscodeshift) hands it to the parser: line endings as LF and tabs
 * expanded. Offsets recorded here must equal the transforms' node offsets, so the analysis
 * reads the same text (line numbers are unchanged by it).
 */
export function recastView(text: string): string {
  if (!text.includes('\r') && !text.includes('\t')) return text;
  return recastLines(text).toString({ tabWidth: 4, reuseWhitespace: false, useTabs: false, lineTerminator: '\n' } as any);
}

export interface AnalyzeHooks {
  /** The inventory without schemas yet: files, apps, routers, mounts, shared middleware. */
  onStructure?(inventory: Inventory): void;
  /** A file's routes have their schemas (see InferOptions.onFile). */
  onFile?: InferOptions['onFile'];
}

export function analyzeProject(discovered: Discovered, hooks: AnalyzeHooks = {}): Inventory {
  const aliases = discovered.tsconfig ? safely(() => readPathAliases(discovered.tsconfig!.text), undefined) : undefined;
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { allowJs: true, checkJs: false, noLib: true },
  });
  const files: FileInventory[] = [];
  const pending: PendingLink[] = [];
  const shared: PendingShared[] = [];
  const helpers: PendingHelper[] = [];
  const fileSet = new Set(discovered.files.map((f) => f.rel));
  const textOf = new Map(discovered.files.map((f) => [f.rel, f.text]));
  const parsed = new Map<string, TsSourceFile>();
  const parse = (rel: string, text: string) => {
    let sf = parsed.get(rel);
    if (!sf) {
      sf = project.createSourceFile(`/${rel}`, recastView(text), { overwrite: true, scriptKind: scriptKindFor(rel) });
      parsed.set(rel, sf);
    }
    return sf;
  };
  for (const file of discovered.files) {
    // Files that never name express are not parsed here (most of a large code base).
    if (!mentionsExpress(file.text)) continue;
    try {
      const inv = analyzeFile(file, parse(file.rel, file.text), pending, shared, helpers);
      if (inv) files.push(inv);
    } catch (e) {
      // A pathological file (thousands of nested callbacks overflow the stack) fails alone.
      const language = /\.[mc]?tsx?$/.test(file.rel) ? 'ts' : 'js';
      files.push({ file: file.rel, moduleKind: 'cjs', language, expressNames: [], apps: [], routes: [], middleware: [], error: String((e as Error)?.message ?? e).split('\n')[0] });
    }
  }
  // Only the files a mount points at (and re-export hubs on the way) are read for exports.
  const exportCache = new Map<string, Map<string, ExportTarget>>();
  const exportsByFile = {
    get(rel: string): Map<string, ExportTarget> | undefined {
      if (!exportCache.has(rel)) {
        const text = textOf.get(rel);
        exportCache.set(rel, text === undefined ? new Map() : safely(() => exportsOf(parse(rel, text)), new Map()));
      }
      return exportCache.get(rel);
    },
  };
  const byFile = new Map(files.map((f) => [f.file, f]));
  for (const { entry, ref } of pending) {
    const router = resolveRouter(entry.location.file, ref, fileSet, exportsByFile, byFile, 'router', aliases);
    if (router) {
      entry.router = router;
      entry.known = 'router';
    }
  }
  resolvePrefixes(files);
  for (const f of files) if (!f.error && f.apps.some((a) => a.kind === 'app')) safely(() => noteNotFound(f, parse(f.file, textOf.get(f.file)!)), undefined);
  // How each router is exported, so that another file can import it (hoisted compat mounts).
  for (const f of files) {
    for (const a of f.apps) {
      if (a.kind !== 'router') continue;
      const exported = [...(exportsByFile.get(f.file) ?? new Map()).entries()].find(([, t]) => 'local' in t && t.local === a.name);
      if (exported) a.exportName = exported[0];
    }
  }
  // Files that start an app built elsewhere (`const app = require('./app'); app.listen(3000)`).
  for (const file of discovered.files) {
    if (mentionsExpress(file.text) || !/\.listen\(|createServer\(/.test(file.text)) continue;
    const imports = importsOf(parse(file.rel, file.text));
    const importedApps: string[] = [];
    for (const [local, ref] of imports) {
      if (resolveRouter(file.rel, ref, fileSet, exportsByFile, byFile, 'app', aliases)) importedApps.push(local);
    }
    if (importedApps.length === 0) continue;
    files.push({ file: file.rel, moduleKind: /^\s*(import|export)\s/m.test(file.text) ? 'esm' : 'cjs', language: /\.[mc]?tsx?$/.test(file.rel) ? 'ts' : 'js', expressNames: [], apps: [], routes: [], middleware: [], importedApps });
  }
  const link: LinkContext = { fileSet, aliases, exportsByFile, textOf, parse, files };
  const sharedMiddleware = linkShared(shared, link);
  const requestHelpers = linkHelpers(helpers, link);
  const inventory: Inventory = { version: 1, root: discovered.root, expressMajor: readExpressMajor(discovered.packageJson), files, sharedMiddleware, requestHelpers };
  hooks.onStructure?.(inventory);
  inferSchemas(inventory, discovered, { sourceFileOf: (rel) => (textOf.has(rel) ? safely(() => parse(rel, textOf.get(rel)!), undefined) : undefined), onFile: hooks.onFile });
  return inventory;
}
