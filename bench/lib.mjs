// Process measurement for the benchmark: wall time and peak RSS of a child process.
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));

/** Peak RSS from GNU time (`-f %M`, KiB) when installed; otherwise /proc/<pid>/status VmHWM polling. */
export const rssMethod = GNU_TIME ? `${GNU_TIME} (max RSS of the process or its largest child)` : '/proc/<pid>/status VmHWM polling (main process only)';

/**
 * Runs `cmd args` and resolves { wallMs, rssMb, code, signal, timedOut, stderr }.
 * stdout goes to `stdoutFile` (or is discarded); stderr is kept (last 64 KiB).
 */
export async function measure(cmd, args, { cwd, env, stdoutFile, timeoutMs = 30 * 60_000 } = {}) {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'e2f-bench-'));
  const timeFile = path.join(tmp, 'time');
  const argv = GNU_TIME ? [GNU_TIME, '-f', '%e %M', '-o', timeFile, cmd, ...args] : [cmd, ...args];
  const out = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
  const t0 = process.hrtime.bigint();
  const child = spawn(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, stdio: ['ignore', out, 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-65536);
  });
  let hwmKb = 0;
  const poll = GNU_TIME
    ? undefined
    : setInterval(() => {
        try {
          const m = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/);
          if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
        } catch {
          // exited
        }
      }, 50);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const { code, signal } = await new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  clearTimeout(timer);
  if (poll) clearInterval(poll);
  if (typeof out === 'number') closeSync(out);
  let rssMb;
  if (GNU_TIME) {
    const text = await readFile(timeFile, 'utf8').catch(() => '');
    // GNU time prints "Command exited with non-zero status N" before the format line.
    const last = text.trim().split('\n').pop() ?? '';
    const kb = Number(last.split(' ')[1]);
    if (Number.isFinite(kb)) rssMb = kb / 1024;
  } else {
    rssMb = hwmKb / 1024;
  }
  await rm(tmp, { recursive: true, force: true });
  // GNU time reports the child's exit status as its own.
  return { wallMs, rssMb, code, signal, timedOut, stderr };
}

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Fixed-width text table. `align` per column: 'l' or 'r'. */
export function table(headers, rows, align = []) {
  const cells = [headers, ...rows].map((r) => r.map((c) => (c === undefined || c === null ? '' : String(c))));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const fmt = (r) => r.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [fmt(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(fmt)].join('\n');
}

export const fmtNum = (n, digits = 1) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(digits) : '–');
export const fmtInt = (n) => (typeof n === 'number' && Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
