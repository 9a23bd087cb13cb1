/**
 * src/finish.ts: files are checked, formatted and diffed on a worker thread, with the same results
 * as on the main thread; an output that does not parse is caught there too.
 */
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { Finisher, finishFile, type FinishJob } from '../src/finish.js';
import { WorkerPool } from '../src/pool.js';
import { tmpProject } from './helpers/tmp.js';

let dir = '';
const job = (rel: string, after: string): FinishJob => ({ rel, path: path.join(dir, rel), before: 'const a = 1;\n', after, diff: true });

describe('Finisher', () => {
  const workers = new WorkerPool(1);
  const pool = new Finisher(workers);
  afterAll(() => workers.close());
  beforeEach(() => {
    dir = tmpProject({ '.prettierrc': '{ "singleQuote": true }\n' });
  });

  it('finishes on a worker exactly as inline', async () => {
    const input = job('a.js', 'const   a = "x";\nfastify.get("/", async () => ({ok:true}))\n');
    const [onWorker, inline] = await Promise.all([pool.submit(input), finishFile(input)]);
    expect(inline).toMatchObject({ kind: 'ok', thread: 0 });
    expect(onWorker).toMatchObject({ kind: 'ok' });
    expect(onWorker.kind === 'ok' && onWorker.thread).toBeGreaterThan(0);
    expect({ ...onWorker, thread: 0 }).toEqual(inline);
    expect(inline.kind === 'ok' && inline.text).toBe("const a = 'x';\nfastify.get('/', async () => ({ ok: true }));\n");
    expect(inline.kind === 'ok' && inline.patch).toContain("+const a = 'x';");
  });

  it('reports an output that does not parse, with its position', async () => {
    const r = await pool.submit(job('b.ts', 'const a = ;\n'));
    expect(r).toMatchObject({ kind: 'unparsable', line: 1 });
  });

  it('hands back a Prettier config it cannot read, for the main thread to report (exit 2)', async () => {
    dir = tmpProject({ '.prettierrc': '{ "semi": ' });
    const r = await pool.submit(job('d.js', 'let d = 1\n'));
    expect(r.kind).toBe('config-error');
    expect(r.kind === 'config-error' && r.message).toMatch(/^invalid Prettier config .*\.prettierrc: /);
  });

  it('finishes a file once per text, again when the text changes', async () => {
    const first = pool.submit(job('c.js', 'let c = 1\n'));
    expect(pool.submit(job('c.js', 'let c = 1\n'))).toBe(first);
    expect(pool.submit(job('c.js', 'let c = 2\n'))).not.toBe(first);
  });
});

describe('planMigration on worker threads', () => {
  it('plans the same outputs, diffs and diagnostics with 1 and 3 threads', async () => {
    const { planMigration } = await import('../src/run.js');
    const root = path.resolve(__dirname, '../fixtures/service-shop-cjs/input');
    const [one, three] = await Promise.all([1, 3].map((concurrency) => planMigration(root, ['.'], {}, { concurrency, diff: true })));
    const view = (plan: Awaited<ReturnType<typeof planMigration>>) => ({
      files: plan.files.map((f) => [f.rel, f.status, f.after, f.patch]),
      diagnostics: plan.diagnostics,
    });
    expect(one.files.filter((f) => f.status === 'changed').length).toBeGreaterThan(5);
    expect(view(three)).toEqual(view(one));
  });
});
