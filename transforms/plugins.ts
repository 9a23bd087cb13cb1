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
  const { j } = ctx;
  const existing = ctx.root
    .find(j.VariableDeclarator)
    .filter((p: any) => p.node.init?.type === 'CallExpression' && ['path', 'node:path'].includes(stringValue(p.node.init.arguments?.[0]) ?? ''))
    .paths()[0] as any;
  if (existing?.node.id.type === 'Identifier') return existing.node.id.name;
  const imported = ctx.root.find(j.ImportDeclaration).filter((p: any) => ['path', 'node:path'].includes(p.node.source.value)).paths()[0] as any;
  const def = imported?.node.specifiers?.find((s: Node) => s.type === 'ImportDefaultSpecifier' || s.type === 'ImportNamespaceSpecifier');
  if (def) return def.local.name;
  ctx.state.imports.set('path', 'node:path');
  return 'path';
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
 * Returns the statements that replace `owner.use([path,] middleware)`, or undefined when the
 * middleware must stay on Express.
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
    default:
      return undefined;
  }
}

/** Express middleware packages that the plugins above replace (dropped from package.json once unused). */
export const REPLACED_PACKAGES = ['cors', 'helmet', 'cookie-parser', 'compression', 'serve-static', 'morgan', 'express-rate-limit'];
