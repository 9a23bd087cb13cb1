/**
 * The report's data: built once from the migration plan (the inventory plus what the transforms
 * did), then handed to the renderers (JSON, Markdown, HTML, terminal). Every number in it is
 * counted from the inventory, the plan or a stated assumption (see effort.ts). Plain data,
 * documented by schema/report.schema.json; bump REPORT_SCHEMA_VERSION on a breaking change.
 */
import path from 'node:path';
import { CODES, type Diagnostic, type Severity } from '../diagnostics.js';
import type { Inventory, Middleware, Route, RouteSchemas, VerdictKind } from '../inventory.js';
import type { FileStatus, MigrationPlan } from '../types.js';
import { DEFAULT_ASSUMPTIONS, estimateEffort, type Assumptions, type EffortEstimate } from './effort.js';

export const REPORT_SCHEMA_VERSION = 1;

export type ReportMode = 'scan' | 'dry-run' | 'out' | 'in-place';

export interface ReportMeta {
  command: 'scan' | 'migrate';
  mode: ReportMode;
  toolVersion: string;
  /** ISO date; omitted (null in the report) to make the output reproducible. */
  generatedAt?: string;
  /** `--out` folder (absolute), when the migrated copy went there. */
  outDir?: string;
}

export interface Totals {
  endpoints: number;
  native: number;
  compat: number;
  manual: number;
  apps: number;
  routers: { found: number; native: number; compat: number };
  /** `use` calls other than router mounts. `mapped`: converted natively (plugin, hook, dropped). */
  middleware: { found: number; mapped: number; compat: number; manual: number };
  routerMounts: number;
  files: { scanned: number; changed: number; failed: number };
  /** Schema fragments inferred (params, querystring, body, one per response status). */
  schemasInferred: number;
  /** Endpoints with an inferred schema and a literal path: what an OpenAPI document would describe. */
  openapiOperations: number;
  /** Items in the "needs a human" checklist. */
  needsHuman: number;
  diagnostics: Record<Severity, number>;
}

export interface ReportRoute {
  id: string;
  method: string;
  /** Full path with mount prefixes, as written in Express syntax; null when not a literal. */
  path: string | null;
  file: string;
  line: number;
  column: number;
  owner: string;
  verdict: VerdictKind;
  codes: string[];
  /** Why the verdict is not `native`, in words ('' for native routes). */
  reason: string;
  middlewareCount: number;
  /** Which schema parts were inferred: `params`, `querystring`, `body`, `response 200`, … */
  schemas: string[];
}

export interface ReportMiddleware {
  id: string;
  owner: string;
  path: string | null;
  known: string;
  file: string;
  line: number;
  column: number;
  verdict: VerdictKind;
  codes: string[];
  reason: string;
  /** For a router mount: the file and name of the router. */
  router: { file: string; name: string } | null;
}

export interface ReportApp {
  name: string;
  kind: 'app' | 'router';
  file: string;
  line: number;
  prefix: string | null;
  verdict: VerdictKind;
}

export interface ChecklistItem {
  file: string;
  line: number;
  column: number;
  /** Diagnostic id (E2F101…). */
  code: string;
  severity: Severity;
  title: string;
  /** The exact reason: the diagnostic's message, or the verdict's code title. */
  reason: string;
  /** What to do about it (from the diagnostics registry). */
  hint: string;
  /** What it is about, when it sits on a route or a middleware: `GET /users`, `middleware cors`. */
  subject: string | null;
}

export interface DependencyChange {
  section: string;
  name: string;
  before: string | null;
  after: string | null;
  change: 'added' | 'removed' | 'changed';
}

export interface PackageJsonChanges {
  file: string;
  changes: DependencyChange[];
}

export interface ReportData {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generator: { name: 'express-to-fastify'; version: string };
  generatedAt: string | null;
  command: 'scan' | 'migrate';
  mode: ReportMode;
  project: { name: string; root: string; outDir: string | null; expressMajor: 4 | 5 | null };
  totals: Totals;
  apps: ReportApp[];
  routes: ReportRoute[];
  middleware: ReportMiddleware[];
  checklist: ChecklistItem[];
  /** Info diagnostics: worth a look, not a task. */
  notes: ChecklistItem[];
  files: Array<{ file: string; status: FileStatus }>;
  skipped: Array<{ file: string; reason: string }>;
  packageJson: PackageJsonChanges | null;
  effort: EffortEstimate;
}

// ─── Helpers ────────────────────────────────────────────────────────────────────────────────

