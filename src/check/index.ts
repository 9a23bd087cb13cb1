/**
 * `check`: discover → analyze (the same inventory as `migrate`) → detect what Express is left →
 * fingerprint → compare with the baseline and --max-remaining. Pure data in and out; the CLI
 * (src/cli/check.ts) renders it (src/check/render.ts) and turns it into an exit code.
 */
import { analyzeProject } from '../analyze/index.js';
import { discover } from '../discover.js';
import { UsageError } from '../errors.js';
import { makeBaseline, readBaseline, toEntry, writeBaseline } from './baseline.js';
import { detect } from './detect.js';
import { withFingerprints } from './fingerprint.js';
import type { BaselineEntry, BaselineFile, CheckOutcome, Finding } from './types.js';

export type { BaselineFile, CheckOutcome, Finding } from './types.js';

export interface CheckOptions {
  /** Absolute project folder. */
  root: string;
  /** Files or folders relative to root (`.` for all of it). */
  paths: string[];
  /** Absolute path of the baseline file, and how the user wrote it (for messages). */
  baseline?: { file: string; shownAs: string };
  /** Record every current finding in the baseline (kept: entries for files outside `paths`). */
  updateBaseline?: boolean;
  maxRemaining?: number;
}

export interface CheckRun {
  outcome: CheckOutcome;
  /** Set when --update-baseline wrote the file: how many entries it holds. */
  baselineWritten?: number;
}

/** Every remaining Express usage under `paths`, fingerprinted, in file order. */
export async function collectFindings(root: string, paths: string[]): Promise<{ findings: Finding[]; filesScanned: number }> {
  const discovered = await discover({ root, paths });
  const inventory = analyzeProject(discovered);
  return { findings: withFingerprints(detect(discovered, inventory)), filesScanned: discovered.files.length };
}

export async function runCheck(options: CheckOptions): Promise<CheckRun> {
  const { findings, filesScanned } = await collectFindings(options.root, options.paths);
  // A CI job pointed at the wrong folder must not pass for having found nothing to look at.
  if (filesScanned === 0) throw new UsageError(`no JavaScript or TypeScript files found in ${options.paths.join(', ')}`);
  const inScope = scopeOf(options.paths);
  let baseline: BaselineFile | undefined;
  let baselineWritten: number | undefined;
  if (options.baseline && options.updateBaseline) {
    // Entries for files this run did not look at stay: `check src/a --update-baseline` must not
    // forget what the baseline says about src/b.
    const previous = await readBaseline(options.baseline.file, options.baseline.shownAs).catch(() => undefined);
    const kept = (previous?.findings ?? []).filter((e) => !inScope(e.file));
    baseline = makeBaseline([...kept, ...findings.map(toEntry)]);
    await writeBaseline(options.baseline.file, baseline);
    baselineWritten = baseline.findings.length;
  } else if (options.baseline) {
    baseline = await readBaseline(options.baseline.file, options.baseline.shownAs);
  }
  return { outcome: evaluate(findings, { baseline, inScope, maxRemaining: options.maxRemaining, filesScanned }), baselineWritten };
}

/** Whether a root-relative file lies under one of the checked paths. */
export function scopeOf(paths: string[]): (file: string) => boolean {
  const prefixes = paths.map((p) => p.split('\\').join('/').replace(/\/+$/, ''));
  if (prefixes.length === 0 || prefixes.some((p) => p === '.' || p === '')) return () => true;
  return (file) => prefixes.some((p) => file === p || file.startsWith(`${p}/`));
}

export function evaluate(
  findings: Finding[],
  opts: { baseline?: BaselineFile; inScope?: (file: string) => boolean; maxRemaining?: number; filesScanned: number },
): CheckOutcome {
  const inScope = opts.inScope ?? (() => true);
  const allowed: BaselineEntry[] = opts.baseline ? opts.baseline.findings.filter((e) => inScope(e.file)) : [];
  const allowedSet = new Set(allowed.map((e) => e.fingerprint));
  const marked: Finding[] = findings.map((f) =>
    opts.baseline ? { ...f, baseline: allowedSet.has(f.fingerprint) ? 'unchanged' : 'new' } : { ...f },
  );
  const current = new Set(findings.map((f) => f.fingerprint));
  const fixed = allowed.filter((e) => !current.has(e.fingerprint));
  const total = marked.length;
  const newCount = opts.baseline ? marked.filter((f) => f.baseline === 'new').length : total;
  const reasons: string[] = [];
  const usages = (n: number) => `${n} Express ${n === 1 ? 'usage' : 'usages'}`;
  if (opts.baseline && newCount > 0) reasons.push(`${usages(newCount)} not in the baseline`);
  if (opts.maxRemaining !== undefined && total > opts.maxRemaining) reasons.push(`${usages(total)} left, more than --max-remaining ${opts.maxRemaining}`);
  if (!opts.baseline && opts.maxRemaining === undefined && total > 0) reasons.push(`${usages(total)} left`);
  return {
    findings: marked,
    fixed,
    filesScanned: opts.filesScanned,
    total,
    newCount,
    baselined: total - newCount,
    baselineUsed: !!opts.baseline,
    maxRemaining: opts.maxRemaining,
    passed: reasons.length === 0,
    reasons,
  };
}
