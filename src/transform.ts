/**
 * Drives the jscodeshift passes over every file the inventory names: one parse and one print
 * per file, nothing printed when nothing changed, every output re-parsed before it is kept.
 * A failing file never stops the run and is never half-written: it is reported and left as is.
 */
import jscodeshift from 'jscodeshift';
import { makeDiagnostic, type Diagnostic } from './diagnostics.js';
import type { Inventory } from './inventory.js';
import type { Discovered, FileOutcome } from './types.js';
import { parserFor, transformSource } from '../transforms/index.js';

function errorPosition(e: unknown): { line: number; column: number } {
  const loc = (e as { loc?: { line: number; column: number } }).loc;
  return loc ? { line: loc.line, column: loc.column + 1 } : { line: 0, column: 0 };
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}

export function transformProject(discovered: Discovered, inventory: Inventory, diagnostics: Diagnostic[]): FileOutcome[] {
  const byFile = new Map(inventory.files.map((f) => [f.file, f]));
  const outcomes: FileOutcome[] = [];
  for (const file of discovered.files) {
    const unchanged: FileOutcome = { rel: file.rel, path: file.path, status: 'unchanged', before: file.text };
    const inv = byFile.get(file.rel);
    if (!inv || (inv.apps.length === 0 && inv.routes.length === 0)) {
      outcomes.push(unchanged);
      continue;
    }
    let output: string;
    try {
      jscodeshift.withParser(parserFor(file.rel))(file.text);
    } catch (e) {
      const { line, column } = errorPosition(e);
      diagnostics.push(makeDiagnostic('PARSE_ERROR', file.rel, line, column, firstLine(e)));
      for (const r of inv.routes) r.verdict = { kind: 'manual', codes: ['PARSE_ERROR'] };
      outcomes.push({ ...unchanged, status: 'failed' });
      continue;
    }
    try {
      const result = transformSource(file.text, inv, inventory);
      output = result.output;
      diagnostics.push(...result.diagnostics);
      for (const r of inv.routes) {
        const v = result.verdicts.get(r.id);
        if (v) r.verdict = v;
      }
      for (const m of inv.middleware) {
        const v = result.verdicts.get(m.id);
        if (v) m.verdict = v;
      }
    } catch (e) {
      diagnostics.push(makeDiagnostic('TRANSFORM_FAILED', file.rel, 0, 0, firstLine(e)));
      outcomes.push({ ...unchanged, status: 'failed' });
      continue;
    }
    if (output === file.text) {
      outcomes.push(unchanged);
      continue;
    }
    try {
      jscodeshift.withParser(parserFor(file.rel))(output);
    } catch (e) {
      const { line, column } = errorPosition(e);
      diagnostics.push(makeDiagnostic('OUTPUT_UNPARSABLE', file.rel, line, column, firstLine(e)));
      outcomes.push({ ...unchanged, status: 'failed' });
      continue;
    }
    outcomes.push({ ...unchanged, status: 'changed', after: output });
  }
  return outcomes;
}
