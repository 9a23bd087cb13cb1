/**
 * The app itself: `express` import → `fastify`, `express()` → `Fastify(options)` with Express's
 * matching rules and settings carried over, `app.set/enable/disable` folded into options,
 * plugin registrations the other passes asked for, the Express compat router when needed, and
 * `app.listen(port[, host][, cb])` → `app.listen({ port, host }, cb)`.
 */
import { standalone } from './standalone.js';
import path from 'node:path';
import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { eachNode } from './fast-find.js';
import { queryParserSource } from './query-parser.js';
import { addTodo, pruneKeepingComments, statementOf, stringValue, freshComments, programPath } from './ast.js';
import { COMPAT_ROUTER, LOCALS_NEED, type Pass, type TransformContext } from './context.js';
import { pathModule, REPLACED_PACKAGES } from './plugins.js';

type Node = any;

/**
 * Express binds every interface, IPv6 and IPv4 (`::`, dual-stack); Fastify binds localhost
 * unless told otherwise. (On a host with IPv6 disabled, '0.0.0.0' is the IPv4-only spelling.)
 */
const LISTEN_HOST = '::';

function stmt(j: JSCodeshift, src: string): Node {
  return j.template.statement([`${src}\n`] as any);
}

function settingValue(node: Node): string | undefined {
  if (!node) return 'true';
  if (node.type === 'BooleanLiteral' || node.type === 'NumericLiteral') return String(node.value);
  return undefined;
}

/** Folds `app.set(...)` calls into Fastify options; returns statements handled. */
function foldSettings(ctx: TransformContext, appName: string): void {
  const { j, state } = ctx;
  const custom = new Set<string>();
  ctx.root
    .find(j.CallExpression, { callee: { type: 'MemberExpression', object: { type: 'Identifier', name: appName } } })
    .filter((p: any) => ['set', 'enable', 'disable'].includes(p.node.callee.property.name))
    .forEach((p: any) => {
      const method = p.node.callee.property.name;
      const key = stringValue(p.node.arguments[0]);
      const s = statementOf(p);
      if (!key || !s || (s.node as any).type !== 'ExpressionStatement') return;
      const valueNode = method === 'set' ? p.node.arguments[1] : undefined;
      const value = method === 'enable' ? 'true' : method === 'disable' ? 'false' : valueNode ? j(valueNode).toSource() : undefined;
      const bool = method === 'set' ? settingValue(valueNode) : value;
      switch (key) {
        case 'trust proxy':
          // A hop count: Fastify 5 ignores numbers, so Express's own rule is spelled out.
          state.fastifyOptions.set('trustProxy', valueNode?.type === 'NumericLiteral' ? `(address, hop) => hop < ${valueNode.value}` : (value ?? 'true'));
          break;
        case 'case sensitive routing':
          state.routerOptions.set('caseSensitive', bool ?? value ?? 'true');
          break;
        case 'strict routing':
          state.routerOptions.set('ignoreTrailingSlash', bool === 'true' ? 'false' : bool === 'false' ? 'true' : `!(${value})`);
          break;
        case 'x-powered-by':
        case 'etag':
        case 'env':
          // Fastify sends neither X-Powered-By nor ETag; NODE_ENV is read from the environment as before.
          ctx.report('UNSUPPORTED_SETTING', p.node, `'${key}'`);
          break;
        case 'view engine':
        case 'views':
          // Read by the @fastify/view registration (viewOptions).
          state.viewSettings.set(key, valueNode);
          break;
        case 'query parser':
          if (stringValue(valueNode) === 'simple' || value === 'false') state.routerOptions.set('__simpleQuery', 'true');
          break;
        case 'json spaces':
          // Express pretty-prints res.json output; Fastify's serializer is set per app instead.
          if (value) state.afterCreate.push(`${appName}.setReplySerializer((payload) => JSON.stringify(payload, null, ${value}));`);
          break;
        default:
          custom.add(key);
          return;
      }
      const optionKey = OPTION_OF_SETTING[key];
      const comments = ((s.node as any).comments ?? []).filter((c: any) => c.leading);
      if (optionKey && comments.length) {
        // The comment explained the setting: it now explains the option.
        const text = comments.map((c: any) => (c.type === 'CommentBlock' ? `/*${c.value}*/` : `//${c.value}`)).join('\n');
        state.optionComments.set(optionKey, text);
        (s.node as any).comments = (s.node as any).comments.filter((c: any) => !c.leading);
      }
      pruneKeepingComments(s);
    });
  if (custom.size === 0) return;
  // Custom settings (`app.set('port', 3000)` … `app.get('port')`): Fastify has no settings
  // store, so the app's own values move to a Map with the same get/set calls.
  state.afterCreate.push(`const ${SETTINGS} = new Map();`);
  ctx.root
    .find(j.CallExpression, { callee: { type: 'MemberExpression', object: { type: 'Identifier', name: appName } } })
    .filter((p: any) => {
      const name = p.node.callee.property.name;
      const key = stringValue(p.node.arguments[0]);
      return key !== undefined && custom.has(key) && ((name === 'get' && p.node.arguments.length === 1) || name === 'set' || name === 'enable' || name === 'disable');
    })
    .forEach((p: any) => {
      const name = p.node.callee.property.name;
      const key = p.node.arguments[0];
      const settings = j.identifier(SETTINGS);
      if (name === 'get' || name === 'set') p.node.callee.object = settings;
      else p.replace(j.callExpression(j.memberExpression(settings, j.identifier('set')), [key, j.booleanLiteral(name === 'enable')]));
      ctx.report('UNSUPPORTED_SETTING', p.node, `custom setting '${stringValue(key)}' kept in a Map named ${SETTINGS}`);
    });
}

