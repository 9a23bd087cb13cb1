/**
 * Express handler functions `(req, res[, next]) => …` → Fastify `async (request, reply) => …`.
 *
 * Two output shapes, chosen per handler:
 * - value mode (idiomatic): every send is the last thing the handler does, so `res.json(x)`
 *   becomes `return x` and `res.status(404).json(e)` becomes `reply.code(404); return e`;
 * - reply mode: the handler sends later (callbacks, timers, promise chains) or keeps running
 *   after sending, so sends become `reply.send(…)` and every exit returns `reply`, which tells
 *   Fastify the response is coming (an async handler resolving `undefined` would answer an
 *   empty 200 at once).
 * Conversion is all-or-nothing: everything is planned first and the tree is edited only when
 * every use of req/res/next has a faithful equivalent.
 */
import type { ASTPath, JSCodeshift } from 'jscodeshift';
import { freshComments } from './ast.js';
import { findLocalFunction } from './ast.js';
import { LOCALS_NEED, type FileState } from './context.js';
import { rewriteRequestUse, UnsupportedRequest, type RequestContext } from './request.js';
import { asSendExpression, buildChain, htmlGuard, isStringy, readChain, replyCalls, UnsupportedResponse } from './response.js';

type Node = any;

export type ConvertResult = { ok: true } | { ok: false; reason: string };

export interface HandlerOptions extends RequestContext {
  /** `route`: a route handler; `hook`: middleware becoming a hook (next() continues). */
  kind: 'route' | 'hook';
}

const FUNCTION_TYPES = new Set(['ArrowFunctionExpression', 'FunctionExpression', 'FunctionDeclaration', 'ObjectMethod', 'ClassMethod']);

function isFunction(node: Node): boolean {
  return node && FUNCTION_TYPES.has(node.type);
}

/** The nearest enclosing function path of a path. */
function enclosingFunction(path: ASTPath): ASTPath | undefined {
  let p = path.parentPath;
  while (p && !isFunction(p.node)) p = p.parentPath;
  return p ?? undefined;
}

/** Identifier references (not property names, not the declaration) bound to a parameter of fn. */
function referencesTo(j: JSCodeshift, fnPath: ASTPath, name: string): ASTPath[] {
  const fnScope = (fnPath as any).scope;
  return j(fnPath)
    .find(j.Identifier, { name })
    .filter((p: any) => {
      const parent = p.parent?.node;
      if (!parent) return false;
      if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === p.node && !parent.computed) return false;
      if ((parent.type === 'ObjectProperty' || parent.type === 'Property') && parent.key === p.node && !parent.computed && !parent.shorthand) return false;
      if ((fnPath.node as any).params.includes(p.node)) return false;
      if (p.parent.node.type === 'TSTypeReference' || p.parent.node.type === 'TSQualifiedName') return false;
      const scope = p.scope?.lookup(name);
      return scope === fnScope;
    })
    .paths();
}

/** Climbs from an identifier to the outermost `a.b(...).c(...)` expression built on it. */
function chainTop(path: ASTPath): ASTPath {
  let p: any = path;
  for (;;) {
    const parent = p.parent?.node;
    if (!parent) return p;
    if ((parent.type === 'MemberExpression' && parent.object === p.node) || (parent.type === 'CallExpression' && parent.callee === p.node)) {
      p = p.parent;
      continue;
    }
    return p;
  }
}

function statementList(path: ASTPath): { list: Node[]; index: number } | undefined {
  const parent: any = path.parent?.node;
  if (!parent) return undefined;
  const list = parent.type === 'BlockStatement' || parent.type === 'Program' ? parent.body : parent.type === 'SwitchCase' ? parent.consequent : undefined;
  if (!list) return undefined;
  return { list, index: list.indexOf(path.node) };
}

function isBareReturn(node: Node): boolean {
  return node?.type === 'ReturnStatement' && !node.argument;
}

