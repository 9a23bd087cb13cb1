// `BENCH_ONLY=profile`: runs migrate --dry-run under `node --cpu-prof` and summarises the
// profile: self time by module (package or engine file) and by function, and inclusive time
// of the engine's main functions. Also usable alone: node bench/profile.mjs <file.cpuprofile>
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { measure } from './lib.mjs';

const ENGINE_FUNCTIONS = [
  'planMigration', 'discover', 'analyzeProject', 'analyzeFile', 'exportsOf', 'importsOf', 'findExpressBindings',
  'transformProject', 'tryParse', 'runFile', 'routerShapeOk', 'transformSource', 'outcomeFor', 'toSource',
  'formatSource', 'transformPackageJson', 'emitDryRun', 'createTwoFilesPatch', 'structuredPatch',
];

function moduleOf(url) {
  if (!url) return '(native / VM)';
  if (url.startsWith('node:')) return 'node: internals';
  const p = url.replace(/^file:\/\//, '');
  const nm = p.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = p.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = p.match(/\/dist\/((src|transforms|bin)\/.*)$/);
  return dist ? `engine: ${dist[1]}` : p;
}

export function summarize(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0) / 1000);
  let total = 0;
  const byModule = new Map();
  const byFunction = new Map();
  const inclusive = new Map();
  const passes = new Map();
  for (const [id, ms] of self) {
    const n = byId.get(id);
    total += ms;
    const cf = n.callFrame;
    const special = cf.functionName.startsWith('(') && !cf.url;
    const mod = special ? cf.functionName : moduleOf(cf.url);
    byModule.set(mod, (byModule.get(mod) ?? 0) + ms);
    const fname = `${cf.functionName || '(anonymous)'}`;
    const where = special ? '' : `${mod.replace(/^engine: /, '')}:${cf.lineNumber + 1}`;
    const key = `${fname}\u0000${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    // Inclusive time of named engine functions: each function counted once per stack.
    const seen = new Set();
    let pass;
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      // The outermost frame in a pass file (not the driver) names the pass doing the work.
      const t = f.url.match(/\/dist\/transforms\/([\w-]+)\.js$/);
      if (t && !['index', 'run-passes'].includes(t[1])) pass = t[1];
      if (ENGINE_FUNCTIONS.includes(f.functionName) && !seen.has(f.functionName)) {
        seen.add(f.functionName);
        inclusive.set(f.functionName, (inclusive.get(f.functionName) ?? 0) + ms);
      }
    }
    if (pass) passes.set(pass, (passes.get(pass) ?? 0) + ms);
  }
  const list = (m) => [...m].map(([k, ms]) => ({ k, ms, pct: (ms / total) * 100 })).sort((a, b) => b.ms - a.ms);
  return {
    totalMs: total,
    modules: list(byModule).map(({ k, ms, pct }) => ({ name: k, ms, pct })),
    functions: list(byFunction).slice(0, 40).map(({ k, ms, pct }) => {
      const [name, where] = k.split('\u0000');
      return { name, where, ms, pct };
    }),
    inclusive: list(inclusive).map(({ k, ms, pct }) => ({ name: k, ms, pct })),
    passes: list(passes).map(({ k, ms, pct }) => ({ name: `transforms/${k}`, ms, pct })),
  };
}

export async function profileMigrate({ cli, cb, outDir, timeoutMs }) {
  const dir = path.join(outDir, 'profile');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const m = await measure(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, cli, 'migrate', '--root', cb.dir, '--dry-run', '--json'], {
    cwd: cb.dir,
    stdoutFile: path.join(dir, 'migrate.json'),
    timeoutMs,
  });
  const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return { codebase: cb.name, error: `no profile written (exit ${m.code})` };
  const summary = summarize(JSON.parse(await readFile(path.join(dir, file), 'utf8')));
  return { codebase: cb.name, file: path.relative(path.resolve(outDir, '..', '..'), path.join(dir, file)), wallS: m.wallMs / 1000, ...summary };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const s = summarize(JSON.parse(await readFile(process.argv[2], 'utf8')));
  const f = (x) => `${Math.round(x.ms).toString().padStart(7)} ms ${x.pct.toFixed(1).padStart(5)}%  ${x.name}${x.where ? `  ${x.where}` : ''}`;
  console.log(`total ${Math.round(s.totalMs)} ms\n\nby module (self)`);
  console.log(s.modules.slice(0, 20).map(f).join('\n'));
  console.log('\nby function (self)');
  console.log(s.functions.slice(0, 30).map(f).join('\n'));
  console.log('\nengine functions (inclusive)');
  console.log(s.inclusive.map(f).join('\n'));
  console.log('\ntransform passes (inclusive, outermost transforms/ file on the stack)');
  console.log(s.passes.map(f).join('\n'));
}
