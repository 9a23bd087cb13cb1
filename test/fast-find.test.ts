/**
 * transforms/fast-find.ts replaces jscodeshift's `find` with a walk that must return the very same
 * NodePath objects in the same order. Checked here over every fixture source (input and expected)
 * and the robustness corner cases: whole-file and subtree finds, supertypes (Node, Function,
 * Literal), a filter, and a collection of several paths.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLocalFunction } from '../transforms/ast.js';
import { eachNode, originalFind } from '../transforms/fast-find.js';
import { jscodeshiftFor } from '../transforms/run-passes.js';
import { listTree } from './helpers/fixtures.js';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const SOURCE = /\.(c|m)?(j|t)sx?$/;
const TYPES = ['Node', 'Expression', 'Statement', 'Function', 'Identifier', 'CallExpression', 'MemberExpression', 'Literal', 'StringLiteral', 'Program', 'VariableDeclarator', 'ImportDeclaration', 'TSTypeReference', 'ObjectProperty', 'Comment'];

const sources = fs
  .readdirSync(FIXTURES)
  .flatMap((c) => listTree(path.join(FIXTURES, c)).map((rel) => path.join(c, rel)))
  .filter((rel) => SOURCE.test(rel) && !rel.includes('node_modules') && !rel.endsWith('.d.ts'));

function compare(j: any, collection: any, type: string, filter?: object): number {
  const mine = collection.find(j[type], filter).paths();
  const theirs = originalFind()!.call(collection, j[type], filter).paths();
  expect(mine.length, `${type} count`).toBe(theirs.length);
  mine.forEach((p: unknown, i: number) => expect(p, `${type} #${i}`).toBe(theirs[i]));
  return mine.length;
}

describe('findLocalFunction', () => {
  // Names declared more than once, which no fixture has: the first match in find's order wins.
  const source = [
    '{ const a = 1; }',
    'function outer() { function a() { return 2; } const b = () => 3; return a; }',
    'const a2 = function () {}; var b = function b2() {};',
    'function a() { return 1; }',
    'const c = () => {}; function c2() { const c = function () {}; }',
    'function d2() { const d = () => 0; } function d() {}',
  ].join('\n');
  const j = jscodeshiftFor('x.js');
  const root = j(source);
  it('takes the first declaration in the file, nested ones included, before any variable', () => {
    const p: any = findLocalFunction(j, root, 'a');
    expect(p.node.type).toBe('FunctionDeclaration');
    expect(j(p).toSource()).toBe('function a() { return 2; }');
    expect(j(findLocalFunction(j, root, 'd') as any).toSource()).toBe('function d() {}');
  });
  it('else the first variable whose value is a function', () => {
    expect(j(findLocalFunction(j, root, 'b') as any).toSource()).toBe('() => 3');
    expect(j(findLocalFunction(j, root, 'c') as any).toSource()).toBe('() => {}');
    expect(findLocalFunction(j, root, 'nope')).toBeUndefined();
  });
});

describe('fast find returns what jscodeshift find returns', () => {
  it('covers a real set of files', () => {
    expect(sources.length).toBeGreaterThan(50);
  });
  for (const rel of sources) {
    it(rel, () => {
      const j = jscodeshiftFor(rel);
      let root;
      try {
        root = j(fs.readFileSync(path.join(FIXTURES, rel), 'utf8'));
      } catch {
        return; // a fixture that is meant not to parse (fixtures/parse-error)
      }
      expect(originalFind()).toBeTypeOf('function');
      let found = 0;
      for (const type of TYPES) found += compare(j, root, type);
      compare(j, root, 'CallExpression', { callee: { type: 'MemberExpression' } });
      // eachNode: the same nodes in the same order, each with its path's parent node.
      for (const type of ['Identifier', 'CallExpression', 'Node']) {
        const seen: [unknown, unknown][] = [];
        eachNode(root.paths()[0].node, type, (node, parent) => seen.push([node, parent]));
        const paths = originalFind()!.call(root, j[type]).paths();
        expect(seen.length, `eachNode ${type} count`).toBe(paths.length);
        paths.forEach((p: any, i: number) => {
          expect(seen[i]![0], `eachNode ${type} #${i}`).toBe(p.node);
          expect(seen[i]![1], `eachNode ${type} #${i} parent`).toBe(p.parent.node);
        });
      }
      // findLocalFunction (one walk, firstPaths) against its two-find definition, for every name in the file.
      const names = new Set<string>();
      eachNode(root.paths()[0].node, 'Identifier', (node) => void names.add(node.name));
      const find = originalFind()!;
      for (const name of names) {
        const decl = find.call(root, j.FunctionDeclaration, { id: { name } }).paths()[0];
        const v = find
          .call(root, j.VariableDeclarator, { id: { name } })
          .filter((p: any) => p.node.init && (p.node.init.type === 'ArrowFunctionExpression' || p.node.init.type === 'FunctionExpression'))
          .paths()[0];
        expect(findLocalFunction(j, root, name), `findLocalFunction ${name}`).toBe(decl ?? (v ? v.get('init') : undefined));
      }
      const functions = root.find(j.Function);
      for (const type of ['Identifier', 'Function', 'Node']) compare(j, functions, type);
      expect(found).toBeGreaterThan(0);
    });
  }
});