const OPTION_OF_SETTING: Record<string, string> = {
  'trust proxy': 'trustProxy',
  'case sensitive routing': 'caseSensitive',
  'strict routing': 'ignoreTrailingSlash',
};

/** Where custom `app.set()` values live once there is no Express app to hold them. */
const SETTINGS = 'appSettings';

function optionsSource(ctx: TransformContext, usesQuery: boolean): string {
  const { state } = ctx;
  const router = new Map<string, string>();
  router.set('caseSensitive', state.routerOptions.get('caseSensitive') === 'true' ? 'true' : 'false');
  router.set('ignoreTrailingSlash', state.routerOptions.get('ignoreTrailingSlash') ?? 'true');
  for (const [k, v] of state.routerOptions) if (!k.startsWith('__') && !router.has(k)) router.set(k, v);
  if (router.get('caseSensitive') === 'true' && !state.routerOptions.has('caseSensitive')) router.delete('caseSensitive');
  // Express 4 parses query strings with qs (nested keys, arrays); Fastify's parser does not.
  if (usesQuery && ctx.inventory.expressMajor !== 5 && !state.routerOptions.has('__simpleQuery')) {
    state.imports.set('qs', 'qs');
    const name = freeName(ctx, 'parseQuery');
    router.set('querystringParser', name);
    // A function declaration: hoisted, so it may follow the Fastify() call that names it.
    state.afterCreate.unshift(queryParserSource(name, ctx.file.language === 'ts'));
  }
  const withComment = (indent: string, k: string, v: string) => {
    const comment = state.optionComments.get(k);
    return `${comment ? `${indent}${comment.replace(/\n/g, `\n${indent}`)}\n` : ''}${indent}${k}: ${v}`;
  };
  const parts: string[] = [];
  for (const [k, v] of state.fastifyOptions) parts.push(withComment('  ', k, v));
  const routerParts = [...router].map(([k, v]) => withComment('    ', k, v));
  parts.push(`  routerOptions: {\n${routerParts.join(',\n')}\n  }`);
  return `{\n${parts.join(',\n')}\n}`;
}

/** `base`, or `base2`, `base3`…: the first name no identifier of the file has. */
function freeName(ctx: TransformContext, base: string): string {
  const taken = new Set<string>();
  eachNode(ctx.root.paths()[0].node, 'Identifier', (node) => void taken.add(node.name));
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  return name;
}

function isEsm(ctx: TransformContext): boolean {
  return ctx.file.moduleKind === 'esm';
}

function importStatement(ctx: TransformContext, local: string, pkg: string): Node {
  return stmt(ctx.j, isEsm(ctx) ? `import ${local} from '${pkg}';` : `const ${local} = require('${pkg}');`);
}

/**
 * The names still referenced outside their own import/require, from one walk of the file (a walk
 * per name was a tenth of all tree walking). Pruning an import or a require between two
 * questions changes no answer: such a statement holds no reference by this definition.
 */
