/**
 * transforms/fast-template.ts `settledExpression`: a subtree parsed by Babel alone and made its
 * own recast original must print exactly as jscodeshift's template node does, wherever the
 * schemas pass puts it (a new argument; the value of an options property, indented as the slot
 * it fills), in JavaScript and TypeScript files, and must be the same tree.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { settledExpression } from '../transforms/fast-template.js';
import { jscodeshiftFor } from '../transforms/run-passes.js';

const require = createRequire(import.meta.url);

const SNIPPETS = [
  `{ operationId: 'getTodos', response: { 200: {} } }`,
  `{\n  operationId: 'postTodo',\n  body: {\n    type: 'object',\n    properties: { title: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },\n    required: ['title']\n  },\n  response: { 201: { $ref: 'Todo#' }, '4xx': { type: 'object', properties: { error: { type: 'string' } } } }\n}`,
  `{ "summary": "It's \\"quoted\\"", "x-n": -1.5e3, "nullable": null, "flag": true }`,
];

const FILE = `import express from 'express';\nconst app = express();\n\nfunction routes() {\n  app.get('/todos', { preHandler: [auth] }, (req, res) => {\n    res.json([]);\n  });\n  app.get('/plain', list);\n}\n`;

/** Puts `snippet` as the schema of both routes: in a new options object, or in place of an existing option's value. */
function print(rel: string, snippet: string, how: 'settled' | 'template'): string {
  const j = jscodeshiftFor(rel);
  const root = j(FILE);
  root.find(j.CallExpression, { callee: { property: { name: 'get' } } }).forEach((p: any) => {
    const args = p.node.arguments;
    if (args.length === 2) {
      // The schemas pass's former way: the whole options object from a template.
      const options = how === 'template' ? j.template.expression([`{ schema: ${snippet} }`] as any) : j.objectExpression([j.objectProperty(j.identifier('schema'), settledExpression(j, snippet))]);
      args.splice(1, 0, options);
    } else if (how === 'settled') {
      args[1].properties[0].value = settledExpression(j, snippet);
    }
  });
  return root.toSource();
}

/** The snippet as recast must print it in a slot indented by `indent`: its own text, tail lines shifted. */
const verbatim = (snippet: string, indent: string) => snippet.replace(/\n/g, `\n${indent}`);

describe('settledExpression', () => {
  for (const rel of ['app.js', 'app.ts']) {
    for (const [i, snippet] of SNIPPETS.entries()) {
      it(`${rel}: snippet ${i} prints as its own text`, () => {
        const settled = print(rel, snippet, 'settled');
        const template = print(rel, snippet, 'template');
        // New options object: the same text as the template-built object gave.
        expect(settled.slice(settled.indexOf("app.get('/plain'"))).toBe(template.slice(template.indexOf("app.get('/plain'")));
        expect(settled).toContain(`schema: ${verbatim(snippet, '    ')}`);
        // In place of an option's value (line indented by 2): verbatim, tail lines indented by 2.
        expect(settled).toContain(`app.get('/todos', { preHandler: ${verbatim(snippet, '  ')} }`);
      });
    }
  }

  it('is the tree the template builds, and its own original', () => {
    const j = jscodeshiftFor('app.ts');
    const strip = (n: unknown): unknown =>
      JSON.parse(JSON.stringify(n, (k, v) => (k === 'loc' || k === 'start' || k === 'end' || k === 'tokens' || k === 'comments' || k === 'extra' ? undefined : v)));
    const settled = settledExpression(j, SNIPPETS[1]!);
    expect(strip(settled)).toEqual(strip(j.template.expression([SNIPPETS[1]!] as any)));
    expect(settled.original).toBe(settled);
  });
});

describe('template with placeholders', () => {
  // jscodeshift's own template, on an API the fast one was not installed on.
  const jscodeshift = require('jscodeshift');
  const strip = (n: unknown): unknown => JSON.parse(JSON.stringify(n, (k, v) => (k === 'loc' || k === 'start' || k === 'end' || k === 'tokens' ? undefined : v)));
  const cases: [string, (j: any) => any][] = [
    ['a call rebuilt around its arguments', (j) => j.template.expression(['app.get(', ', { preHandler: [', ', ', '] }, ', ')'], j.stringLiteral('/x'), j.identifier('auth'), j.identifier('audit'), j.arrowFunctionExpression([], j.blockStatement([])))],
    ['an expression statement placeholder, given an expression', (j) => j.template.statements(['before();\n', '\nafter();'], j.callExpression(j.identifier('middle'), []))],
    ['an expression statement placeholder, given a statement', (j) => j.template.statement(['if (x) {\n  ', '\n}'], j.returnStatement(j.identifier('y')))],
    ['a placeholder in a declaration and a member', (j) => j.template.statement(['const value = ', '.', ';'], j.identifier('request'), j.identifier('body'))],
  ];
  for (const rel of ['app.js', 'app.ts']) {
    for (const [name, build] of cases) {
      it(`${rel}: ${name}`, () => {
        const fast = build(jscodeshiftFor(rel));
        const theirs = build(jscodeshift.withParser(rel.endsWith('.ts') ? 'ts' : 'babylon'));
        expect(strip(fast)).toEqual(strip(theirs));
        const print = (j: any, n: any) => (Array.isArray(n) ? n.map((s: any) => j(s).toSource()).join('\n') : j(n).toSource());
        expect(print(jscodeshiftFor(rel), fast)).toBe(print(jscodeshift, theirs));
      });
    }
  }
});
