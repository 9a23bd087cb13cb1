import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deferSignal, emitDryRun, emitInPlace, emitToDir, writeFileAtomic } from '../src/emit.js';
import { HANDLED_SIGNALS, installSignalHandlers } from '../src/cli/signals.js';
import { InterruptedError, UsageError } from '../src/errors.js';
import type { FileOutcome, MigrationPlan } from '../src/types.js';
import { git, gitProject, tmpProject, writeIn } from './helpers/tmp.js';

// Tests run as root, where chmod does not stop a write: failures are injected at the fs calls.
const inject = vi.hoisted(() => ({
  open: undefined as undefined | ((p: string) => void),
  rename: undefined as undefined | ((from: string, to: string) => void),
}));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open = (async (p: string, ...rest: unknown[]) => {
    inject.open?.(String(p));
    return (real.open as (...a: unknown[]) => unknown)(p, ...rest);
  }) as typeof real.open;
  return { ...real, default: { ...real, open }, open };
});
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const renameSync = ((from: string, to: string) => {
    inject.rename?.(String(from), String(to));
    real.renameSync(from, to);
  }) as typeof real.renameSync;
  return { ...real, default: { ...real, renameSync }, renameSync };
});
afterEach(() => {
  inject.open = undefined;
  inject.rename = undefined;
});

const fsError = (code: string, p: string) => Object.assign(new Error(`${code}: failed, open '${p}'`), { code, path: p });
const BOM = '\uFEFF';

/** A plan as the engine would produce it: `changes` maps rel → new text; other files are unchanged. */
function planFor(root: string, rels: string[], changes: Record<string, string>): MigrationPlan {
  const files: FileOutcome[] = rels.map((rel) => {
    const p = path.join(root, rel);
    const before = readFileSync(p, 'utf8').replace(/^\uFEFF/, ''); // as discover reads it
    return rel in changes ? { rel, path: p, status: 'changed', before, after: changes[rel] } : { rel, path: p, status: 'unchanged', before };
  });
  return { root, inventory: { version: 1, root, expressMajor: undefined, files: [] }, files, skipped: [], diagnostics: [] };
}

const mode = (p: string) => statSync(p).mode & 0o777;

describe('writeFileAtomic', () => {
  it("replaces the content, keeps the file's mode and leaves no temp file", async () => {
    const dir = tmpProject({ 'run.js': 'old\n' });
    const file = path.join(dir, 'run.js');
    chmodSync(file, 0o750);
    await writeFileAtomic(file, 'new\r\n');
    expect(readFileSync(file, 'utf8')).toBe('new\r\n');
    expect(mode(file)).toBe(0o750);
    expect(readdirSync(dir)).toEqual(['run.js']);
  });

  it('creates a new file with the given mode', async () => {
    const dir = tmpProject();
    await writeFileAtomic(path.join(dir, 'a.js'), 'x', 0o604);
    expect(mode(path.join(dir, 'a.js'))).toBe(0o604);
  });
});

describe('emitDryRun', () => {
  it('is empty when nothing changed', () => {
    const root = tmpProject({ 'a.js': 'a\n' });
    expect(emitDryRun(planFor(root, ['a.js'], {}))).toBe('');
  });

  it('produces a git-style patch that git apply accepts', () => {
    const root = gitProject({ 'src/a.js': 'one\ntwo\nthree\n', 'b.js': 'keep\n', 'c.js': 'no newline' });
    const plan = planFor(root, ['src/a.js', 'b.js', 'c.js'], { 'src/a.js': 'one\n2\nthree\n', 'c.js': 'no newline\n' });
    const patch = emitDryRun(plan);
    expect(patch).toMatch(/^diff --git a\/src\/a\.js b\/src\/a\.js\n--- a\/src\/a\.js\n\+\+\+ b\/src\/a\.js\n@@ /);
    expect(patch).not.toContain('b.js');
    const patchFile = path.join(tmpProject(), 'e2f.patch');
    writeFileSync(patchFile, patch);
    git(root, 'apply', patchFile);
    expect(readFileSync(path.join(root, 'src/a.js'), 'utf8')).toBe('one\n2\nthree\n');
    expect(readFileSync(path.join(root, 'c.js'), 'utf8')).toBe('no newline\n');
  });
});

