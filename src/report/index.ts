/**
 * The migration report: data built from the plan (model.ts), rendered by pure functions
 * (JSON, Markdown, HTML), the format chosen by the file's extension.
 */
import { renderHtml } from './html.js';
import { renderMarkdown, type RenderOptions } from './markdown.js';
import type { ReportData } from './model.js';

export { buildReport, REPORT_SCHEMA_VERSION, type ReportData, type ReportMeta, type ReportMode } from './model.js';
export { renderHtml } from './html.js';
export { renderMarkdown, type RenderOptions } from './markdown.js';
export { headline } from './text.js';

export type ReportFormat = 'json' | 'markdown' | 'html';

const EXTENSIONS: Record<string, ReportFormat> = {
  '.json': 'json',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
};

/** The format a report file gets from its extension; undefined when the extension is not one of ours. */
export function formatFor(file: string): ReportFormat | undefined {
  const m = /\.[^./\\]+$/.exec(file);
  return m ? EXTENSIONS[m[0].toLowerCase()] : undefined;
}

export const REPORT_EXTENSIONS = Object.keys(EXTENSIONS);

/** The JSON report: the data as is, documented by schema/report.schema.json. */
export function renderJson(r: ReportData): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

export function renderReport(r: ReportData, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return renderJson(r);
    case 'markdown':
      return renderMarkdown(r, options);
    case 'html':
      return renderHtml(r, options);
  }
}
