/**
 * `nodeSpanning` (src/schema/ts-types.ts) must find the node ts-morph's lookup found before it:
 * `getDescendantAtStartWithWidth`, then the node of the same kind and span among the descendants
 * or ancestors of what it returned. Checked for every node of every TypeScript file of the
 * fixtures, and of a hand-made source of awkward shapes (nested parentheses, decorators,
 * generics, comments).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Node, Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { nodeSpanning } from '../src/schema/ts-types.js';
import { FIXTURES_DIR } from './helpers/fixtures.js';

/** The lookup as ts-types.ts wrote it before: ts-morph's walk, then a search by kind. */
function byTsMorph(sf: import('ts-morph').SourceFile, node: Node): Node | undefined {
  const found = sf.getDescendantAtStartWithWidth(node.getStart(), node.getWidth());
  if (!found || found.getKind() === node.getKind()) return found;
  const same = (n: Node) => n.getKind() === node.getKind() && n.getStart() === node.getStart() && n.getWidth() === node.getWidth();
  return found.getDescendants().find(same) ?? found.getAncestors().find(same) ?? found;
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && /\.tsx?$/.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

function checkEveryNode(text: string, name: string): number {
  const project = new Project({ useInMemoryFileSystem: true });
  const sf = project.createSourceFile(`/${name}`, text);
  let checked = 0;
  sf.forEachDescendant((node) => {
    if (node.getWidth() === 0) return;
    const expected = byTsMorph(sf, node);
    const actual = nodeSpanning(sf.compilerNode, node.getStart(), node.getWidth(), node.getKind());
    if (expected && expected.getKind() === node.getKind()) expect(actual, `${name}: ${node.getKindName()} at ${node.getStart()}`).toBe(expected.compilerNode);
    else expect(actual).toBeUndefined();
    checked++;
  });
  return checked;
}

describe('nodeSpanning', () => {
  const files = fs
    .readdirSync(FIXTURES_DIR)
    .flatMap((f) => ['input', 'expected'].map((d) => path.join(FIXTURES_DIR, f, d)))
    .filter((d) => fs.existsSync(d))
    .flatMap(tsFiles);

  it('there are TypeScript fixtures to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [path.relative(FIXTURES_DIR, f), f]))('finds what ts-morph found for every node of %s', (_name, file) => {
    expect(checkEveryNode(fs.readFileSync(file, 'utf8'), path.basename(file))).toBeGreaterThan(0);
  });

  it('awkward shapes: nested parentheses, decorators, generics, comments', () => {
    const text = [
      '/** doc */',
      'type A = ((string));',
      'const x = <T,>(v: T): T => v;',
      '@dec() class C { @prop() p = [[1]]; m(): Promise<Array<Array<number>>> { return Promise.resolve([[1]]); } }',
      'const y = (((x)))(1) /* trailing */;',
      'export default x satisfies unknown as unknown;',
    ].join('\n');
    expect(checkEveryNode(text, 'shared.ts')).toBeGreaterThan(50);
  });
});