function usedNames(ctx: TransformContext): Set<string> {
  const used = new Set<string>();
  eachNode(ctx.root.paths()[0].node, 'Identifier', (node, parent) => {
    if (parent.type === 'ImportDefaultSpecifier' || parent.type === 'ImportNamespaceSpecifier' || parent.type === 'ImportSpecifier') return;
    if (parent.type === 'VariableDeclarator' && parent.id === node) return;
    if (parent.type === 'TSImportEqualsDeclaration' && parent.id === node) return;
    if (parent.type === 'MemberExpression' && parent.property === node && !parent.computed) return;
    if ((parent.type === 'ObjectProperty' || parent.type === 'Property') && parent.key === node && !parent.shorthand) return;
    used.add(node.name);
  });
  return used;
}

/** Replaces (or keeps, when still needed) the express import, and adds the fastify one. */
/** Express's names for the app's type: `Express`, `Application` (imported or as `express.X`). */
const EXPRESS_APP_TYPES = new Set(['Express', 'Application']);

/** `const app: Express = express()` → `const app: FastifyInstance = Fastify()`. */
function retypeApp(ctx: TransformContext, id: Node): void {
  const { j } = ctx;
  const ref = id?.typeAnnotation?.typeAnnotation;
  if (ref?.type !== 'TSTypeReference' || ref.typeParameters) return;
  const n = ref.typeName;
  const isExpressType =
    n.type === 'Identifier'
      ? EXPRESS_APP_TYPES.has(importedFrom(ctx, n.name, 'express') ?? '')
      : n.type === 'TSQualifiedName' && n.left.type === 'Identifier' && ctx.file.expressNames.includes(n.left.name) && EXPRESS_APP_TYPES.has(n.right.name);
  if (!isExpressType) return;
  id.typeAnnotation = j.tsTypeAnnotation(j.tsTypeReference(j.identifier('FastifyInstance')));
  ctx.state.fastifyTypes.add('FastifyInstance');
}

/**
 * @fastify/express makes `res.send` Fastify's `reply.send`, which types a string `text/plain`;
 * Express's typed it `text/html` unless a type was set. Kept Express code sends as it did.
 */
function htmlSend(ctx: TransformContext, app: string): string {
  const ts = ctx.file.language === 'ts';
  return (
    `  // res.send is Fastify's here: a string would go out as text/plain, where Express said text/html.\n` +
    `  ${app}.use((req${ts ? ': any' : ''}, res${ts ? ': any' : ''}, next${ts ? ': () => void' : ''}) => {\n` +
    `    const send = res.send;\n` +
    `    res.send = function (${ts ? 'this: any, ' : ''}...args${ts ? ': unknown[]' : ''}) {\n` +
    `      if (typeof args[0] === 'string' && !this.get('Content-Type')) this.type('html');\n` +
    `      return send.apply(this, args);\n` +
    `    };\n` +
    `    next();\n` +
    `  });\n`
  );
}

/** The name `local` is imported under from `module` (`import { Express as E } from 'express'` gives `Express` for `E`). */
function importedFrom(ctx: TransformContext, local: string, module: string): string | undefined {
  const { j } = ctx;
  let imported: string | undefined;
  ctx.root.find(j.ImportDeclaration, { source: { value: module } }).forEach((p: any) => {
    for (const s of p.node.specifiers ?? []) if (s.type === 'ImportSpecifier' && s.local.name === local) imported = s.imported.name;
  });
  return imported;
}

