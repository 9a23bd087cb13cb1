/**
 * `node.getDescendantsOfKind(kind)` for syntax node kinds, from one walk per node. ts-morph walks
 * the compiler tree again on every call (through generators), and the analysis asks each handler
 * for half a dozen kinds: on the stress benchmark those walks were a quarter of the analysis.
 * Same nodes, same order (ts-morph searches node kinds with `forEachChild`, pre-order), same
 * wrappers (ts-morph's own cache). The analysis never edits a tree, so an index stays valid.
 */
import { ts, type KindToNodeMappings, type Node, type SourceFile, type SyntaxKind } from 'ts-morph';

const indexes = new WeakMap<ts.Node, Map<SyntaxKind, ts.Node[]>>();

function indexOf(root: ts.Node): Map<SyntaxKind, ts.Node[]> {
  let index = indexes.get(root);
  if (index) return index;
  const byKind = new Map<SyntaxKind, ts.Node[]>();
  const walk = (node: ts.Node): void => {
    node.forEachChild((child) => {
      let list = byKind.get(child.kind);
      if (!list) byKind.set(child.kind, (list = []));
      list.push(child);
      walk(child);
    });
  };
  walk(root);
  indexes.set(root, byKind);
  return byKind;
}

export function descendantsOfKind<K extends SyntaxKind>(node: Node, kind: K): KindToNodeMappings[K][] {
  // Token kinds (identifiers, keywords) are searched by ts-morph through getChildren: left to it.
  if (kind < ts.SyntaxKind.FirstNode || kind >= ts.SyntaxKind.FirstJSDocNode) return node.getDescendantsOfKind(kind);
  const wrap = (n: ts.Node) => (node as unknown as { _getNodeFromCompilerNode(n: ts.Node): KindToNodeMappings[K] })._getNodeFromCompilerNode(n);
  return (indexOf(node.compilerNode).get(kind) ?? []).map(wrap);
}

/**
 * The innermost syntax node (tokens aside) whose range, leading trivia included, holds `offset`,
 * from one descent: where `sf.getDescendantAtPos(offset)` gives a node rather than a token, the
 * same node, without ts-morph wrapping and tokenising every child on the way.
 */
export function innermostNodeAt(sf: SourceFile, offset: number): Node | undefined {
  let node: ts.Node = sf.compilerNode;
  if (offset < node.pos || offset >= node.end) return undefined;
  for (;;) {
    // Siblings' ranges do not overlap: one child at most holds `offset`.
    const next: ts.Node | undefined = node.forEachChild((child) => (child.pos <= offset && offset < child.end ? child : undefined));
    if (!next) break;
    node = next;
  }
  return node === sf.compilerNode ? sf : (sf as unknown as { _getNodeFromCompilerNode(n: ts.Node): Node })._getNodeFromCompilerNode(node);
}
