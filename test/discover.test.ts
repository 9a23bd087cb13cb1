import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { discover } from '../src/discover.js';
import { UsageError } from '../src/errors.js';
import { git, tmpProject, writeIn } from './helpers/tmp.js';

// Tests run as root, where chmod does not stop a read: failures are injected at the fs calls.
const inject = vi.hoisted(() => ({ fail: undefined as undefined | ((p: string) => string | undefined) }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const guard =
    <F extends (p: never, ...rest: never[]) => unknown>(fn: F) =>
    (async (p: string, ...rest: unknown[]) => {
      const code = inject.fail?.(String(p));
      if (code) throw Object.assign(new Error(`${code}: failed, '${p}'`), { code, path: p });
      return (fn as unknown as (...a: unknown[]) => unknown)(p, ...rest);
    }) as unknown as F;
  const mocked = { ...real, readFile: guard(real.readFile), readdir: guard(real.readdir) };
  return { ...mocked, default: mocked };
});
afterEach(() => {
  inject.fail = undefined;
});

const rels = (d: { files: { rel: string }[] }) => d.files.map((f) => f.rel);

describe('discover', () => {
  it('takes JS and TS sources, sorted, and skips installed, generated and declaration files', async () => {
    const root = tmpProject({
      'package.json': '{"name":"app"}',
      'src/b.ts': 'export const b = 1;\n',
      'src/a.js': 'module.exports = 1;\n',
      'src/c.mjs': '',
      'src/d.cts': '',
      'src/e.tsx': '',
      'src/notes.md': '# not code\n',
      'src/types.d.ts': 'export {};\n',
      'public/vendor.min.js': 'var a=1;\n',
      'node_modules/express/index.js': 'module.exports = 1;\n',
      'dist/app.js': '',
      'build/app.js': '',
      'coverage/x.js': '',
      'out/x.js': '',
    });
    const d = await discover({ root, paths: ['.'] });
    expect(d.root).toBe(root);
    expect(rels(d)).toEqual(['src/a.js', 'src/b.ts', 'src/c.mjs', 'src/d.cts', 'src/e.tsx']);
    expect(d.files.find((f) => f.rel === 'src/b.ts')).toMatchObject({
      path: path.join(root, 'src/b.ts'),
      text: 'export const b = 1;\n',
    });
    // Folders are reported once each, not file by file; declaration files not at all.
    expect(d.skipped).toEqual([
      { rel: 'build/', reason: 'build output' },
      { rel: 'coverage/', reason: 'test coverage output' },
      { rel: 'dist/', reason: 'build output' },
      { rel: 'node_modules/', reason: 'installed packages' },
      { rel: 'out/', reason: 'build output' },
      { rel: 'public/vendor.min.js', reason: 'minified (.min.js)' },
    ]);
    expect(d.packageJson?.rel).toBe('package.json');
  });

  it('reports large, binary and minified-looking files as skipped', async () => {
    const root = tmpProject({ 'ok.js': 'ok();\n' });
    writeFileSync(path.join(root, 'big.js'), 'x'.repeat(2 * 1024 * 1024 + 1));
    writeFileSync(path.join(root, 'bin.js'), Buffer.from([0x61, 0x00, 0x62]));
    writeIn(root, 'bundle.js', `${'var a=1;'.repeat(2000)}\n`);
    const d = await discover({ root, paths: ['.'] });
    expect(rels(d)).toEqual(['ok.js']);
    expect(d.skipped.map((s) => s.rel)).toEqual(['big.js', 'bin.js', 'bundle.js']);
  });

  it('leaves out what .gitignore ignores inside a git work tree', async () => {
    const root = tmpProject({
      '.gitignore': 'generated/\n*.gen.ts\n',
      'src/app.ts': '',
      'src/app.gen.ts': '',
      'generated/client.js': '',
    });
    git(root, 'init', '-q');
    const d = await discover({ root, paths: ['.'] });
    expect(rels(d)).toEqual(['src/app.ts']); // untracked but not ignored files are kept
    expect(d.skipped).toEqual([
      { rel: 'generated/', reason: 'ignored by git (.gitignore)' },
      { rel: 'src/app.gen.ts', reason: 'ignored by git (.gitignore)' },
    ]);
  });

  it('keeps a file named explicitly even when it is ignored', async () => {
    const root = tmpProject({ '.gitignore': 'scratch.js\n', 'scratch.js': '', 'app.js': '' });
    git(root, 'init', '-q');
    const d = await discover({ root, paths: ['scratch.js'] });
    expect(rels(d)).toEqual(['scratch.js']);
  });

  it('does not follow symlinks that point outside the root', async () => {
    const outside = tmpProject({ 'secret.js': 'steal();\n', 'lib/x.js': '' });
    const root = tmpProject({ 'src/app.js': '' });
    symlinkSync(path.join(outside, 'secret.js'), path.join(root, 'src/secret.js'));
    symlinkSync(path.join(outside, 'lib'), path.join(root, 'lib'));
    const d = await discover({ root, paths: ['.'] });
    expect(rels(d)).toEqual(['src/app.js']);
    expect(d.skipped).toEqual([
      { rel: 'lib/', reason: 'symlink to a folder outside the root' },
      { rel: 'src/secret.js', reason: 'symlink to a file outside the root' },
    ]);
    await expect(discover({ root, paths: ['lib'] })).rejects.toThrow(UsageError);
  });

  it('rejects paths outside the root and paths that do not exist', async () => {
    const root = tmpProject({ 'app.js': '' });
    await expect(discover({ root, paths: ['..'] })).rejects.toThrow(UsageError);
    await expect(discover({ root, paths: [path.dirname(root)] })).rejects.toThrow(/outside the root/);
    await expect(discover({ root, paths: ['missing'] })).rejects.toThrow(new UsageError('path not found: missing'));
  });

  it('finds the package.json nearest the first path', async () => {
    const root = tmpProject({ 'package.json': '{"name":"mono"}', 'packages/api/package.json': '{"name":"api"}', 'packages/api/src/a.js': '' });
    expect((await discover({ root, paths: ['packages/api/src'] })).packageJson?.rel).toBe('packages/api/package.json');
    expect((await discover({ root: path.join(root, 'packages/api/src'), paths: ['.'] })).packageJson?.path).toBe(
      path.join(root, 'packages/api/package.json'),
    );
  });
});