function rewriteImports(ctx: TransformContext, extra: Node[]): void {
  const { j, state } = ctx;
  const expressNames = ctx.file.expressNames;
  const used = usedNames(ctx);
  const keepExpress = expressNames.some((n) => used.has(n));
  const typeNames = [...state.fastifyTypes].sort();
  let anchor: ASTPath | undefined;
  if (isEsm(ctx)) {
    const decl = ctx.root.find(j.ImportDeclaration, { source: { value: 'express' } }).paths()[0];
    if (decl) {
      // Drop Express type imports that no longer have a use.
      const node: any = decl.node;
      node.specifiers = node.specifiers.filter((s: any) => s.type !== 'ImportSpecifier' || used.has(s.local.name));
      anchor = decl;
    }
    const typeList = typeNames.map((t) => `type ${t}`).join(', ');
    const hasApp = ctx.file.apps.some((a) => a.kind === 'app');
    const clause = hasApp ? `Fastify${typeList ? `, { ${typeList} }` : ''}` : `{ ${typeList} }`;
    const fastifyImport = hasApp || typeList ? stmt(j, `import ${clause} from 'fastify';`) : undefined;
    const imports = fastifyImport ? [fastifyImport, ...extra] : extra;
    if (decl) {
      const node: any = decl.node;
      const keepDecl = keepExpress || node.specifiers.some((s: any) => s.type === 'ImportSpecifier');
      if (keepDecl) {
        if (!keepExpress) node.specifiers = node.specifiers.filter((s: any) => s.type === 'ImportSpecifier');
        decl.insertAfter(...imports);
      } else if (imports.length) {
        if (node.comments) imports[0].comments = freshComments(j, node.comments);
        decl.replace(...imports);
      } else {
        pruneKeepingComments(decl);
      }
    }
    return;
  }
  // TypeScript's `import express = require('express')`.
  const importEquals = ctx.root
    .find(j.TSImportEqualsDeclaration)
    .filter((p: any) => p.node.moduleReference?.type === 'TSExternalModuleReference' && p.node.moduleReference.expression.value === 'express')
    .paths()[0] as any;
  if (importEquals) {
    const hasApp = ctx.file.apps.some((a) => a.kind === 'app');
    const added = hasApp ? [stmt(j, `import Fastify = require('fastify');`), ...extra] : extra;
    if (keepExpress) importEquals.insertAfter(...added);
    else if (added.length) importEquals.replace(...added);
    else pruneKeepingComments(importEquals);
    return;
  }
  const req = ctx.root
    .find(j.VariableDeclaration)
    .filter((p: any) => p.node.declarations.some((d: any) => d.init?.type === 'CallExpression' && d.init.callee.name === 'require' && stringValue(d.init.arguments[0]) === 'express'))
    .paths()[0];
  if (!req) return;
  const hasApp = ctx.file.apps.some((a) => a.kind === 'app');
  const added = hasApp ? [stmt(j, `const Fastify = require('fastify');`), ...extra] : extra;
  if (keepExpress) {
    if (added.length) req.insertAfter(...added);
  } else if (added.length) {
    if ((req.node as any).comments) added[0].comments = freshComments(j, (req.node as any).comments);
    req.replace(...added);
  } else {
    pruneKeepingComments(req);
  }
  void anchor;
}

/** Paths of the program's top-level statements (imports and requires live there; no tree walk). */
function topLevel(ctx: TransformContext): any[] {
  const program: any = programPath(ctx.root);
  return program.node.body.map((_s: Node, i: number) => program.get('body', i));
}

/** Drops imports of Express middleware packages whose middleware became Fastify plugins. */
function removeUnusedImports(ctx: TransformContext, modules: string[]): void {
  const statements = topLevel(ctx);
  const used = usedNames(ctx);
  statements
    .filter((p: any) => p.node.type === 'ImportDeclaration' && modules.includes(p.node.source.value))
    .forEach((p: any) => {
      if (p.node.specifiers.length && p.node.specifiers.every((s: any) => !used.has(s.local.name))) pruneKeepingComments(p);
    });
  statements
    .filter((p: any) => p.node.type === 'VariableDeclaration' && p.node.declarations.length === 1)
    .forEach((p: any) => {
      const d = p.node.declarations[0];
      const init = d.init?.type === 'MemberExpression' ? d.init.object : d.init;
      if (init?.type !== 'CallExpression' || init.callee.name !== 'require' || !modules.includes(stringValue(init.arguments[0]) ?? '')) return;
      const names = d.id.type === 'Identifier' ? [d.id.name] : d.id.type === 'ObjectPattern' ? d.id.properties.map((q: any) => q.value?.name).filter(Boolean) : [];
      if (names.length && names.every((n: string) => !used.has(n))) pruneKeepingComments(p);
    });
}

/**
 * `const server = http.createServer(app); server.listen(port)` → `const server = app.server;
 * app.listen({ port, host })`: Fastify creates its own server, started by app.listen.
 */