/** What a local variable holds, from its declaration: Express's res.send decides by it. */
function kindOfValue(node: Node, at: ASTPath): 'string' | 'object' | 'unknown' {
  // Route parameters are always strings (Express 5 named wildcards aside, rewritten to a split()).
  if (node.type === 'MemberExpression' && node.object.type === 'MemberExpression' && !node.object.computed && node.object.property.name === 'params') return 'string';
  if (node.type !== 'Identifier') return 'unknown';
  const scope = (at as any).scope?.lookup(node.name);
  const binding = scope?.getBindings()[node.name]?.[0];
  const declarator = binding?.parent?.node;
  if (declarator?.type !== 'VariableDeclarator' || declarator.id !== binding.node || !declarator.init) return 'unknown';
  const init = declarator.init;
  if (isStringy(init)) return 'string';
  if (init.type === 'ObjectExpression' || init.type === 'ArrayExpression') return 'object';
  return 'unknown';
}

/**
 * A helper in this file that receives the request or the response: `tokenFrom(req)`,
 * `startSession(res, user)`. Its request reads are rewritten to what both Express and Fastify
 * requests have (`req.get(h)` → `req.headers[h]`, so callers left on Express still work); its
 * response use may only set status, headers or cookies (it cannot send for the caller).
 */
function planHelper(
  j: JSCodeshift,
  fnPath: ASTPath,
  call: Node,
  index: number,
  role: 'request' | 'reply',
  state: FileState,
  opts: HandlerOptions,
): { ok: true; edits: Array<() => void> } | { ok: false; reason: string } {
  const fail = (why: string) => ({ ok: false as const, reason: `passes the Express ${role === 'request' ? 'request' : 'response'} to ${describe(j, call.callee)}: ${why}` });
  // A helper in another module that reads only what both requests have (rewritten there).
  if (role === 'request' && state.requestHelperAt(call, index)) return { ok: true, edits: [] };
  if (call.callee.type !== 'Identifier') return fail('not a local function');
  let rootPath: any = fnPath;
  while (rootPath.parent) rootPath = rootPath.parent;
  const helperPath = findLocalFunction(j, j(rootPath), call.callee.name);
  if (!helperPath || helperPath.node === fnPath.node) return fail('not a local function');
  const param = (helperPath.node as any).params[index];
  if (param?.type !== 'Identifier') return fail('destructured parameter');
  const done = state.convertedHelpers.get(helperPath.node);
  if (done?.has(`${role}:${index}`)) return { ok: true, edits: [] };
  const edits: Array<() => void> = [() => state.convertedHelpers.set(helperPath.node, new Set([...(state.convertedHelpers.get(helperPath.node) ?? []), `${role}:${index}`]))];
  try {
    for (const ref of referencesTo(j, helperPath, param.name)) {
      const parent: any = ref.parent.node;
      if (role === 'request') {
        if (parent.type !== 'MemberExpression' || parent.object !== ref.node) return fail('uses the request as a value');
        const memberPath: any = ref.parent;
        const grandPath: any = memberPath.parent;
        const r = rewriteRequestUse(j, param.name, parent, grandPath?.node, grandPath?.parent?.node, opts);
        if (r.custom) continue; // a property of its own: the same on both requests
        const prop = parent.property?.name;
        if (['params', 'query', 'body', 'headers', 'method', 'url', 'originalUrl', 'ip', 'hostname', 'protocol', 'cookies'].includes(prop)) continue;
        edits.push(() => (r.target === 'member' ? memberPath.replace(r.node) : grandPath.replace(r.node)));
      } else {
        const top = chainTop(ref);
        const chain = readChain(top.node, param.name);
        if (!chain || chain.terminal) return fail('it sends the response');
        const built = buildChain(j, chain, state, { contentTypeSet: true, defer: (e) => edits.push(e) });
        edits.push(() => top.replace(replyCalls(j, param.name, built.mods)));
      }
    }
  } catch (e) {
    if (e instanceof UnsupportedResponse || e instanceof UnsupportedRequest) return fail(e.message);
    throw e;
  }
  return { ok: true, edits };
}

