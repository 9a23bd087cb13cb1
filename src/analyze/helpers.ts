/**
 * Request helpers shared between files: `tokenFrom(req)` imported from `middleware/auth.js`.
 * When the helper only reads what both Express and Fastify requests have (params, query, body,
 * headers, …) or `req.get(name)` (rewritten in place to `req.headers[name]`, which Express has
 * too), migrated handlers can keep calling it while Express callers keep working.
 */
import { Node, SyntaxKind, type CallExpression, type SourceFile } from 'ts-morph';
import type { ImportRef } from './modules.js';
import { descendantsOfKind } from './descendants.js';

export const DUAL_SAFE_REQUEST = new Set(['params', 'query', 'body', 'headers', 'method', 'url', 'originalUrl', 'ip', 'hostname', 'protocol', 'cookies', 'get', 'header']);

export interface PendingHelper {
  ref: ImportRef;
  index: number;
  site: { file: string; offset: number };
}

/** Calls of imported functions that receive an identifier (maybe the request) as an argument. */
export function noteHelperCalls(sf: SourceFile, imports: Map<string, ImportRef>, rel: string, out: PendingHelper[]): void {
  for (const call of descendantsOfKind(sf, SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (!Node.isIdentifier(callee)) continue;
    const ref = imports.get(callee.getText());
    // Relative or aliased (tsconfig paths): resolution against the run's files decides.
    if (!ref) continue;
    call.getArguments().forEach((arg, index) => {
      if (Node.isIdentifier(arg)) out.push({ ref, index, site: { file: rel, offset: (call as CallExpression).getStart() } });
    });
  }
}

/** Whether parameter `index` of the module's function `local` is only read in dual-safe ways. */
export function isRequestHelper(sf: SourceFile, local: string, index: number): boolean {
  const decl = sf.getFunction(local) ?? sf.getVariableDeclaration(local)?.getInitializer();
  if (!decl || !(Node.isFunctionDeclaration(decl) || Node.isArrowFunction(decl) || Node.isFunctionExpression(decl))) return false;
  const param = decl.getParameters()[index];
  const name = param?.getNameNode();
  if (!name || !Node.isIdentifier(name)) return false;
  const uses = decl.getDescendantsOfKind(SyntaxKind.Identifier).filter((id) => id.getText() === name.getText() && id !== name);
  if (uses.length === 0) return false;
  return uses.every((id) => {
    const parent = id.getParent();
    if (!parent || !Node.isPropertyAccessExpression(parent) || parent.getExpression() !== id) return false;
    const prop = parent.getName();
    if (!DUAL_SAFE_REQUEST.has(prop)) return false;
    if (prop === 'get' || prop === 'header') {
      const call = parent.getParent();
      return !!call && Node.isCallExpression(call) && call.getExpression() === parent && call.getArguments().length === 1 && Node.isStringLiteral(call.getArguments()[0]!);
    }
    return true;
  });
}