function convertCreateServer(ctx: TransformContext, appName: string): void {
  const { j } = ctx;
  ctx.root
    .find(j.CallExpression, { callee: { property: { name: 'createServer' } } })
    .filter((p: any) => p.node.arguments.length === 1 && p.node.arguments[0].type === 'Identifier' && p.node.arguments[0].name === appName)
    .forEach((p: any) => {
      const parent = p.parent.node;
      // http.createServer(app).listen(…)
      if (parent.type === 'MemberExpression' && parent.object === p.node && parent.property.name === 'listen') {
        p.replace(j.identifier(appName));
        ctx.report('SERVER_OBJECT', parent, `${appName}.listen`);
        return;
      }
      const declarator = parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent : undefined;
      const listens = declarator
        ? ctx.root.find(j.CallExpression, { callee: { object: { type: 'Identifier', name: declarator.id.name }, property: { name: 'listen' } } }).paths()
        : [];
      if (listens.length === 0) {
        const s = statementOf(p);
        if (s) addTodo(j, s, 'CREATE_SERVER');
        ctx.report('CREATE_SERVER', p.node);
        return;
      }
      for (const l of listens) (l.node as any).callee.object = j.identifier(appName);
      ctx.report('SERVER_OBJECT', p.node, `${declarator.id.name} = ${appName}.server`);
      p.replace(j.memberExpression(j.identifier(appName), j.identifier('server')));
    });
}

/** `module.exports = app`, `export default app`: callers (supertest…) must await app.ready(). */
function reportExports(ctx: TransformContext, appName: string): void {
  const { j } = ctx;
  const exported =
    ctx.root.find(j.ExportDefaultDeclaration, { declaration: { type: 'Identifier', name: appName } }).paths()[0] ??
    topLevel(ctx)
      .filter((p: any) => p.node.type === 'ExpressionStatement' && p.node.expression.type === 'AssignmentExpression')
      .map((p: any) => p.get('expression'))
      .filter((p: any) => p.node.left.type === 'MemberExpression' && /^(module\.)?exports(\.\w+)?$/.test(j(p.node.left).toSource()) && new RegExp(`^(${appName}|\\{.*\\b${appName}\\b.*\\})$`).test(j(p.node.right).toSource().replace(/\s/g, '')))[0];
  if (exported) ctx.report('EXPORTED_APP', exported.node);
}

/** Template engines @fastify/view takes as `engine: { name: module }`. */
const VIEW_ENGINES: Record<string, string> = { ejs: 'ejs', pug: 'pug', hbs: 'handlebars', handlebars: 'handlebars' };

/** `{ engine: { ejs }, root: path.resolve('views') }` from the app's view settings. */
function viewOptions(ctx: TransformContext): string | undefined {
  const { j, state } = ctx;
  const engineNode = state.viewSettings.get('view engine');
  const engine = engineNode ? stringValue(engineNode) : undefined;
  const module = engine ? VIEW_ENGINES[engine] : undefined;
  if (!engine || !module) return undefined;
  const local = module === 'handlebars' ? 'handlebars' : engine;
  state.imports.set(local, module);
  const views = state.viewSettings.get('views');
  // Express looks views up in ./views of the working directory unless told otherwise.
  const root = `${pathModule(ctx)}.resolve(${views ? j(views).toSource() : "'views'"})`;
  const ext = engine === 'hbs' ? ", viewExt: 'hbs'" : '';
  return `{ engine: { ${module === local ? local : `${module}: ${local}`} }, root: ${root}${ext} }`;
}

/**
 * TypeScript: what middleware put on Express's request/response now lives on Fastify's, so the
 * types say so (`any`: Express typed them through its own global augmentation, if at all).
 */
function augmentFastifyTypes(ctx: TransformContext): void {
  const { j, state } = ctx;
  // Fastify's own request members keep their own types.
  const props = [...state.requestProps].filter((p) => !['raw', 'server', 'id', 'log', 'routeOptions', 'is404'].includes(p)).sort();
  const locals = state.plugins.has(LOCALS_NEED) || ctx.root.find(j.MemberExpression, { property: { name: 'locals' } }).size() > 0;
  if (props.length === 0 && !locals && !state.nativeSession) return;
  const lines = ["declare module 'fastify' {"];
  if (props.length) lines.push('  interface FastifyRequest {', ...props.map((p) => `    ${p}?: any;`), '  }');
  // express-session's data was typed by the app's own augmentation of its SessionData, if at all.
  if (state.nativeSession) lines.push('  interface Session {', '    [key: string]: any;', '  }');
  if (locals) lines.push('  interface FastifyReply {', '    locals: Record<string, any>;', '  }');
  lines.push('}');
  const program: any = programPath(ctx.root).node;
  const lastImport = program.body.reduce((acc: number, st: Node, i: number) => (st.type === 'ImportDeclaration' ? i : acc), -1);
  const decl = programPath(j(`${lines.join('\n')}\n`, { parser: 'ts' } as any)).node.body[0];
  program.body.splice(lastImport + 1, 0, decl);
}

