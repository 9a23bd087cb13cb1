/**
 * Known Express middleware → the official Fastify plugin with equivalent options, registered
 * where the middleware was used (so a router's middleware stays scoped to that router's plugin).
 * Anything these mappings cannot express faithfully returns undefined: the caller keeps it on
 * Express through the compat router instead.
 */
import { needCookies } from './response.js';
import type { TransformContext } from './context.js';
import { stringValue } from './ast.js';

type Node = any;

function optionKeys(opts: Node): string[] | undefined {
  if (!opts) return [];
  if (opts.type !== 'ObjectExpression') return undefined;
  if (opts.properties.some((p: Node) => p.type !== 'ObjectProperty' && p.type !== 'Property')) return undefined;
  return opts.properties.map((p: Node) => p.key?.name ?? p.key?.value);
}

function propValue(opts: Node, key: string): Node | undefined {
  return opts?.properties?.find((p: Node) => (p.key?.name ?? p.key?.value) === key)?.value;
}

function src(ctx: TransformContext, node: Node): string {
  return ctx.j(node).toSource();
}

function register(ctx: TransformContext, owner: string, local: string, pkg: string, options?: string): Node {
  ctx.state.imports.set(local, pkg);
  return ctx.j.template.statement([`${owner}.register(${local}${options ? `, ${options}` : ''});\n`] as any);
}

/** The local name `path` is bound to in the file, importing `node:path` when there is none. */
export function pathModule(ctx: TransformContext): string {
  return moduleLocal(ctx, ['path', 'node:path'], 'path');
}

/** The local name a module (`['fs', 'node:fs']`) is bound to in the file, importing it as `local` when there is none. */
export function moduleLocal(ctx: TransformContext, specifiers: string[], local: string): string {
  const { j } = ctx;
  const existing = ctx.root
    .find(j.VariableDeclarator)
    .filter((p: any) => p.node.init?.type === 'CallExpression' && p.node.init.callee.name === 'require' && specifiers.includes(stringValue(p.node.init.arguments?.[0]) ?? ''))
    .paths()[0] as any;
  if (existing?.node.id.type === 'Identifier') return existing.node.id.name;
  const imported = ctx.root.find(j.ImportDeclaration).filter((p: any) => specifiers.includes(p.node.source.value)).paths()[0] as any;
  const def = imported?.node.specifiers?.find((s: Node) => s.type === 'ImportDefaultSpecifier' || s.type === 'ImportNamespaceSpecifier');
  if (def) return def.local.name;
  ctx.state.imports.set(local, specifiers[specifiers.length - 1]!);
  return local;
}

/**
 * The cors package's options in @fastify/cors terms: its default methods (@fastify/cors allows
 * only GET, HEAD and POST), and header lists joined the way cors joins them (`a,b`).
 */
function corsOptions(ctx: TransformContext, opts: Node | undefined, keys: string[]): string {
  const { j } = ctx;
  const props: string[] = [];
  for (const p of opts?.properties ?? []) {
    const key = p.key?.name ?? p.key?.value;
    const value = p.value;
    if (['exposedHeaders', 'allowedHeaders', 'methods'].includes(key) && value.type === 'ArrayExpression' && value.elements.every((e: Node) => stringValue(e) !== undefined)) {
      props.push(`${key}: '${value.elements.map((e: Node) => stringValue(e)).join(',')}'`);
    } else props.push(`${key}: ${src(ctx, value)}`);
  }
  if (!keys.includes('methods')) props.push("methods: 'GET,HEAD,PUT,PATCH,POST,DELETE'");
  void j;
  return `{ ${props.join(', ')} }`;
}

/**
 * Why a known middleware stayed on Express (its call node → reason), for the TODO marker and the
 * report: the plugin exists, but these options of the middleware have no faithful equivalent.
 */
const keptBecause = new WeakMap<Node, string>();

export function keptReason(node: Node): string | undefined {
  return keptBecause.get(node);
}

function keep(call: Node, reason: string): undefined {
  keptBecause.set(call, reason);
  return undefined;
}

/** @fastify/session refuses (at boot) a string secret shorter than this. */
const MIN_SESSION_SECRET = 32;

/** express-session's cookie options that @fastify/session takes under the same name and unit (maxAge in ms in both). */
const SESSION_COOKIE_KEYS = ['path', 'httpOnly', 'secure', 'maxAge', 'sameSite', 'domain'];

