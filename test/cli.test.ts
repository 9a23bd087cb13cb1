import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, type CliIO } from '../src/cli/index.js';
import { tmpProject } from './helpers/tmp.js';

// The engine is not what is under test: a stand-in transform changes any file holding the
// marker, so that the CLI's diff, write and no-write paths all have something to act on.
vi.mock('../src/transform.js', () => ({
  transformProject: (discovered: { files: { rel: string; path: string; text: string }[] }) => {
    if (discovered.files.some((f) => f.text.includes('CRASH_ME'))) throw new Error('boom\nsecond line');
    return discovered.files.map((f) =>
      f.text.includes('MIGRATE_ME')
        ? { rel: f.rel, path: f.path, status: 'changed', before: f.text, after: f.text.replace('MIGRATE_ME', 'MIGRATED') }
        : { rel: f.rel, path: f.path, status: 'unchanged', before: f.text },
    );
  },
}));

// Tests run as root, where chmod does not stop a write: a failure is injected at open().
const writeFailure = vi.hoisted(() => ({ code: undefined as string | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open = (async (p: string, ...rest: unknown[]) => {
    if (writeFailure.code && String(p).includes('.e2f-')) {
      throw Object.assign(new Error(`${writeFailure.code}: failed, open '${p}'`), { code: writeFailure.code, path: p });
    }
    return (real.open as (...a: unknown[]) => unknown)(p, ...rest);
  }) as typeof real.open;
  return { ...real, default: { ...real, open }, open };
});

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

async function run(argv: string[], cwd = process.cwd(), extra: Partial<CliIO> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await cli(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd,
    env: {},
    isTTY: false,
    ...extra,
  });
  return { code, stdout, stderr };
}

