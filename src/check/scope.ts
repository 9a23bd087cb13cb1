/**
 * Which declaration an identifier refers to, by walking the enclosing scopes: enough to tell a
 * handler's own `reply` from an outer `res`, or `res` that nothing declares (left over from
 * Express). Syntax only, like the rest of the analysis: no type checker.
 */
import { Node, SyntaxKind, VariableDeclarationKind } from 'ts-morph';

/** The parameter, variable, function, class or import that declares `id`, if any in this file. */
export function declarationOf(id: Node): Node | undefined {
  const name = id.getText();
  for (let n: Node | undefined = id.getParent(); n; n = n.getParent()) {
    if (Node.isFunctionLikeDeclaration(n) || Node.isArrowFunction(n) || Node.isFunctionExpression(n)) {
      for (const p of n.getParameters()) if (binds(p.getNameNode(), name)) return p;
      if (Node.isFunctionExpression(n) && n.getName() === name) return n;
    }
    if (Node.isBlock(n) || Node.isSourceFile(n) || Node.isCaseClause(n) || Node.isDefaultClause(n) || Node.isModuleBlock(n)) {
      for (const st of n.getStatements()) {
        const d = declaredBy(st, name);
        if (d) return d;
      }
    }
    if (Node.isForStatement(n) || Node.isForOfStatement(n) || Node.isForInStatement(n)) {
      const init = n.getInitializer();
      if (init && Node.isVariableDeclarationList(init)) {
        for (const d of init.getDeclarations()) if (binds(d.getNameNode(), name)) return d;
      }
    }
    if (Node.isCatchClause(n)) {
      const v = n.getVariableDeclaration();
      if (v && binds(v.getNameNode(), name)) return v;
    }
  }
  return undefined;
}

/**
 * A `var` declared in a nested block (`if (x) { var res = … }`) of an enclosing function or of
 * the file: hoisted, so in scope although `declarationOf` does not see it. Slower (it walks the
 * function), so only asked before calling a name undeclared.
 */
export function hoistedVarOf(id: Node): Node | undefined {
  const name = id.getText();
  for (let n: Node | undefined = id.getParent(); n; n = n.getParent()) {
    if (!(isFunctionNode(n) || Node.isSourceFile(n))) continue;
    for (const d of n.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
      const list = d.getParent();
      if (!Node.isVariableDeclarationList(list) || list.getDeclarationKind() !== VariableDeclarationKind.Var || !binds(d.getNameNode(), name)) continue;
      const owner = d.getFirstAncestor((a) => isFunctionNode(a) || Node.isSourceFile(a));
      if (owner === n) return d;
    }
  }
  return undefined;
}

/** The declaration of `name` made by one statement (a `var` nested in a block is not seen). */
export function declaredBy(st: Node, name: string): Node | undefined {
  if (Node.isVariableStatement(st)) {
    for (const d of st.getDeclarations()) if (binds(d.getNameNode(), name)) return d;
  } else if (Node.isFunctionDeclaration(st) || Node.isClassDeclaration(st) || Node.isEnumDeclaration(st)) {
    if (st.getName() === name) return st;
  } else if (Node.isImportDeclaration(st)) {
    if (st.getDefaultImport()?.getText() === name || st.getNamespaceImport()?.getText() === name) return st;
    for (const n of st.getNamedImports()) if ((n.getAliasNode()?.getText() ?? n.getName()) === name) return st;
  } else if (Node.isImportEqualsDeclaration(st)) {
    if (st.getName() === name) return st;
  }
  return undefined;
}

function binds(nameNode: Node, name: string): boolean {
  if (Node.isIdentifier(nameNode)) return nameNode.getText() === name;
  if (Node.isObjectBindingPattern(nameNode) || Node.isArrayBindingPattern(nameNode)) {
    for (const el of nameNode.getElements()) if (Node.isBindingElement(el) && binds(el.getNameNode(), name)) return true;
  }
  return false;
}

export function isFunctionNode(n: Node | undefined): boolean {
  return !!n && (Node.isArrowFunction(n) || Node.isFunctionExpression(n) || Node.isFunctionDeclaration(n) || Node.isMethodDeclaration(n));
}