/** Routers kept on Express under a router that became a plugin: this app mounts them itself. */
function hoistedRouters(ctx: TransformContext, appName: string): Array<{ local: string; prefix: string }> {
  const out: Array<{ local: string; prefix: string }> = [];
  for (const f of ctx.inventory.files) {
    for (const r of f.apps) {
      if (!r.hoisted || r.prefix === undefined || r.rootApp?.file !== ctx.file.file || r.rootApp.name !== appName || !r.exportName) continue;
      let spec = path.posix.relative(path.posix.dirname(ctx.file.file), f.file);
      if (!spec.startsWith('.')) spec = `./${spec}`;
      // ESM needs the file extension; CommonJS resolves it.
      if (!isEsm(ctx)) spec = spec.replace(/\.(c?js|ts)$/, '');
      else spec = spec.replace(/\.ts$/, '.js').replace(/\.mts$/, '.mjs');
      const local = `${r.name === 'router' ? path.posix.basename(f.file).replace(/\.[^.]+$/, '').replace(/\W+(\w)/g, (_m, c: string) => c.toUpperCase()) : r.name}Router`;
      const exported = r.exportName;
      const alias = exported === local ? local : isEsm(ctx) ? `${exported} as ${local}` : `${exported}: ${local}`;
      ctx.state.imports.set(exported === 'default' ? local : `{ ${alias} }`, spec);
      out.push({ local, prefix: r.prefix || '/' });
    }
  }
  return out;
}

/** `require('express-async-errors')`: patches Express; Fastify already handles rejected handlers. */
function removeSideEffectImports(ctx: TransformContext, modules: string[]): void {
  for (const p of topLevel(ctx)) {
    const node = p.node;
    const sideEffectImport = node.type === 'ImportDeclaration' && modules.includes(node.source.value) && node.specifiers.length === 0;
    const sideEffectRequire =
      node.type === 'ExpressionStatement' && node.expression.type === 'CallExpression' && node.expression.callee.name === 'require' && modules.includes(stringValue(node.expression.arguments[0]) ?? '');
    if (sideEffectImport || sideEffectRequire) pruneKeepingComments(p);
  }
}

/** `app.listen(port[, host][, cb])` → `app.listen({ port, host }, cb)`. */
function convertListen(ctx: TransformContext, appName: string): void {
  const { j } = ctx;
  ctx.root
    .find(j.CallExpression, { callee: { type: 'MemberExpression', object: { type: 'Identifier', name: appName }, property: { name: 'listen' } } })
    .forEach((p: any) => {
      const original = p.node;
      const args: Node[] = p.node.arguments;
      if (args[0]?.type === 'ObjectExpression') return; // already Fastify style
      const fnIndex = args.findIndex((a) => a.type === 'ArrowFunctionExpression' || a.type === 'FunctionExpression');
      const cb = fnIndex === -1 ? undefined : args[fnIndex];
      const plain = fnIndex === -1 ? args : args.slice(0, fnIndex);
      const [port, host] = plain;
      const portSrc = port ? j(port).toSource() : '0';
      const props: string[] = [portSrc === 'port' ? 'port' : `port: ${portSrc}`];
      props.push(host ? `host: ${j(host).toSource()}` : `host: '${LISTEN_HOST}'`);
      const options = `{ ${props.join(', ')} }`;
      if (cb) {
        // Express reports a failed listen as an uncaught 'error' event: throwing keeps that crash.
        const errName = cb.params[0]?.name ?? 'err';
        if (!cb.params[0]) cb.params = [j.identifier(errName)];
        if (cb.body.type !== 'BlockStatement') cb.body = j.blockStatement([j.expressionStatement(cb.body)]);
        const hasGuard = cb.body.body[0]?.type === 'IfStatement' && j(cb.body.body[0].test).toSource() === errName;
        if (!hasGuard) cb.body.body.unshift(stmt(j, `if (${errName}) throw ${errName};`));
      }
      // Built from source text so that recast prints the options on one line.
      const listenCall = cb
        ? j.template.expression([`${appName}.listen(${options}, `, `)`] as any, cb)
        : j.template.expression([`${appName}.listen(${options})`] as any);
      p.replace(listenCall);
      const s: any = statementOf(p);
      const decl = p.parent.node.type === 'VariableDeclarator' ? p.parent : undefined;
      if (decl && s?.node.type === 'VariableDeclaration' && s.node.declarations.length === 1) {
        // `const server = app.listen(…)`: Fastify's http.Server is `app.server`, created up front.
        const name = j(decl.node.id).toSource();
        const kind = s.node.kind;
        s.replace(stmt(j, `${kind} ${name} = ${appName}.server;`), j.expressionStatement(listenCall));
        ctx.report('SERVER_OBJECT', original, `${name} = ${appName}.server`);
      }
    });
}

