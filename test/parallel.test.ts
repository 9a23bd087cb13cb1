/**
 * Transforms on worker threads (src/transform.ts, src/early-transforms.ts, src/worker.ts): the
 * plan does not depend on how many threads made it, and files transformed early (while schemas
 * are still inferred) come out exactly as the main thread would have made them.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeProject } from '../src/analyze/index.js';
import { discover } from '../src/discover.js';
import { EarlyTransforms } from '../src/early-transforms.js';
import { Finisher } from '../src/finish.js';
import { WorkerPool } from '../src/pool.js';
import { planMigration } from '../src/run.js';
import { runFileMessage } from '../src/transform-file.js';
import { routerCandidates } from '../src/transform-order.js';
import type { Inventory } from '../src/inventory.js';
import { tmpProject } from './helpers/tmp.js';

const fixturesDir = path.resolve(__dirname, '../fixtures');
const work = mkdtempSync(path.join(os.tmpdir(), 'e2f-parallel-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every fixture's input app side by side in one project (each in its own folder). */
function allFixturesProject(): string {
  const root = path.join(work, 'all');
  for (const name of readdirSync(fixturesDir)) cpSync(path.join(fixturesDir, name, 'input'), path.join(root, name), { recursive: true });
  return root;
}

type Plan = Awaited<ReturnType<typeof planMigration>>;
const view = (plan: Plan) => ({
  files: plan.files.map((f) => [f.rel, f.status, f.after, f.patch]),
  diagnostics: plan.diagnostics,
  verdicts: plan.inventory.files.map((f) => [f.file, f.routes.map((r) => r.verdict), f.middleware.map((m) => m.verdict), f.apps.map((a) => [a.verdict, a.needs, a.hoisted])]),
  schemas: plan.inventory.schemas,
});

describe('transforms on worker threads', () => {
  it('plans every fixture the same with 1 and 3 threads', async () => {
    const root = allFixturesProject();
    const one = await planMigration(root, ['.'], {}, { concurrency: 1, diff: true });
    const three = await planMigration(root, ['.'], {}, { concurrency: 3, diff: true });
    expect(one.files.filter((f) => f.status === 'changed').length).toBeGreaterThan(40);
    expect(view(three)).toEqual(view(one));
    // Nothing on the main thread: whatever a file's transform tells the others must cross threads.
    const workers = await planMigration(root, ['.'], {}, { concurrency: 2, diff: true, workersOnly: true });
    expect(view(workers)).toEqual(view(one));
  }, 90_000);

  it('hands on what one file learns to the files transformed after it on other threads', async () => {
    // audit.js must be converted before app.js learns that it reads the body (a preHandler hook,
    // not onRequest); api.js keeps legacy.js on Express, so app.js mounts it itself (hoisted).
    const root = tmpProject({
      'package.json': '{ "dependencies": { "express": "^4.21.0" } }\n',
      'app.js': [
        "const express = require('express');",
        "const { audit } = require('./audit');",
        "const api = require('./api');",
        'const app = express();',
        'app.use(express.json());',
        'app.use(audit);',
        "app.use('/api', api);",
        "app.get('/', (req, res) => res.json({ seen: req.seen }));",
        'app.listen(3000);',
      ].join('\n'),
      'audit.js': 'function audit(req, res, next) {\n  req.seen = req.body && req.body.x;\n  next();\n}\nmodule.exports = { audit };\n',
      'api.js': [
        "const express = require('express');",
        "const legacy = require('./legacy');",
        'const router = express.Router();',
        "router.use('/legacy', legacy);",
        "router.get('/ok', (req, res) => res.json({ ok: true }));",
        'module.exports = router;',
      ].join('\n'),
      'legacy.js': "const express = require('express');\nconst router = express.Router();\nrouter.get(/^\\/v(\\d+)$/, (req, res) => res.send('v' + req.params[0]));\nmodule.exports = router;\n",
    });
    const one = await planMigration(root, ['.'], {}, { concurrency: 1 });
    const app = one.files.find((f) => f.rel === 'app.js')!.after!;
    expect(app).toContain("app.addHook('preHandler', audit)");
    expect(app).toContain("expressCompat.use('/api/legacy', express.json(), legacyRouter)");
    const workers = await planMigration(root, ['.'], {}, { concurrency: 2, workersOnly: true });
    expect(view(workers)).toEqual(view(one));
  }, 60_000);

  it('transforms files early on a worker exactly as the main thread does once the analysis is done', async () => {
    const root = path.join(fixturesDir, 'service-shop-cjs', 'input');
    const discovered = await discover({ root, paths: ['.'] });
    const pool = new WorkerPool(1);
    try {
      const early = new EarlyTransforms(pool, new Map(discovered.files.map((f) => [f.rel, f])));
      const inventory: Inventory = analyzeProject(discovered, { onStructure: (inv) => early.onStructure(inv), onFile: (f, shared) => early.onFile(f, shared) });
      // The worker takes transforms before finishing: once this is answered, every early file is done.
      await new Finisher(pool).submit({ rel: 'x.js', path: path.join(root, 'x.js'), before: '', after: 'x;\n', diff: false });
      const results = await early.collect();
      expect(results.size).toBeGreaterThanOrEqual(2);
      const allowed = routerCandidates(inventory);
      for (const [rel, result] of results) {
        const inv = inventory.files.find((f) => f.file === rel)!;
        const inline = runFileMessage(discovered.files.find((f) => f.rel === rel)!, inv, inventory, allowed);
        expect(result, rel).toEqual(inline);
        expect(result.kind === 'ok' && result.run.output).not.toBe(discovered.files.find((f) => f.rel === rel)!.text);
      }
    } finally {
      await pool.close();
    }
  }, 60_000);
});