/** Whether nothing in fn runs after statement `path` (it is in tail position of fn's body). */
function isTail(path: any, fnBody: Node): boolean {
  let p = path;
  for (;;) {
    const parent = p.parent?.node;
    if (!parent) return false;
    if (parent.type === 'BlockStatement') {
      if (parent.body[parent.body.length - 1] !== p.node) return false;
      if (parent === fnBody) return true;
      p = p.parent;
      continue;
    }
    if (parent.type === 'IfStatement' && (parent.consequent === p.node || parent.alternate === p.node)) {
      p = p.parent;
      continue;
    }
    if (parent.type === 'TryStatement' && parent.block === p.node && !parent.finalizer) {
      p = p.parent;
      continue;
    }
    if (parent.type === 'CatchClause') {
      const tryPath = p.parent.parent;
      if (tryPath.node.finalizer) return false;
      p = tryPath;
      continue;
    }
    return false;
  }
}

interface Plan {
  sends: Array<{ top: ASTPath; built: ReturnType<typeof buildChain>; stmt?: ASTPath; own: boolean }>;
  reqEdits: Array<() => void>;
  nextCalls: Array<{ call: ASTPath; own: boolean }>;
  otherResEdits: Array<() => void>;
}

function sendStatementOf(top: ASTPath, fnPath: ASTPath): { stmt?: ASTPath; own: boolean } {
  const own = enclosingFunction(top) === fnPath || enclosingFunction(top)?.node === fnPath.node;
  const parent: any = top.parent?.node;
  if (parent?.type === 'ExpressionStatement' || parent?.type === 'ReturnStatement') return { stmt: top.parent, own };
  if (parent?.type === 'ArrowFunctionExpression' && parent.body === top.node) return { stmt: undefined, own: parent === fnPath.node };
  return { stmt: undefined, own };
}

/** Every path through the statements ends by sending (or throwing). */
function endsInSend(stmts: Node[], isSendStmt: (n: Node) => boolean): boolean {
  const last = stmts[stmts.length - 1];
  if (!last) return false;
  if (isSendStmt(last) || last.type === 'ThrowStatement') return true;
  if (isBareReturn(last)) return stmts.length > 1 && isSendStmt(stmts[stmts.length - 2]);
  if (last.type === 'BlockStatement') return endsInSend(last.body, isSendStmt);
  if (last.type === 'IfStatement') {
    const branch = (s: Node) => (s?.type === 'BlockStatement' ? endsInSend(s.body, isSendStmt) : s ? endsInSend([s], isSendStmt) : false);
    return branch(last.consequent) && branch(last.alternate);
  }
  if (last.type === 'TryStatement' && !last.finalizer) {
    return endsInSend(last.block.body, isSendStmt) && (!last.handler || endsInSend(last.handler.body.body, isSendStmt));
  }
  return false;
}

function contentTypeIsSet(j: JSCodeshift, fnPath: ASTPath, resName: string): boolean {
  let found = false;
  j(fnPath)
    .find(j.CallExpression)
    .forEach((p: any) => {
      const c = p.node.callee;
      if (c.type !== 'MemberExpression' || c.property.type !== 'Identifier') return;
      const name = c.property.name;
      if (name === 'type' || name === 'contentType') found = true;
      if ((name === 'set' || name === 'header' || name === 'setHeader') && /content-type/i.test(String(p.node.arguments[0]?.value ?? ''))) found = true;
    });
  void resName;
  return found;
}

function replaceStatement(j: JSCodeshift, stmtPath: any, replacement: Node[]): void {
  const parent = stmtPath.parent.node;
  if (parent.type === 'BlockStatement' || parent.type === 'Program' || parent.type === 'SwitchCase') {
    // Keep the comments that sat above the original statement.
    if (replacement.length > 0 && stmtPath.node.comments) replacement[0].comments = freshComments(j, stmtPath.node.comments);
    stmtPath.replace(...replacement);
  } else {
    stmtPath.replace(replacement.length === 1 ? replacement[0] : j.blockStatement(replacement));
  }
}