/**
 * `session({ secret, name, cookie, … })` (express-session) → @fastify/session, registered after
 * @fastify/cookie, with express-session's defaults where the two differ: the cookie is named
 * `connect.sid`, is not `Secure`, and is not re-sent on every response (`rolling: false`).
 * Express keeps sessions in its MemoryStore; @fastify/session has its own in-memory store, so
 * only that store converts. `resave` only matters to stores that expire sessions, so it goes.
 */
function mapSession(ctx: TransformContext, call: Node, pathArg: Node | undefined, owner: string): Node[] | undefined {
  const args: Node[] = call.arguments;
  if (pathArg) return keep(call, 'a session mounted on a path: @fastify/session applies to every route of its scope');
  const keys = optionKeys(args[0]);
  if (!keys || args.length !== 1 || !args[0]) return keep(call, 'the session options are not an object literal');
  const sessionName = call.callee.type === 'Identifier' ? call.callee.name : undefined;
  const props: string[] = [];
  const defaults: string[] = [];
  let cookie: string[] = ['secure: false'];
  let hasMaxAge = false;
  for (const key of keys) {
    const value = propValue(args[0], key);
    switch (key) {
      case 'secret': {
        const literal = stringValue(value);
        if (literal !== undefined && literal.length < MIN_SESSION_SECRET) {
          // Deriving a longer secret would only hide a weak one: the app's owner picks a new one.
          return keep(call, `the secret is shorter than the ${MIN_SESSION_SECRET} characters @fastify/session requires`);
        }
        if (literal === undefined && value.type !== 'ArrayExpression') {
          ctx.report('UNSUPPORTED_SETTING', call, `@fastify/session refuses to start with a secret shorter than ${MIN_SESSION_SECRET} characters: check ${src(ctx, value)}`);
        }
        props.push(`secret: ${src(ctx, value)}`);
        break;
      }
      case 'name':
        props.push(`cookieName: ${src(ctx, value)}`);
        break;
      case 'saveUninitialized':
      case 'rolling':
        props.push(`${key}: ${src(ctx, value)}`);
        break;
      case 'resave':
        break;
      case 'unset':
        if (stringValue(value) !== 'keep') return keep(call, "unset: 'destroy' has no @fastify/session equivalent");
        break;
      case 'store': {
        const memoryStore = value.type === 'NewExpression' && value.arguments.length === 0 && value.callee.type === 'MemberExpression' && value.callee.object.name === sessionName && value.callee.property.name === 'MemoryStore';
        if (!memoryStore) return keep(call, 'a session store other than the MemoryStore: port it to a @fastify/session store');
        break;
      }
      case 'cookie': {
        const cookieKeys = optionKeys(value);
        if (!cookieKeys) return keep(call, 'the cookie options are not an object literal');
        const unknown = cookieKeys.find((k) => !SESSION_COOKIE_KEYS.includes(k));
        if (unknown) return keep(call, `cookie.${unknown} has no @fastify/session equivalent`);
        const secure = propValue(value, 'secure');
        // 'auto' also sets SameSite=Lax on plain HTTP in @fastify/session, which express-session does not.
        if (secure && stringValue(secure) !== undefined) return keep(call, `cookie.secure: ${src(ctx, secure)} behaves differently in @fastify/session`);
        hasMaxAge = cookieKeys.includes('maxAge');
        cookie = [...cookieKeys.map((k) => `${k}: ${src(ctx, propValue(value, k))}`), ...(cookieKeys.includes('secure') ? [] : cookie)];
        break;
      }
      default:
        return keep(call, `option ${key} has no @fastify/session equivalent`);
    }
  }
  if (!keys.includes('secret')) return keep(call, 'no secret');
  if (!keys.includes('name')) {
    props.push("cookieName: 'connect.sid'");
    defaults.push('cookie named connect.sid');
  }
  if (!keys.includes('rolling')) {
    props.push('rolling: false');
    defaults.push('not re-sent with every response');
  }
  if (cookie.includes('secure: false')) defaults.push('not Secure');
  props.push(`cookie: { ${cookie.join(', ')} }`);
  if (!hasMaxAge) {
    ctx.report('UNSUPPORTED_SETTING', call, '@fastify/session re-sends a browser-session cookie (no maxAge) whenever the session changes; express-session does not');
  }
  ctx.report('UNSUPPORTED_SETTING', call, '@fastify/session clears a session cookie whose session no longer exists or whose signature is wrong; express-session leaves it');
  needCookies(ctx.state);
  ctx.state.nativeSession = true;
  const stmt = register(ctx, owner, 'fastifySession', '@fastify/session', `{ ${props.join(', ')} }`);
  if (defaults.length) stmt.comments = [ctx.j.commentLine(` express-session's defaults, where @fastify/session's differ: ${defaults.join(', ')}.`, true, false)];
  // Its hooks, like a middleware's, apply only to the routes registered after it (order pass).
  ctx.state.hookStatements.add(stmt);
  return [stmt];
}

