#!/usr/bin/env node
// The only file that touches `process`: everything below it takes the outside world as arguments.
import { spawn } from 'node:child_process';
import { cli } from '../src/cli/index.js';
import { HANDLED_SIGNALS, installSignalHandlers } from '../src/cli/signals.js';

/**
 * The commands that analyse a project build a syntax tree per file and drop it soon after. With
 * V8's default young generation (16 MB semi-spaces) much of it outlives a scavenge, gets promoted
 * and collected again later: on the 5,000-file benchmark (2 cores) garbage collection took about
 * a tenth of the run. 32 MB semi-spaces brought that run from 38 s to 34 s and its peak RSS from
 * 1.8 GB to 1.1 GB; 64 MB took another 5–7 % off (realistic-5000 27.5 → 26 s, stress-1000
 * 40 → 37 s) for about 0.1 GB more; 128 MB was no faster and used more (`npm run bench`). The
 * size can only be set when Node starts: those commands run in a child Node with it, unless the
 * user set it (NODE_OPTIONS or node's flags).
 */
const GC_FLAG = '--max-semi-space-size=64';
const ANALYSING = new Set(['migrate', 'scan', 'check', 'openapi']);
/** Set in the child's environment: its IPC channel is ours, not a caller's. */
const CHILD_ENV = 'EXPRESS_TO_FASTIFY_CHILD';

function wantsChild(args: string[]): boolean {
  const chosen = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a.startsWith('--max-semi-space-size'));
  return !chosen && args.some((a) => ANALYSING.has(a));
}

/** Runs this script again in a child Node with GC_FLAG; this process ends as the child did. */
function runInChild(args: string[]): void {
  // The IPC channel closes when this process dies, however it dies (SIGKILL included): the child
  // then stops as if it got SIGTERM, rather than going on writing the user's files unattended.
  const child = spawn(process.execPath, [GC_FLAG, ...process.execArgv, process.argv[1]!, ...args], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: { ...process.env, [CHILD_ENV]: '1' } });
  // A signal sent to this process alone goes on to the child (from a terminal, both get it).
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of HANDLED_SIGNALS) process.on(signal, forward);
  child.on('error', () => {
    // Node could not be started again: run here, with the default heap.
    for (const signal of HANDLED_SIGNALS) process.removeListener(signal, forward);
    void runHere(args);
  });
  child.on('exit', (code, signal) => {
    for (const s of HANDLED_SIGNALS) process.removeListener(s, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
}

async function runHere(args: string[]): Promise<void> {
  installSignalHandlers(process);
  if (process.env[CHILD_ENV]) {
    delete process.env[CHILD_ENV];
    const orphaned = () => void process.kill(process.pid, 'SIGTERM');
    // Gone already (it died while this process was starting), or whenever it goes.
    if (!process.channel || !process.connected) return orphaned();
    process.channel.unref(); // the channel alone must not keep this process alive
    process.once('disconnect', orphaned);
  }
  process.exitCode = await cli(args, {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    env: process.env,
    isTTY: !!process.stdout.isTTY,
    stderrTTY: !!process.stderr.isTTY,
  });
}

const args = process.argv.slice(2);
if (wantsChild(args)) runInChild(args);
else await runHere(args);
