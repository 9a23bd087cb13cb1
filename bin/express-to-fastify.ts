#!/usr/bin/env node
// The only file that touches `process`: everything below it takes the outside world as arguments.
import { cli } from '../src/cli/index.js';
import { installSignalHandlers } from '../src/cli/signals.js';

installSignalHandlers(process);
process.exitCode = await cli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  env: process.env,
  isTTY: !!process.stdout.isTTY,
  stderrTTY: !!process.stderr.isTTY,
});