/**
 * Returns the statements that replace `owner.use([path,] middleware)`, or undefined when the
 * middleware must stay on Express (with the reason in keptReason when options are the cause).
 */
export function mapKnownMiddleware(ctx: TransformContext, kind: string, call: Node, pathArg: Node | undefined, owner: string, ownerIsRouter: boolean): Node[] | undefined {
  const args: Node[] = call.arguments;
  const prefix = pathArg ? stringValue(pathArg) : undefined;
  switch (kind) {
    case 'cors':
    case 'helmet':
    case 'compression': {
      if (pathArg) return undefined;
      const keys = optionKeys(args[0]);
      if (!keys || args.length > 1) return undefined;
      // compression's tuning options (level, filter…) have other names in @fastify/compress.
      if (kind === 'compression' && keys.some((k) => k !== 'threshold')) return undefined;
      const plugin = { cors: ['fastifyCors', '@fastify/cors'], helmet: ['fastifyHelmet', '@fastify/helmet'], compression: ['fastifyCompress', '@fastify/compress'] }[kind]!;
      let options = args[0] ? src(ctx, args[0]) : undefined;
      if (kind === 'cors') options = corsOptions(ctx, args[0], keys);
      const stmt = register(ctx, owner, plugin[0]!, plugin[1]!, options);
      if (kind === 'compression') ctx.state.onRoutePlugins.add(stmt);
      return [stmt];
    }
    case 'cookie-parser': {
      if (pathArg || args.length > 1) return undefined;
      needCookies(ctx.state, args[0] ? src(ctx, args[0]) : undefined);
      return [];
    }
    case 'express.static':
    case 'serve-static': {
      const keys = optionKeys(args[1]);
      const supported = ['index', 'dotfiles', 'maxAge', 'etag', 'lastModified', 'extensions', 'immutable', 'cacheControl'];
      if (!keys || !args[0] || keys.some((k) => !supported.includes(k))) return undefined;
      if (pathArg && prefix === undefined) return undefined;
      const pathName = pathModule(ctx);
      // Express resolves a relative root against the working directory, as path.resolve does.
      const root = `${pathName}.resolve(${src(ctx, args[0])})`;
      const count = ctx.state.staticCount++;
      const props = [`root: ${root}`];
      if (prefix && prefix !== '/') props.push(`prefix: ${src(ctx, pathArg)}`);
      for (const k of keys) props.push(`${k}: ${src(ctx, propValue(args[1], k))}`);
      // Only one registration may decorate reply.sendFile.
      if (count > 0) props.push('decorateReply: false');
      return [register(ctx, owner, 'fastifyStatic', '@fastify/static', `{ ${props.join(', ')} }`)];
    }
    case 'morgan': {
      if (pathArg || ownerIsRouter) return undefined;
      ctx.state.fastifyOptions.set('logger', 'true');
      ctx.report('UNSUPPORTED_SETTING', call, 'morgan replaced by Fastify\'s logger (JSON lines instead of morgan\'s format)');
      return [];
    }
    case 'express-rate-limit': {
      if (pathArg) return undefined;
      const keys = optionKeys(args[0]);
      if (!keys || keys.some((k) => !['windowMs', 'limit', 'max'].includes(k))) return undefined;
      const max = propValue(args[0], 'limit') ?? propValue(args[0], 'max');
      const windowMs = propValue(args[0], 'windowMs');
      const options = `{ max: ${max ? src(ctx, max) : '5'}, timeWindow: ${windowMs ? src(ctx, windowMs) : '60000'} }`;
      ctx.report('UNSUPPORTED_SETTING', call, 'express-rate-limit replaced by @fastify/rate-limit: the 429 body and the rate-limit header names differ');
      const stmt = register(ctx, owner, 'fastifyRateLimit', '@fastify/rate-limit', options);
      ctx.state.onRoutePlugins.add(stmt);
      return [stmt];
    }
    case 'express-session':
      return mapSession(ctx, call, pathArg, owner);
    default:
      return undefined;
  }
}

/** Express middleware packages that the plugins above replace (dropped from package.json once unused). */
export const REPLACED_PACKAGES = ['body-parser', 'cors', 'helmet', 'cookie-parser', 'compression', 'serve-static', 'morgan', 'express-rate-limit', 'express-session', 'multer'];
