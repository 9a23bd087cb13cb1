/** `migrate [paths..]`: flags → runMigrate → output and exit code. */
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { SOURCE_EXTENSIONS } from '../discover.js';
import { UsageError } from '../errors.js';
import { allRoutes } from '../inventory.js';
import { finishReports, prepareReports, withReportOptions, type ReportArgs } from '../report/cli.js';
import { progressFor, warningTo } from '../progress.js';
import { runMigrate, type RunOptions, type RunResult } from '../run.js';
import { colors, type CliIO, type CommandContext } from './context.js';
import { concurrencyFrom, CONCURRENCY_OPTION, resolveTargets } from './targets.js';

interface MigrateArgs extends ReportArgs {
  paths?: string[];
  'dry-run'?: boolean;
  openapi?: string;
  docs?: boolean;
  'docs-route'?: string;
  'strict-schemas'?: boolean;
  'exit-code'?: boolean;
  out?: string;
  force?: boolean;
  json?: boolean;
  debug?: boolean;
  root?: string;
  concurrency?: number;
}

export function migrateCommand(ctx: CommandContext): CommandModule<object, MigrateArgs> {
  return {
    command: 'migrate [paths..]',
    describe: 'Migrate an Express app to Fastify 5 (in place unless --dry-run or --out)',
    builder: (y: Argv) =>
      withReportOptions(y)
        .positional('paths', {
          type: 'string',
          array: true,
          describe: 'Files or folders to migrate, relative to the current folder',
          defaultDescription: 'the root',
        })
        .option('dry-run', { type: 'boolean', describe: 'Print the changes as a unified diff; write nothing' })
        .option('exit-code', { type: 'boolean', describe: 'With --dry-run: exit 1 when there is any diff (a CI gate)' })
        .option('out', { type: 'string', describe: 'Write a migrated copy of the project to this folder', requiresArg: true })
        .option('force', {
          type: 'boolean',
          describe: 'Write in place despite uncommitted changes; overwrite files in a non-empty --out folder',
        })
        .option('json', { type: 'boolean', describe: 'Print one JSON object (summary, files, diagnostics, routes)' })
        .option('root', {
          type: 'string',
          describe: 'Project folder: everything read or written stays inside it',
          defaultDescription: 'the current folder',
          requiresArg: true,
        })
        .option('concurrency', CONCURRENCY_OPTION)
        .option('debug', { type: 'boolean', describe: 'Print stack traces for unexpected errors' })
        .option('openapi', { type: 'string', describe: 'Also write the OpenAPI 3.1 document of the routes to this file (.json, .yaml or .yml)', requiresArg: true })
        .option('docs', { type: 'boolean', default: true, describe: 'Serve Swagger UI from the migrated app (--no-docs: do not)' })
        .option('docs-route', { type: 'string', describe: 'Where the migrated app serves Swagger UI', defaultDescription: '/docs', requiresArg: true })
        .option('strict-schemas', { type: 'boolean', describe: 'Let Fastify validate requests and serialise responses with the inferred schemas (changes behaviour)' })
        .conflicts('dry-run', 'out')
        .example('$0 migrate --dry-run', 'Show what would change; write nothing')
        .example('$0 migrate --dry-run > e2f.patch', 'Save the changes as a patch for `git apply`')
        .example('$0 migrate --dry-run --exit-code', 'CI: fail when migrating would change anything')
        .example('$0 migrate --out ../app2', 'Write a migrated copy elsewhere')
        .example('$0 migrate --root app app/src', 'Project in app/, migrate only app/src')
        .example('$0 migrate --json --dry-run', 'Summary, routes and diagnostics as JSON')
        .example('$0 migrate --out ../app2 --report report.html', 'Also write the migration report (.html, .md or .json)'),
    handler: async (args) => {
      try {
        ctx.result.exitCode = await migrate(args, ctx.io);
      } catch (error) {
        ctx.result.error = error;
      }
    },
  };
}

