/**
 * Express response methods → Fastify reply. A chain such as `res.status(404).json(x)` is read
 * into modifiers (`status`, `set`, `type`, `cookie`, …) and one terminal (`json`, `send`,
 * `sendStatus`, `end`, `redirect`), then rebuilt either as a value to return (the idiomatic
 * form) or as an expression that sends through `reply`.
 */
import { STATUS_CODES } from 'node:http';
import type { JSCodeshift } from 'jscodeshift';
import type { FileState } from './context.js';

type Expr = any; // jscodeshift's ExpressionKind; `any` keeps the builders readable

export const TERMINALS = new Set(['json', 'send', 'sendStatus', 'end', 'redirect', 'sendFile', 'download', 'render']);
export const MODIFIERS = new Set(['status', 'set', 'header', 'type', 'contentType', 'location', 'cookie', 'clearCookie']);

export interface ChainCall {
  name: string;
  args: Expr[];
}

export interface ResponseChain {
  modifiers: ChainCall[];
  terminal: ChainCall | undefined;
}

/**
 * Reads `res.a(..).b(..).c(..)` (the outermost call) into its calls, or undefined when the
 * expression is not a chain of known methods on `resName`.
 */
export function readChain(node: Expr, resName: string): ResponseChain | undefined {
  const calls: ChainCall[] = [];
  let cur = node;
  while (cur && cur.type === 'CallExpression') {
    const callee = cur.callee;
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return undefined;
    calls.unshift({ name: callee.property.name, args: cur.arguments });
    cur = callee.object;
  }
  if (!cur || cur.type !== 'Identifier' || cur.name !== resName || calls.length === 0) return undefined;
  const terminalIndex = calls.findIndex((c) => TERMINALS.has(c.name));
  if (terminalIndex !== -1 && terminalIndex !== calls.length - 1) return undefined;
  const terminal = terminalIndex === -1 ? undefined : calls[terminalIndex];
  const modifiers = terminal ? calls.slice(0, -1) : calls;
  if (!modifiers.every((m) => MODIFIERS.has(m.name))) return undefined;
  return { modifiers, terminal };
}

const SHORT_TYPES: Record<string, string> = {
  json: 'application/json',
  html: 'text/html',
  htm: 'text/html',
  text: 'text/plain',
  txt: 'text/plain',
  xml: 'application/xml',
  js: 'text/javascript',
  css: 'text/css',
  csv: 'text/csv',
  md: 'text/markdown',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  bin: 'application/octet-stream',
  form: 'application/x-www-form-urlencoded',
  urlencoded: 'application/x-www-form-urlencoded',
};

/** Express's `res.type()` / `res.set('Content-Type')`: short names looked up, charset added for text. */
export function fullContentType(value: string, shortNames: boolean): string | undefined {
  let type = value;
  if (!type.includes('/')) {
    if (!shortNames) return undefined;
    const found = SHORT_TYPES[type.replace(/^\./, '').toLowerCase()];
    if (!found) return undefined;
    type = found;
  }
  if (/;\s*charset=/i.test(type)) return type;
  const base = type.split(';')[0]!.trim().toLowerCase();
  if (/^text\//.test(base) || base === 'application/json' || base === 'application/javascript') {
    return `${type}; charset=utf-8`;
  }
  return type;
}

function literalValue(node: Expr): string | number | undefined {
  if (!node) return undefined;
  if ((node.type === 'StringLiteral' || node.type === 'Literal') && typeof node.value === 'string') return node.value;
  if ((node.type === 'NumericLiteral' || node.type === 'Literal') && typeof node.value === 'number') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return undefined;
}

/** Whether an expression certainly evaluates to a string (Express sends those as text/html). */
export function isStringy(node: Expr): boolean {
  if (!node) return false;
  if (typeof literalValue(node) === 'string' || node.type === 'TemplateLiteral') return true;
  if (node.type === 'BinaryExpression' && node.operator === '+') return isStringy(node.left) || isStringy(node.right);
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && !node.callee.computed) {
    const name = node.callee.property.name;
    return ['toString', 'join', 'toUpperCase', 'toLowerCase', 'trim', 'repeat', 'padStart', 'padEnd'].includes(name);
  }
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'String') return true;
  return false;
}

