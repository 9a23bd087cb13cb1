/**
 * `scan [paths..]`: the assessment before a migration. It plans the migration in memory (the same
 * inventory and verdicts `migrate` would act on), prints every app, router, route and middleware
 * with its verdict, and writes nothing but the reports asked for. It exits 0 whatever it found
 * (it is an assessment, not a gate); 2 on a usage error.
 */
import type { Argv, CommandModule } from 'yargs';
import { SOURCE_EXTENSIONS } from '../discover.js';
import { UsageError } from '../errors.js';
import { buildReport, renderJson } from '../report/index.js';
import { prepareReports, toolVersion, writtenLines, withReportOptions, writeReports, type ReportArgs } from '../report/cli.js';
import { renderTerminal } from '../report/terminal.js';
import { progressFor, warningTo } from '../progress.js';
import { planMigration } from '../run.js';
import { colors, type CliIO, type CommandContext } from './context.js';
import { concurrencyFrom, CONCURRENCY_OPTION, resolveTargets } from './targets.js';

interface ScanArgs extends ReportArgs {
  paths?: string[];
  json?: boolean;
  root?: string;
  debug?: boolean;
  concurrency?: number;
}

export function scanCommand(ctx: CommandContext): CommandModule<object, ScanArgs> {
  return {
    command: 'scan [paths..]',
    describe: 'Assess an Express app: every route and middleware and how it would convert; changes nothing',
    builder: (y: Argv) =>
      withReportOptions(
        y
          .positional('paths', {
            type: 'string',
            array: true,
            describe: 'Files or folders to scan, relative to the current folder',
            defaultDescription: 'the root',
          })
          .option('json', { type: 'boolean', describe: 'Print the report as JSON (the --report .json format) instead of tables' })
          .option('root', {
            type: 'string',
            describe: 'Project folder: everything read stays inside it',
            defaultDescription: 'the current folder',
            requiresArg: true,
          })
          .option('concurrency', CONCURRENCY_OPTION)
          .option('debug', { type: 'boolean', describe: 'Print stack traces for unexpected errors' }),
      )
        .example('$0 scan', 'Tables of routes, middleware and what needs a human')
        .example('$0 scan --report report.html --report report.md', 'Also write the report as HTML and Markdown')
        .example('$0 scan --json > inventory.json', 'The report as JSON, for tools')
        .example('$0 scan --assume nativeEndpointMinutes=30', 'Estimate with your own minutes per endpoint')
        .epilogue('Exit codes: 0 the scan ran (whatever it found: it is an assessment), 2 usage error.'),
    handler: async (args) => {
      try {
        ctx.result.exitCode = await scan(args, ctx.io);
      } catch (error) {
        ctx.result.error = error;
      }
    },
  };
}

async function scan(args: ScanArgs, io: CliIO): Promise<number> {
  const { root, paths } = await resolveTargets(args, io);
  const request = await prepareReports(args, io);
  const plan = await planMigration(root, paths, {}, { concurrency: concurrencyFrom(args.concurrency), progress: progressFor(io), onWarning: warningTo(io) });
  if (plan.files.length === 0) {
    const where = args.paths?.length ? args.paths.join(', ') : root;
    throw new UsageError(`nothing to scan: no JavaScript or TypeScript files found in ${where} (${SOURCE_EXTENSIONS.join(' ')})`);
  }
  const report = buildReport(
    plan,
    { command: 'scan', mode: 'scan', toolVersion: await toolVersion(), generatedAt: new Date().toISOString() },
    { assumptions: request.assumptions },
  );
  const written = await writeReports(request.targets, report);
  const where = writtenLines(written).map((l) => `${l}\n`).join('');
  // With --json, stdout is the JSON alone; where the reports went goes to stderr.
  if (args.json) {
    io.stdout(renderJson(report));
    if (where) io.stderr(where);
  } else io.stdout(renderTerminal(report, colors(io)) + where);
  return 0;
}