describe('emitDryRun on big changes', () => {
  it('replaces the whole file in one hunk when a minimal diff would be too slow, and git applies it', () => {
    const before = Array.from({ length: 6000 }, (_, i) => `app.get('/r${i}', (req, res) => { res.json(${i}); });`).join('\n');
    const after = `${Array.from({ length: 6000 }, (_, i) => `app.get('/r${i}', async () => ${i});`).join('\r\n')}\r\n`;
    const root = gitProject({ 'big.js': before, 'small.js': 'a\nb\n' });
    const start = performance.now();
    const patch = emitDryRun(planFor(root, ['big.js', 'small.js'], { 'big.js': after, 'small.js': 'a\nB\n' }));
    expect(performance.now() - start).toBeLessThan(5000);
    expect(patch).toContain('diff --git a/big.js b/big.js\n--- a/big.js\n+++ b/big.js\n@@ -1,6000 +1,6000 @@\n');
    expect(patch).toContain('\\ No newline at end of file\n+app.get');
    expect(patch).toContain('@@ -1,2 +1,2 @@\n a\n-b\n+B\n'); // small changes keep a minimal diff
    const patchFile = path.join(tmpProject(), 'e2f.patch');
    writeFileSync(patchFile, patch);
    git(root, 'apply', patchFile);
    expect(readFileSync(path.join(root, 'big.js'), 'utf8')).toBe(after);
    expect(readFileSync(path.join(root, 'small.js'), 'utf8')).toBe('a\nB\n');
  });
});

describe('emitToDir', () => {
  it('writes a migrated copy of the project, without node_modules and .git', async () => {
    const root = tmpProject({ 'src/a.js': 'old\n', 'README.md': 'hi\n', 'node_modules/x/index.js': '', 'bin/run.js': 'run\n' });
    chmodSync(path.join(root, 'bin/run.js'), 0o755);
    git(root, 'init', '-q');
    symlinkSync('src/a.js', path.join(root, 'link.js'));
    const out = path.join(tmpProject(), 'out');
    const written = await emitToDir(planFor(root, ['src/a.js', 'bin/run.js'], { 'src/a.js': 'new\n', 'bin/run.js': 'ran\n' }), out, {
      force: false,
    });
    expect(written.map((p) => path.relative(out, p)).sort()).toEqual(['README.md', 'bin/run.js', 'link.js', 'src/a.js']);
    expect(readFileSync(path.join(out, 'src/a.js'), 'utf8')).toBe('new\n');
    expect(readFileSync(path.join(out, 'README.md'), 'utf8')).toBe('hi\n');
    expect(mode(path.join(out, 'bin/run.js'))).toBe(0o755);
    expect(lstatSync(path.join(out, 'link.js')).isSymbolicLink()).toBe(true);
    expect(existsSync(path.join(out, 'node_modules'))).toBe(false);
    expect(existsSync(path.join(out, '.git'))).toBe(false);
    expect(readFileSync(path.join(root, 'src/a.js'), 'utf8')).toBe('old\n'); // the source is untouched
  });

  it('refuses a folder inside the project, or one that contains it', async () => {
    const root = tmpProject({ 'a.js': 'a\n' });
    const plan = planFor(root, ['a.js'], { 'a.js': 'b\n' });
    await expect(emitToDir(plan, path.join(root, 'migrated'), { force: true })).rejects.toThrow(UsageError);
    await expect(emitToDir(plan, root, { force: true })).rejects.toThrow(/inside the project/);
    await expect(emitToDir(plan, path.dirname(root), { force: true })).rejects.toThrow(/contains the project/);
    expect(existsSync(path.join(root, 'migrated'))).toBe(false);
  });

  it('refuses a non-empty folder unless forced, then overwrites files in it', async () => {
    const root = tmpProject({ 'a.js': 'a\n' });
    const out = tmpProject({ 'a.js': 'stale\n', 'other.txt': 'mine\n' });
    const plan = planFor(root, ['a.js'], { 'a.js': 'b\n' });
    await expect(emitToDir(plan, out, { force: false })).rejects.toThrow(/not empty.*--force/);
    expect(readFileSync(path.join(out, 'a.js'), 'utf8')).toBe('stale\n');
    await emitToDir(plan, out, { force: true });
    expect(readFileSync(path.join(out, 'a.js'), 'utf8')).toBe('b\n');
    expect(readFileSync(path.join(out, 'other.txt'), 'utf8')).toBe('mine\n');
  });
});

