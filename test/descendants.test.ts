/**
 * src/analyze/descendants.ts: the indexed `getDescendantsOfKind` returns the very wrappers
 * ts-morph's own does, in the same order, over every fixture source and for every node kind the
 * analysis asks for (and a few more), from the whole file and from inner nodes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Project, SyntaxKind } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { descendantsOfKind, innermostNodeAt } from '../src/analyze/descendants.js';
import { listTree } from './helpers/fixtures.js';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const SOURCE = /\.(c|m)?(j|t)sx?$/;
const KINDS = [
  SyntaxKind.VariableDeclaration,
  SyntaxKind.CallExpression,
  SyntaxKind.PropertyAccessExpression,
  SyntaxKind.ElementAccessExpression,
  SyntaxKind.AsExpression,
  SyntaxKind.IfStatement,
  SyntaxKind.ImportEqualsDeclaration,
  SyntaxKind.ArrowFunction,
  SyntaxKind.ReturnStatement,
  SyntaxKind.Identifier, // a token kind: handed to ts-morph itself
];

const sources = fs
  .readdirSync(FIXTURES)
  .flatMap((c) => listTree(path.join(FIXTURES, c)).map((rel) => path.join(FIXTURES, c, rel)))
  .filter((file) => SOURCE.test(file) && !file.includes('node_modules') && !file.endsWith('.d.ts'));

describe('descendantsOfKind', () => {
  it('matches getDescendantsOfKind node for node over every fixture source', () => {
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } });
    let compared = 0;
    for (const file of sources) {
      const sf = project.createSourceFile(`/${path.relative(FIXTURES, file)}`, fs.readFileSync(file, 'utf8'));
      const roots = [sf, ...sf.getDescendantsOfKind(SyntaxKind.ArrowFunction), ...sf.getDescendantsOfKind(SyntaxKind.Block).slice(0, 20)];
      for (const root of roots) {
        for (const kind of KINDS) {
          const theirs = root.getDescendantsOfKind(kind);
          const mine = descendantsOfKind(root, kind);
          expect(mine.length, `${file} ${SyntaxKind[kind]}`).toBe(theirs.length);
          mine.forEach((n, i) => expect(n === theirs[i], `${file} ${SyntaxKind[kind]} #${i}`).toBe(true));
          compared += mine.length;
        }
      }
    }
    expect(sources.length).toBeGreaterThan(100);
    expect(compared).toBeGreaterThan(10_000);
  });
});

describe('innermostNodeAt', () => {
  // findRouteCall reads the identifier at a route's offset (its first character): there both
  // must agree, both ways.
  it('finds an identifier exactly where getDescendantAtPos does, at every offset of every fixture source', () => {
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } });
    let identifiers = 0;
    for (const file of sources) {
      const text = fs.readFileSync(file, 'utf8');
      const sf = project.createSourceFile(`/${path.relative(FIXTURES, file)}`, text);
      for (let offset = -1; offset <= text.length; offset++) {
        const expected = sf.getDescendantAtPos(offset);
        const actual = innermostNodeAt(sf, offset);
        const isId = (n: typeof expected) => n?.getKind() === SyntaxKind.Identifier;
        // Comments (its leading trivia, JSDoc tags) hold no route: there ts-morph finds comment nodes.
        if (expected?.getFirstAncestorByKind(SyntaxKind.JSDoc)) continue;
        if (isId(expected) || (isId(actual) && offset >= actual!.getStart())) {
          expect(actual, `${path.relative(FIXTURES, file)}:${offset}`).toBe(expected);
          identifiers++;
        }
      }
    }
    expect(identifiers).toBeGreaterThan(10_000);
  });
});
