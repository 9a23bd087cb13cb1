/**
 * A faster `Collection.find` for jscodeshift.
 *
 * jscodeshift's `find` runs recast's PathVisitor, which builds a NodePath for every field of
 * every node it passes (names, flags and all) and a visitor context per match: on a 100-line
 * route file a whole-file `find` costs about a millisecond, and the passes make dozens. This one
 * walks the plain nodes in the same order (ast-types' field order, pre-order, the start path
 * itself excluded, default field values filled in exactly as PathVisitor does) and builds
 * NodePaths only for the matches, through the same path cache, so every path it returns is the
 * very object jscodeshift's own `find` would have returned. test/fast-find.test.ts checks that
 * equivalence over every fixture.
 */
import { createRequire } from 'node:module';
import type { JSCodeshift } from 'jscodeshift';

type Node = any;

const require = createRequire(import.meta.url);
const Collection = require('jscodeshift/src/Collection.js');
const matchNode = require('jscodeshift/src/matchNode.js');
const types = require('jscodeshift').types;

const hasOwn = Object.prototype.hasOwnProperty;
const fieldNamesByType = new Map<string, string[]>();
const matchesByType = new Map<string, Map<string, boolean>>();

function fieldNames(node: Node): string[] {
  let names = fieldNamesByType.get(node.type);
  if (!names) {
    names = types.getFieldNames(node) as string[];
    fieldNamesByType.set(node.type, names);
  }
  return names;
}

/** Whether PathVisitor would call `visit<typeName>` for a node of type `nodeType` (subtypes included). */
function matcherFor(typeName: string): (nodeType: string) => boolean {
  const cache = matchesByType.get(typeName) ?? new Map<string, boolean>();
  matchesByType.set(typeName, cache);
  const type = types.namedTypes[typeName];
  return (nodeType) => {
    const known = cache.get(nodeType);
    if (known !== undefined) return known;
    const m: boolean = !!type && type.check({ type: nodeType });
    cache.set(nodeType, m);
    return m;
  };
}

/**
 * The walk `find` makes, on plain nodes: under `root` (itself excluded), pre-order, in ast-types'
 * field order, default field values filled in exactly as PathVisitor does. Calls `onMatch` for
 * each node that is a `typeName`, with the nearest enclosing node and the field names from
 * `root` down to it. Only objects are entered: a scalar field can neither match nor hold a node,
 * so the walk skips it without a call (most fields of most nodes are names, flags and nulls).
 */
function walkMatching(root: Node, typeName: string, onMatch: (node: Node, parent: Node, names: (string | number)[]) => void): void {
  const matches = matcherFor(typeName);
  const names: (string | number)[] = [];
  const enter = (child: Node, parent: Node) => {
    const isNode = typeof child.type === 'string';
    if (isNode && matches(child.type)) onMatch(child, parent, names);
    walk(child, isNode ? child : parent);
  };
  const walk = (value: Node, parent: Node) => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child = value[i];
        if (child === null || typeof child !== 'object') continue;
        names.push(i);
        enter(child, parent);
        names.pop();
      }
      return;
    }
    const keys = typeof value.type === 'string' ? fieldNames(value) : Object.keys(value);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      if (!hasOwn.call(value, key)) value[key] = types.getFieldValue(value, key);
      const child = value[key];
      if (child === null || typeof child !== 'object') continue;
      names.push(key);
      enter(child, parent);
      names.pop();
    }
  };
  walk(root, root);
}

/** The NodePaths under `start` (not `start` itself) whose node is a `typeName` matching `filter`, in visit order. */
export function findPaths(start: any, typeName: string, filter?: object): any[] {
  const out: any[] = [];
  if (!start.value || typeof start.value !== 'object') return out;
  walkMatching(start.value, typeName, (node, _parent, names) => {
    if (!filter || matchNode(node, filter)) out.push(start.get(...names));
  });
  return out;
}

/**
 * Calls `visit(node, parent)` for every node under `start` (a node, itself excluded) that is a
 * `typeName`, in `find`'s order, with the nearest enclosing node (`path.parent.node`). No
 * NodePath is built: for questions about every identifier of a file, building their paths cost
 * more than the walk.
 */
export function eachNode(start: Node, typeName: string, visit: (node: Node, parent: Node) => void): void {
  walkMatching(start, typeName, visit);
}

/**
 * For each query, what `collection.find(typeName).filter(test).paths()[0]` returns: the first
 * NodePath under the collection's paths whose node is a `typeName` passing `test`. One walk
 * answers them all, and it is the same full walk `find` makes (default fields filled alike).
 */
export function firstPaths(collection: any, queries: { typeName: string; test: (node: Node) => boolean }[]): (any | undefined)[] {
  const found: (any | undefined)[] = queries.map(() => undefined);
  const matchers = queries.map((q) => matcherFor(q.typeName));
  for (const start of collection.paths()) {
    if (!start.value || typeof start.value !== 'object') continue;
    walkMatching(start.value, 'Node', (node, _parent, names) => {
      for (let i = 0; i < queries.length; i++) {
        if (found[i] === undefined && matchers[i]!(node.type) && queries[i]!.test(node)) found[i] = start.get(...names);
      }
    });
  }
  return found;
}

let original: ((this: any, type: unknown, filter?: object) => any) | undefined;

/** jscodeshift's own `find` (kept for the equivalence test). */
export function originalFind(): typeof original {
  return original;
}

/**
 * Swaps the implementation jscodeshift registered for `find` on Node collections (once per
 * process); its typed dispatch, and so its errors on non-Node collections, stay as they were.
 */
export function installFastFind(j: JSCodeshift): void {
  if (original) return;
  const registrations = Object.getPrototypeOf(j([] as any)).find.typedRegistrations;
  original = registrations.Node;
  registrations.Node = function find(this: any, type: unknown, filter?: object) {
    // Finding comments makes PathVisitor walk `comments` fields too: rare, left to it.
    const matches = matcherFor(String(type));
    if (matches('Block') || matches('Line')) return original!.call(this, type, filter);
    const paths: any[] = [];
    for (const p of this.__paths) for (const m of findPaths(p, String(type), filter)) paths.push(m);
    return Collection.fromPaths(paths, this, type);
  };
}