describe('emitInPlace', () => {
  it('refuses a git tree with uncommitted changes unless forced', async () => {
    const root = gitProject({ 'a.js': 'a\n', 'b.js': 'b\n' });
    writeIn(root, 'b.js', 'edited\n');
    const plan = planFor(root, ['a.js'], { 'a.js': 'migrated\n' });
    await expect(emitInPlace(plan, { force: false })).rejects.toThrow(/uncommitted changes.*--force/);
    expect(readFileSync(path.join(root, 'a.js'), 'utf8')).toBe('a\n');
    expect(await emitInPlace(plan, { force: true })).toEqual([path.join(root, 'a.js')]);
    expect(readFileSync(path.join(root, 'a.js'), 'utf8')).toBe('migrated\n');
  });

  it('counts untracked files as uncommitted changes', async () => {
    const root = gitProject({ 'a.js': 'a\n' });
    writeIn(root, 'new.js', '');
    await expect(emitInPlace(planFor(root, ['a.js'], { 'a.js': 'x\n' }), { force: false })).rejects.toThrow(UsageError);
  });

  it('writes changed files only, keeping modes, line endings and symlinks', async () => {
    const root = gitProject({ 'a.js': 'a\r\n', 'b.js': 'b\n', 'real.js': 'r\n' });
    chmodSync(path.join(root, 'a.js'), 0o755);
    symlinkSync('real.js', path.join(root, 'link.js'));
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'more');
    const written = await emitInPlace(planFor(root, ['a.js', 'b.js', 'link.js'], { 'a.js': 'A\r\n', 'link.js': 'R\n' }), { force: false });
    expect(written).toEqual([path.join(root, 'a.js'), path.join(root, 'link.js')]);
    expect(readFileSync(path.join(root, 'a.js'), 'utf8')).toBe('A\r\n');
    expect(mode(path.join(root, 'a.js'))).toBe(0o755);
    expect(lstatSync(path.join(root, 'link.js')).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(root, 'real.js'), 'utf8')).toBe('R\n');
    expect(git(root, 'status', '--porcelain')).toBe(' M a.js\n M real.js\n');
  });

  it('needs no git at all and writes nothing when nothing changed', async () => {
    const root = tmpProject({ 'a.js': 'a\n' });
    expect(await emitInPlace(planFor(root, ['a.js'], {}), { force: false })).toEqual([]);
    await emitInPlace(planFor(root, ['a.js'], { 'a.js': 'b\n' }), { force: false });
    expect(readFileSync(path.join(root, 'a.js'), 'utf8')).toBe('b\n');
  });
});

