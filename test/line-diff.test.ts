/**
 * src/line-diff.ts gives the very text jsdiff's createTwoFilesPatch gives (same hunks, same
 * choice among equally short diffs, same give-up point for maxEditLength): on every fixture's
 * input → expected output, and on random texts built to hit the edge cases (CRLF, no final
 * newline, empty files, repeated lines, tiny edit budgets).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { describe, expect, it } from 'vitest';
import { unifiedPatch } from '../src/line-diff.js';
import { listTree } from './helpers/fixtures.js';

const FIXTURES = path.resolve(__dirname, '../fixtures');

function jsdiff(before: string, after: string, maxEditLength: number): string | undefined {
  return createTwoFilesPatch('a/f', 'b/f', before, after, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY, maxEditLength });
}

function expectSame(before: string, after: string, maxEditLength: number): void {
  expect(unifiedPatch('a/f', 'b/f', before, after, maxEditLength)).toBe(jsdiff(before, after, maxEditLength));
}

/** Deterministic, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

function randomText(rnd: () => number, lines: number, alphabet: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(alphabet[Math.floor(rnd() * alphabet.length)]! + (rnd() < 0.1 ? '\r\n' : '\n'));
  let text = out.join('');
  if (rnd() < 0.3) text = text.replace(/\r?\n$/, '');
  return text;
}

function mutate(rnd: () => number, text: string, alphabet: string[]): string {
  const lines = text.split(/(?<=\n)/);
  const edits = Math.floor(rnd() * 8);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (lines.length + 1));
    const r = rnd();
    if (r < 0.35) lines.splice(at, 1);
    else if (r < 0.7) lines.splice(at, 0, `${alphabet[Math.floor(rnd() * alphabet.length)]}\n`);
    else lines[at] = `changed ${e}\n`;
  }
  let out = lines.filter((l) => l !== undefined).join('');
  if (rnd() < 0.2) out = out.replace(/\r?\n$/, '');
  return out;
}

describe('unifiedPatch', () => {
  it('equals jsdiff on every fixture, input → expected output', () => {
    let compared = 0;
    for (const c of fs.readdirSync(FIXTURES)) {
      const expectedDir = path.join(FIXTURES, c, 'expected');
      if (!fs.existsSync(expectedDir)) continue;
      for (const rel of listTree(expectedDir)) {
        const input = path.join(FIXTURES, c, 'input', rel);
        if (!fs.existsSync(input)) continue;
        const before = fs.readFileSync(input, 'utf8');
        const after = fs.readFileSync(path.join(expectedDir, rel), 'utf8');
        for (const budget of [1_000_000, 200, 25]) expectSame(before, after, budget);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('equals jsdiff on random texts and edits', () => {
    const rnd = random(20261124);
    const alphabets = [['a', 'b'], ['a', 'b', 'c', '', '  x'], Array.from({ length: 40 }, (_, i) => `line ${i}`)];
    for (let i = 0; i < 3000; i++) {
      const alphabet = alphabets[i % alphabets.length]!;
      const before = randomText(rnd, Math.floor(rnd() * 30), alphabet);
      const after = rnd() < 0.5 ? mutate(rnd, before, alphabet) : randomText(rnd, Math.floor(rnd() * 30), alphabet);
      expectSame(before, after, [1_000_000, 12, 3, 1][i % 4]!);
    }
  });

  it('equals jsdiff on large, mostly rewritten files (the path records grow)', () => {
    const rnd = random(7);
    const alphabet = Array.from({ length: 300 }, (_, i) => `const v${i} = ${i};`);
    const before = randomText(rnd, 1500, alphabet);
    const after = randomText(rnd, 1800, alphabet);
    expectSame(before, after, 1_000_000);
    expectSame(before, after, 700);
  });

  it('handles the trivial cases as jsdiff does', () => {
    for (const [before, after] of [['', ''], ['', 'a\n'], ['a\n', ''], ['a', 'a\n'], ['a\r\n', 'a\n'], ['same\n', 'same\n']]) expectSame(before!, after!, 100);
    expect(unifiedPatch('a/f', 'b/f', 'x\n', 'y\n', 100)).toBe('--- a/f\n+++ b/f\n@@ -1,1 +1,1 @@\n-x\n+y\n');
  });
});
