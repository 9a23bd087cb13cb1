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
  return (indexOf(node.compilerNode).get(kind) ?? []).map((n) => wrapped<KindToNodeMappings[K]>(node, n));
}

/** ts-morph's own (cached) wrapper of a compiler node of `at`'s file: what its getters use internally. */
export function wrapped<T extends Node = Node>(at: Node, node: ts.Node): T {
  return (at as unknown as { _getNodeFromCompilerNode(n: ts.Node): T })._getNodeFromCompilerNode(node);
}

/**
 * The nodes (tokens aside) under `root` whose range, leading trivia included, holds `offset`,
 * outermost first: one descent, where ts-morph's own lookups wrap and tokenise every child on
 * the way. Siblings' ranges do not overlap, so one child at most holds `offset`.
 */
export function nodesHolding(root: ts.Node, offset: number): ts.Node[] {
  const chain: ts.Node[] = [];
  for (let node: ts.Node | undefined = root; node; ) {
    node = node.forEachChild((child) => (child.pos <= offset && offset < child.end ? child : undefined));
    if (node) chain.push(node);
  }
  return chain;
}

/**
 * The innermost syntax node (tokens aside) whose range, leading trivia included, holds `offset`:
 * where `sf.getDescendantAtPos(offset)` gives a node rather than a token, the same node.
 */
export function innermostNodeAt(sf: SourceFile, offset: number): Node | undefined {
  const root = sf.compilerNode;
  if (offset < root.pos || offset >= root.end) return undefined;
  const inner = nodesHolding(root, offset).at(-1);
  return inner ? wrapped(sf, inner) : sf;
}
