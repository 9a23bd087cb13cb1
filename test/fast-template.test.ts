/**
 * transforms/fast-template.ts `settledExpression`: a subtree parsed by Babel alone and made its
 * own recast original must print exactly as jscodeshift's template node does, wherever the
 * schemas pass puts it (a new argument; the value of an options property, indented as the slot
 * it fills), in JavaScript and TypeScript files, and must be the same tree.
 */
import { describe, expect, it } from 'vitest';
import { settledExpression } from '../transforms/fast-template.js';
import { jscodeshiftFor } from '../transforms/run-passes.js';

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
