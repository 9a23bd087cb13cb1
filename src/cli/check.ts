/** `check [paths..]`: flags → runCheck → a report in the chosen format and an exit code for CI. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv, CommandModule } from 'yargs';
import { runCheck } from '../check/index.js';
import { FORMATS, render, type Format } from '../check/render.js';
import { UsageError } from '../errors.js';
import { colors, type CliIO, type CommandContext } from './context.js';
import { resolveTargets } from './targets.js';

interface CheckArgs {
  paths?: string[];
  root?: string;
  format?: string;
  baseline?: string;
  'update-baseline'?: boolean;
  'max-remaining'?: number;
  debug?: boolean;
}

export function checkCommand(ctx: CommandContext): CommandModule<object, CheckArgs> {
  return {
    command: 'check [paths..]',
    describe: 'Fail (exit 1) when Express code remains: for CI and pre-commit hooks; changes nothing',
    builder: (y: Argv) =>
      y
        .positional('paths', {
          type: 'string',
          array: true,
          describe: 'Files or folders to check, relative to the current folder',
          defaultDescription: 'the root',
        })
        // Checked in the handler, not with `choices`: yargs would print a multi-line message.
        .option('format', { type: 'string', describe: 'Output: text, json, github (Actions annotations) or sarif (SARIF 2.1.0)', defaultDescription: 'text', requiresArg: true })
        .option('baseline', { type: 'string', describe: 'Allow the findings recorded in this file; fail only on new ones', requiresArg: true })
        .option('update-baseline', { type: 'boolean', describe: 'Record every current finding in the --baseline file (and pass)' })
        .option('max-remaining', { type: 'number', describe: 'Pass while at most this many findings remain', requiresArg: true })
        .option('root', {
          type: 'string',
          describe: 'Project folder: everything read stays inside it',
          defaultDescription: 'the current folder',
          requiresArg: true,
        })
        .option('debug', { type: 'boolean', describe: 'Print stack traces for unexpected errors' })
        .example('$0 check', 'Exit 1 when any Express usage is left in the current folder')
        .example('$0 check --baseline e2f.json --update-baseline', 'Record what is left today')
        .example('$0 check --baseline e2f.json', 'Fail only on what e2f.json does not list')
        .example('$0 check --format sarif > e2f.sarif', 'SARIF 2.1.0 for GitHub code scanning'),
    handler: async (args) => {
      try {
        ctx.result.exitCode = await check(args, ctx.io);
      } catch (error) {
        ctx.result.error = error;
      }
    },
  };
}

async function check(args: CheckArgs, io: CliIO): Promise<number> {
  const format = (args.format ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format ${args.format}: use ${FORMATS.join(', ')}`);
  const max = args['max-remaining'];
  if (max !== undefined && (!Number.isInteger(max) || max < 0)) throw new UsageError('--max-remaining takes a whole number, 0 or more');
  if (args['update-baseline'] && args.baseline === undefined) throw new UsageError('--update-baseline needs --baseline <file>');
  const { root, paths } = await resolveTargets(args, io);
  const { outcome, baselineWritten } = await runCheck({
    root,
    paths,
    baseline: args.baseline !== undefined ? { file: path.resolve(io.cwd, args.baseline), shownAs: args.baseline } : undefined,
    updateBaseline: !!args['update-baseline'],
    maxRemaining: max,
  });
  if (baselineWritten !== undefined) {
    // stderr: stdout stays the report, parseable in every format.
    io.stderr(`wrote ${baselineWritten} ${baselineWritten === 1 ? 'entry' : 'entries'} to ${args.baseline}\n`);
  }
  io.stdout(render(format, outcome, { root, cwd: io.cwd, version: await ownVersion(), paint: colors(io) }));
  return outcome.passed ? 0 : 1;
}

/** This package's version, for SARIF's tool.driver (the source runs from src/cli/, the build from dist/src/cli/). */
async function ownVersion(): Promise<string> {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const pkg = await readFile(path.join(dir, 'package.json'), 'utf8').then(
      (t) => JSON.parse(t) as { name?: string; version?: string },
      () => undefined,
    );
    if (pkg?.name === 'express-to-fastify' && pkg.version) return pkg.version;
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}