async function migrate(args: MigrateArgs, io: CliIO): Promise<number> {
  if (args['exit-code'] && !args['dry-run']) throw new UsageError('--exit-code needs --dry-run');
  // yargs turns a repeated option into an array; which one the user meant is anyone's guess.
  if (Array.isArray(args.out)) throw new UsageError('--out was given more than once');
  if (args.out === '') throw new UsageError('--out needs a folder');
  const { root, paths } = await resolveTargets(args, io);
  const options: RunOptions = {
    root,
    paths,
    mode: args['dry-run'] ? 'dry-run' : args.out !== undefined ? 'out' : 'in-place',
    outDir: args.out !== undefined ? path.resolve(io.cwd, args.out) : undefined,
    force: !!args.force,
    concurrency: concurrencyFrom(args.concurrency),
    progress: progressFor(io),
    onWarning: warningTo(io),
    schemas: {
      openapi: args.openapi ? path.resolve(io.cwd, args.openapi) : undefined,
      docsRoute: args.docs === false ? false : args['docs-route'],
      strictSchemas: !!args['strict-schemas'],
    },
  };
  const reports = await prepareReports(args, io);
  const result = await runMigrate(options);
  if (result.plan.files.length === 0) throw new UsageError(nothingToMigrate(result, args.paths));

  const report = await finishReports(reports, result.plan, options, io);

  if (args.json) io.stdout(`${JSON.stringify({ ...toJson(result), ...(report.written.length ? { reports: report.written.map((w) => w.path) } : {}) }, null, 2)}\n`);
  else if (options.mode === 'dry-run') {
    io.stdout(result.diff ?? '');
    // stderr, so that `--dry-run > x.patch` stays a clean patch.
    io.stderr(renderSummary(result, options, io) + report.text);
  } else io.stdout(renderSummary(result, options, io) + report.text);

  // --exit-code: like `git diff --exit-code`, any change at all is a failure (on top of the usual ones).
  if (args['exit-code'] && result.diff) return 1;
  return needsAttention(result) ? 1 : 0;
}


/** Not a JS/TS project (or only skipped files): a usage error, since nothing could be migrated. */
function nothingToMigrate({ plan }: RunResult, paths: string[] | undefined): string {
  const where = paths?.length ? paths.join(', ') : plan.root;
  const files = plan.skipped.filter((s) => !s.rel.endsWith('/'));
  if (files.length === 1) return `nothing to migrate in ${where}: ${files[0]!.rel} was skipped (${files[0]!.reason})`;
  if (files.length > 1) return `nothing to migrate in ${where}: all ${files.length} JavaScript/TypeScript files were skipped (see --json for why)`;
  return `no JavaScript or TypeScript files found in ${where} (${SOURCE_EXTENSIONS.join(' ')})`;
}

/** 0 only when everything became idiomatic Fastify; 1 when a human has something to look at. */
function needsAttention({ summary, plan }: RunResult): boolean {
  return (
    summary.routesCompat > 0 ||
    summary.routesManual > 0 ||
    summary.filesFailed > 0 ||
    plan.skipped.some((s) => s.attention) ||
    plan.diagnostics.some((d) => d.severity !== 'info')
  );
}

function toJson({ plan, summary, diff, written }: RunResult) {
  return {
    summary,
    files: plan.files.map((f) => ({ file: f.rel, status: f.status })),
    diagnostics: plan.diagnostics,
    skipped: plan.skipped,
    routes: allRoutes(plan.inventory).map((r) => ({
      method: r.method,
      path: r.fullPath ?? r.path ?? null,
      file: r.location.file,
      line: r.location.line,
      verdict: r.verdict.kind,
      codes: r.verdict.codes,
    })),
    ...(diff !== undefined ? { diff } : {}),
    written,
  };
}

function renderSummary({ plan, summary: s, written }: RunResult, options: RunOptions, io: CliIO): string {
  const c = colors(io);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines: string[] = [];
  const failed = s.filesFailed ? `, ${c.red(`${s.filesFailed} failed`)}` : '';
  lines.push(`${c.bold(plural(s.filesChanged, 'file'))} ${options.mode === 'dry-run' ? 'would change' : 'changed'} (of ${s.filesScanned} scanned)${failed}`);
  lines.push(
    `routes: ${s.routesFound} found, ${c.green(`${s.routesNative} native`)}, ` +
      `${(s.routesCompat ? c.yellow : String)(`${s.routesCompat} compat`)}, ${(s.routesManual ? c.yellow : String)(`${s.routesManual} manual`)}`,
  );
  if (plan.skipped.length) lines.push(c.dim(`${plan.skipped.length} skipped (see --json for why)`));
  if (options.mode === 'out') lines.push(`wrote ${plural(written.length, 'file')} to ${options.outDir}`);
  if (options.mode === 'in-place' && written.length) lines.push(`rewrote ${plural(written.length, 'file')} in place`);
  for (const sk of plan.skipped.filter((x) => x.attention)) lines.push(`${sk.rel}  ${c.yellow('skipped')}  ${sk.reason}`);
  for (const d of plan.diagnostics) {
    const paint = d.severity === 'error' ? c.red : d.severity === 'warning' ? c.yellow : c.dim;
    lines.push(`${d.file}:${d.line}:${d.column}  ${paint(d.code)}  ${d.message}`);
  }
  return `${lines.join('\n')}\n`;
}
