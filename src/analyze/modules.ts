/**
 * Cross-file links, syntax only: what a file imports (ESM and `require`), what it exports
 * (`module.exports`, `exports.x`, `export default`, `export const`, re-exports), and how a
 * relative specifier resolves to one of the discovered files. Enough to follow a router from
 * `app.use('/api', users)` to the file that builds it, without asking the type checker.
 */
import path from 'node:path';
import { Node, SyntaxKind, ts, type SourceFile } from 'ts-morph';
import { descendantsOfKind } from './descendants.js';

export interface ImportRef {
  module: string;
  /** `default`, `*` (namespace / whole CJS module) or an export name. */
  imported: string;
}

export type ExportTarget = { local: string } | { module: string; imported: string };

function requireSpecifier(node: Node | undefined): string | undefined {
  if (!node || !Node.isCallExpression(node)) return undefined;
  const callee = node.getExpression();
  const [arg] = node.getArguments();
  if (Node.isIdentifier(callee) && callee.getText() === 'require' && arg && Node.isStringLiteral(arg)) return arg.getLiteralValue();
  return undefined;
}

/** A `require('m')` or `require('m').name` expression, as an import. */
export function requireRef(node: Node | undefined): ImportRef | undefined {
  const spec = requireSpecifier(node);
  if (spec !== undefined) return { module: spec, imported: 'default' };
  if (node && Node.isPropertyAccessExpression(node)) {
    const inner = requireSpecifier(node.getExpression());
    if (inner !== undefined) return { module: inner, imported: node.getName() };
  }
  return undefined;
}

export function importsOf(sf: SourceFile): Map<string, ImportRef> {
  const out = new Map<string, ImportRef>();
  for (const decl of sf.getImportDeclarations()) {
    const module = decl.getModuleSpecifierValue();
    const def = decl.getDefaultImport();
    if (def) out.set(def.getText(), { module, imported: 'default' });
    const ns = decl.getNamespaceImport();
    if (ns) out.set(ns.getText(), { module, imported: '*' });
    for (const n of decl.getNamedImports()) out.set(n.getAliasNode()?.getText() ?? n.getName(), { module, imported: n.getName() });
  }
  for (const decl of descendantsOfKind(sf, SyntaxKind.VariableDeclaration)) {
    const ref = requireRef(decl.getInitializer());
    if (!ref) continue;
    const name = decl.getNameNode();
    if (Node.isIdentifier(name)) out.set(name.getText(), ref);
    else if (Node.isObjectBindingPattern(name) && ref.imported === 'default') {
      for (const el of name.getElements()) {
        out.set(el.getName(), { module: ref.module, imported: el.getPropertyNameNode()?.getText() ?? el.getName() });
      }
    }
  }
  return out;
}

