/**
 * The only writer. The plan is complete before any of this runs, so every refusal happens
 * before the first byte is written and a failing file can never leave a project half-migrated.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readdir, readlink, realpath, rename, stat, symlink, unlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { isInside } from './discover.js';
import { UsageError } from './errors.js';
import type { FileOutcome, MigrationPlan } from './types.js';

const run = promisify(execFile);

/** Folders never copied to an output folder: installed or repository state, not the project. */
const NOT_COPIED = new Set(['node_modules', '.git']);

type Changed = FileOutcome & { after: string };

function changedFiles(plan: MigrationPlan): Changed[] {
  return plan.files.filter((f): f is Changed => f.status === 'changed' && f.after !== undefined && f.after !== f.before);
}

/** A git-style unified diff of every changed file (`git apply` takes it); '' when nothing changed. */
export function emitDryRun(plan: MigrationPlan): string {
  return changedFiles(plan)
    .map((f) => {
      const patch = createTwoFilesPatch(`a/${f.rel}`, `b/${f.rel}`, f.before, f.after, undefined, undefined, {
        headerOptions: FILE_HEADERS_ONLY,
      });
      return `diff --git a/${f.rel} b/${f.rel}\n${patch}`;
    })
    .join('');
}

/**
 * Writes a migrated copy of the whole project under plan.root to `outDir` (absolute, or relative
 * to plan.root) and returns every path written.
 */
export async function emitToDir(plan: MigrationPlan, outDir: string, opts: { force: boolean }): Promise<string[]> {
  const root = path.resolve(plan.root);
  const out = path.resolve(root, outDir);
  const [realRoot, realOut] = [await realpath(root), await realpathOfNearest(out)];
  if (isInside(root, out) || isInside(realRoot, realOut)) {
    throw new UsageError(`the output folder ${out} is inside the project ${root}; choose a folder outside it`);
  }
  if (isInside(out, root) || isInside(realOut, realRoot)) {
    throw new UsageError(`the output folder ${out} contains the project ${root}; choose a folder outside it`);
  }
  const outStat = await stat(out).catch(() => undefined);
  if (outStat && !outStat.isDirectory()) throw new UsageError(`the output path ${out} is not a folder`);
  if (outStat && !opts.force && (await readdir(out)).length > 0) {
    throw new UsageError(`the output folder ${out} is not empty; pass --force to overwrite files in it`);
  }
  const changed = changedFiles(plan);
  assertInsideRoot(root, changed);

  const replaced = new Set(changed.map((f) => f.rel));
  const written: string[] = [];
  await mkdir(out, { recursive: true });
  await copyTree(root, out, '', replaced, written);
  for (const f of changed) {
    const target = path.join(out, ...f.rel.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    const mode = await stat(f.path).then((s) => s.mode & 0o7777, () => undefined);
    await writeFileAtomic(target, f.after, mode);
    written.push(target);
  }
  return written.sort();
}

/** Overwrites the changed files where they are, refusing a work tree with uncommitted changes. */
export async function emitInPlace(plan: MigrationPlan, opts: { force: boolean }): Promise<string[]> {
  const root = path.resolve(plan.root);
  const changed = changedFiles(plan);
  // Nothing to write means nothing to lose: no reason to insist on a clean tree.
  if (changed.length === 0) return [];
  assertInsideRoot(root, changed);
  if (!opts.force && (await hasUncommittedChanges(root))) {
    throw new UsageError(
      `${root} has uncommitted changes; commit or stash them, or pass --force (the migration rewrites files in place)`,
    );
  }
  const written: string[] = [];
  for (const f of changed) {
    // Through the link, so a symlinked source file stays a symlink.
    const target = await realpath(f.path).catch(() => f.path);
    await writeFileAtomic(target, f.after);
    written.push(f.path);
  }
  return written;
}

/**
 * Replaces `file` with `text` so that readers see either the old or the new content, never a
 * mix: a temp file in the same folder (same file system, so rename is atomic), fsynced, renamed
 * over. The mode is `mode`, else the existing file's, else the default.
 */
export async function writeFileAtomic(file: string, text: string, mode?: number): Promise<void> {
  mode ??= await stat(file).then((s) => s.mode & 0o7777, () => undefined);
  const tmp = tempNameFor(file);
  try {
    const handle = await open(tmp, 'wx', mode ?? 0o666);
    try {
      await handle.writeFile(text, 'utf8');
      // open() applies the umask; the original's mode must survive as it was.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw error;
  }
}

function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.e2f-${randomBytes(6).toString('hex')}.tmp`);
}

async function copyFileAtomic(from: string, to: string): Promise<void> {
  const tmp = tempNameFor(to);
  try {
    await copyFile(from, tmp); // keeps the mode
    await rename(tmp, to);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw error;
  }
}

async function copyTree(root: string, out: string, rel: string, replaced: Set<string>, written: string[]): Promise<void> {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true });
  for (const entry of entries) {
    const childRel = rel ? `${rel}/${entry.name}` : entry.name;
    const from = path.join(root, childRel);
    const to = path.join(out, childRel);
    if (entry.isDirectory()) {
      if (NOT_COPIED.has(entry.name)) continue;
      await mkdir(to, { recursive: true });
      await copyTree(root, out, childRel, replaced, written);
    } else if (entry.isSymbolicLink()) {
      // Copied as a link: following it could pull in (or loop over) files outside the project.
      await unlink(to).catch(() => {});
      await symlink(await readlink(from), to);
      written.push(to);
    } else if (entry.isFile() && !replaced.has(childRel)) {
      await copyFileAtomic(from, to);
      written.push(to);
    }
  }
}

function assertInsideRoot(root: string, files: FileOutcome[]): void {
  const outside = files.find((f) => !isInside(root, f.path));
  if (outside) {
    throw new UsageError(`refusing to write ${outside.path}, which is outside the root ${root}; pass a --root that contains it`);
  }
}

/** realpath of `p`, or of its nearest existing ancestor joined with the rest. */
async function realpathOfNearest(p: string): Promise<string> {
  const rest: string[] = [];
  for (let dir = p; ; dir = path.dirname(dir)) {
    const real = await realpath(dir).catch(() => undefined);
    if (real !== undefined) return path.join(real, ...rest.reverse());
    if (path.dirname(dir) === dir) return p;
    rest.push(path.basename(dir));
  }
}

/** True when git reports changes under `root`; false outside a work tree or without git. */
async function hasUncommittedChanges(root: string): Promise<boolean> {
  try {
    const { stdout } = await run('git', ['status', '--porcelain', '--', '.'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim() !== '';
  } catch {
    return false;
  }
}
