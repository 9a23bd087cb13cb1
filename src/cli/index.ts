/**
 * The yargs root: parses argv, runs one command, turns every outcome into an exit code.
 * Exit codes: 0 all native, 1 something needs a human, 2 usage error or bug.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { InterruptedError, UsageError } from '../errors.js';
import type { CliIO, CommandContext } from './context.js';
import { migrateCommand } from './migrate.js';
import { scanCommand } from './scan.js';
import { checkCommand } from './check.js';
import { openapiCommand } from './openapi.js';

export type { CliIO } from './context.js';

const NAME = 'express-to-fastify';
const MISSING_COMMAND = 'missing command';

/** A yargs validation failure (unknown flag, conflicting flags…): the user's to fix, like UsageError. */
class ArgvError extends Error {}

export async function cli(argv: string[], io: CliIO): Promise<number> {
  const debug = argv.includes('--debug');
  const ctx: CommandContext = { io, result: { exitCode: 0 } };
  let output = '';
  try {
    const parser = yargs([], io.cwd)
      .scriptName(NAME)
      .usage('$0 <command> [options]')
      .command(migrateCommand(ctx))
      .command(scanCommand(ctx))
      .command(checkCommand(ctx))
      .command(openapiCommand(ctx))
      .demandCommand(1, MISSING_COMMAND)
      .strict()
      .help()
      .alias('help', 'h')
      .version(await ownVersion())
      .detectLocale(false) // messages are matched below, and help should not vary with LANG
      .wrap(100) // not the terminal width: that would mean reading `process`
      .exitProcess(false)
      .fail((message, error) => {
        throw error instanceof UsageError ? error : new ArgvError(argvMessage(message ?? error?.message ?? '', argv));
      })
      .example('$0 migrate --dry-run', 'Show the changes as a diff; write nothing')
      .example('$0 migrate', 'Migrate the current folder in place (clean git tree)')
      .example('$0 migrate --out ../app2', 'Write a migrated copy elsewhere')
      .example('$0 migrate --json --dry-run', 'Summary, routes and diagnostics as JSON')
      .example('$0 scan --report report.html', 'Assess without changing anything; write an HTML report')
      .example('$0 check --baseline .e2f-baseline.json', 'CI: fail when Express code remains or grows')
      .epilogue('Exit codes of migrate: 0 every route converted natively, 1 something needs a human, 2 usage error. scan exits 0 (2 on a usage error). check: 0 no Express left (or nothing new), 1 some, 2 usage error.');
    // The callback makes yargs hand --help/--version text to us instead of console.log.
    await parser.parseAsync(argv, {}, (_err, _args, text) => {
      output = text;
    });
  } catch (error) {
    return reportError(error, io, debug);
  }
  if (output) io.stdout(output.endsWith('\n') ? output : `${output}\n`);
  if (ctx.result.error !== undefined) return reportError(ctx.result.error, io, debug);
  return ctx.result.exitCode;
}

function reportError(error: unknown, io: CliIO, debug: boolean): number {
  const stack = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));
  if (error instanceof ArgvError) io.stderr(`${NAME}: ${error.message} (see --help)\n`);
  else if (error instanceof UsageError || error instanceof InterruptedError) {
    io.stderr(`${NAME}: ${oneLine(error.message)}\n`);
    // The user's to fix, so no stack by default; --debug shows where it came from.
    if (debug) io.stderr(`${stack(error.cause ?? error)}\n`);
    if (error instanceof InterruptedError) return error.exitCode;
  } else if (debug) io.stderr(`${NAME}: ${stack(error)}\n`);
  else {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`${NAME}: ${oneLine(message)} (run with --debug for details)\n`);
  }
  return 2;
}

function oneLine(message: string): string {
  return message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
}

/** yargs' messages, restated with the flags as the user typed them. */
function argvMessage(message: string, argv: string[]): string {
  const unknown = /^Unknown arguments?: (.*)$/.exec(message);
  if (unknown) {
    const names = unknown[1].split(', ');
    const command = argv.find((a) => !a.startsWith('-'));
    if (names.length === 1 && names[0] === command) return `unknown command: ${command}`;
    return `unknown ${names.length === 1 ? 'argument' : 'arguments'}: ${names.map((n) => spelled(n, argv)).join(', ')}`;
  }
  if (message === MISSING_COMMAND) {
    // yargs checks for a command before it checks flags; an unknown flag is the better hint.
    const flags = argv.filter((a) => a.startsWith('-') && !['--help', '-h', '--version'].includes(a));
    if (flags.length) return `unknown argument: ${flags[0].split('=')[0]}`;
    return MISSING_COMMAND;
  }
  const conflict = /^Arguments (\S+) and (\S+) are mutually exclusive$/.exec(message);
  if (conflict) return `--${conflict[1]} and --${conflict[2]} cannot be used together`;
  return message ? message[0].toLowerCase() + message.slice(1) : 'invalid arguments';
}

function spelled(name: string, argv: string[]): string {
  for (const dashes of ['--', '-']) {
    const flag = dashes + name;
    if (argv.some((a) => a === flag || a.startsWith(`${flag}=`))) return flag;
  }
  return name;
}

/** From package.json, found by walking up: the source runs from src/cli/, the build from dist/src/cli/. */
async function ownVersion(): Promise<string> {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === NAME && pkg.version) return pkg.version;
    } catch {
      // no (readable) package.json here; keep walking
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
