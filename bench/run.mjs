// `npm run bench`: speed of the codemod at scale, and speed of the code it writes (issue 8).
//
// Parts (BENCH_ONLY=part[,part…]; default: realistic,stress,linearity,output,phases):
//   realistic  5,000-file realistic code base: scan (if the command exists), migrate --dry-run,
//              and the bare jscodeshift reference (in one process, and the CLI with --cpus=2)
//   stress     5,000 route files / 50,000 routes: the same measurements
//   linearity  the 1,000-file variants of both code bases, against the 5,000-file runs
//   output     examples/todo-api as Express, as migrated, and hand-written Fastify, under autocannon
//   phases     in-process split of migrate into discover / analyze / transform / format / diff
//   profile    (opt-in) `node --cpu-prof` of migrate on realistic-1000 (BENCH_PROFILE_SET), top
//              self-time modules and functions, inclusive time of the engine's main functions
//
// `node bench/run.mjs --print` reprints bench/out/latest.json without measuring.
// Environment: BENCH_RUNS (repetitions, medians reported; default 1), BENCH_DURATION (autocannon
// seconds per load, default 10), BENCH_CONNECTIONS (default 50), BENCH_WARMUP (seconds, default 2),
// BENCH_CLI (path to the built CLI; default dist/bin/express-to-fastify.js, built first unless
// BENCH_BUILD=0), BENCH_REF_CLI=0 (skip the jscodeshift CLI reference), BENCH_TIMEOUT (seconds
// per child run, default 1800), BENCH_SEED (default 42), BENCH_PHASES_SET (default realistic-1000),
// BENCH_LABEL (names the engine build in the output), BENCH_WAIT_QUIET=<s> (wait up to s seconds before each run for the load average to drop below the
// CPU count), BENCH_FILES / BENCH_SMALL (code base sizes, default 5000 / 1000: the issue's targets
// are defined for those; smaller sizes only try the bench out).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodebase } from './generate.mjs';
import { fmtInt, fmtNum, measure, median, rssMethod, table } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const outDir = path.join(here, 'out');
const env = process.env;
const RUNS = Math.max(1, Number(env.BENCH_RUNS) || 1);
const SEED = Number(env.BENCH_SEED) || 42;
const TIMEOUT_MS = (Number(env.BENCH_TIMEOUT) || 1800) * 1000;
// Sizes: the issue's targets are for 5,000 and 1,000 files; smaller sizes are for trying the bench out.
const BIG = Number(env.BENCH_FILES) || 5000;
const SMALL = Number(env.BENCH_SMALL) || 1000;
const ALL = ['realistic', 'stress', 'linearity', 'output', 'phases'];
const ONLY = new Set((env.BENCH_ONLY || ALL.join(',')).split(',').map((s) => s.trim()).filter(Boolean));
for (const p of ONLY) {
  if (![...ALL, 'profile'].includes(p)) {
    console.error(`bench: unknown part ${p} (use ${[...ALL, 'profile'].join(', ')})`);
    process.exit(2);
  }
}

const log = (...a) => console.error(...a);
const cli = path.resolve(repo, env.BENCH_CLI || 'dist/bin/express-to-fastify.js');
const distRoot = path.resolve(path.dirname(cli), '..'); // dist/ (holds src/ and transforms/)

// ---------------------------------------------------------------------------------------------

function build() {
  if (env.BENCH_CLI || env.BENCH_BUILD === '0') return;
  log('bench: npm run build');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) log(`bench: build failed (exit ${r.status}); measuring the dist/ that is there`);
}

function gitInfo() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'transforms', 'bin'], { cwd: repo, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return {};
  }
}

/** The CLI's commands, from --help (the `scan` command may or may not exist yet). */
function commands() {
  const r = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
  const text = `${r.stdout}\n${r.stderr}`;
  return new Set([...text.matchAll(/^\s+express-to-fastify (\w+)/gm)].map((m) => m[1]));
}

