/**
 * Every fixtures/<case>/input is migrated with --out into a fresh temp dir and must equal
 * fixtures/<case>/expected byte for byte (same files, same bytes, no trimming); migrating expected/
 * again must change nothing. UPDATE_FIXTURES=1 (npm run fixtures:update) writes the output into
 * expected/ instead, replacing whatever was there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFixtures, listTree } from './helpers/fixtures.js';

const UPDATE = process.env.UPDATE_FIXTURES === '1';
const NO_EXPECTED = 'no expected/ yet: generate it with `npm run fixtures:update` once the engine exists';

// Loaded on first use so that, while the engine is incomplete, fixtures without expected/ are still
// listed and skipped instead of failing the whole file at import time.
const engine = () => import('../src/run.js');

function expectSameTree(actualDir: string, expectedDir: string): void {
  const files = listTree(actualDir);
  expect(files, 'file list').toEqual(listTree(expectedDir));
  for (const rel of files) {
    const actual = fs.readFileSync(path.join(actualDir, rel));
    const expected = fs.readFileSync(path.join(expectedDir, rel));
    if (actual.equals(expected)) continue;
    // A text diff is readable; bytes are the fallback when the text alone does not show the change.
    expect(actual.toString('utf8'), rel).toBe(expected.toString('utf8'));
    expect(actual, rel).toEqual(expected);
  }
}

describe.each(listFixtures().map((f) => [f.name, f] as const))('%s', (_name, f) => {
  it('migrates input/ to exactly expected/', async (ctx) => {
    if (!UPDATE && !f.hasExpected) ctx.skip(NO_EXPECTED);
    const { runMigrate } = await engine();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `e2f-${f.name}-`));
    const outDir = path.join(tmp, 'out');
    try {
      await runMigrate({ root: f.inputDir, paths: ['.'], mode: 'out', outDir, force: true });
      if (UPDATE) {
        fs.rmSync(f.expectedDir, { recursive: true, force: true });
        fs.mkdirSync(f.expectedDir, { recursive: true });
        if (fs.existsSync(outDir)) fs.cpSync(outDir, f.expectedDir, { recursive: true });
        return;
      }
      expectSameTree(outDir, f.expectedDir);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('is idempotent: migrating expected/ changes nothing', async (ctx) => {
    if (!fs.existsSync(f.expectedDir)) ctx.skip(NO_EXPECTED);
    const { planMigration } = await engine();
    const plan = await planMigration(f.expectedDir, ['.']);
    expect(plan.files.filter((file) => file.status === 'changed').map((file) => file.rel)).toEqual([]);
  });
});