export const bootstrapPass: Pass = {
  name: 'bootstrap',
  run(ctx) {
    const { j, state } = ctx;
    const apps = ctx.file.apps.filter((a) => a.kind === 'app');
    for (const name of ctx.file.importedApps ?? []) {
      // The app is migrated in its own file; here it is only started.
      convertCreateServer(ctx, name);
      convertListen(ctx, name);
    }
    if (apps.length === 0 && state.nativeRouters.size === 0 && !ctx.file.sharedExports?.length) return;
    const extraImports: Node[] = [];
    const usesQuery = ctx.root.find(j.MemberExpression, { property: { name: 'query' } }).size() > 0;
    for (const app of apps) {
      foldSettings(ctx, app.name);
      const declarator = ctx.root.find(j.VariableDeclarator, { id: { name: app.name } }).filter((p: any) => p.node.id.start === app.location.offset).paths()[0];
      if (!declarator) continue;
      const created = j.template.expression([`Fastify(${optionsSource(ctx, usesQuery)})`] as any);
      const init: Node = (declarator.node as any).init;
      // `var app = module.exports = express()` keeps its export.
      if (init?.type === 'AssignmentExpression') init.right = created;
      else (declarator.node as any).init = created;
      retypeApp(ctx, (declarator.node as any).id);
      const declStmt = statementOf(declarator);
      if (!declStmt) continue;
      const hoisted = hoistedRouters(ctx, app.name);
      if (hoisted.length) {
        state.needsExpressCompat = true;
        state.compatMiddleware = true;
      }
      const after: Node[] = state.afterCreate.map((src) => stmt(j, src));
      let registerCompat: Node | undefined;
      const view = state.plugins.get('@fastify/view');
      if (view && !view.options) {
        const options = viewOptions(ctx);
        if (options) view.options = options;
        else {
          state.plugins.delete('@fastify/view');
          ctx.report('UNSUPPORTED_SETTING', declStmt.node, "res.render needs app.set('view engine', 'ejs' | 'pug') to choose the @fastify/view engine");
        }
      }
      for (const plugin of state.plugins.values()) {
        if (plugin.pkg === LOCALS_NEED) {
          // Express's res.locals: an object per request (@fastify/view skips its own when this exists).
          after.push(stmt(j, `${app.name}.decorateReply('locals', null);`));
          after.push(j.template.statement([`${app.name}.addHook('onRequest', (request, reply, done) => {\n  reply.locals = {};\n  done();\n});\n`] as any));
          continue;
        }
        // An app that serves a folder already has reply.sendFile from that registration.
        if (plugin.pkg === '@fastify/static' && state.staticCount > 0) continue;
        after.push(stmt(j, `${app.name}.register(${plugin.local}${plugin.options ? `, ${plugin.options}` : ''});`));
      }
      if (state.needsExpressCompat) {
        const expressName = ctx.file.expressNames[0] ?? 'express';
        after.push(stmt(j, `const ${COMPAT_ROUTER} = ${expressName}.Router();`));
        // Express 4 parsed query strings with qs; the Express inside @fastify/express is version 5.
        const qsLine = ctx.inventory.expressMajor === 5 ? '' : `  ${app.name}.express.set('query parser', 'extended');\n`;
        for (const h of hoisted) {
          const parsers = state.compatBodyParsers.length ? `${state.compatBodyParsers.join(', ')}, ` : '';
          const use = stmt(j, `${COMPAT_ROUTER}.use('${h.prefix}', ${parsers}${h.local});`);
          addTodo(j, { node: use } as any, 'ROUTER_COMPAT', `${h.local} stays on Express (see its file)`);
          after.push(use);
        }
        registerCompat = j.template.statement([
          `${app.name}.register(fastifyExpress).after(() => {\n${qsLine}${htmlSend(ctx, app.name)}  ${app.name}.use(${COMPAT_ROUTER});\n});\n`,
        ] as any);
        const props = [...new Set([...(ctx.inventory.requestProps ?? []), ...state.requestProps])].sort();
        if (state.compatMiddleware && state.plugins.has(LOCALS_NEED)) {
          // res.locals written by middleware kept on Express live on the raw response.
          after.push(
            j.template.statement([
              `${app.name}.addHook('preHandler', (request, reply, done) => {\n  if (reply.raw.locals) Object.assign(reply.locals, reply.raw.locals);\n  done();\n});\n`,
            ] as any),
          );
        }
        if (state.compatMiddleware && props.length) {
          // Express middleware kept through @fastify/express writes on the raw request.
          const list = props.map((p) => `'${p}'`).join(', ');
          const [target, source] = ctx.file.language === 'ts' ? ['(request as any)[key]', '(request.raw as any)[key]'] : ['request[key]', 'request.raw[key]'];
          after.push(
            j.template.statement([
              `${app.name}.addHook('preHandler', (request, reply, done) => {\n` +
                `  for (const key of [${list}]) if (key in request.raw) ${target} = ${source};\n` +
                `  done();\n` +
                `});\n`,
            ] as any),
          );
        }
      }
      declStmt.insertAfter(...after);
      if (registerCompat) {
        const parent: any = declStmt.parent;
        const body: Node[] = parent.node.body;
        // Where Express met the first middleware or route it keeps: hooks registered before it in
        // the source still run before it, the ones after it after (Fastify keeps that order).
        const usesCompat = (st: Node) => st !== body[body.indexOf(declStmt.node) + 1] && j(st).find(j.Identifier, { name: COMPAT_ROUTER }).size() > 0;
        const first = body.findIndex((st, i) => i > body.indexOf(declStmt.node) && !(st.type === 'VariableDeclaration' && st.declarations[0]?.id?.name === COMPAT_ROUTER) && usesCompat(st));
        body.splice(first === -1 ? body.length : first, 0, registerCompat);
        const idx = body.indexOf(registerCompat);
        // The header speaks for the main reason: a handler kept first, else the one route reason there is.
        const routeCodes = [...state.compatRoutes];
        const code = routeCodes.length === 0 ? (state.compatMiddleware ? 'UNKNOWN_MIDDLEWARE' : 'HANDLER_COMPAT') : routeCodes.includes('HANDLER_COMPAT') ? 'HANDLER_COMPAT' : routeCodes[0]!;
        if (idx !== -1) addTodo(j, parent.get('body', idx), code, 'what is registered on expressCompat still runs on Express (@fastify/express)');
      }
      convertCreateServer(ctx, app.name);
      convertListen(ctx, app.name);
      reportExports(ctx, app.name);
    }
    for (const [local, pkg] of state.imports) extraImports.push(importStatement(ctx, local, pkg));
    const byModule = new Map<string, string[]>();
    for (const [name, pkg] of state.namedImports) byModule.set(pkg, [...(byModule.get(pkg) ?? []), name]);
    for (const [pkg, names] of byModule) {
      const list = names.sort().join(', ');
      extraImports.push(stmt(j, isEsm(ctx) ? `import { ${list} } from '${pkg}';` : `const { ${list} } = require('${pkg}');`));
    }
    // A file without an app hands its plugins to the app that registers its routers (driver).
    if (apps.length > 0) {
      for (const plugin of state.plugins.values()) {
        if (plugin.pkg !== LOCALS_NEED && !state.imports.has(plugin.local)) extraImports.push(importStatement(ctx, plugin.local, plugin.pkg));
      }
    }
    if (state.needsExpressCompat) extraImports.push(importStatement(ctx, 'fastifyExpress', '@fastify/express'));
    rewriteImports(ctx, extraImports);
    if (ctx.file.language === 'ts') augmentFastifyTypes(ctx);
    removeUnusedImports(ctx, [...REPLACED_PACKAGES, 'express-async-handler', 'express-async-wrap', 'express-asyncify', 'async-handler-express']);
    // Routes kept on Express may still rely on the patch.
    if (!state.needsExpressCompat) removeSideEffectImports(ctx, ['express-async-errors']);
  },
};

/** Runs this pass alone: `jscodeshift -t dist/transforms/bootstrap.js <files>`. */
export default standalone(bootstrapPass);