const codebases = new Map();
async function codebase(kind, files) {
  const name = `${kind}-${files}`;
  if (!codebases.has(name)) {
    const dir = path.join(outDir, name);
    const m = await ensureCodebase(kind, files, dir, SEED);
    log(`bench: ${name}: ${m.sourceFiles} source files (${m.expressFiles} Express), ${m.routes} routes${m.generated ? ` (generated in ${m.generatedInMs} ms)` : ' (cached)'}`);
    codebases.set(name, { name, dir, ...m });
  }
  return codebases.get(name);
}

const rows = new Map(); // key `${codebase} ${tool}` → result

function record(cb, tool, samples, extra = {}) {
  const ok = samples.filter((s) => s.code === 0 || s.code === 1);
  const wallS = median(ok.map((s) => s.wallMs / 1000));
  const rssMb = median(ok.map((s) => s.rssMb));
  const row = {
    codebase: cb.name,
    tool,
    files: cb.sourceFiles,
    routes: cb.routes,
    wallS,
    filesPerS: wallS ? cb.sourceFiles / wallS : undefined,
    routesPerS: wallS ? cb.routes / wallS : undefined,
    rssMb,
    load1: median(samples.map((s) => s.load1)),
    runs: samples.map((s) => ({ wallS: +(s.wallMs / 1000).toFixed(3), rssMb: s.rssMb && +s.rssMb.toFixed(1), code: s.code, load1: +s.load1.toFixed(2), timedOut: s.timedOut || undefined })),
    ...extra,
  };
  if (ok.length === 0) row.error = samples[0]?.timedOut ? `timed out after ${TIMEOUT_MS / 1000} s` : `exit ${samples[0]?.code}: ${lastLine(samples[0]?.stderr)}`;
  rows.set(`${cb.name} ${tool}`, row);
  log(`bench:   ${tool.padEnd(22)} ${row.error ?? `${fmtNum(wallS, 2)} s, ${fmtInt(rssMb)} MB`}`);
  return row;
}

/** migrate --json has `summary`; scan --json has `totals`. Same shape for the table. */
function summaryOf(j) {
  if (j?.summary) return j.summary;
  const t = j?.totals;
  if (!t) return undefined;
  return { routesFound: t.endpoints, routesNative: t.native, routesCompat: t.compat, routesManual: t.manual, filesChanged: t.files?.changed, filesScanned: t.files?.scanned };
}

const lastLine = (s = '') => s.trim().split('\n').pop()?.slice(0, 200) ?? '';

/**
 * BENCH_WAIT_QUIET=<seconds>: before each measured run, wait (at most that long) until the
 * 1-minute load average drops below the CPU count, so other work on the machine skews less.
 */
async function quiet() {
  const max = Number(env.BENCH_WAIT_QUIET) || 0;
  const limit = os.cpus().length;
  const until = Date.now() + max * 1000;
  while (Date.now() < until && os.loadavg()[0] >= limit) await new Promise((r) => setTimeout(r, 5000));
}

async function repeat(fn) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    await quiet();
    const load1 = os.loadavg()[0];
    samples.push({ ...(await fn(i)), load1 });
  }
  return samples;
}

async function runMigrate(cb) {
  const jsonFile = path.join(outDir, `migrate-${cb.name}.json`);
  const samples = await repeat(() => measure(process.execPath, [cli, 'migrate', '--root', cb.dir, '--dry-run', '--json'], { cwd: cb.dir, stdoutFile: jsonFile, timeoutMs: TIMEOUT_MS }));
  let summary;
  try {
    summary = summaryOf(JSON.parse(await readFile(jsonFile, 'utf8')));
  } catch {
    // failed or timed out; the row says so
  }
  return record(cb, 'migrate --dry-run', samples, { summary });
}