type CodeEntry = (typeof CODES)[keyof typeof CODES];
const byId = new Map<string, CodeEntry>(Object.values(CODES).map((c) => [c.id, c]));

/** Verdicts carry code names (HANDLER_COMPAT) or ids (E2F102): the report speaks ids. */
function codeEntry(code: string): CodeEntry | undefined {
  return (CODES as Record<string, CodeEntry>)[code] ?? byId.get(code);
}
const codeId = (code: string) => codeEntry(code)?.id ?? code;

/** Codes that concern a whole file: a diagnostic anywhere in the file explains them. */
const FILE_LEVEL = new Set<string>([CODES.PARSE_ERROR.id, CODES.TRANSFORM_FAILED.id, CODES.OUTPUT_UNPARSABLE.id]);

function schemaParts(s: RouteSchemas): string[] {
  const parts: string[] = [];
  if (s.params !== undefined) parts.push('params');
  if (s.querystring !== undefined) parts.push('querystring');
  if (s.body !== undefined) parts.push('body');
  for (const status of Object.keys(s.response ?? {})) parts.push(`response ${status}`);
  return parts;
}

const routeLabel = (r: Route) => `${r.method} ${r.fullPath ?? r.path ?? '(computed path)'}`;
const middlewareLabel = (m: Middleware) =>
  m.known === 'router' ? `router mount ${m.path ?? '/'}` : m.known === 'unknown' ? 'custom middleware' : `middleware ${m.known}`;

class DiagnosticIndex {
  private readonly byLine = new Map<string, Diagnostic[]>();
  private readonly byFile = new Map<string, Diagnostic[]>();
  constructor(diagnostics: Diagnostic[]) {
    for (const d of diagnostics) {
      const k = `${d.file}:${d.line}`;
      this.byLine.set(k, [...(this.byLine.get(k) ?? []), d]);
      this.byFile.set(d.file, [...(this.byFile.get(d.file) ?? []), d]);
    }
  }
  /** The diagnostic that explains `code` for an item at file:line, if one was reported. */
  find(code: string, file: string, line: number): Diagnostic | undefined {
    const id = codeId(code);
    const here = this.byLine.get(`${file}:${line}`)?.find((d) => d.code === id);
    if (here) return here;
    if (FILE_LEVEL.has(id)) return this.byFile.get(file)?.find((d) => d.code === id);
    return undefined;
  }
  /** A router-level reason (E2F111) for a route or middleware of a router kept on Express. */
  routerReason(file: string, owner: string): Diagnostic | undefined {
    return this.byFile.get(file)?.find((d) => d.code === CODES.ROUTER_COMPAT.id && d.message.includes(`${owner}:`));
  }
}

function reasonFor(
  codes: string[],
  file: string,
  line: number,
  owner: string,
  ownerIsCompatRouter: boolean,
  index: DiagnosticIndex,
): string {
  const parts = codes.map((code) => {
    const d = index.find(code, file, line);
    if (d) return d.file === file && d.line === line ? d.message : `${d.message} (${d.file}:${d.line})`;
    const router = ownerIsCompatRouter ? index.routerReason(file, owner) : undefined;
    if (router) return `${codeEntry(code)?.title ?? code}: ${router.message}`;
    return codeEntry(code)?.title ?? code;
  });
  return [...new Set(parts)].join('; ');
}

function dependencyChanges(before: string, after: string): DependencyChange[] {
  let a: Record<string, unknown>;
  let b: Record<string, unknown>;
  try {
    a = JSON.parse(before) as Record<string, unknown>;
    b = JSON.parse(after) as Record<string, unknown>;
  } catch {
    return [];
  }
  const out: DependencyChange[] = [];
  for (const section of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const was = (a[section] ?? {}) as Record<string, string>;
    const now = (b[section] ?? {}) as Record<string, string>;
    for (const name of Object.keys(was)) {
      if (!(name in now)) out.push({ section, name, before: String(was[name]), after: null, change: 'removed' });
      else if (now[name] !== was[name]) out.push({ section, name, before: String(was[name]), after: String(now[name]), change: 'changed' });
    }
    for (const name of Object.keys(now)) {
      if (!(name in was)) out.push({ section, name, before: null, after: String(now[name]), change: 'added' });
    }
  }
  return out;
}

