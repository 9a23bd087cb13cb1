import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../src/discover.js';
import { UsageError } from '../src/errors.js';
import { git, tmpProject, writeIn } from './helpers/tmp.js';

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
    // Only notable skips are reported, not every declaration file or node_modules file.
    expect(d.skipped).toEqual([{ rel: 'public/vendor.min.js', reason: 'minified' }]);
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
    expect(d.skipped).toEqual([{ rel: 'src/secret.js', reason: 'symlink to a file outside the root' }]);
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
