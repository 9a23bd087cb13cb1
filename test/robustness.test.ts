/**
 * The tool over a generated corpus of hostile inputs (test/helpers/hostile.ts), with the real
 * engine, in place, twice. It must not crash, exit as documented, leave every written file
 * parseable, touch nothing outside the root, keep BOMs and line endings, skip what it cannot
 * migrate with a reason, and change nothing on the second run. Also: interrupted runs (spawned
 * and killed) leave every file either old or new.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import jscodeshift from 'jscodeshift';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cli } from '../src/cli/index.js';
import { deepCallbacks, deepExpression, writeHostileProject, type HostileCase } from './helpers/hostile.js';

// The real passes, except that a file holding BREAK_OUTPUT gets an output that does not parse:
// what a buggy transform would produce.
vi.mock('../transforms/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../transforms/index.js')>();
  const transformSource: typeof real.transformSource = (text, ...rest) => {
    const result = real.transformSource(text, ...rest);
    return text.includes('BREAK_OUTPUT') ? { ...result, output: `${result.output}\nconst = ;\n` } : result;
  };
  return { ...real, transformSource };
});

const REPO = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, env: {}, isTTY: false });
  return { code, stdout, stderr };
}

/** Every regular file and link under `dir` (node_modules and .git included), as rel → bytes hash or link target. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const p = path.join(e.parentPath, e.name);
    const rel = path.relative(dir, p);
    if (rel.startsWith(`.git${path.sep}`)) continue;
    if (e.isSymbolicLink()) out[rel] = `link to ${readlinkSync(p)}`;
    else if (e.isFile()) out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex');
  }
  return out;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });

/** Parses like a user's toolchain would, by extension (independent of the engine's own choice). */
function parses(file: string, text: string): void {
  if (file.endsWith('.json')) return void JSON.parse(text);
  const parser = /\.tsx$/.test(file) ? 'tsx' : /\.[mc]?ts$/.test(file) ? 'ts' : 'babylon';
  jscodeshift.withParser(parser)(text);
}

