import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitDryRun, emitInPlace, emitToDir, writeFileAtomic } from '../src/emit.js';
import { UsageError } from '../src/errors.js';
import type { FileOutcome, MigrationPlan } from '../src/types.js';
import { git, gitProject, tmpProject, writeIn } from './helpers/tmp.js';

/** A plan as the engine would produce it: `changes` maps rel → new text; other files are unchanged. */
function planFor(root: string, rels: string[], changes: Record<string, string>): MigrationPlan {
  const files: FileOutcome[] = rels.map((rel) => {
    const p = path.join(root, rel);
    const before = readFileSync(p, 'utf8');
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
