/** The report as a readable terminal table (what `scan` prints): a pure function of the data. */
import type { Colors } from '../cli/context.js';
import type { ReportData } from './model.js';
import { headline, middlewareWhat } from './text.js';

/** Text from the code cannot move the cursor or recolour the terminal. */
export function safe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' || c === '\t' ? ' ' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

type Cell = string | { text: string; paint: (s: string) => string };

function table(head: string[], rows: Cell[][], c: Colors): string[] {
  const text = (cell: Cell) => (typeof cell === 'string' ? cell : cell.text);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => text(r[i] ?? '').length)));
  const line = (cells: Cell[], header = false) =>
    `  ${cells
      .map((cell, i) => {
        const t = text(cell);
        const padded = i === cells.length - 1 ? t : t.padEnd(widths[i]!);
        if (header) return c.dim(padded);
        return typeof cell === 'string' ? padded : cell.paint(t) + padded.slice(t.length);
      })
      .join('  ')
      .trimEnd()}`;
  return [line(head, true), ...rows.map((r) => line(r))];
}

export function renderTerminal(r: ReportData, c: Colors): string {
  const paint = { native: c.green, compat: c.yellow, manual: c.red };
  const verdict = (v: keyof typeof paint): Cell => ({ text: v, paint: paint[v] });
  const loc = (file: string, line: number) => safe(line > 0 ? `${file}:${line}` : file);
  const out: string[] = [];
  out.push(c.bold(`express-to-fastify scan: ${safe(r.project.name)}`) + c.dim(` (${safe(r.project.root)})`), '');

  out.push(c.bold(`apps and routers (${r.apps.length})`));
  if (r.apps.length) out.push(...table(['KIND', 'NAME', 'PREFIX', 'LOCATION', 'VERDICT'], r.apps.map((a) => [a.kind, safe(a.name), safe(a.prefix ?? ''), loc(a.file, a.line), verdict(a.verdict)]), c));
  else out.push('  no Express app found');
  out.push('');

  out.push(c.bold(`routes (${r.routes.length})`));
  if (r.routes.length) {
    out.push(
      ...table(
        ['METHOD', 'PATH', 'LOCATION', 'VERDICT', 'REASON'],
        r.routes.map((x) => [x.method, safe(x.path ?? '(computed)'), loc(x.file, x.line), verdict(x.verdict), safe(x.reason)]),
        c,
      ),
    );
  } else out.push('  no route found');
  out.push('');

  out.push(c.bold(`middleware (${r.middleware.length})`));
  if (r.middleware.length) {
    out.push(
      ...table(
        ['WHAT', 'MOUNTED ON', 'LOCATION', 'VERDICT', 'REASON'],
        r.middleware.map((m) => [
          safe(middlewareWhat(m)),
          safe(`${m.owner}${m.path !== null ? ` ${m.path}` : ''}`),
          loc(m.file, m.line),
          verdict(m.verdict),
          safe(m.reason),
        ]),
        c,
      ),
    );
  } else out.push('  no middleware found');
  out.push('');

  out.push(c.bold(`needs a human (${r.checklist.length})`));
  if (r.checklist.length) {
    for (const item of r.checklist) {
      const sev = item.severity === 'error' ? c.red : c.yellow;
      out.push(`  ${loc(item.file, item.line)}  ${sev(item.code)}  ${item.subject ? `${safe(item.subject)}: ` : ''}${safe(item.reason)}`);
      if (item.hint) out.push(c.dim(`      ${safe(item.hint)}`));
    }
  } else out.push('  nothing: every route and middleware converts natively');
  out.push('');

  out.push(`${c.bold('summary:')} ${headline(r)}`);
  out.push(
    c.dim(
      'the effort estimate comes from stated assumptions (change them with --assume); --report report.html shows the model and its sources',
    ),
  );
  return `${out.join('\n')}\n`;
}