/** Side-effect free, so evaluating it twice is the same as once. */
export function isPureExpression(node: Expr): boolean {
  if (!node) return false;
  switch (node.type) {
    case 'Identifier':
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
    case 'Literal':
      return true;
    case 'MemberExpression':
      return !node.computed && isPureExpression(node.object);
    case 'CallExpression':
      // path.join / path.resolve of pure parts
      return (
        node.callee.type === 'MemberExpression' &&
        node.callee.object.type === 'Identifier' &&
        node.callee.object.name === 'path' &&
        ['join', 'resolve'].includes(node.callee.property.name) &&
        node.arguments.every(isPureExpression)
      );
    case 'TemplateLiteral':
      return node.expressions.every(isPureExpression);
    case 'ConditionalExpression':
      return isPureExpression(node.test) && isPureExpression(node.consequent) && isPureExpression(node.alternate);
    case 'BinaryExpression':
    case 'LogicalExpression':
      return isPureExpression(node.left) && isPureExpression(node.right);
    case 'UnaryExpression':
      return node.operator !== 'delete' && isPureExpression(node.argument);
    default:
      return false;
  }
}

function isObjectish(node: Expr): boolean {
  return node && (node.type === 'ObjectExpression' || node.type === 'ArrayExpression');
}

export class UnsupportedResponse extends Error {}

/** Registers an edit of an original node, run only if the whole handler converts. */
export type Defer = (edit: () => void) => void;

interface Built {
  /** Modifier calls to apply on `reply` before sending (may be empty). */
  mods: Array<{ name: string; args: Expr[] }>;
  /** `value`: return this value (idiomatic); `send`: call this reply method with these args. */
  result: { kind: 'value'; value: Expr } | { kind: 'send'; method: string; args: Expr[] } | undefined;
  /** A value of unknown kind given to res.send: HTML only if it turns out to be a string. */
  htmlIfString?: Expr;
}

/**
 * Express `res.cookie(name, value, opts)` options → @fastify/cookie: maxAge in seconds instead of
 * milliseconds. Express's defaults (path '/', no SameSite) are set once on the plugin (bootstrap).
 */
function cookieOptions(j: JSCodeshift, opts: Expr | undefined, forClear: boolean, defer: Defer): Expr | undefined {
  if (!opts || opts.type !== 'ObjectExpression') return opts;
  for (const p of opts.properties) {
    if (p.type === 'SpreadElement') throw new UnsupportedResponse('res.cookie options with a spread');
    const key = p.key && (p.key.name ?? p.key.value);
    if (key === 'encode' || (key === 'signed' && p.value?.value !== false)) throw new UnsupportedResponse(`res.cookie option "${key}"`);
  }
  // Edited in place (once the whole handler is known to convert) so recast keeps the layout.
  defer(() => {
    opts.properties = opts.properties.filter((p: Expr) => {
      const key = p.key && (p.key.name ?? p.key.value);
      // `signed: false` is the default; Express 5's clearCookie ignores maxAge.
      return !(key === 'signed' || (forClear && key === 'maxAge'));
    });
    for (const p of opts.properties) {
      const key = p.key && (p.key.name ?? p.key.value);
      if (key !== 'maxAge') continue;
      const ms = literalValue(p.value);
      p.value = typeof ms === 'number' ? j.numericLiteral(Math.floor(ms / 1000)) : j.template.expression`Math.floor(${p.value} / 1000)`;
    }
  });
  return opts;
}

/** reply.sendFile/download come from @fastify/static; `serve: false` when the app serves no folder. */
export function needStatic(state: FileState): void {
  if (!state.plugins.has('@fastify/static')) {
    state.plugins.set('@fastify/static', { pkg: '@fastify/static', local: 'fastifyStatic', options: '{ root: process.cwd(), serve: false }' });
  }
}