function projectName(plan: MigrationPlan): string {
  const pkg = plan.files.find((f) => path.posix.basename(f.rel) === 'package.json');
  if (pkg) {
    try {
      const name = (JSON.parse(pkg.before) as { name?: unknown }).name;
      if (typeof name === 'string' && name) return name;
    } catch {
      // fall through to the folder name
    }
  }
  return path.basename(plan.root) || plan.root;
}

const byLocation = <T extends { file: string; line: number; column: number }>(a: T, b: T) =>
  a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;

// ─── Build ───────────────────────────────────────────────────────────────────────────────────

export interface BuildOptions {
  assumptions?: Assumptions;
  /**
   * Operations in the OpenAPI document this run produced, when it produced one. Without it the
   * count is derived from the inventory: routes with a literal path and an inferred schema.
   */
  openapiOperations?: number;
}

export function buildReport(plan: MigrationPlan, meta: ReportMeta, options: BuildOptions = {}): ReportData {
  const inventory: Inventory = plan.inventory;
  const index = new DiagnosticIndex(plan.diagnostics);

  // Every route once, even if a file were listed twice.
  const seen = new Set<string>();
  const routes: Route[] = [];
  const middleware: Middleware[] = [];
  const compatRouters = new Set<string>();
  for (const f of inventory.files) {
    for (const a of f.apps) if (a.kind === 'router' && a.verdict?.kind === 'compat') compatRouters.add(`${f.file}#${a.name}`);
    for (const r of f.routes) if (!seen.has(`route ${r.id}`)) (seen.add(`route ${r.id}`), routes.push(r));
    for (const m of f.middleware) if (!seen.has(`mw ${m.id}`)) (seen.add(`mw ${m.id}`), middleware.push(m));
  }
  const isCompatRouter = (file: string, owner: string) => compatRouters.has(`${file}#${owner}`);

  const reportRoutes: ReportRoute[] = routes.map((r) => ({
    id: r.id,
    method: r.method,
    path: r.fullPath ?? r.path ?? null,
    file: r.location.file,
    line: r.location.line,
    column: r.location.column,
    owner: r.owner,
    verdict: r.verdict.kind,
    codes: r.verdict.codes.map(codeId),
    reason: r.verdict.kind === 'native' && r.verdict.codes.length === 0 ? '' : reasonFor(r.verdict.codes, r.location.file, r.location.line, r.owner, isCompatRouter(r.location.file, r.owner), index),
    middlewareCount: r.middlewareCount,
    schemas: schemaParts(r.schemas ?? {}),
  }));

  const reportMiddleware: ReportMiddleware[] = middleware.map((m) => ({
    id: m.id,
    owner: m.owner,
    path: m.path ?? null,
    known: m.known,
    file: m.location.file,
    line: m.location.line,
    column: m.location.column,
    verdict: m.verdict.kind,
    codes: m.verdict.codes.map(codeId),
    reason: m.verdict.kind === 'native' && m.verdict.codes.length === 0 ? '' : reasonFor(m.verdict.codes, m.location.file, m.location.line, m.owner, isCompatRouter(m.location.file, m.owner), index),
    router: m.router ? { file: m.router.file, name: m.router.name } : null,
  }));

  const failed = new Set(plan.files.filter((f) => f.status === 'failed').map((f) => f.rel));
  const apps: ReportApp[] = inventory.files.flatMap((f) =>
    f.apps.map((a) => ({
      name: a.name,
      kind: a.kind,
      file: a.location.file,
      line: a.location.line,
      prefix: a.prefix ?? null,
      // Apps have no verdict of their own: one in a file that could not be migrated is manual.
      verdict: a.verdict?.kind ?? (failed.has(f.file) ? 'manual' : 'native'),
    })),
  );

  // ── The checklist: every warning and error, then every non-native item no diagnostic covers.
  const subjectAt = new Map<string, string>();
  for (const r of routes) subjectAt.set(`${r.location.file}:${r.location.line}`, routeLabel(r));
  for (const m of middleware) if (!subjectAt.has(`${m.location.file}:${m.location.line}`)) subjectAt.set(`${m.location.file}:${m.location.line}`, middlewareLabel(m));
  const item = (d: Diagnostic): ChecklistItem => {
    const entry = byId.get(d.code);
    return {
      file: d.file,
      line: d.line,
      column: d.column,
      code: d.code,
      severity: d.severity,
      title: entry?.title ?? d.code,
      reason: d.message,
      hint: entry?.hint ?? '',
      subject: subjectAt.get(`${d.file}:${d.line}`) ?? null,
    };
  };
  const checklist = plan.diagnostics.filter((d) => d.severity !== 'info').map(item);
  const notes = plan.diagnostics.filter((d) => d.severity === 'info').map(item).sort(byLocation);
  const uncovered = (
    kind: VerdictKind,
    codes: string[],
    file: string,
    line: number,
    column: number,
    owner: string,
    subject: string,
  ) => {
    if (kind === 'native') return;
    const list = codes.length ? codes : [kind === 'compat' ? CODES.HANDLER_COMPAT.id : ''];
    for (const code of list) {
      if (index.find(code, file, line)) continue;
      const entry = codeEntry(code);
      checklist.push({
        file,
        line,
        column,
        code: entry?.id ?? code,
        severity: entry?.severity ?? 'warning',
        title: entry?.title ?? `left for a human (${kind})`,
        reason: reasonFor([code], file, line, owner, isCompatRouter(file, owner), index) || `verdict ${kind}`,
        hint: entry?.hint ?? '',
        subject,
      });
    }
  };
  for (const r of routes) uncovered(r.verdict.kind, r.verdict.codes, r.location.file, r.location.line, r.location.column, r.owner, routeLabel(r));
  for (const m of middleware) uncovered(m.verdict.kind, m.verdict.codes, m.location.file, m.location.line, m.location.column, m.owner, middlewareLabel(m));
  checklist.sort((a, b) => byLocation(a, b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  // ── package.json
  const pkg = plan.files.find((f) => path.posix.basename(f.rel) === 'package.json' && f.status === 'changed' && f.after !== undefined);
  const packageJson = pkg ? { file: pkg.rel, changes: dependencyChanges(pkg.before, pkg.after!) } : null;

  // ── Totals
  const count = <T>(xs: T[], p: (x: T) => boolean) => xs.filter(p).length;
  const plainMiddleware = middleware.filter((m) => m.known !== 'router');
  const routers = apps.filter((a) => a.kind === 'router');
  const filesChanged = count(plan.files, (f) => f.status === 'changed');
  const totals: Totals = {
    endpoints: routes.length,
    native: count(routes, (r) => r.verdict.kind === 'native'),
    compat: count(routes, (r) => r.verdict.kind === 'compat'),
    manual: count(routes, (r) => r.verdict.kind === 'manual'),
    apps: count(apps, (a) => a.kind === 'app'),
    routers: {
      found: routers.length,
      native: count(routers, (a) => a.verdict === 'native'),
      compat: count(routers, (a) => a.verdict !== 'native'),
    },
    middleware: {
      found: plainMiddleware.length,
      mapped: count(plainMiddleware, (m) => m.verdict.kind === 'native'),
      compat: count(plainMiddleware, (m) => m.verdict.kind === 'compat'),
      manual: count(plainMiddleware, (m) => m.verdict.kind === 'manual'),
    },
    routerMounts: middleware.length - plainMiddleware.length,
    files: { scanned: plan.files.length, changed: filesChanged, failed: count(plan.files, (f) => f.status === 'failed') },
    schemasInferred: reportRoutes.reduce((n, r) => n + r.schemas.length, 0),
    openapiOperations: options.openapiOperations ?? count(reportRoutes, (r) => r.schemas.length > 0 && r.path !== null),
    needsHuman: checklist.length,
    diagnostics: {
      error: count(plan.diagnostics, (d) => d.severity === 'error'),
      warning: count(plan.diagnostics, (d) => d.severity === 'warning'),
      info: count(plan.diagnostics, (d) => d.severity === 'info'),
    },
  };

  const effort = estimateEffort(
    {
      nativeEndpoints: totals.native,
      compatEndpoints: totals.compat,
      documentedEndpoints: totals.openapiOperations,
      middlewareMapped: totals.middleware.mapped,
      filesChanged,
    },
    options.assumptions ?? DEFAULT_ASSUMPTIONS,
  );

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: { name: 'express-to-fastify', version: meta.toolVersion },
    generatedAt: meta.generatedAt ?? null,
    command: meta.command,
    mode: meta.mode,
    project: { name: projectName(plan), root: plan.root, outDir: meta.outDir ?? null, expressMajor: inventory.expressMajor ?? null },
    totals,
    apps,
    routes: reportRoutes,
    middleware: reportMiddleware,
    checklist,
    notes,
    files: plan.files.map((f) => ({ file: f.rel, status: f.status })),
    skipped: plan.skipped.map((s) => ({ file: s.rel, reason: s.reason })),
    packageJson,
    effort,
  };
}