describe('discover: what is skipped, and why', () => {
  const LATIN1 = Buffer.from('const express = require("express"); // caf\xe9\n', 'latin1');

  it('reads a UTF-8 file without its BOM (the writer puts it back)', async () => {
    const root = tmpProject({ 'a.js': '\uFEFFconst a = 1;\r\n' });
    const d = await discover({ root, paths: ['.'] });
    expect(d.files[0]!.text).toBe('const a = 1;\r\n');
  });

  it('skips UTF-16 and Latin-1 files with a reason, flagged when they mention express', async () => {
    const root = tmpProject({ 'ok.js': '' });
    writeFileSync(path.join(root, 'utf16.js'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("require('express')", 'utf16le')]));
    writeFileSync(path.join(root, 'latin1.js'), LATIN1);
    writeFileSync(path.join(root, 'latin1-other.js'), Buffer.from('// caf\xe9\n', 'latin1'));
    const d = await discover({ root, paths: ['.'] });
    expect(rels(d)).toEqual(['ok.js']);
    expect(d.skipped).toEqual([
      { rel: 'latin1-other.js', reason: expect.stringMatching(/^not valid UTF-8/) },
      { rel: 'latin1.js', reason: expect.stringMatching(/^not valid UTF-8 \(Latin-1/), attention: true },
      { rel: 'utf16.js', reason: expect.stringMatching(/^UTF-16 encoded; only UTF-8/), attention: true },
    ]);
  });

  it('skips generated and Flow files, but not a hand-written file with one long line', async () => {
    const longString = `const express = require('express');\nconst logo = '${'A'.repeat(20_000)}';\nmodule.exports = logo;\n`;
    const longData = `const data = [${Array.from({ length: 3000 }, (_, i) => `{"id":${i}}`).join(',')}];\n`;
    const root = tmpProject({
      'compiled.js': 'var a = 1;\n//# sourceMappingURL=compiled.js.map\n',
      'inline-map.js': `var a = 1;\n//# sourceMappingURL=data:application/json;base64,${'QUFB'.repeat(5000)}\n`,
      'mentions-map.js': "const note = 'see the //# sourceMappingURL= comment';\nmodule.exports = note;\n",
      'gen.ts': '// @generated by protoc. DO NOT EDIT.\nexport const a = 1;\n',
      'flow.js': "/* @flow */\nconst express = require('express');\n",
      'flow-other.js': '// @flow strict\nexport type A = number;\n',
      'noflow.js': '// @noflow\nconst a = 1;\n',
      'bundle.js': `${'function a(){return 1};var b=a();'.repeat(400)}\n`,
      'logo.js': longString,
      'data.js': longData,
      'mentions.js': "// a hand-written file\nconst tag = '@generated'; // not in the leading comments\n",
    });
    const d = await discover({ root, paths: ['.'] });
    expect(rels(d)).toEqual(['data.js', 'logo.js', 'mentions-map.js', 'mentions.js', 'noflow.js']);
    expect(d.skipped).toEqual([
      { rel: 'bundle.js', reason: 'minified (long lines packed with statements)' },
      { rel: 'compiled.js', reason: 'generated (has a sourceMappingURL comment)' },
      { rel: 'flow-other.js', reason: expect.stringMatching(/^Flow type annotations/) },
      { rel: 'flow.js', reason: expect.stringMatching(/^Flow type annotations \(@flow\): not migrated/), attention: true },
      { rel: 'gen.ts', reason: 'generated (@generated)' },
      { rel: 'inline-map.js', reason: 'generated (has a sourceMappingURL comment)' },
    ]);
  });

  it('skips an unreadable file or folder with the reason instead of failing', async () => {
    const root = tmpProject({ 'ok.js': '', 'secret.js': "require('express')", 'locked/a.js': '' });
    inject.fail = (p) => (p.endsWith('secret.js') ? 'EACCES' : p.endsWith('locked') ? 'EACCES' : undefined);
    const d = await discover({ root, paths: ['.'] });
    expect(rels(d)).toEqual(['ok.js']);
    expect(d.skipped).toEqual([
      { rel: 'locked/', reason: 'unreadable folder (permission denied (EACCES))' },
      { rel: 'secret.js', reason: 'unreadable (permission denied (EACCES))', attention: true },
    ]);
  });

  it('rejects a root that is a file or does not exist', async () => {
    const root = tmpProject({ 'app.js': '' });
    await expect(discover({ root: path.join(root, 'app.js'), paths: ['.'] })).rejects.toThrow(/the root is not a folder/);
    await expect(discover({ root: path.join(root, 'nope'), paths: ['.'] })).rejects.toThrow(/root not found/);
  });
});