/** Express cookies default to `Path=/` and no SameSite; @fastify/cookie to no path and `SameSite=Lax`. */
export function needCookies(state: FileState, secret?: string): void {
  const known = state.plugins.get('@fastify/cookie')?.options?.match(/^\{ secret: (.*), parseOptions/)?.[1];
  const secretSource = secret ?? known;
  state.plugins.set('@fastify/cookie', {
    pkg: '@fastify/cookie',
    local: 'fastifyCookie',
    options: `{ ${secretSource ? `secret: ${secretSource}, ` : ''}parseOptions: { path: '/', sameSite: false } }`,
  });
}

/** Maps the chain's calls; throws UnsupportedResponse for what has no faithful equivalent. */
export function buildChain(
  j: JSCodeshift,
  chain: ResponseChain,
  state: FileState,
  opts: { contentTypeSet: boolean; defer: Defer; kindOf?: (node: Expr) => 'string' | 'object' | 'unknown' },
): Built {
  const mods: Built['mods'] = [];
  let typeSet = opts.contentTypeSet;
  for (const m of chain.modifiers) {
    switch (m.name) {
      case 'status':
        mods.push({ name: 'code', args: m.args });
        break;
      case 'set':
      case 'header': {
        if (m.args.length === 1 && m.args[0].type === 'ObjectExpression') {
          mods.push({ name: 'headers', args: m.args });
          break;
        }
        const name = literalValue(m.args[0]);
        if (typeof name === 'string' && name.toLowerCase() === 'content-type') {
          const value = literalValue(m.args[1]);
          const full = typeof value === 'string' ? fullContentType(value, false) : undefined;
          if (!full) throw new UnsupportedResponse('non-literal Content-Type');
          mods.push({ name: 'type', args: [j.stringLiteral(full)] });
          typeSet = true;
          break;
        }
        if (m.args.length !== 2) throw new UnsupportedResponse(`res.${m.name} with ${m.args.length} arguments`);
        mods.push({ name: 'header', args: m.args });
        break;
      }
      case 'type':
      case 'contentType': {
        const value = literalValue(m.args[0]);
        const full = typeof value === 'string' ? fullContentType(value, true) : undefined;
        if (!full) throw new UnsupportedResponse('res.type with a non-literal or unknown type');
        mods.push({ name: 'type', args: [j.stringLiteral(full)] });
        typeSet = true;
        break;
      }
      case 'location':
        mods.push({ name: 'header', args: [j.stringLiteral('location'), m.args[0]] });
        break;
      case 'cookie':
        needCookies(state);
        if (m.args[1]?.type === 'ObjectExpression' || m.args[1]?.type === 'ArrayExpression') {
          throw new UnsupportedResponse('res.cookie with an object value');
        }
        mods.push({ name: 'setCookie', args: [m.args[0], m.args[1], cookieOptions(j, m.args[2], false, opts.defer)].filter(Boolean) });
        break;
      case 'clearCookie':
        needCookies(state);
        mods.push({ name: 'clearCookie', args: [m.args[0], cookieOptions(j, m.args[1], true, opts.defer)].filter(Boolean) });
        break;
      default:
        throw new UnsupportedResponse(`res.${m.name}`);
    }
  }
  const t = chain.terminal;
  if (!t) return { mods, result: undefined };
  switch (t.name) {
    case 'json': {
      const [value] = t.args;
      if (!value) return { mods, result: { kind: 'send', method: 'send', args: [] } };
      if (isStringy(value)) {
        // A string given to res.json is sent as a JSON string; returning it would send text.
        mods.push({ name: 'type', args: [j.stringLiteral('application/json; charset=utf-8')] });
        return { mods, result: { kind: 'value', value: j.template.expression`JSON.stringify(${value})` } };
      }
      return { mods, result: { kind: 'value', value } };
    }
    case 'send': {
      const [value] = t.args;
      if (!value) return { mods, result: { kind: 'send', method: 'send', args: [] } };
      const kind = isStringy(value) ? 'string' : isObjectish(value) ? 'object' : (opts.kindOf?.(value) ?? 'unknown');
      if (kind === 'string' && !typeSet) {
        // Express sends strings as HTML; Fastify would say text/plain.
        mods.push({ name: 'type', args: [j.stringLiteral('text/html; charset=utf-8')] });
      } else if (kind === 'unknown' && !['Identifier', 'MemberExpression', 'CallExpression', 'AwaitExpression'].includes(value.type)) {
        throw new UnsupportedResponse('res.send with a value of unknown kind');
      }
      const htmlIfString = kind === 'unknown' && !typeSet && isPureExpression(value) ? value : undefined;
      return { mods, result: { kind: 'value', value }, htmlIfString };
    }
    case 'sendStatus': {
      const code = literalValue(t.args[0]);
      if (typeof code !== 'number') {
        const arg = t.args[0];
        if (!isPureExpression(arg)) throw new UnsupportedResponse('res.sendStatus with a computed status');
        // The status text is looked up at run time, as Express does.
        state.namedImports.set('STATUS_CODES', 'node:http');
        mods.push({ name: 'code', args: [arg] }, { name: 'type', args: [j.stringLiteral('text/plain; charset=utf-8')] });
        return { mods, result: { kind: 'send', method: 'send', args: [j.template.expression`STATUS_CODES[${arg}]`] } };
      }
      mods.push({ name: 'code', args: [j.numericLiteral(code)] });
      if (code === 204 || code === 304) return { mods, result: { kind: 'send', method: 'send', args: [] } };
      mods.push({ name: 'type', args: [j.stringLiteral('text/plain; charset=utf-8')] });
      return { mods, result: { kind: 'value', value: j.stringLiteral(STATUS_CODES[code] ?? String(code)) } };
    }
    case 'end': {
      if (t.args.length > 1) throw new UnsupportedResponse('res.end with an encoding or callback');
      return { mods, result: { kind: 'send', method: 'send', args: t.args } };
    }
    case 'render': {
      const [view, locals, cb] = t.args;
      if (cb || (locals && (locals.type.includes('Function') || locals.type === 'Identifier' && !opts.kindOf))) throw new UnsupportedResponse('res.render with a callback');
      if (!view || locals?.type?.includes('Function')) throw new UnsupportedResponse('res.render with a callback');
      // @fastify/view renders with the engine and folder of the app's `view engine` / `views` settings.
      if (!state.plugins.has('@fastify/view')) state.plugins.set('@fastify/view', { pkg: '@fastify/view', local: 'fastifyView' });
      return { mods, result: { kind: 'send', method: 'view', args: locals ? [view, locals] : [view] } };
    }
    case 'sendFile':
    case 'download': {
      // @fastify/static serves a file name under a root; Express takes an absolute path.
      const [file, second, third] = t.args;
      const rest = t.name === 'sendFile' ? [second] : [second, third];
      if (rest.some((a) => a && (a.type.includes('Function') || a.type === 'Identifier'))) throw new UnsupportedResponse(`res.${t.name} with a callback`);
      const options = rest.find((a) => a?.type === 'ObjectExpression');
      if (options && !options.properties.every((p: Expr) => (p.key?.name ?? p.key?.value) === 'root')) throw new UnsupportedResponse(`res.${t.name} options`);
      const root = options?.properties.find((p: Expr) => (p.key?.name ?? p.key?.value) === 'root')?.value;
      if (!root && !isPureExpression(file)) throw new UnsupportedResponse(`res.${t.name} with a computed path`);
      needStatic(state);
      const name = root ? file : j.callExpression(j.identifier('basename'), [file]);
      const dir = root ?? j.callExpression(j.identifier('dirname'), [file]);
      if (!root) {
        state.namedImports.set('basename', 'node:path');
        state.namedImports.set('dirname', 'node:path');
      }
      if (t.name === 'sendFile') return { mods, result: { kind: 'send', method: 'sendFile', args: [name, dir] } };
      const customName = second && second.type !== 'ObjectExpression' ? second : undefined;
      const rootOption = j.objectExpression([j.objectProperty(j.identifier('root'), dir)]);
      return { mods, result: { kind: 'send', method: 'download', args: customName ? [name, customName, rootOption] : [name, rootOption] } };
    }
    case 'redirect': {
      if (t.args.length === 2) {
        return { mods, result: { kind: 'send', method: 'redirect', args: [t.args[1], t.args[0]] } };
      }
      const target = literalValue(t.args[0]);
      if (target === 'back') throw new UnsupportedResponse('res.redirect("back")');
      return { mods, result: { kind: 'send', method: 'redirect', args: [t.args[0]] } };
    }
    default:
      throw new UnsupportedResponse(`res.${t.name}`);
  }
}

/** `reply.a(x).b(y)` from a list of calls. */
export function replyCalls(j: JSCodeshift, replyName: string, calls: Array<{ name: string; args: Expr[] }>): Expr {
  let expr: Expr = j.identifier(replyName);
  for (const c of calls) expr = j.callExpression(j.memberExpression(expr, j.identifier(c.name)), c.args);
  return expr;
}

/** The whole chain as one expression that sends through reply (evaluates to reply). */
export function asSendExpression(j: JSCodeshift, replyName: string, built: Built): Expr {
  const calls = [...built.mods];
  if (built.result?.kind === 'value') calls.push({ name: 'send', args: [built.result.value] });
  else if (built.result) calls.push({ name: built.result.method, args: built.result.args });
  return replyCalls(j, replyName, calls);
}

/** `if (typeof v === 'string') reply.type('text/html; charset=utf-8');` — Express's rule for res.send, at run time. */
export function htmlGuard(j: JSCodeshift, replyName: string, value: Expr): Expr {
  return j.ifStatement(
    j.binaryExpression('===', j.unaryExpression('typeof', value, true), j.stringLiteral('string')),
    j.expressionStatement(replyCalls(j, replyName, [{ name: 'type', args: [j.stringLiteral('text/html; charset=utf-8')] }])),
  );
}
