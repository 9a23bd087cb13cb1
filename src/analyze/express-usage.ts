/**
 * Finds, in one ts-morph source file, the names bound to the `express` module and the
 * identifiers that hold Express apps and routers. Syntax only: no type query is needed to
 * recognise `const app = express()` under any local name, CJS or ESM.
 */
import { Node, SyntaxKind, type SourceFile, type CallExpression } from 'ts-morph';
import { descendantsOfKind } from './descendants.js';

export interface ExpressBindings {
  /** Local names of the express default export (`express`, `e`, …). */
  expressNames: Set<string>;
  /** Local names bound to `Router` (named import or destructured require). */
  routerFactories: Set<string>;
  moduleKind: 'esm' | 'cjs';
}

function isRequireOf(node: Node | undefined, moduleName: string): boolean {
  if (!node || !Node.isCallExpression(node)) return false;
  const callee = node.getExpression();
  const [arg] = node.getArguments();
  return (
    Node.isIdentifier(callee) &&
    callee.getText() === 'require' &&
    arg !== undefined &&
    Node.isStringLiteral(arg) &&
    arg.getLiteralValue() === moduleName
  );
}

export function findExpressBindings(sf: SourceFile): ExpressBindings {
  const expressNames = new Set<string>();
  const routerFactories = new Set<string>();
  let esm = false;
  for (const decl of sf.getImportDeclarations()) {
    esm = true;
    if (decl.getModuleSpecifierValue() !== 'express') continue;
    const def = decl.getDefaultImport();
    if (def) expressNames.add(def.getText());
    const ns = decl.getNamespaceImport();
    if (ns) expressNames.add(ns.getText());
    for (const named of decl.getNamedImports()) {
      if (named.getName() === 'Router') routerFactories.add(named.getAliasNode()?.getText() ?? 'Router');
    }
  }
  if (sf.getExportDeclarations().length > 0 || sf.getExportAssignments().some((e) => !e.isExportEquals())) esm = true;
  for (const eq of descendantsOfKind(sf, SyntaxKind.ImportEqualsDeclaration)) {
    const ref = eq.getModuleReference();
    if (ref.getText().replace(/\s/g, '') === "require('express')" || ref.getText() === 'require("express")') {
      expressNames.add(eq.getName());
    }
  }
  for (const decl of descendantsOfKind(sf, SyntaxKind.VariableDeclaration)) {
    const init = decl.getInitializer();
    const nameNode = decl.getNameNode();
    if (isRequireOf(init, 'express')) {
      if (Node.isIdentifier(nameNode)) expressNames.add(nameNode.getText());
      if (Node.isObjectBindingPattern(nameNode)) {
        for (const el of nameNode.getElements()) {
          const prop = el.getPropertyNameNode()?.getText() ?? el.getName();
          if (prop === 'Router') routerFactories.add(el.getName());
        }
      }
    }
  }
  return { expressNames, routerFactories, moduleKind: esm ? 'esm' : 'cjs' };
}

/** `express()`, `require('express')()`: a new app. `express.Router()`, `Router()`: a router. */
export function classifyFactoryCall(
  call: CallExpression,
  bindings: ExpressBindings,
): 'app' | 'router' | undefined {
  const callee = call.getExpression();
  if (Node.isIdentifier(callee)) {
    if (bindings.expressNames.has(callee.getText())) return 'app';
    if (bindings.routerFactories.has(callee.getText())) return 'router';
  }
  if (isRequireOf(callee, 'express')) return 'app';
  if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'Router') {
    const obj = callee.getExpression();
    if (Node.isIdentifier(obj) && bindings.expressNames.has(obj.getText())) return 'router';
    if (isRequireOf(obj, 'express')) return 'router';
  }
  return undefined;
}