let scanArgs;
async function runScan(cb, available) {
  if (!available.has('scan')) {
    rows.set(`${cb.name} scan`, { codebase: cb.name, tool: 'scan', files: cb.sourceFiles, routes: cb.routes, skipped: 'no `scan` command in this build' });
    return undefined;
  }
  const jsonFile = path.join(outDir, `scan-${cb.name}.json`);
  const run = (args) => measure(process.execPath, [cli, 'scan', '--root', cb.dir, ...args], { cwd: cb.dir, stdoutFile: jsonFile, timeoutMs: TIMEOUT_MS });
  if (!scanArgs) {
    // `scan --root <dir> --json` where the build has --json, plain `scan --root <dir>` otherwise.
    const probe = spawnSync(process.execPath, [cli, 'scan', '--help'], { encoding: 'utf8' });
    scanArgs = /--json/.test(probe.stdout) ? ['--json'] : [];
  }
  const samples = await repeat(() => run(scanArgs));
  if (samples.every((s) => s.code === 2)) {
    rows.set(`${cb.name} scan`, { codebase: cb.name, tool: 'scan', files: cb.sourceFiles, routes: cb.routes, skipped: `scan exits 2: ${lastLine(samples[0].stderr)}` });
    return undefined;
  }
  let summary;
  try {
    summary = summaryOf(JSON.parse(await readFile(jsonFile, 'utf8')));
  } catch {
    // not JSON output
  }
  return record(cb, 'scan', samples, { summary });
}

async function runReference(cb) {
  const resultFile = path.join(outDir, `ref-${cb.name}.json`);
  const samples = await repeat(() => measure(process.execPath, [path.join(here, 'ref-jscodeshift.mjs'), cb.dir], { cwd: repo, stdoutFile: resultFile, timeoutMs: TIMEOUT_MS }));
  record(cb, 'jscodeshift API (1 proc)', samples);
  if (env.BENCH_REF_CLI === '0') return;
  const bin = path.join(repo, 'node_modules/jscodeshift/bin/jscodeshift.js');
  const args = [bin, '-t', path.join(here, 'identity-transform.cjs'), '--dry', '--silent', '--cpus=2', '--extensions=js,ts,mjs,cjs,mts,cts,jsx,tsx', '--ignore-pattern=**/node_modules/**', '--ignore-pattern=**/*.d.ts', path.join(cb.dir, 'src')];
  const cliSamples = await repeat(() => measure(process.execPath, args, { cwd: repo, timeoutMs: TIMEOUT_MS }));
  record(cb, 'jscodeshift CLI --cpus=2', cliSamples);
}

