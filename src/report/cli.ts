/**
 * What `scan` and `migrate` share about reports: the flags (--report, --assume, --assumptions),
 * their validation before anything runs, writing the files, and the lines for the terminal.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { describeFsError, UsageError } from '../errors.js';
import { colors, type CliIO } from '../cli/context.js';
import { applyOverrides, AssumptionError, parseAssumeFlag, parseAssumptionsFile, type AssumptionKey, type Assumptions, type Override } from './effort.js';
import { formatFor, renderReport, REPORT_EXTENSIONS, type ReportFormat } from './index.js';
import { buildReport, type ReportData, type ReportMode } from './model.js';
import type { MigrationPlan } from '../types.js';
import { effortRange } from './text.js';

export interface ReportArgs {
  report?: string | string[];
  assume?: string | string[];
  assumptions?: string;
}

/** Adds the report flags to a command. */
export function withReportOptions<T>(y: Argv<T>): Argv<T & ReportArgs> {
  return y
    .option('report', {
      type: 'string',
      describe: `Write the migration report to this file: Markdown, JSON or HTML by extension (${REPORT_EXTENSIONS.join(' ')}); repeatable`,
      requiresArg: true,
    })
    .option('assume', {
      type: 'string',
      describe: 'Override an effort assumption: key=minutes or key=low,expected,high (repeatable; see the README)',
      requiresArg: true,
    })
    .option('assumptions', {
      type: 'string',
      describe: 'JSON file of effort assumptions ({ "key": number or { low, expected, high, source } })',
      requiresArg: true,
    }) as Argv<T & ReportArgs>;
}

export interface ReportTarget {
  /** Absolute path. */
  path: string;
  /** As the user typed it. */
  shown: string;
  format: ReportFormat;
}

export interface ReportRequest {
  targets: ReportTarget[];
  assumptions: Assumptions;
}

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Checks every report flag before the run starts, so that a typo costs nothing. */
export async function prepareReports(args: ReportArgs, io: CliIO): Promise<ReportRequest> {
  const targets: ReportTarget[] = [];
  for (const shown of list(args.report)) {
    const format = formatFor(shown);
    if (!format) throw new UsageError(`--report ${shown}: unknown report format (use a file ending in ${REPORT_EXTENSIONS.join(', ')})`);
    const abs = path.resolve(io.cwd, shown);
    if (path.basename(abs) === 'package.json') throw new UsageError(`--report ${shown}: refusing to overwrite a package.json`);
    if (!targets.some((t) => t.path === abs)) targets.push({ path: abs, shown, format });
  }
  const overrides: Array<[AssumptionKey, Override]> = [];
  try {
    if (args.assumptions !== undefined) {
      const file = path.resolve(io.cwd, args.assumptions);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new UsageError(`--assumptions ${args.assumptions}: ${describeFsError(error).reason}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new UsageError(`--assumptions ${args.assumptions}: not valid JSON (${(error as Error).message})`);
      }
      overrides.push(...parseAssumptionsFile(json, args.assumptions));
    }
    for (const flag of list(args.assume)) overrides.push(parseAssumeFlag(flag));
  } catch (error) {
    if (error instanceof AssumptionError) throw new UsageError(error.message);
    throw error;
  }
  return { targets, assumptions: applyOverrides(overrides) };
}

export interface WrittenReport {
  path: string;
  shown: string;
  format: ReportFormat;
}

/** Writes each report atomically (temp file, then rename); links point at the project's sources. */
export async function writeReports(targets: ReportTarget[], report: ReportData): Promise<WrittenReport[]> {
  const written: WrittenReport[] = [];
  for (const t of targets) {
    const linkBase = path.relative(path.dirname(t.path), report.project.root).split(path.sep).join('/');
    const text = renderReport(report, t.format, { linkBase });
    const tmp = `${t.path}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(path.dirname(t.path), { recursive: true });
      await writeFile(tmp, text);
      await rename(tmp, t.path);
    } catch (error) {
      await unlink(tmp).catch(() => {});
      throw new UsageError(`cannot write the report ${t.shown}: ${describeFsError(error).reason}`, { cause: error });
    }
    written.push({ path: t.path, shown: t.shown, format: t.format });
  }
  return written;
}

/** The headline numbers the terminal summary adds when reports were asked for. */
export function headlineLines(report: ReportData, io: CliIO): string[] {
  const c = colors(io);
  const t = report.totals;
  return [
    `middleware: ${t.middleware.mapped} of ${t.middleware.found} mapped; ${t.needsHuman} ${t.needsHuman === 1 ? 'item needs' : 'items need'} a human`,
    `estimated effort saved: ${c.bold(effortRange(report.effort))}, from stated assumptions (see the report)`,
  ];
}

/** Where each report went. */
export function writtenLines(written: WrittenReport[]): string[] {
  return written.map((w) => `report (${w.format}): ${w.shown}`);
}

/** This package's version, from its package.json (src/report/ in the source, dist/src/report/ built). */
export async function toolVersion(): Promise<string> {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'express-to-fastify' && pkg.version) return pkg.version;
    } catch {
      // no (readable) package.json here; keep walking
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/**
 * For `migrate`: builds the report from the plan, writes every requested file, and returns the
 * summary lines (headline numbers, where each report went). Nothing happens without --report.
 */
export async function finishReports(
  request: ReportRequest,
  plan: MigrationPlan,
  meta: { mode: ReportMode; outDir?: string },
  io: CliIO,
): Promise<{ written: WrittenReport[]; text: string }> {
  if (!request.targets.length) return { written: [], text: '' };
  const report = buildReport(
    plan,
    { command: 'migrate', mode: meta.mode, outDir: meta.outDir, toolVersion: await toolVersion(), generatedAt: new Date().toISOString() },
    { assumptions: request.assumptions },
  );
  const written = await writeReports(request.targets, report);
  return { written, text: [...headlineLines(report, io), ...writtenLines(written)].map((l) => `${l}\n`).join('') };
}
