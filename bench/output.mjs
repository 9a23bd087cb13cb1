// Output speed: examples/todo-api as Express 4 (as written), as migrated by the tool, and as
// hand-written idiomatic Fastify 5 (bench/handwritten/todo-api), each booted alone and loaded
// with autocannon on loopback, one after another, with the same connections and duration.
import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { median } from './lib.mjs';

const require = createRequire(import.meta.url);

const ROUTES = [
  { name: 'GET /todos', path: '/todos' },
  { name: 'GET /todos/:id', path: '/todos/2' },
  // Same handler with a query string: shows the cost of the query-string parser the app gets.
  { name: 'GET /todos?query', path: '/todos?done=false&tag=work' },
];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function get(port, p) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
  });
}

async function boot(dir, port, logFile) {
  const child = spawn(process.execPath, ['app.js'], { cwd: dir, env: { ...process.env, PORT: String(port), NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  let exited = false;
  child.on('exit', () => (exited = true));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && !exited) {
    try {
      const r = await get(port, ROUTES[0].path);
      if (r.status === 200) return { child };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  await writeFile(logFile, log);
  throw new Error(`${dir} did not answer GET ${ROUTES[0].path} within 15 s (log: ${logFile})`);
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 3000);
  await done;
  clearTimeout(t);
}

function cannon(opts) {
  const autocannon = require('autocannon');
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

export async function runOutputBench({ cli, repo, outDir, log }) {
  const duration = Number(process.env.BENCH_DURATION) || 10;
  const connections = Number(process.env.BENCH_CONNECTIONS) || 50;
  const warmup = process.env.BENCH_WARMUP === undefined ? 2 : Number(process.env.BENCH_WARMUP);
  const runs = Math.max(1, Number(process.env.BENCH_RUNS) || 1);
  const base = path.join(outDir, 'output');
  const example = path.join(repo, 'examples/todo-api');
  try {
    require.resolve('autocannon');
  } catch {
    return { duration, connections, error: 'autocannon is not installed (npm install): output speed skipped' };
  }
  await rm(base, { recursive: true, force: true });

  // Express: the example as written, on Express 4 (its package.json says ^4), through the express4 devDependency.
  const expressDir = path.join(base, 'express');
  await mkdir(path.join(expressDir, 'node_modules'), { recursive: true });
  await copyFile(path.join(example, 'app.js'), path.join(expressDir, 'app.js'));
  await copyFile(path.join(example, 'package.json'), path.join(expressDir, 'package.json'));
  await symlink(path.join(repo, 'node_modules/express4'), path.join(expressDir, 'node_modules/express'), 'dir');

  // Migrated: what `migrate --out` writes; fastify & plugins resolve from this repository's node_modules.
  const migratedDir = path.join(base, 'migrated');
  const m = spawnSync(process.execPath, [cli, 'migrate', '--root', example, '--out', migratedDir, '--force'], { encoding: 'utf8' });
  if (m.status !== 0 && m.status !== 1) return { duration, connections, error: `migrate --out failed (exit ${m.status}): ${m.stderr.trim().split('\n').pop()}` };

  // The same migration without served docs: registering @fastify/swagger-ui makes the slower of
  // Node 20's two steady states (see below) likely, so the bench shows what the docs cost.
  const noDocsDir = path.join(base, 'migrated-no-docs');
  const n = spawnSync(process.execPath, [cli, 'migrate', '--root', example, '--out', noDocsDir, '--force', '--no-docs'], { encoding: 'utf8' });
  if (n.status !== 0 && n.status !== 1) return { duration, connections, error: `migrate --out --no-docs failed (exit ${n.status}): ${n.stderr.trim().split('\n').pop()}` };

  const variants = [
    { name: 'Express 4', dir: expressDir },
    { name: 'migrated', dir: migratedDir },
    { name: 'migrated --no-docs', dir: noDocsDir },
    { name: 'hand-written Fastify', dir: path.join(repo, 'bench/handwritten/todo-api') },
  ];
  const results = new Map(ROUTES.map((r) => [r.name, []]));
  const bodies = new Map();
  // Every load gets a freshly booted process. A Node 20 process settles into one of two steady
  // states that differ by up to 25 % in throughput on the same code (see the served-docs
  // paragraph of the README): loading one process several times samples that state once, so a
  // median of loads was a single draw. Booting anew samples it every run. The loads are
  // interleaved (run 1 of every app, then run 2…) so that a change in background load hits
  // every app alike.
  for (const route of ROUTES) {
    const loads = new Map(variants.map((v) => [v.name, []]));
    for (let i = 0; i < runs; i++) {
      for (const v of variants) {
        const port = await freePort();
        if (i === 0) log(`bench: output: ${route.name}: ${v.name}`);
        const { child } = await boot(v.dir, port, path.join(base, `${v.name.replace(/\W+/g, '-')}.log`));
        try {
          if (i === 0) bodies.set(`${v.name} ${route.name}`, await get(port, route.path));
          if (warmup > 0) await cannon({ url: `http://127.0.0.1:${port}${route.path}`, connections, duration: warmup });
          loads.get(v.name).push(await cannon({ url: `http://127.0.0.1:${port}${route.path}`, connections, duration }));
        } finally {
          await stop(child);
        }
      }
    }
    for (const v of variants) {
      const ls = loads.get(v.name);
      const med = (f) => median(ls.map(f));
      const row = {
        name: v.name,
        rps: med((r) => r.requests.average),
        p50: med((r) => r.latency.p50),
        p99: med((r) => r.latency.p99),
        non2xx: ls.reduce((a, r) => a + r.non2xx, 0),
        errors: ls.reduce((a, r) => a + r.errors + r.timeouts, 0),
        samples: ls.map((r) => Math.round(r.requests.average)),
      };
      results.get(route.name).push(row);
      log(`bench:   ${route.name} ${v.name}: ${Math.round(row.rps)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms (loads: ${row.samples.join(', ')})`);
    }
  }
  const routes = ROUTES.map((route) => {
    const vs = results.get(route.name);
    const by = (n) => vs.find((x) => x.name === n)?.rps;
    const same = new Set(variants.map((v) => normalise(bodies.get(`${v.name} ${route.name}`)))).size === 1;
    return {
      name: route.name,
      path: route.path,
      variants: vs,
      sameResponse: same,
      ratios: {
        migratedVsHandwritten: by('migrated') / by('hand-written Fastify'),
        migratedVsExpress: by('migrated') / by('Express 4'),
        noDocsVsHandwritten: by('migrated --no-docs') / by('hand-written Fastify'),
      },
    };
  });
  const migratedSource = await readFile(path.join(migratedDir, 'app.js'), 'utf8');
  return {
    duration,
    connections,
    warmup,
    runs,
    routes,
    // What the generator emitted that matters for speed (see issue 8: "find out why").
    migratedTraits: {
      responseSchemas: /response\s*:/.test(migratedSource),
      qsQueryParser: /querystringParser/.test(migratedSource),
      catchAllContentTypeParser: /addContentTypeParser\('\*'/.test(migratedSource),
      hooks: (migratedSource.match(/addHook\(/g) ?? []).length,
      fastifyExpress: /@fastify\/express/.test(migratedSource),
    },
  };
}

/** Status + JSON body (parsed, so key order and spacing do not count). */
function normalise(r) {
  if (!r) return 'none';
  try {
    return `${r.status} ${JSON.stringify(JSON.parse(r.body))}`;
  } catch {
    return `${r.status} ${r.body}`;
  }
}