export interface HandlerNames {
  requestName: string;
  replyName: string;
}

/** Picks `request`/`reply` unless those names are taken in the function or the file. */
export function chooseNames(j: JSCodeshift, fnPath: ASTPath, reqName: string | undefined, resName: string | undefined): HandlerNames {
  const taken = (name: string) => j(fnPath).find(j.Identifier, { name }).size() > 0 || (fnPath as any).scope?.parent?.lookup(name);
  return {
    requestName: reqName && reqName !== 'request' && taken('request') ? reqName : 'request',
    replyName: resName && resName !== 'reply' && taken('reply') ? resName : 'reply',
  };
}

function renameParam(j: JSCodeshift, fnPath: ASTPath, from: string, to: string): void {
  if (from === to) return;
  for (const ref of referencesTo(j, fnPath, from)) {
    const parent: any = ref.parent.node;
    if ((parent.type === 'ObjectProperty' || parent.type === 'Property') && parent.shorthand && parent.value === ref.node) {
      parent.shorthand = false;
      parent.value = j.identifier(to);
      continue;
    }
    (ref.node as any).name = to;
  }
  const param = (fnPath.node as any).params.find((p: any) => p.type === 'Identifier' && p.name === from) as any;
  if (param) param.name = to;
}

/**
 * Converts a handler in place. On failure nothing was edited and the reason says what the
 * tool could not express in Fastify.
 */