/** Every file under `dir` with its content and mtime, to prove a run wrote nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const p = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, p)] = `${statSync(p).mtimeMs} ${readFileSync(p, 'utf8')}`;
  }
  return out;
}

const expectOneLine = (stderr: string) => {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^express-to-fastify: /);
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe('cli', () => {
  it('--help lists the migrate command and examples', async () => {
    const { code, stdout, stderr } = await run(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('express-to-fastify migrate [paths..]');
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('express-to-fastify migrate --dry-run');
  });

  it('migrate --help describes its flags', async () => {
    const { code, stdout } = await run(['migrate', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--dry-run', '--out', '--force', '--json', '--root', '--debug']) expect(stdout).toContain(flag);
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await run(['--version']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${pkg.version}\n`);
  });

  it.each([
    [['--foo'], 'unknown argument: --foo'],
    [['migrate', '--foo'], 'unknown argument: --foo'],
    [['frobnicate'], 'unknown command: frobnicate'],
    [[], 'missing command'],
  ])('%j exits 2 with one line', async (argv, message) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneLine(stderr);
    expect(stderr).toContain(message);
  });

  it('a missing path exits 2 with one line', async () => {
    const root = tmpProject({ 'app.js': '' });
    const { code, stderr } = await run(['migrate', 'nope', '--dry-run'], root);
    expect(code).toBe(2);
    expectOneLine(stderr);
    expect(stderr).toBe('express-to-fastify: path not found: nope\n');
  });

  it('--dry-run with --out exits 2', async () => {
    const root = tmpProject({ 'app.js': '' });
    const { code, stderr } = await run(['migrate', '--dry-run', '--out', '../x'], root);
    expect(code).toBe(2);
    expectOneLine(stderr);
    expect(stderr).toContain('--dry-run and --out');
  });

  it('--dry-run prints a diff and writes nothing', async () => {
    const root = tmpProject({ 'src/app.js': 'const x = MIGRATE_ME;\n', 'src/other.js': 'same\n' });
    const before = snapshot(root);
    const { code, stdout, stderr } = await run(['migrate', '--dry-run'], root);
    expect(code).toBe(0);
    expect(stdout).toContain('diff --git a/src/app.js b/src/app.js');
    expect(stdout).toContain('+const x = MIGRATED;');
    expect(stdout).not.toContain('other.js');
    expect(stderr).toContain('1 file would change');
    expect(snapshot(root)).toEqual(before);
  });

  it('--json prints one parseable object', async () => {
    const root = tmpProject({ 'src/app.js': 'MIGRATE_ME\n', 'src/b.js': '' });
    const { code, stdout } = await run(['migrate', '--json', '--dry-run'], root);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['summary', 'files', 'diagnostics', 'skipped', 'routes']));
    expect(json.files).toEqual([
      { file: 'src/app.js', status: 'changed' },
      { file: 'src/b.js', status: 'unchanged' },
    ]);
    expect(json.summary.filesChanged).toBe(1);
    expect(json.routes).toEqual([]);
  });

  it('paths are resolved against the current folder and --root sets the project', async () => {
    const base = tmpProject({ 'app/src/a.js': 'MIGRATE_ME\n', 'app/lib/b.js': 'MIGRATE_ME\n' });
    const { code, stdout } = await run(['migrate', '--root', 'app', 'app/src', '--json', '--dry-run'], base);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).files).toEqual([{ file: 'src/a.js', status: 'changed' }]);
    expect((await run(['migrate', '--root', 'app', 'app/nope', '--dry-run'], base)).stderr).toBe(
      'express-to-fastify: path not found: app/nope\n',
    );
    expect((await run(['migrate', '--root', 'app', '.', '--dry-run'], base)).stderr).toMatch(/outside the root/);
  });

  it('--out writes a migrated copy and leaves the source alone', async () => {
    const root = tmpProject({ 'a.js': 'MIGRATE_ME\n' });
    const out = path.join(tmpProject(), 'copy');
    const { code, stdout } = await run(['migrate', '--out', out], root);
    expect(code).toBe(0);
    expect(stdout).toContain(`wrote 1 file to ${out}`);
    expect(readFileSync(path.join(out, 'a.js'), 'utf8')).toBe('MIGRATED\n');
    expect(readFileSync(path.join(root, 'a.js'), 'utf8')).toBe('MIGRATE_ME\n');
  });

  it('in place rewrites changed files and prints a summary on stdout', async () => {
    const root = tmpProject({ 'a.js': 'MIGRATE_ME\n' });
    const { code, stdout, stderr } = await run(['migrate'], root);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('1 file changed (of 1 scanned)');
    expect(readFileSync(path.join(root, 'a.js'), 'utf8')).toBe('MIGRATED\n');
  });

  it('colours only on a TTY without NO_COLOR', async () => {
    const root = tmpProject({ 'a.js': '' });
    expect((await run(['migrate'], root, { isTTY: true })).stdout).toContain('\x1b[');
    expect((await run(['migrate'], root, { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\x1b[');
    expect((await run(['migrate'], root)).stdout).not.toContain('\x1b[');
  });
});

describe('cli errors', () => {
  it('reports an unexpected error on one line, and its stack with --debug', async () => {
    const root = tmpProject({ 'a.js': 'CRASH_ME\n' });
    const plain = await run(['migrate', '--dry-run'], root);
    expect(plain.code).toBe(2);
    expectOneLine(plain.stderr);
    expect(plain.stderr).toBe('express-to-fastify: boom second line (run with --debug for details)\n');
    const debug = await run(['migrate', '--dry-run', '--debug'], root);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('a file-system error is one line naming the cause; --debug adds where it came from', async () => {
    const root = tmpProject({ 'a.js': 'MIGRATE_ME\n' });
    const blocker = path.join(tmpProject({ file: '' }), 'file');
    const plain = await run(['migrate', '--out', path.join(blocker, 'sub')], root);
    expect(plain.code).toBe(2);
    expectOneLine(plain.stderr);
    expect(plain.stderr).toMatch(/^express-to-fastify: cannot create the output folder .*: a part of the path is not a folder \(ENOTDIR\)\n$/);
    const debug = await run(['migrate', '--out', path.join(blocker, 'sub'), '--debug'], root);
    expect(debug.code).toBe(2);
    expect(debug.stderr.split('\n')[0]).toBe(plain.stderr.trimEnd());
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it.each([
    [{ 'README.md': '# hi\n' }, [], /^express-to-fastify: no JavaScript or TypeScript files found in .* \(\.js \.mjs/],
    [{ 'README.md': '# hi\n' }, ['README.md'], 'nothing to migrate in README.md: README.md was skipped (not a JavaScript or TypeScript file)'],
    [{ 'a.js': '// @flow\n' }, [], /^express-to-fastify: nothing to migrate in .*: a\.js was skipped \(Flow type annotations/],
    [{ 'a.js': '' }, ['--root', 'x', '--root', 'y'], '--root was given more than once'],
    [{ 'a.js': '' }, ['--out', 'x', '--out', 'y'], '--out was given more than once'],
    [{ 'a.js': '' }, ['--out', ''], '--out needs a folder'],
    [{ 'a.js': '' }, ['--concurrency', '0'], '--concurrency takes a whole number from 1 to 64'],
    [{ 'a.js': '' }, ['--concurrency', 'two'], '--concurrency takes a whole number from 1 to 64'],
    [{ 'a.js': '', '.prettierrc': '{ "semi": ', 'b.js': 'MIGRATE_ME\n' }, [], /invalid Prettier config .*\.prettierrc: /],
  ] as [Record<string, string>, string[], string | RegExp][])('not a project, conflicting flags, invalid config: %j %j exits 2 with one line', async (files, argv, message) => {
    const root = tmpProject(files);
    const { code, stdout, stderr } = await run(['migrate', ...(argv.includes('--out') ? [] : ['--dry-run']), ...argv], root);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expectOneLine(stderr);
    expect(stderr).toMatch(typeof message === 'string' ? `express-to-fastify: ${message}\n` : message);
  });

  it('a root that is missing or a file exits 2 with one line', async () => {
    const root = tmpProject({ 'a.js': '' });
    for (const r of ['nope', 'a.js']) {
      const { code, stderr } = await run(['migrate', '--root', r, '--dry-run'], root);
      expect(code).toBe(2);
      expectOneLine(stderr);
    }
  });

  it('a skipped file that holds Express code exits 1 and is named in the summary', async () => {
    const root = tmpProject({ 'a.js': 'MIGRATE_ME\n', 'legacy.js': "// @flow\nconst express = require('express');\n" });
    const { code, stdout, stderr } = await run(['migrate', '--dry-run'], root);
    expect(code).toBe(1);
    expect(stdout).toContain('+MIGRATED');
    expect(stderr).toContain('1 skipped (see --json for why)');
    expect(stderr).toMatch(/^legacy\.js {2}skipped {2}Flow type annotations/m);
    const json = JSON.parse((await run(['migrate', '--dry-run', '--json'], root)).stdout);
    expect(json.skipped).toEqual([{ rel: 'legacy.js', reason: expect.stringMatching(/^Flow/), attention: true }]);
  });

  it('a read-only project: the write fails on one line, exit 2, no file changed', async () => {
    const root = tmpProject({ 'a.js': 'MIGRATE_ME\n', 'b.js': 'MIGRATE_ME\n' });
    writeFailure.code = 'EROFS';
    try {
      const { code, stdout, stderr } = await run(['migrate'], root);
      expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
      expect(stderr).toBe('express-to-fastify: cannot write a.js: read-only file system (EROFS); no file was changed\n');
    } finally {
      writeFailure.code = undefined;
    }
    expect(readFileSync(path.join(root, 'b.js'), 'utf8')).toBe('MIGRATE_ME\n');
    expect(readdirSync(root).sort()).toEqual(['a.js', 'b.js']);
  });
});