async function sizePart(kind, files, available) {
  const cb = await codebase(kind, files);
  log(`bench: ${cb.name}`);
  await runScan(cb, available);
  await runMigrate(cb);
  if (files === BIG) await runReference(cb);
  return cb;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  await mkdir(outDir, { recursive: true });
  const started = new Date();
  build();
  if (!existsSync(cli)) {
    console.error(`bench: ${cli} not found; run npm run build (or set BENCH_CLI)`);
    process.exit(2);
  }
  const available = commands();
  log(`bench: CLI ${path.relative(repo, cli) || cli} (commands: ${[...available].join(', ') || '?'}); ${RUNS} run(s) each; peak RSS via ${rssMethod}`);

  if (ONLY.has('realistic')) await sizePart('realistic', BIG, available);
  if (ONLY.has('stress')) await sizePart('stress', BIG, available);
  if (ONLY.has('linearity')) {
    for (const kind of ['realistic', 'stress']) {
      await sizePart(kind, SMALL, available);
      if (!rows.has(`${kind}-${BIG} migrate --dry-run`)) {
        const cb = await codebase(kind, BIG);
        log(`bench: ${cb.name} (for linearity)`);
        await runScan(cb, available);
        await runMigrate(cb);
      }
    }
  }
  let phases;
  if (ONLY.has('phases')) {
    const [kind, n] = (env.BENCH_PHASES_SET || `realistic-${SMALL}`).split('-');
    const cb = await codebase(kind, Number(n));
    log(`bench: phases of migrate on ${cb.name}`);
    const file = path.join(outDir, `phases-${cb.name}.json`);
    const m = await measure(process.execPath, [path.join(here, 'phases.mjs'), distRoot, cb.dir], { stdoutFile: file, timeoutMs: TIMEOUT_MS });
    try {
      phases = { codebase: cb.name, ...JSON.parse(await readFile(file, 'utf8')), rssMb: m.rssMb };
    } catch {
      phases = { codebase: cb.name, error: lastLine(m.stderr) || `exit ${m.code}` };
    }
  }
  let profile;
  if (ONLY.has('profile')) {
    const [kind, n] = (env.BENCH_PROFILE_SET || `realistic-${SMALL}`).split('-');
    const cb = await codebase(kind, Number(n));
    const { profileMigrate } = await import('./profile.mjs');
    profile = await profileMigrate({ cli, cb, outDir, timeoutMs: TIMEOUT_MS });
  }
  let output;
  if (ONLY.has('output')) {
    const { runOutputBench } = await import('./output.mjs');
    output = await runOutputBench({ cli, repo, outDir, log });
  }

  const results = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    git: gitInfo(),
    cli: path.relative(repo, cli) || cli,
    label: env.BENCH_LABEL,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memGb: +(os.totalmem() / 2 ** 30).toFixed(1),
    runs: RUNS,
    parts: [...ONLY],
    rssMethod,
    codebases: Object.fromEntries([...codebases].map(([k, v]) => [k, { sourceFiles: v.sourceFiles, expressFiles: v.expressFiles, routes: v.routes, bytes: v.bytes }])),
    rows: Object.fromEntries(rows),
    phases,
    profile,
    output,
  };
  results.targets = targets(results);

  const latest = path.join(outDir, 'latest.json');
  let previous;
  try {
    previous = JSON.parse(await readFile(latest, 'utf8'));
  } catch {
    // first run
  }
  print(results, previous);
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  await writeFile(path.join(outDir, `results-${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
  // latest.json keeps the newest figure of every row, so a partial run (BENCH_ONLY) still compares.
  const merged = previous ? { ...results, codebases: { ...previous.codebases, ...results.codebases }, rows: { ...previous.rows, ...results.rows }, output: results.output ?? previous.output, phases: results.phases ?? previous.phases, profile: results.profile ?? previous.profile } : results;
  if (previous) merged.targets = targets(merged);
  await writeFile(latest, `${JSON.stringify(merged, null, 2)}\n`);
  console.log(`\nresults: ${path.relative(repo, path.join(outDir, `results-${stamp}.json`))} (and bench/out/latest.json)`);
}

// ---------------------------------------------------------------------------------------------

function targets(r) {
  const row = (k) => r.rows[k];
  const wall = (k) => row(k)?.wallS;
  const out = [];
  const add = (name, value, limit, pass, note) => out.push({ name, value, limit, status: value === undefined || pass === undefined ? 'n/a' : pass ? 'PASS' : 'FAIL', note });
  // The absolute limits are the issue's, for 5,000 files; at other sizes they say little.
  const sized = (name, value, limit, pass, note) => add(name, value, limit, BIG === 5000 ? pass : undefined, BIG === 5000 ? note : `limit is for 5,000 files (this run: ${BIG})`);
  for (const tool of ['migrate --dry-run', 'scan']) {
    const k = `realistic-${BIG} ${tool}`;
    if (tool === 'scan' && !row(k)?.wallS) continue;
    sized(`realistic ${tool}: wall`, wall(k), '< 30 s', wall(k) === undefined ? undefined : wall(k) < 30);
    const rss = row(k)?.rssMb;
    sized(`realistic ${tool}: peak RSS`, rss, '< 1536 MB', rss === undefined ? undefined : rss < 1536);
    const s = wall(`stress-${BIG} ${tool}`);
    sized(`stress ${tool}: wall`, s, '< 120 s', s === undefined ? undefined : s < 120);
  }
  for (const kind of ['realistic', 'stress']) {
    for (const tool of ['migrate --dry-run', 'scan']) {
      const a = wall(`${kind}-${BIG} ${tool}`);
      const b = wall(`${kind}-${SMALL} ${tool}`);
      if (tool === 'scan' && (a === undefined || b === undefined)) continue;
      const ratio = a !== undefined && b !== undefined ? a / ((BIG / SMALL) * b) : undefined;
      add(`linearity ${kind} ${tool}: t(${BIG}) / ${BIG / SMALL}·t(${SMALL})`, ratio, '≤ 1.2', ratio === undefined ? undefined : ratio <= 1.2);
    }
  }
  {
    const m = row(`stress-${BIG} migrate --dry-run`);
    const ref = row(`stress-${BIG} jscodeshift API (1 proc)`);
    const a = m?.wallS && m.wallS / m.files;
    const b = ref?.wallS && ref.wallS / ref.files;
    add('stress per-file cost: migrate / jscodeshift (1 proc)', a && b ? a / b : undefined, '≤ 1.0', a && b ? a / b <= 1 : undefined, a && b ? `${fmtNum(a * 1000, 2)} ms vs ${fmtNum(b * 1000, 2)} ms per file` : undefined);
  }
  if (r.output?.routes) {
    for (const route of r.output.routes) {
      const rh = route.ratios?.migratedVsHandwritten;
      const re = route.ratios?.migratedVsExpress;
      add(`output ${route.name}: migrated / hand-written`, rh, '≥ 0.95', rh === undefined ? undefined : rh >= 0.95);
      add(`output ${route.name}: migrated / Express`, re, '≥ 3.0', re === undefined ? undefined : re >= 3);
      const rn = route.ratios?.noDocsVsHandwritten;
      if (rn !== undefined) add(`output ${route.name}: migrated --no-docs / hand-written`, rn, '≥ 0.95', rn >= 0.95);
    }
  }
  return out;
}

function print(r, prev) {
  const lines = [];
  const p = (s = '') => lines.push(s);
  p();
  p(`express-to-fastify bench — ${r.startedAt} — ${r.label ?? `${r.git.commit ?? '?'}${r.git.dirty ? ' (+ uncommitted changes)' : ''}`} — CLI ${r.cli} — node ${r.node}, ${r.cpus} CPUs, ${r.memGb} GB — BENCH_RUNS=${r.runs} (medians)`);
  if (Object.keys(r.codebases).length) {
    p();
    p(
      table(
        ['code base', 'source files', 'Express files', 'routes', 'MB'],
        Object.entries(r.codebases).map(([k, v]) => [k, fmtInt(v.sourceFiles), fmtInt(v.expressFiles), fmtInt(v.routes), fmtNum(v.bytes / 2 ** 20)]),
        ['l', 'r', 'r', 'r', 'r'],
      ),
    );
  }
  const body = [...Object.values(r.rows)];
  if (body.length) {
    p();
    p('Codemod speed ("load": 1-minute load average when the run started; above the CPU count, other processes were competing)');
    p(
      table(
        ['code base', 'tool', 'wall s', 'files/s', 'routes/s', 'peak RSS MB', 'load', 'Δ wall', 'Δ RSS', 'note'],
        body.map((row) => {
          const old = prev?.rows?.[`${row.codebase} ${row.tool}`];
          const d = (a, b) => (a !== undefined && b !== undefined && b > 0 ? `${a >= b ? '+' : ''}${(((a - b) / b) * 100).toFixed(0)}%` : '');
          const s = row.summary;
          const note = row.skipped ?? row.error ?? (s ? `${fmtInt(s.routesFound)} found, ${fmtInt(s.routesNative)} native, ${fmtInt(s.routesCompat)} compat, ${fmtInt(s.filesChanged)} files changed` : '');
          return [row.codebase, row.tool, fmtNum(row.wallS, 2), fmtInt(row.filesPerS), fmtInt(row.routesPerS), fmtInt(row.rssMb), fmtNum(row.load1, 1), d(row.wallS, old?.wallS), d(row.rssMb, old?.rssMb), note];
        }),
        ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
      ),
    );
  }
  if (r.phases) {
    p();
    p(`Phases of migrate --dry-run, in one process (${r.phases.codebase})`);
    if (r.phases.error) p(`  skipped: ${r.phases.error}`);
    else {
      const total = r.phases.phases.reduce((a, x) => a + x.ms, 0);
      p(
        table(
          ['phase', 'ms', '%', 'files', 'RSS after MB', 'note'],
          r.phases.phases.map((x) => [x.name, fmtInt(x.ms), fmtNum((x.ms / total) * 100, 0), x.files === undefined ? '' : fmtInt(x.files), fmtInt(x.rssMb), x.note ?? '']),
          ['l', 'r', 'r', 'r', 'r', 'l'],
        ),
      );
    }
  }
  if (r.profile) {
    p();
    p(`CPU profile of migrate --dry-run on ${r.profile.codebase} (${fmtNum(r.profile.totalMs / 1000, 1)} s sampled; ${r.profile.file})`);
    if (r.profile.error) p(`  ${r.profile.error}`);
    else {
      p(table(['self ms', '%', 'module'], r.profile.modules.slice(0, 15).map((x) => [fmtInt(x.ms), fmtNum(x.pct, 1), x.name]), ['r', 'r', 'l']));
      p();
      p(table(['self ms', '%', 'function', 'where'], r.profile.functions.slice(0, 25).map((x) => [fmtInt(x.ms), fmtNum(x.pct, 1), x.name, x.where]), ['r', 'r', 'l', 'l']));
      p();
      p(table(['total ms', '%', 'engine function (inclusive)'], r.profile.inclusive.map((x) => [fmtInt(x.ms), fmtNum(x.pct, 1), x.name]), ['r', 'r', 'l']));
      if (r.profile.passes?.length) {
        p();
        p(table(['total ms', '%', 'transform pass (inclusive: outermost transforms/ file on the stack)'], r.profile.passes.map((x) => [fmtInt(x.ms), fmtNum(x.pct, 1), x.name]), ['r', 'r', 'l']));
      }
    }
  }
  if (r.output) {
    p();
    p(`Output speed: examples/todo-api under autocannon (${r.output.connections} connections, ${r.output.duration} s per load, loopback${r.output.runs > 1 ? `, median of ${r.output.runs} loads` : ''})`);
    if (r.output.error) p(`  ${r.output.error}`);
    else {
      const rowsOut = [];
      for (const route of r.output.routes) {
        for (const v of route.variants) {
          const old = prev?.output?.routes?.find((x) => x.name === route.name)?.variants.find((x) => x.name === v.name);
          const d = old?.rps ? `${v.rps >= old.rps ? '+' : ''}${(((v.rps - old.rps) / old.rps) * 100).toFixed(0)}%` : '';
          rowsOut.push([route.name, v.name, fmtInt(v.rps), fmtNum(v.p50, 0), fmtNum(v.p99, 0), v.non2xx || v.errors ? `${v.non2xx} non-2xx, ${v.errors} errors` : '', d]);
        }
        rowsOut.push([route.name, 'ratio migrated / hand-written', fmtNum(route.ratios.migratedVsHandwritten, 2), '', '', '', '']);
        rowsOut.push([route.name, 'ratio migrated / Express', fmtNum(route.ratios.migratedVsExpress, 2), '', '', '', '']);
        if (route.ratios.noDocsVsHandwritten !== undefined) rowsOut.push([route.name, 'ratio --no-docs / hand-written', fmtNum(route.ratios.noDocsVsHandwritten, 2), '', '', '', '']);
      }
      p(table(['route', 'app', 'req/s', 'p50 ms', 'p99 ms', 'note', 'Δ req/s'], rowsOut, ['l', 'l', 'r', 'r', 'r', 'l', 'r']));
      const t = r.output.migratedTraits;
      if (t) p(`migrated app: response schemas ${t.responseSchemas ? 'yes' : 'no'}, qs query parser ${t.qsQueryParser ? 'yes' : 'no'}, catch-all content-type parser ${t.catchAllContentTypeParser ? 'yes' : 'no'}, hooks ${t.hooks}, @fastify/express ${t.fastifyExpress ? 'yes' : 'no'}`);
      for (const route of r.output.routes) if (!route.sameResponse) p(`note: the three apps do not answer ${route.name} identically (status/body)`);
    }
  }
  if (r.targets.length) {
    p();
    p('Targets (issue 8)');
    p(table(['target', 'value', 'limit', 'result', 'note'], r.targets.map((t) => [t.name, typeof t.value === 'number' ? fmtNum(t.value, t.value >= 100 ? 0 : 2) : '–', t.limit, t.status, t.note ?? '']), ['l', 'r', 'l', 'l', 'l']));
  }
  console.log(lines.join('\n'));
}

if (process.argv.includes('--print')) {
  // Reprint bench/out/latest.json (every part's newest figures) without measuring anything.
  const latest = JSON.parse(await readFile(path.join(outDir, 'latest.json'), 'utf8'));
  print(latest, undefined);
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(2);
  });
}