export function convertHandler(j: JSCodeshift, fnPath: ASTPath, state: FileState, opts: HandlerOptions): ConvertResult {
  const fn: any = fnPath.node;
  const [reqParam, resParam, nextParam, extra] = fn.params;
  if (extra) return { ok: false, reason: 'handler takes more than three parameters' };
  for (const p of [reqParam, resParam, nextParam]) {
    if (p && p.type !== 'Identifier') return { ok: false, reason: 'destructured or default handler parameters' };
  }
  if (fn.generator) return { ok: false, reason: 'generator handler' };
  const reqName: string | undefined = reqParam?.name;
  const resName: string | undefined = resParam?.name;
  const nextName: string | undefined = nextParam?.name;
  if (nextName) {
    // `promise.catch(next)` is `promise.catch((err) => next(err))`: the same in Express, and a
    // call the conversion below knows (it becomes reply.send(err) / done(err)).
    j(fnPath)
      .find(j.CallExpression, { callee: { type: 'MemberExpression', property: { name: 'catch' } } })
      .filter((p: any) => p.node.arguments.length === 1 && p.node.arguments[0].type === 'Identifier' && p.node.arguments[0].name === nextName)
      .forEach((p: any) => {
        if (opts.kind === 'route') p.node.arguments[0] = j.template.expression([`(err) => ${nextName}(err)`] as any);
      });
  }
  const names = chooseNames(j, fnPath, reqName, resName);
  const body = fn.body;
  const stateScratch = { ...state, plugins: new Map(state.plugins), namedImports: new Map(state.namedImports) };
  const typeSet = resName ? contentTypeIsSet(j, fnPath, resName) : false;
  const plan: Plan = { sends: [], reqEdits: [], nextCalls: [], otherResEdits: [] };
  try {
    if (resName) {
      for (const ref of referencesTo(j, fnPath, resName)) {
        const parent: any = ref.parent.node;
        if (parent.type === 'MemberExpression' && parent.object === ref.node && !parent.computed) {
          const prop = parent.property.name;
          const grand: any = ref.parent.parent?.node;
          const isCall = grand?.type === 'CallExpression' && grand.callee === parent;
          if (prop === 'locals') {
            // Express's per-request bag: a reply decoration (as @fastify/view also makes it).
            const mp = ref.parent;
            stateScratch.plugins.set(LOCALS_NEED, { pkg: LOCALS_NEED, local: '' });
            plan.otherResEdits.push(() => mp.replace(j.memberExpression(j.identifier(names.replyName), j.identifier('locals'))));
            continue;
          }
          if (!isCall && (prop === 'headersSent' || prop === 'statusCode')) {
            const target = prop === 'headersSent' ? 'sent' : 'statusCode';
            const mp = ref.parent;
            plan.otherResEdits.push(() => mp.replace(j.memberExpression(j.identifier(names.replyName), j.identifier(target))));
            continue;
          }
          if (isCall && (prop === 'setHeader' || prop === 'getHeader' || prop === 'removeHeader')) {
            const target = { setHeader: 'header', getHeader: 'getHeader', removeHeader: 'removeHeader' }[prop as 'setHeader'];
            const mp = ref.parent;
            plan.otherResEdits.push(() => mp.replace(j.memberExpression(j.identifier(names.replyName), j.identifier(target))));
            continue;
          }
        }
        if (parent.type === 'CallExpression' && parent.arguments.includes(ref.node)) {
          const helper = planHelper(j, fnPath, parent, parent.arguments.indexOf(ref.node), 'reply', state, opts);
          if (!helper.ok) return helper;
          plan.otherResEdits.push(...helper.edits);
          continue;
        }
        const top = chainTop(ref);
        const chain = readChain(top.node, resName);
        if (!chain) return { ok: false, reason: `uses res in a way Fastify has no equivalent for: ${describe(j, top.node)}` };
        const built = buildChain(j, chain, stateScratch as FileState, {
          contentTypeSet: typeSet,
          defer: (e) => plan.otherResEdits.push(e),
          kindOf: (node) => kindOfValue(node, top),
        });
        plan.sends.push({ top, built, ...sendStatementOf(top, fnPath) });
      }
    }
    if (reqName) {
      for (const ref of referencesTo(j, fnPath, reqName)) {
        const parent: any = ref.parent.node;
        if (parent.type === 'CallExpression' && parent.arguments.includes(ref.node)) {
          const helper = planHelper(j, fnPath, parent, parent.arguments.indexOf(ref.node), 'request', state, opts);
          if (!helper.ok) return helper;
          plan.reqEdits.push(...helper.edits);
          continue;
        }
        if (parent.type !== 'MemberExpression' || parent.object !== ref.node) {
          return { ok: false, reason: `passes the Express request on: ${describe(j, parent)}` };
        }
        const memberPath: any = ref.parent;
        const grandPath: any = memberPath.parent;
        const r = rewriteRequestUse(j, names.requestName, parent, grandPath?.node, grandPath?.parent?.node, { ...opts, nativeSession: state.nativeSession || state.projectSession });
        if (r.custom) {
          const prop = r.custom;
          plan.reqEdits.push(() => state.requestProps.add(prop));
        }
        plan.reqEdits.push(() => {
          if (r.target === 'member') memberPath.replace(r.node);
          else grandPath.replace(r.node);
        });
      }
    }
    if (nextName) {
      for (const ref of referencesTo(j, fnPath, nextName)) {
        const parent: any = ref.parent.node;
        if (parent.type !== 'CallExpression' || parent.callee !== ref.node) return { ok: false, reason: 'passes next on as a value' };
        if (opts.kind === 'route' && parent.arguments.length === 0) return { ok: false, reason: 'calls next() to fall through to another route' };
        plan.nextCalls.push({ call: ref.parent, own: enclosingFunction(ref.parent)?.node === fn });
      }
    }
  } catch (e) {
    if (e instanceof UnsupportedResponse || e instanceof UnsupportedRequest) return { ok: false, reason: e.message };
    throw e;
  }
  // The request rewrites may have replaced nodes a chain captured (`res.send(req.params[0])`):
  // once they are applied, each chain is read again from the tree.
  const rebuildSends = () => {
    for (const s of plan.sends) {
      const chain = readChain(s.top.node, resName!);
      if (chain) s.built = buildChain(j, chain, stateScratch as FileState, { contentTypeSet: typeSet, defer: () => {}, kindOf: (node) => kindOfValue(node, s.top) });
    }
  };
  if (opts.kind === 'hook') {
    if (fn.async) return { ok: false, reason: 'async middleware' };
    // A callback-style Fastify hook `(request, reply, done)` has Express's own control flow:
    // `next()` is `done()`, `next(err)` is `done(err)`, and a middleware that sends does not call it.
    Object.assign(state, { plugins: stateScratch.plugins, namedImports: stateScratch.namedImports });
    for (const edit of plan.reqEdits) edit();
    for (const edit of plan.otherResEdits) edit();
    rebuildSends();
    for (const s of plan.sends) {
      const expr = s.built.result ? asSendExpression(j, names.replyName, s.built) : replyCalls(j, names.replyName, s.built.mods);
      if (s.own && s.stmt?.node.type === 'ReturnStatement') {
        // A callback hook must not return the reply: Fastify would await it as a promise.
        replaceStatement(j, s.stmt, [j.expressionStatement(expr), j.returnStatement(null)]);
      } else s.top.replace(expr);
    }
    if (reqName) renameParam(j, fnPath, reqName, names.requestName);
    if (resName) renameParam(j, fnPath, resName, names.replyName);
    if (nextName && nextName !== 'done' && !j(fnPath).find(j.Identifier, { name: 'done' }).size()) renameParam(j, fnPath, nextName, 'done');
    return { ok: true };
  }

  const terminalSends = plan.sends.filter((s) => s.built.result);
  const sendStmts = new Set(terminalSends.filter((s) => s.own && s.stmt).map((s) => s.stmt!.node));
  // `next(err)` / `return next(err)` in the handler's own body becomes a throw: an exit too.
  for (const n of plan.nextCalls) {
    const parent: any = n.call.parent?.node;
    if (n.own && (parent?.type === 'ExpressionStatement' || parent?.type === 'ReturnStatement')) sendStmts.add(parent);
  }
  const isSendStmt = (n: Node) => sendStmts.has(n);
  const ownReturnsOk = () =>
    j(fnPath)
      .find(j.ReturnStatement)
      .filter((p: any) => enclosingFunction(p)?.node === fn)
      .every((p: any) => {
        if (sendStmts.has(p.node)) return true;
        if (!isBareReturn(p.node)) return false;
        const sl = statementList(p);
        return !!sl && sl.index > 0 && isSendStmt(sl.list[sl.index - 1]);
      });
  const expressionBody = body.type !== 'BlockStatement';
  const valueMode =
    terminalSends.every((s) => s.own && (s.stmt || expressionBody)) &&
    plan.nextCalls.every((n) => n.own) &&
    (expressionBody
      ? terminalSends.length === 1 && terminalSends[0]!.top.node === body
      : terminalSends.every((s) => {
          if (s.stmt!.node.type === 'ReturnStatement') return true;
          const sl = statementList(s.stmt!);
          return isTail(s.stmt, body) || (!!sl && isBareReturn(sl.list[sl.index + 1]));
        }) &&
        ownReturnsOk() &&
        endsInSend(body.body, isSendStmt));

  // From here on the tree is edited; every decision above has been made.
  Object.assign(state, { plugins: stateScratch.plugins, namedImports: stateScratch.namedImports });
  for (const edit of plan.reqEdits) edit();
  for (const edit of plan.otherResEdits) edit();
  rebuildSends();
  const reply = names.replyName;
  for (const n of plan.nextCalls) {
    const err = (n.call.node as any).arguments[0];
    const stmt: any = n.call.parent;
    if (n.own && (stmt.node.type === 'ExpressionStatement' || stmt.node.type === 'ReturnStatement')) {
      replaceStatement(j, stmt, [j.throwStatement(err)]);
    } else {
      // Inside a callback a throw would escape Fastify; reply.send(err) runs the error handler.
      n.call.replace(j.callExpression(j.memberExpression(j.identifier(reply), j.identifier('send')), [err]));
    }
  }
  if (valueMode) {
    for (const s of plan.sends) {
      const { built } = s;
      const modsExpr = built.mods.length ? replyCalls(j, reply, built.mods) : undefined;
      if (!built.result) {
        s.top.replace(modsExpr);
        continue;
      }
      const out: Node[] = [];
      let returned: Node;
      if (built.result.kind === 'value') {
        if (modsExpr) out.push(j.expressionStatement(modsExpr));
        if (built.htmlIfString) out.push(htmlGuard(j, reply, built.htmlIfString));
        returned = built.result.value;
      } else {
        returned = asSendExpression(j, reply, built);
      }
      if (expressionBody) {
        if (out.length) {
          fn.body = j.blockStatement([...out, j.returnStatement(returned)]);
        } else {
          // Keep the value's own layout: recast reprints a node that needs new parentheses.
          if (returned.type === 'ObjectExpression') returned.extra = { ...returned.extra, parenthesized: true };
          fn.body = returned;
        }
        continue;
      }
      out.push(j.returnStatement(returned));
      const sl = statementList(s.stmt!);
      if (sl && isBareReturn(sl.list[sl.index + 1])) sl.list.splice(sl.index + 1, 1);
      replaceStatement(j, s.stmt!, out);
    }
  } else {
    for (const s of plan.sends) {
      s.top.replace(s.built.result ? asSendExpression(j, reply, s.built) : replyCalls(j, reply, s.built.mods));
      if (s.built.htmlIfString && s.stmt?.node.type === 'ExpressionStatement') {
        replaceStatement(j, s.stmt, [htmlGuard(j, reply, s.built.htmlIfString), s.stmt.node]);
      }
    }
    if (expressionBody) {
      fn.body = j.blockStatement([j.expressionStatement(fn.body), j.returnStatement(j.identifier(reply))]);
    } else {
      j(fnPath)
        .find(j.ReturnStatement)
        .filter((p: any) => enclosingFunction(p)?.node === fn)
        .forEach((p: any) => {
          const arg = p.node.argument;
          if (!arg) p.node.argument = j.identifier(reply);
          else if (!isReplyExpression(arg, reply)) replaceStatement(j, p, [j.expressionStatement(arg), j.returnStatement(j.identifier(reply))]);
        });
      const last = body.body[body.body.length - 1];
      if (!last || (last.type !== 'ReturnStatement' && last.type !== 'ThrowStatement')) {
        body.body.push(j.returnStatement(j.identifier(reply)));
      }
    }
  }
  finishSignature(j, fnPath, { reqName, resName, nextName }, names);
  return { ok: true };
}

function isReplyExpression(node: Node, reply: string): boolean {
  let cur = node;
  while (cur?.type === 'CallExpression' && cur.callee.type === 'MemberExpression') cur = cur.callee.object;
  return cur?.type === 'Identifier' && cur.name === reply;
}

function describe(j: JSCodeshift, node: Node): string {
  const text = j(node).toSource().replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** async, request/reply names, and the TypeScript parameter types. */
function finishSignature(
  j: JSCodeshift,
  fnPath: ASTPath,
  old: { reqName?: string; resName?: string; nextName?: string },
  names: HandlerNames,
): void {
  const fn: any = fnPath.node;
  fn.async = true;
  if (old.nextName && referencesTo(j, fnPath, old.nextName).length === 0) fn.params.splice(2, 1);
  if (old.reqName) renameParam(j, fnPath, old.reqName, names.requestName);
  if (old.resName) renameParam(j, fnPath, old.resName, names.replyName);
  if (fn.returnType) fn.returnType = null;
}