/** export name (`default` for module.exports / export default) → what it is. */
export function exportsOf(sf: SourceFile): Map<string, ExportTarget> {
  const out = new Map<string, ExportTarget>();
  const fromExpression = (expr: Node): ExportTarget | undefined => {
    if (Node.isIdentifier(expr)) return { local: expr.getText() };
    const ref = requireRef(expr);
    return ref ? { module: ref.module, imported: ref.imported } : undefined;
  };
  for (const stmt of sf.getStatements()) {
    if (Node.isExportAssignment(stmt)) {
      const t = fromExpression(stmt.getExpression());
      if (t) out.set('default', t);
      continue;
    }
    if (Node.isExportDeclaration(stmt)) {
      const module = stmt.getModuleSpecifierValue();
      for (const spec of stmt.getNamedExports()) {
        const exported = spec.getAliasNode()?.getText() ?? spec.getName();
        out.set(exported, module ? { module, imported: spec.getName() } : { local: spec.getName() });
      }
      continue;
    }
    if (Node.isVariableStatement(stmt) && stmt.isExported()) {
      for (const d of stmt.getDeclarations()) out.set(d.getName(), { local: d.getName() });
      continue;
    }
    if ((Node.isFunctionDeclaration(stmt) || Node.isClassDeclaration(stmt)) && stmt.isExported()) {
      const name = stmt.getName();
      if (name) out.set(stmt.isDefaultExport() ? 'default' : name, { local: name });
      continue;
    }
    if (!Node.isExpressionStatement(stmt)) continue;
    const expr = stmt.getExpression();
    if (!Node.isBinaryExpression(expr) || expr.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue;
    const left = expr.getLeft().getText().replace(/\s/g, '');
    const right = expr.getRight();
    if (left === 'module.exports') {
      if (Node.isObjectLiteralExpression(right)) {
        for (const prop of right.getProperties()) {
          if (Node.isShorthandPropertyAssignment(prop)) out.set(prop.getName(), { local: prop.getName() });
          else if (Node.isPropertyAssignment(prop)) {
            const t = fromExpression(prop.getInitializerOrThrow());
            if (t) out.set(prop.getName(), t);
          }
        }
      } else {
        const t = fromExpression(right);
        if (t) out.set('default', t);
      }
      continue;
    }
    const named = left.match(/^(?:module\.)?exports\.(\w+)$/);
    if (named) {
      const t = fromExpression(right);
      if (t) out.set(named[1]!, t);
    }
  }
  return out;
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * The import aliases of the root tsconfig.json, with folders relative to the root: `paths`
 * patterns (at most one `*`) and `baseUrl`. `extends` is not followed.
 */
export interface PathAliases {
  baseUrl?: string;
  paths: Array<{ pattern: string; targets: string[] }>;
}

/** Reads `compilerOptions.baseUrl` and `paths` (comments and trailing commas allowed); undefined when there are none. */
export function readPathAliases(tsconfigText: string): PathAliases | undefined {
  const { config } = ts.parseConfigFileTextToJson('tsconfig.json', tsconfigText);
  const options = config?.compilerOptions;
  if (!options || typeof options !== 'object') return undefined;
  const baseUrl = typeof options.baseUrl === 'string' ? (path.posix.normalize(options.baseUrl.replace(/\\/g, '/')).replace(/(.)\/+$/, '$1')) : undefined;
  // Without baseUrl, `paths` targets are relative to the tsconfig's folder (the root).
  const base = baseUrl ?? '.';
  const paths: PathAliases['paths'] = [];
  if (options.paths && typeof options.paths === 'object') {
    for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
      if (!Array.isArray(targets) || (pattern.match(/\*/g) ?? []).length > 1) continue;
      paths.push({ pattern, targets: targets.filter((t): t is string => typeof t === 'string').map((t) => path.posix.join(base, t)) });
    }
  }
  if (!baseUrl && paths.length === 0) return undefined;
  return { ...(baseUrl ? { baseUrl } : {}), paths };
}

function resolveFile(base: string, files: Set<string>): string | undefined {
  const stem = base.replace(/\.(m|c)?js$/, '');
  const candidates = [base, ...EXTENSIONS.map((e) => stem + e), ...EXTENSIONS.map((e) => `${base}/index${e}`)];
  return candidates.find((c) => files.has(c));
}

/** `spec` through the tsconfig aliases: the longest matching `paths` pattern first (as tsc), then `baseUrl`. */
function resolveAlias(spec: string, files: Set<string>, aliases: PathAliases): string | undefined {
  let best: { prefix: string; star: string; targets: string[] } | undefined;
  for (const { pattern, targets } of aliases.paths) {
    const star = pattern.indexOf('*');
    if (star === -1) {
      if (pattern === spec) return first(targets.map((t) => resolveFile(path.posix.normalize(t), files)));
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (spec.length < prefix.length + suffix.length || !spec.startsWith(prefix) || !spec.endsWith(suffix)) continue;
    if (!best || prefix.length > best.prefix.length) best = { prefix, star: spec.slice(prefix.length, spec.length - suffix.length), targets };
  }
  if (best) {
    const found = first(best.targets.map((t) => resolveFile(path.posix.normalize(t.replace('*', best!.star)), files)));
    if (found) return found;
  }
  return aliases.baseUrl !== undefined ? resolveFile(path.posix.normalize(path.posix.join(aliases.baseUrl, spec)), files) : undefined;
}

function first<T>(values: Array<T | undefined>): T | undefined {
  return values.find((v) => v !== undefined);
}

/**
 * Resolves a specifier from `fromRel` to one of `files` (root-relative, `/`-separated): a
 * relative one, or one the root tsconfig.json aliases (`paths`, `baseUrl`).
 */
export function resolveModule(fromRel: string, spec: string, files: Set<string>, aliases?: PathAliases): string | undefined {
  if (!spec.startsWith('.')) return aliases ? resolveAlias(spec, files, aliases) : undefined;
  return resolveFile(path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), spec)), files);
}
