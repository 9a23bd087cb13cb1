/**
 * The query-string parser emitted for Express 4 apps (transforms/query-parser.ts) must give
 * exactly what qs gives with Express 4's options, for every string: the same keys in the same
 * order, the same values and arrays, a plain object. Random strings over the characters and
 * keys that matter (brackets, escapes, `+`, `=`, `&`, prototype names, array indexes), and the
 * TypeScript variant type-checks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import qs from 'qs';
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { planMigration } from '../src/run.js';
import { queryParserSource } from '../transforms/query-parser.js';

const parseQuery = new Function('qs', `${queryParserSource('parseQuery', false)}\nreturn parseQuery;`)(qs) as (s: string) => Record<string, unknown>;
const viaQs = (s: string) => qs.parse(s, { allowPrototypes: true, arrayLimit: 1000 });

/** Values, key order and prototypes, all the way down (own `constructor` keys confuse toStrictEqual). */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return ['array', v.map(canonical)];
  if (v && typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    return [proto === Object.prototype ? 'object' : proto === null ? 'null-prototype' : 'other', Object.keys(v).map((k) => [k, canonical((v as Record<string, unknown>)[k])])];
  }
  return v;
}

function expectSame(s: string): void {
  expect(canonical(parseQuery(s)), s).toEqual(canonical(viaQs(s)));
}

const PIECES = ['a', 'b', 'done', 'x y', 'constructor', '__proto__', 'hasOwnProperty', 'toString', '0', '1', '21', '+', '=', '&', '&', '&', '=', '[', ']', '[]', '%20', '%5B', '%5d', '%', '.', '', 'é', ';'];

describe('the emitted query-string parser', () => {
  it('equals qs on hand-picked strings', () => {
    for (const s of ['', 'a', 'a=', '=a', '&&', 'a=1&a=2&a=3', 'done=false&tag=work', 'a+b=c+d', 'constructor=1&toString=2&hasOwnProperty=3', '__proto__=x&a=1', '2=b&1=a&z=0', 'a=1&b&c=', 'a=b=c', 'a]=b', 'a[b]=c', 'a%5Bb%5D=c', 'x=%41', 'a=%E0%A4%A']) {
      expectSame(s);
    }
  });

  it('equals qs on random strings', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 20000; i++) {
      let s = '';
      const n = Math.floor(rnd() * 12);
      for (let k = 0; k < n; k++) s += PIECES[Math.floor(rnd() * PIECES.length)];
      expectSame(s);
    }
  });

  it('keeps qs limits: at most 1,000 pairs, repeated keys as one array', () => {
    expectSame(Array.from({ length: 1500 }, (_, i) => `k${i % 3}=${i}`).join('&'));
    expectSame(Array.from({ length: 1200 }, () => 'a=1').join('&'));
  });

  it('type-checks as TypeScript', () => {
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, noUncheckedIndexedAccess: true, lib: ['lib.es2022.d.ts'], target: 9 } });
    project.createSourceFile('qs.d.ts', `declare const qs: { parse(s: string, o: object): Record<string, unknown> };`);
    project.createSourceFile('app.ts', `${queryParserSource('parseQuery', true)}\nexport const parsed: Record<string, unknown> = parseQuery('a=1');\n`);
    expect(project.getPreEmitDiagnostics().map((d) => d.getMessageText())).toEqual([]);
  });

  it('takes a name the app does not use', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'e2f-query-name-'));
    try {
      fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'demo', dependencies: { express: '^4.21.2' } }));
      const app = `const express = require('express');\nconst app = express();\nfunction parseQuery(s) { return s; }\napp.get('/x', (req, res) => { res.json({ q: req.query.q, p: parseQuery('y') }); });\napp.listen(3000);\n`;
      fs.writeFileSync(path.join(root, 'app.js'), app);
      const plan = await planMigration(root, ['.']);
      const out = plan.files.find((f) => f.rel === 'app.js')!.after!;
      expect(out).toContain('querystringParser: parseQuery2');
      expect(out).toContain('function parseQuery2(str) {');
      expect(out).toContain('function parseQuery(s) { return s; }');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
