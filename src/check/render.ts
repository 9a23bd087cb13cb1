/**
 * Renderers of a `check` outcome: pure data → string, one per `--format`.
 *  - text: grouped by file, each finding with a one-line fix hint, then a verdict;
 *  - json: everything, for scripts;
 *  - github: GitHub Actions workflow commands (`::error file=…,line=…::…`), shown as annotations;
 *  - sarif: SARIF 2.1.0, which GitHub code scanning (and most CI dashboards) ingest.
 * With a baseline, text and github show only the findings it does not allow; json and sarif
 * carry all of them, marked `new` or `unchanged`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODES, type Severity } from '../diagnostics.js';
import { CHECK_CODE_NAMES, type CheckOutcome, type Finding } from './types.js';

export const FORMATS = ['text', 'json', 'github', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderContext {
  /** Absolute project root: findings' files are relative to it. */
  root: string;
  /** Where the command runs: github and sarif paths are relative to it (the checkout, in CI). */
  cwd: string;
  version: string;
  paint?: { bold: (s: string) => string; dim: (s: string) => string; red: (s: string) => string; yellow: (s: string) => string; green: (s: string) => string };
}

export function render(format: Format, outcome: CheckOutcome, ctx: RenderContext): string {
  switch (format) {
    case 'json':
      return renderJson(outcome);
    case 'github':
      return renderGithub(outcome, ctx);
    case 'sarif':
      return renderSarif(outcome, ctx);
    default:
      return renderText(outcome, ctx);
  }
}

/** What a human must look at: with a baseline, only what it does not allow. */
function shown(outcome: CheckOutcome): Finding[] {
  return outcome.baselineUsed ? outcome.findings.filter((f) => f.baseline === 'new') : outcome.findings;
}

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

/** One line: how many remain, how the baseline and --max-remaining judged them. */
export function verdictLine(outcome: CheckOutcome): string {
  const o = outcome;
  const parts: string[] = [];
  if (o.total === 0) parts.push(`no Express left (${plural(o.filesScanned, 'file')} checked)`);
  else parts.push(`${plural(o.total, 'Express usage')} left in ${plural(new Set(o.findings.map((f) => f.file)).size, 'file')}`);
  if (o.baselineUsed && o.total > 0) parts.push(o.newCount === 0 ? 'all allowed by the baseline' : `${o.newCount} not in the baseline`);
  if (o.maxRemaining !== undefined) parts.push(o.total > o.maxRemaining ? `more than --max-remaining ${o.maxRemaining}` : `at most ${o.maxRemaining} allowed`);
  let line = `check ${o.passed ? 'passed' : 'failed'}: ${parts.join(', ')}`;
  if (o.fixed.length) line += `; ${plural(o.fixed.length, 'baseline entry', 'baseline entries')} fixed since (run with --update-baseline to lock that in)`;
  return line;
}

export function renderText(outcome: CheckOutcome, ctx: Pick<RenderContext, 'paint'>): string {
  const id = (s: string) => s;
  const c = ctx.paint ?? { bold: id, dim: id, red: id, yellow: id, green: id };
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of shown(outcome)) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, list] of byFile) {
    lines.push(c.bold(file));
    const width = Math.max(...list.map((f) => `${f.line}:${f.column}`.length));
    for (const f of list) {
      const pos = `${f.line}:${f.column}`.padEnd(width);
      const paint = f.severity === 'error' ? c.red : f.severity === 'warning' ? c.yellow : c.dim;
      lines.push(`  ${pos}  ${paint(f.code)}  ${f.message}`);
      lines.push(`  ${' '.repeat(width)}  ${' '.repeat(f.code.length)}  ${c.dim(`fix: ${f.hint}`)}`);
    }
    lines.push('');
  }
  const verdict = verdictLine(outcome);
  lines.push(outcome.passed ? c.green(verdict) : c.red(verdict));
  return `${lines.join('\n')}\n`;
}

export function renderJson(outcome: CheckOutcome): string {
  const byCode: Record<string, number> = {};
  for (const f of outcome.findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
  const data = {
    passed: outcome.passed,
    reasons: outcome.reasons,
    summary: {
      filesScanned: outcome.filesScanned,
      total: outcome.total,
      new: outcome.newCount,
      baselined: outcome.baselined,
      fixed: outcome.fixed.length,
      maxRemaining: outcome.maxRemaining ?? null,
      byCode,
    },
    findings: outcome.findings,
    fixed: outcome.fixed,
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** A finding's path as seen from where the command runs (forward slashes). */
function fromCwd(file: string, ctx: Pick<RenderContext, 'root' | 'cwd'>): string {
  return path.relative(ctx.cwd, path.join(ctx.root, file)).split(path.sep).join('/');
}

// GitHub workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export function renderGithub(outcome: CheckOutcome, ctx: Pick<RenderContext, 'root' | 'cwd'>): string {
  const lines = shown(outcome).map((f) => {
    const props = [
      `file=${escapeProperty(fromCwd(f.file, ctx))}`,
      `line=${f.line}`,
      `col=${f.column}`,
      `title=${escapeProperty(`${f.code} ${CODES[f.name].title}`)}`,
    ];
    return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(`${f.message}. ${f.hint}`)}`;
  });
  lines.push(verdictLine(outcome));
  return `${lines.join('\n')}\n`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function ruleName(name: string): string {
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function artifactLocation(file: string, ctx: Pick<RenderContext, 'root' | 'cwd'>): { uri: string; uriBaseId?: string } {
  const rel = fromCwd(file, ctx);
  if (rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return { uri: pathToFileURL(path.join(ctx.root, file)).href };
  return { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export function renderSarif(outcome: CheckOutcome, ctx: Pick<RenderContext, 'root' | 'cwd' | 'version'>): string {
  const rules = CHECK_CODE_NAMES.map((name) => {
    const code = CODES[name];
    return {
      id: code.id,
      name: ruleName(name),
      shortDescription: { text: code.title },
      fullDescription: { text: `${code.title}. ${code.hint}` },
      help: { text: code.hint },
      defaultConfiguration: { level: SARIF_LEVEL[code.severity] },
      properties: { tags: ['express', 'fastify', 'migration'] },
    };
  });
  const results = outcome.findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: CHECK_CODE_NAMES.indexOf(f.name),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(f.file, ctx),
          region: { startLine: f.line, startColumn: f.column },
        },
      },
    ],
    partialFingerprints: { 'expressToFastify/v1': f.fingerprint },
    ...(f.baseline ? { baselineState: f.baseline } : {}),
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'express-to-fastify', semanticVersion: ctx.version, version: ctx.version, rules } },
        invocations: [{ executionSuccessful: true }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
