/** Wording and number formats shared by the renderers, so that every output says the same thing. */
import type { Scenario } from './effort.js';
import type { ReportData, ReportMode } from './model.js';

export const VERDICT_LABEL = {
  native: 'native',
  compat: 'compat (@fastify/express)',
  manual: 'manual',
} as const;

export function modeLabel(mode: ReportMode): string {
  return mode === 'scan' ? 'scan (nothing written)' : mode === 'dry-run' ? 'migrate --dry-run (nothing written)' : mode === 'out' ? 'migrate --out' : 'migrate (in place)';
}

/** Past tense after a migration that wrote, conditional otherwise. */
export const changedWord = (mode: ReportMode) => (mode === 'out' || mode === 'in-place' ? 'changed' : 'would change');

/** One decimal, no false precision; `-0.0` reads as `0.0`. */
export function days(n: number): string {
  const s = (Math.round(n * 10) / 10).toFixed(1);
  return s === '-0.0' ? '0.0' : s;
}

export function hours(minutes: number): string {
  return days(minutes / 60);
}

export function num(n: number): string {
  return Number.isInteger(n) ? String(n) : (Math.round(n * 10) / 10).toFixed(1);
}

export function effortRange(s: { low: Scenario; expected: Scenario; high: Scenario }): string {
  return `${days(s.expected.savedDays)} developer-days (range ${days(s.low.savedDays)} to ${days(s.high.savedDays)})`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One line with the numbers a manager asks for first. */
export function headline(r: ReportData): string {
  const t = r.totals;
  return (
    `${plural(t.endpoints, 'endpoint', 'endpoints')}: ${t.native} native, ${t.compat} compat, ${t.manual} manual; ` +
    `${t.middleware.mapped} of ${t.middleware.found} middleware mapped; ` +
    `${plural(t.files.changed, 'file', 'files')} ${changedWord(r.mode)}; ${plural(t.needsHuman, 'item needs', 'items need')} a human; ` +
    `estimated ${effortRange(r.effort)} saved`
  );
}

/** The report quotes a speed only when it was measured on the user's app, which it never is here. */
export const NO_SPEED_CLAIM =
  'This report makes no speed or cost claim: how much faster Fastify serves an app depends on what its routes do and on ' +
  'the load, so nothing here was measured on your app. Benchmark it before quoting a number.';

/** Where the report's file links point, relative to the report: `linkBase` + the file + `#L<line>`. */
export function sourceHref(linkBase: string, file: string, line: number): string {
  const rel = (linkBase ? `${linkBase.replace(/\/$/, '')}/` : '') + file;
  return `${encodeURI(rel).replace(/#/g, '%23').replace(/\?/g, '%3F')}${line > 0 ? `#L${line}` : ''}`;
}

/** What a middleware is, in words: `cors`, `express.json`, `custom function`, `router (routes/books.js)`. */
export function middlewareWhat(m: { known: string; router: { file: string; name: string } | null }): string {
  if (m.known === 'router' && m.router) return `router${m.router.name === 'router' ? '' : ` ${m.router.name}`} (${m.router.file})`;
  if (m.known === 'unknown') return 'custom function';
  return m.known;
}