let base: string;
const scratch = () => mkdtempSync(path.join(base, 'case-'));
beforeAll(() => {
  base = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'e2f-robust-')));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('robustness corpus, migrated in place twice', () => {
  let root: string;
  let outside: string;
  let cases: HostileCase[];
  let original: Record<string, Buffer>;
  let outsideBefore: Record<string, string>;
  let first: Awaited<ReturnType<typeof run>>;
  let firstJson: {
    summary: Record<string, number>;
    files: { file: string; status: string }[];
    diagnostics: { code: string; file: string; line: number }[];
    skipped: { rel: string; reason: string; attention?: boolean }[];
    written: string[];
  };
  let afterFirst: Record<string, string>;
  let second: Awaited<ReturnType<typeof run>>;

  beforeAll(async () => {
    root = path.join(base, 'project');
    outside = path.join(base, 'outside');
    mkdirSync(root);
    mkdirSync(outside);
    cases = writeHostileProject(root, outside);
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'corpus');
    original = Object.fromEntries(cases.map((c) => [c.rel, readFileSync(path.join(root, c.rel))]));
    outsideBefore = tree(outside);
    first = await run(['migrate', '--json'], root);
    firstJson = JSON.parse(first.stdout);
    afterFirst = tree(root);
    second = await run(['migrate', '--json', '--force'], root);
  }, 240_000);

  it('finishes without a crash, with exit code 1 (files need a human) and nothing on stderr', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    expect(firstJson.summary.routesFound).toBeGreaterThanOrEqual(3000);
  });

  it('ends every case as expected: migrated, untouched, reported as failed, or skipped with its reason', () => {
    const status = new Map(firstJson.files.map((f) => [f.file, f.status]));
    for (const c of cases) {
      const bytes = readFileSync(path.join(root, c.rel));
      if (c.expect === 'changed') {
        expect({ rel: c.rel, status: status.get(c.rel) }).toEqual({ rel: c.rel, status: 'changed' });
        expect(bytes.equals(original[c.rel]!), c.rel).toBe(false);
        continue;
      }
      expect(bytes.equals(original[c.rel]!), `${c.rel} must be byte-identical`).toBe(true);
      if (c.expect === 'unchanged') expect({ rel: c.rel, status: status.get(c.rel) }).toEqual({ rel: c.rel, status: 'unchanged' });
      else if (c.expect === 'failed') {
        expect({ rel: c.rel, status: status.get(c.rel) }).toEqual({ rel: c.rel, status: 'failed' });
        expect(firstJson.diagnostics.find((d) => d.file === c.rel)).toMatchObject({ code: c.code ?? 'E2F001', line: expect.any(Number) });
      } else {
        const skip = firstJson.skipped.find((s) => s.rel === c.rel);
        expect(skip, `${c.rel} must be skipped`).toBeDefined();
        expect(skip!.reason).toMatch(c.expect.skipped);
        expect(!!skip!.attention).toBe(!!c.expect.attention);
        expect(status.has(c.rel)).toBe(false);
      }
    }
  });

  it('every file it wrote parses', () => {
    expect(firstJson.written.length).toBeGreaterThan(10);
    for (const file of firstJson.written) {
      expect(() => parses(file, readFileSync(file, 'utf8')), file).not.toThrow();
    }
  });

  it('keeps BOMs and CRLF line endings', () => {
    const text = (rel: string) => readFileSync(path.join(root, rel), 'utf8');
    expect(text('encodings/bom.js').startsWith('\uFEFF')).toBe(true);
    expect(text('encodings/bom-crlf.ts').startsWith('\uFEFF')).toBe(true);
    for (const rel of ['encodings/crlf.js', 'encodings/bom-crlf.ts']) {
      expect(text(rel).match(/(?<!\r)\n/g), `${rel} has a bare LF`).toBeNull();
    }
    for (const rel of ['encodings/bom.js', 'parsers/cli.js', 'big/routes.js']) expect(text(rel)).not.toContain('\r');
    expect(text('parsers/cli.js').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('touches nothing outside the root, nor installed, ignored or linked code', () => {
    expect(tree(outside)).toEqual(outsideBefore);
    expect(readFileSync(path.join(root, 'node_modules/express/index.js'), 'utf8')).toBe("module.exports = require('./lib/express');\n");
    expect(readFileSync(path.join(root, 'ignored/app.js'), 'utf8')).toContain("require('express')");
    expect(lstatSync(path.join(root, 'links/secret.js')).isSymbolicLink()).toBe(true);
    expect(lstatSync(path.join(root, 'links/lib')).isSymbolicLink()).toBe(true);
    expect(firstJson.skipped).toEqual(
      expect.arrayContaining([
        { rel: 'links/secret.js', reason: 'symlink to a file outside the root' },
        { rel: 'links/lib/', reason: 'symlink to a folder outside the root' },
        { rel: 'node_modules/', reason: 'installed packages' },
        { rel: 'ignored/', reason: 'ignored by git (.gitignore)' },
      ]),
    );
    expect(Object.keys(afterFirst).filter((f) => f.includes('.e2f-'))).toEqual([]);
  });

  it('a second run changes nothing', () => {
    expect(second.stderr).toBe('');
    const json = JSON.parse(second.stdout);
    expect(json.summary.filesChanged).toBe(0);
    expect(json.written).toEqual([]);
    expect(tree(root)).toEqual(afterFirst);
  });
});

describe('never emits broken code', () => {
  it('a transform whose output does not parse leaves the file untouched and reports it (E2F003)', async () => {
    const dir = scratch();
    const broken = "const express = require('express');\nconst app = express();\n// BREAK_OUTPUT\napp.get('/a', (req, res) => { res.json({}); });\nmodule.exports = app;\n";
    const fine = "const express = require('express');\nconst app = express();\napp.get('/b', (req, res) => { res.json({}); });\nmodule.exports = app;\n";
    writeFileSync(path.join(dir, 'broken.js'), broken);
    writeFileSync(path.join(dir, 'fine.js'), fine);
    const { code, stdout } = await run(['migrate', '--json'], dir);
    const json = JSON.parse(stdout);
    expect(code).toBe(1);
    expect(readFileSync(path.join(dir, 'broken.js'), 'utf8')).toBe(broken);
    expect(readFileSync(path.join(dir, 'fine.js'), 'utf8')).not.toBe(fine);
    expect(json.files).toEqual([
      { file: 'broken.js', status: 'failed' },
      { file: 'fine.js', status: 'changed' },
    ]);
    expect(json.diagnostics).toContainEqual(expect.objectContaining({ code: 'E2F003', file: 'broken.js', line: expect.any(Number) }));
    expect(json.diagnostics.find((d: { code: string }) => d.code === 'E2F003').line).toBeGreaterThan(0);
    expect(json.written).toEqual([path.join(dir, 'fine.js')]);
  });
});

describe('interrupted runs', () => {
  // By path: the real CLI runs with the project as its working folder, where tsx is not installed.
  const TSX = ['--import', pathToFileURL(path.join(REPO, 'node_modules/tsx/dist/loader.mjs')).href];

  /** Runs `args` with node, sends `signal` once `ready()` holds (polled), resolves with how it ended. */
  function killWhen(args: string[], cwd: string, ready: () => boolean, signal: NodeJS.Signals) {
    return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; sent: boolean }>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      let sent = false;
      let done = false;
      child.stderr.on('data', (d) => (stderr += d));
      const poll = () => {
        if (done) return;
        if (ready()) {
          sent = true;
          child.kill(signal);
        } else setImmediate(poll);
      };
      poll();
      child.on('error', reject);
      child.on('exit', (code, sig) => {
        done = true;
        resolve({ code, signal: sig, stderr, sent });
      });
    });
  }

  const temps = (dir: string) => readdirSync(dir, { recursive: true }).filter((f) => String(f).includes('.e2f-'));

  it.each([
    ['SIGINT', 'while temp files are written', 'temp'],
    ['SIGTERM', 'while files are renamed', 'renamed'],
  ] as const)('%s %s: every file is either all old or all new, and no temp file is left', async (signal, _when, trigger) => {
    const dir = scratch();
    const count = 800;
    const body = `${'// filler line to give the writer some work\n'.repeat(20)}`;
    for (let i = 0; i < count; i++) writeFileSync(path.join(dir, `f${i}.js`), `// old ${i}\n${body}`);
    const child = path.join(REPO, 'test/helpers/emit-child.ts');
    const firstNew = path.join(dir, 'f0.js');
    const result = await killWhen(
      [...TSX, child, dir],
      REPO,
      trigger === 'temp' ? () => temps(dir).length > 0 : () => readFileSync(firstNew, 'utf8').startsWith('// new'),
      signal,
    );
    expect(result.sent).toBe(true);
    const states = new Set(Array.from({ length: count }, (_, i) => readFileSync(path.join(dir, `f${i}.js`), 'utf8').slice(0, 6)));
    expect(temps(dir)).toEqual([]);
    expect(states.size, `mixed old and new files: ${[...states].join(', ')}`).toBe(1);
    // Stopped before the renames: nothing changed. During them: all done. Either way, it says so.
    expect(result.code).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(result.stderr).toMatch(states.has('// old') ? /no file was changed/ : /all 800 files were written/);
  });

  it('the real CLI (which runs analysing commands in a child Node) ends as the child did', async () => {
    const dir = scratch();
    const child = spawn(process.execPath, [...TSX, path.join(REPO, 'bin/express-to-fastify.ts'), 'migrate', 'missing-folder', '--dry-run'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toMatch(/^express-to-fastify: .*missing-folder.*\n$/);
  });

  it('the real CLI killed with SIGKILL before it writes: the child Node doing the work writes nothing', async () => {
    const dir = scratch();
    for (let i = 0; i < 1500; i++) {
      writeFileSync(path.join(dir, `r${i}.js`), `const express = require('express');\nconst app = express();\napp.get('/r${i}', (req, res) => { res.json({ i: ${i} }); });\nmodule.exports = app;\n`);
    }
    const before = tree(dir);
    /** Fields of /proc/<pid>/stat after the command name; undefined once the process is gone. */
    const stat = (pid: number | string) => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
      } catch {
        return undefined;
      }
    };
    const running = (pid: number) => /[RSD]/.test(stat(pid)?.[0] ?? '');
    const childOf = (pid: number) => readdirSync('/proc').find((e) => /^\d+$/.test(e) && Number(stat(e)?.[1]) === pid);
    const parent = spawn(process.execPath, [...TSX, path.join(REPO, 'bin/express-to-fastify.ts'), 'migrate', '--force'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise((resolve) => parent.on('exit', resolve));
    let child: number | undefined;
    for (let waited = 0; child === undefined && waited < 20_000; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
      const found = childOf(parent.pid!);
      if (found) child = Number(found);
    }
    expect(child, 'the CLI started no child Node').toBeDefined();
    await new Promise((r) => setTimeout(r, 300)); // into its reading and analysing
    expect(running(child!) && temps(dir).length === 0, 'the child had started writing (or ended) before the test killed its parent').toBe(true);
    parent.kill('SIGKILL');
    await exited;
    for (let waited = 0; running(child!) && waited < 50_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    if (running(child!)) process.kill(child!, 'SIGKILL');
    expect(tree(dir), 'files were written after the CLI was killed').toEqual(before);
  }, 60_000);

  it('the real CLI stops at once when nothing is being written, leaving the project as it was', async () => {
    const dir = scratch();
    for (let i = 0; i < 20; i++) {
      writeFileSync(path.join(dir, `r${i}.js`), `const express = require('express');\nconst app = express();\napp.get('/r${i}', (req, res) => { res.json({}); });\nmodule.exports = app;\n`);
    }
    const before = tree(dir);
    const start = Date.now();
    // Sent once the tool has started up (it is then reading and analysing, not writing).
    const result = await killWhen([...TSX, path.join(REPO, 'bin/express-to-fastify.ts'), 'migrate', '--force'], dir, () => Date.now() - start > 700, 'SIGINT');
    if (result.sent && result.signal === 'SIGINT') expect(tree(dir)).toEqual(before);
    else {
      // The machine was fast enough to finish first: the run must then be complete.
      expect(result.stderr).toBe('');
      expect(result.code).toBeLessThan(2);
      expect(temps(dir)).toEqual([]);
    }
  });
});

/**
 * Engine bugs found by this corpus, with these minimal inputs. `it.fails` passes while the bug
 * is there; when a fix lands it fails, and the marker becomes `it` (as for the fixed ones here).
 */
describe('known engine bugs (minimal repros)', () => {
  const migrateOne = async (rel: string, text: string) => {
    const dir = scratch();
    writeFileSync(path.join(dir, rel), text);
    const result = await run(['migrate', '--dry-run', '--json'], dir);
    return { ...result, json: result.code === 2 ? undefined : JSON.parse(result.stdout) };
  };

  it('500 nested callbacks: that file fails alone (E2F001), the run goes on', async () => {
    const { code, stderr } = await migrateOne('deep.js', deepCallbacks(500));
    expect(stderr).not.toContain('Maximum call stack size exceeded');
    expect(code).toBeLessThan(2);
  });

  it('5,000 nested parentheses: same, no crash', async () => {
    const { code } = await migrateOne('parens.js', deepExpression(5000));
    expect(code).toBeLessThan(2);
  });

  it('a CRLF file is migrated like its LF twin', async () => {
    const lf = "const express = require('express');\nconst app = express();\napp.get('/a', (req, res) => {\n  res.json({ a: 1 });\n});\nmodule.exports = app;\n";
    const a = await migrateOne('app.js', lf);
    const b = await migrateOne('app.js', lf.replace(/\n/g, '\r\n'));
    expect(b.json.diff.replace(/\r/g, '')).toBe(a.json.diff);
  });

  it('`import express = require("express")`: the output imports Fastify the same way', async () => {
    const { json } = await migrateOne(
      'app.cts',
      "import express = require('express');\nconst app = express();\napp.get('/c', (req, res) => { res.json({}); });\nexport = app;\n",
    );
    expect(json.diff).toMatch(/^\+.*(import Fastify|Fastify = require)/m);
  });

  it('an app passed to another module (`require("./routes")(app)`) is left for a human: exit 1', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'server.js'), "const express = require('express');\nconst app = express();\nrequire('./routes')(app);\napp.listen(3000);\n");
    writeFileSync(path.join(dir, 'routes.js'), "module.exports = (app) => {\n  app.get('/a', (req, res) => res.json({ a: 1 }));\n};\n");
    const { code } = await run(['migrate', '--dry-run', '--json'], dir);
    expect(code).toBe(1);
  });

  it('`var app = module.exports = express()` is found with its routes', async () => {
    const { json } = await migrateOne(
      'index.js',
      "var express = require('express');\nvar app = module.exports = express();\napp.get('/', function (req, res) { res.send('Hello World'); });\n",
    );
    expect(json.summary.routesFound).toBe(1);
  });

  it('`app[method](...)`: reported (E2F103) and kept on Express through @fastify/express, not left on the Fastify app', async () => {
    const { code, json } = await migrateOne(
      'app.js',
      "const express = require('express');\nconst app = express();\nconst m = 'get';\napp[m]('/x', (req, res) => { res.json({}); });\nmodule.exports = app;\n",
    );
    expect(code).toBe(1);
    expect(json.diagnostics.map((d: { code: string }) => d.code)).toContain('E2F103');
    expect(json.diff).toMatch(/^\+.*expressCompat\[m\]\('\/x', \(req, res\) => \{ res\.json\(\{\}\); \}\);$/m);
    expect(json.diff).toMatch(/^\+.*app\.use\(expressCompat\)/m);
  });

  it('a route kept on Express keeps every function as written, whichever one could not convert', async () => {
    const kept = async (route: string) => {
      const { json } = await migrateOne('app.js', `const express = require('express');\nconst app = express();\n${route}\nmodule.exports = app;\n`);
      expect(json.diagnostics.filter((d: { code: string }) => d.code === 'E2F002')).toEqual([]);
      return json.diff.split('\n').filter((l: string) => l.startsWith('+expressCompat')).join('\n');
    };
    // An inline middleware converts, then the handler cannot: the middleware goes back as it was.
    expect(await kept("app.get('/a', (req, res, next) => { req.t = 1; next(); }, (req, res) => { res.write('x'); res.end(); });")).toBe(
      "+expressCompat.get('/a', (req, res, next) => { req.t = 1; next(); }, (req, res) => { res.write('x'); res.end(); });",
    );
    // A middleware that cannot convert: the handler after it is not converted at all.
    expect(await kept("app.get('/b', passport.authenticate('github'), (req, res) => { res.redirect('/'); });")).toBe(
      "+expressCompat.get('/b', passport.authenticate('github'), (req, res) => { res.redirect('/'); });",
    );
    // In a chain, a handler converted before another one failed goes back too.
    expect(await kept("app.route('/c').get((req, res) => { res.json({ c: 1 }); }).post((req, res) => { res.write('c'); res.end(); });")).toBe(
      "+expressCompat.route('/c').get((req, res) => { res.json({ c: 1 }); }).post((req, res) => { res.write('c'); res.end(); });",
    );
  });

  it('the TODO above the compat block names why routes are kept: a handler first, else the one route reason', async () => {
    const header = async (routes: string) => {
      const { json } = await migrateOne('app.js', `const express = require('express');\nconst app = express();\n${routes}module.exports = app;\n`);
      return json.diff.match(/TODO\(express-to-fastify\): (E2F\d+) what is registered on expressCompat/)?.[1];
    };
    const regex = "app.get(/^\\/a$/, (req, res) => { res.json({ a: 1 }); });\n";
    const computed = "for (const m of ['get', 'post']) app[m]('/c', (req, res) => { res.json({ c: 1 }); });\n";
    const handler = "app.get('/w', (req, res) => { res.write('w'); res.end(); });\n";
    expect(await header(regex)).toBe('E2F104');
    expect(await header(computed)).toBe('E2F103');
    expect(await header(regex + handler + computed)).toBe('E2F102');
  });

  it('a converted middleware also used by routes kept on Express: they get one Express copy, under a free name (E2F114)', async () => {
    const { json } = await migrateOne(
      'app.js',
      "const express = require('express');\nconst app = express();\nconst authExpress = 'taken';\nfunction auth(req, res, next) { if (!req.get('x-user')) return res.status(401).json({ error: authExpress }); next(); }\n" +
        "app.get('/ok', auth, (req, res) => { res.json({ ok: true }); });\napp.get('/a', auth, (req, res) => { res.write('a'); res.end(); });\napp.get(/^\\/b$/, auth, (req, res) => { res.json({ b: 1 }); });\napp.get('/c', [auth], (req, res) => { res.json({ c: 1 }); });\nmodule.exports = app;\n",
    );
    const added = json.diff.split('\n').filter((l: string) => l.startsWith('+')).join('\n');
    expect(added).toMatch(/^\+function auth\(request, reply, done\)/m);
    expect(added.match(/^\+function authExpress2\(req, res, next\)/gm)).toHaveLength(1);
    expect(added).toMatch(/^\+expressCompat\.get\('\/a', authExpress2, /m);
    expect(added).toMatch(/^\+expressCompat\.get\(\/\^\\\/b\$\/, authExpress2, /m);
    expect(added).toMatch(/^\+expressCompat\.get\('\/c', \[authExpress2\], /m);
    const copies = json.diagnostics.filter((d: { code: string }) => d.code === 'E2F114');
    expect(copies.map((d: { line: number; message: string }) => [d.line, d.message.includes('copy authExpress2')])).toEqual([[6, true]]);
  });

  it('`router[method](...)`: the router stays on Express (E2F111) and its app still mounts it', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'app.js'), "const express = require('express');\nconst users = require('./users');\nconst app = express();\napp.use('/users', users);\nmodule.exports = app;\n");
    writeFileSync(path.join(dir, 'users.js'), "const express = require('express');\nconst router = express.Router();\nfor (const m of ['get', 'post']) router[m]('/', (req, res) => { res.json({ m: req.method }); });\nmodule.exports = router;\n");
    const { code, stdout } = await run(['migrate', '--dry-run', '--json'], dir);
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.diagnostics).toContainEqual(expect.objectContaining({ code: 'E2F111', file: 'users.js' }));
    expect(json.diff).toMatch(/^\+.*expressCompat\.use\('\/users', .*users\)/m);
  });
});