describe('safe writes', () => {
  const tempFiles = (dir: string) =>
    readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.name.includes('.e2f-')).map((e) => e.name);

  it('gives a file its UTF-8 BOM back and keeps CRLF line endings', async () => {
    const root = tmpProject({ 'bom.js': `${BOM}old\r\n`, 'plain.js': 'old\n' });
    const plan = planFor(root, ['bom.js', 'plain.js'], { 'bom.js': 'new\r\n', 'plain.js': 'new\n' });
    expect(plan.files[0]!.before).toBe('old\r\n'); // the engine never sees the BOM
    await emitInPlace(plan, { force: true });
    expect(readFileSync(path.join(root, 'bom.js'))).toEqual(Buffer.from(`${BOM}new\r\n`));
    expect(readFileSync(path.join(root, 'plain.js'), 'utf8')).toBe('new\n');
    const out = path.join(tmpProject(), 'out');
    writeIn(root, 'bom.js', `${BOM}old\r\n`);
    await emitToDir(planFor(root, ['bom.js'], { 'bom.js': 'copy\r\n' }), out, { force: false });
    expect(readFileSync(path.join(out, 'bom.js'), 'utf8')).toBe(`${BOM}copy\r\n`);
  });

  it('refuses to overwrite a file that changed on disk since it was read', async () => {
    const root = tmpProject({ 'a.js': 'a\n', 'b.js': 'b\n' });
    const plan = planFor(root, ['a.js', 'b.js'], { 'a.js': 'A\n', 'b.js': 'B\n' });
    writeIn(root, 'b.js', 'edited by someone else\n');
    await expect(emitInPlace(plan, { force: true })).rejects.toThrow('b.js changed on disk while the tool was running; no file was changed');
    expect(readFileSync(path.join(root, 'a.js'), 'utf8')).toBe('a\n');
  });

  it.each([
    ['EACCES', 'permission denied (EACCES)'],
    ['EROFS', 'read-only file system (EROFS)'],
    ['ENOSPC', 'no space left on the device (ENOSPC)'],
  ])('a write failing with %s changes no file and leaves no temp file', async (code, words) => {
    const root = tmpProject({ 'a.js': 'a\n', 'sub/b.js': 'b\n', 'c.js': 'c\n' });
    const plan = planFor(root, ['a.js', 'sub/b.js', 'c.js'], { 'a.js': 'A\n', 'sub/b.js': 'B\n', 'c.js': 'C\n' });
    inject.open = (p) => {
      if (p.includes(`${path.sep}sub${path.sep}.b.js.e2f-`)) throw fsError(code, p);
    };
    const error = await emitInPlace(plan, { force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`cannot write sub/b.js: ${words}; no file was changed`);
    expect(['a.js', 'sub/b.js', 'c.js'].map((f) => readFileSync(path.join(root, f), 'utf8'))).toEqual(['a\n', 'b\n', 'c\n']);
    expect(tempFiles(root)).toEqual([]);
  });

  it('a rename that fails part-way says which files were written, and leaves no temp file', async () => {
    const root = tmpProject({ 'a.js': 'a\n', 'b.js': 'b\n', 'c.js': 'c\n' });
    const plan = planFor(root, ['a.js', 'b.js', 'c.js'], { 'a.js': 'A\n', 'b.js': 'B\n', 'c.js': 'C\n' });
    inject.rename = (_from, to) => {
      if (to.endsWith('b.js')) throw fsError('EBUSY', to);
    };
    await expect(emitInPlace(plan, { force: true })).rejects.toThrow(
      'cannot replace b.js: busy (EBUSY); 1 of 3 files were written (a.js), the others are unchanged',
    );
    expect(['a.js', 'b.js', 'c.js'].map((f) => readFileSync(path.join(root, f), 'utf8'))).toEqual(['A\n', 'b\n', 'c\n']);
    expect(tempFiles(root)).toEqual([]);
  });

  it('an interruption while temp files are written changes no file', async () => {
    const root = tmpProject({ 'a.js': 'a\n', 'b.js': 'b\n', 'c.js': 'c\n' });
    const plan = planFor(root, ['a.js', 'b.js', 'c.js'], { 'a.js': 'A\n', 'b.js': 'B\n', 'c.js': 'C\n' });
    expect(deferSignal('SIGINT')).toBe(false); // nothing is being written: the process may stop
    inject.open = (p) => {
      if (p.includes('.b.js.e2f-')) expect(deferSignal('SIGINT')).toBe(true);
    };
    const error = await emitInPlace(plan, { force: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect(error).toMatchObject({ message: 'interrupted by SIGINT: no file was changed', exitCode: 130 });
    expect(['a.js', 'b.js', 'c.js'].map((f) => readFileSync(path.join(root, f), 'utf8'))).toEqual(['a\n', 'b\n', 'c\n']);
    expect(tempFiles(root)).toEqual([]);
    expect(deferSignal('SIGINT')).toBe(false); // and the next run starts clean
  });

  it('the CLI listens for signals only while it writes (before, Ctrl-C stops a long synchronous plan at once)', async () => {
    const proc = Object.assign(new EventEmitter(), { pid: 0, kill: vi.fn() }) as unknown as NodeJS.Process;
    installSignalHandlers(proc);
    const listening = () => HANDLED_SIGNALS.map((s) => proc.listenerCount(s));
    expect(listening()).toEqual([0, 0, 0]);
    const root = tmpProject({ 'a.js': 'a\n' });
    let during: number[] = [];
    inject.open = () => void (during = listening());
    await emitInPlace(planFor(root, ['a.js'], { 'a.js': 'A\n' }), { force: true });
    expect(during).toEqual([1, 1, 1]);
    expect(listening()).toEqual([0, 0, 0]);
  });

  it('an interruption during the renames is honoured once every file is written', async () => {
    const root = tmpProject({ 'a.js': 'a\n', 'b.js': 'b\n' });
    inject.rename = () => void deferSignal('SIGTERM');
    const error = await emitInPlace(planFor(root, ['a.js', 'b.js'], { 'a.js': 'A\n', 'b.js': 'B\n' }), { force: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: 'interrupted by SIGTERM: all 2 files were written', exitCode: 143 });
    expect(['a.js', 'b.js'].map((f) => readFileSync(path.join(root, f), 'utf8'))).toEqual(['A\n', 'B\n']);
  });

  it('never writes outside the root: not through a symlink, not a package.json above it', async () => {
    const outside = tmpProject({ 'secret.js': 'secret\n', 'package.json': '{}\n' });
    const root = path.join(outside, 'app');
    mkdirSync(root);
    writeIn(root, 'a.js', 'a\n');
    symlinkSync(path.join(outside, 'secret.js'), path.join(root, 'link.js'));
    const plan = planFor(root, ['a.js', 'link.js'], { 'a.js': 'A\n', 'link.js': 'stolen\n' });
    plan.files.push({ rel: '../package.json', path: path.join(outside, 'package.json'), status: 'changed', before: '{}\n', after: '{"x":1}\n' });
    expect(emitDryRun(plan)).not.toContain('package.json');
    expect(await emitInPlace(plan, { force: true })).toEqual([path.join(root, 'a.js')]);
    expect(readFileSync(path.join(outside, 'secret.js'), 'utf8')).toBe('secret\n');
    expect(readFileSync(path.join(outside, 'package.json'), 'utf8')).toBe('{}\n');
    expect(plan.skipped).toEqual([
      { rel: '../package.json', reason: expect.stringMatching(/^outside the root, so not written/), attention: true },
      { rel: 'link.js', reason: 'a symlink to a file outside the root, so not written', attention: true },
    ]);
  });

  it('--out does not write through a symlink in the output folder that leads elsewhere', async () => {
    const elsewhere = tmpProject();
    const root = tmpProject({ 'src/a.js': 'a\n' });
    const out = tmpProject();
    symlinkSync(elsewhere, path.join(out, 'src'));
    await expect(emitToDir(planFor(root, ['src/a.js'], { 'src/a.js': 'A\n' }), out, { force: true })).rejects.toThrow(
      /leads outside the output folder/,
    );
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('keeps the owner of a file it rewrites as root', async () => {
    const root = tmpProject({ 'a.js': 'a\n' });
    const file = path.join(root, 'a.js');
    try {
      (await import('node:fs')).chownSync(file, 1234, 5678);
    } catch {
      return; // not root: nothing to check
    }
    await emitInPlace(planFor(root, ['a.js'], { 'a.js': 'A\n' }), { force: true });
    expect(statSync(file)).toMatchObject({ uid: 1234, gid: 5678 });
  });
});
