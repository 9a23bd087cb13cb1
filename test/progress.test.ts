/** src/progress.ts: one redrawn status line on an interactive stderr, nothing anywhere else. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressFor, terminalProgress } from '../src/progress.js';
import { planMigration } from '../src/run.js';

describe('terminalProgress', () => {
  it('redraws one line at most every 100 ms, always shows a step and its last item, and erases itself', () => {
    const out: string[] = [];
    let t = 0;
    const p = terminalProgress((s) => out.push(s), () => t);
    p.step('transforming', 3);
    p.tick(); // within 100 ms of the step: not drawn
    t = 150;
    p.tick();
    p.tick(); // the last item is always drawn
    p.done();
    expect(out).toEqual(['\r\x1b[Ktransforming 0/3…', '\r\x1b[Ktransforming 2/3…', '\r\x1b[Ktransforming 3/3…', '\r\x1b[K']);
  });

  it('is off unless stderr is an interactive terminal outside CI', () => {
    const stderr = () => {};
    expect(progressFor({ stderr, stderrTTY: false, env: {} }).step).toBe(progressFor({ stderr, env: {} }).step);
    const off = progressFor({ stderr, stderrTTY: true, env: { CI: 'true' } });
    const on = progressFor({ stderr, stderrTTY: true, env: {} });
    expect(on.step).not.toBe(off.step);
    expect(progressFor({ stderr, stderrTTY: true, env: { TERM: 'dumb' } }).step).toBe(off.step);
  });
});

describe('planMigration progress', () => {
  it('reports its steps and every file, and ends with the line erased', async () => {
    const out: string[] = [];
    let t = 0;
    const progress = terminalProgress((s) => out.push(s), () => (t += 1000));
    const root = path.resolve(__dirname, '../fixtures/service-shop-cjs/input');
    await planMigration(root, ['.'], {}, { progress, concurrency: 1 });
    const labels = out.map((s) => s.replace('\r\x1b[K', ''));
    expect(labels[0]).toBe('reading files…');
    expect(labels[1]).toMatch(/^analysing \d+ files…$/);
    const transforming = labels.filter((l) => l.startsWith('transforming '));
    const total = Number(transforming[0]?.match(/^transforming 0\/(\d+)…$/)?.[1]);
    expect(total).toBeGreaterThan(5);
    expect(transforming.at(-1)).toBe(`transforming ${total}/${total}…`);
    expect(labels.filter((l) => l.startsWith('checking and formatting ')).at(-1)).toMatch(/^checking and formatting (\d+)\/\1…$/);
    expect(out.at(-1)).toBe('\r\x1b[K');
  });
});
