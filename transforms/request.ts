/**
 * Express request accessors → Fastify request. Properties with the same meaning keep their
 * name; Express-only helpers are rewritten to what they compute, or refused (the caller then
 * keeps the whole handler on Express).
 */
import type { JSCodeshift } from 'jscodeshift';

type Expr = any;

/** Same name, same meaning on a Fastify request. */
const SAME = new Set([
  'params',
  'query',
  'body',
  'headers',
  'method',
  'url',
  'originalUrl',
  'ip',
  'ips',
  'hostname',
  'protocol',
  'cookies',
  'socket',
]);

/** Express-only request API with no faithful one-line equivalent. */
const EXPRESS_ONLY = new Set([
  'accepts',
  'acceptsCharsets',
  'acceptsEncodings',
  'acceptsLanguages',
  'is',
  'range',
  'param',
  'fresh',
  'stale',
  'xhr',
  'subdomains',
  'signedCookies',
  'route',
  'baseUrl',
  'app',
  'res',
  'next',
  'connection',
]);

/** Stream and raw-message members that live on `request.raw` in Fastify. */
const RAW = new Set(['on', 'once', 'pipe', 'read', 'setEncoding', 'aborted', 'complete', 'rawHeaders', 'httpVersion']);

export class UnsupportedRequest extends Error {}

function headerAccess(j: JSCodeshift, requestName: string, nameArg: Expr): Expr {
  const headers = j.memberExpression(j.identifier(requestName), j.identifier('headers'));
  const literal = nameArg && (nameArg.type === 'StringLiteral' || nameArg.type === 'Literal') ? nameArg.value : undefined;
  if (typeof literal === 'string') {
    let lower = literal.toLowerCase();
    // Express reads Referer under either spelling.
    if (lower === 'referrer') lower = 'referer';
    return /^[a-z_$][a-z0-9_$]*$/.test(lower)
      ? j.memberExpression(headers, j.identifier(lower))
      : j.memberExpression(headers, j.stringLiteral(lower), true);
  }
  return j.memberExpression(headers, j.template.expression`String(${nameArg}).toLowerCase()`, true);
}

export interface RequestContext {
  /** Express 4 `*` wildcards were in the route path: `req.params[0]` is Fastify's `params['*']`. */
  hasStarWildcard: boolean;
  /** Express 5 named wildcard (`/*splat`) names, which Express gives as an array of segments. */
  splatNames: Set<string>;
  /** The app's express-session became @fastify/session (see transforms/plugins.ts). */
  nativeSession?: boolean;
}

/**
 * Rewrites one use of the request object. `member` is the MemberExpression whose object is the
 * request identifier; returns the replacement for the node to replace (the member, or its call).
 */
export function rewriteRequestUse(
  j: JSCodeshift,
  requestName: string,
  member: Expr,
  parent: Expr,
  grand: Expr,
  rc: RequestContext,
): { target: 'member' | 'call' | 'parent'; node: Expr; custom?: string } {
  if (member.computed) throw new UnsupportedRequest('computed request property');
  const prop: string = member.property.name;
  const req = () => j.identifier(requestName);
  const isCallee = parent && parent.type === 'CallExpression' && parent.callee === member;
  if (prop === 'get' || prop === 'header') {
    if (!isCallee) throw new UnsupportedRequest(`req.${prop} used as a value`);
    return { target: 'call', node: headerAccess(j, requestName, parent.arguments[0]) };
  }
  if (prop === 'path') {
    return { target: 'member', node: j.template.expression`${req()}.url.split('?')[0]` };
  }
  if (prop === 'secure') {
    return { target: 'member', node: j.template.expression`(${req()}.protocol === 'https')` };
  }
  if (prop === 'params' && parent?.type === 'MemberExpression' && parent.object === member) {
    const key = parent.computed ? parent.property.value : parent.property.name;
    if (rc.hasStarWildcard && (key === 0 || key === '0')) {
      return { target: 'parent', node: j.memberExpression(j.template.expression`${req()}.params`, j.stringLiteral('*'), true) };
    }
    if (typeof key === 'string' && rc.splatNames.has(key)) {
      // Express 5 gives a named wildcard as an array of path segments.
      return { target: 'parent', node: j.template.expression`${req()}.params['*'].split('/')` };
    }
  }
  if (rc.nativeSession && prop === 'sessionID') {
    return { target: 'member', node: j.template.expression`${req()}.session.sessionId` };
  }
  if (rc.nativeSession && prop === 'session') {
    // express-session's `session.id` is @fastify/session's `session.sessionId`; the rest (data,
    // cookie.maxAge in ms, destroy/regenerate/save/reload/touch) has the same names and meaning.
    if (parent?.type === 'MemberExpression' && parent.object === member && !parent.computed && parent.property.name === 'id') {
      return { target: 'parent', node: j.template.expression`${req()}.session.sessionId` };
    }
    return { target: 'member', node: j.memberExpression(req(), j.identifier(prop)) };
  }
  if (SAME.has(prop)) return { target: 'member', node: j.memberExpression(req(), j.identifier(prop)) };
  if (RAW.has(prop)) {
    return { target: 'member', node: j.memberExpression(j.memberExpression(req(), j.identifier('raw')), j.identifier(prop)) };
  }
  if (EXPRESS_ONLY.has(prop)) throw new UnsupportedRequest(`req.${prop}`);
  if (isCallee) throw new UnsupportedRequest(`req.${prop}()`);
  // Anything else is data a middleware or app.param put on the request: it stays a property.
  void grand;
  return { target: 'member', node: j.memberExpression(req(), j.identifier(prop)), custom: prop };
}
