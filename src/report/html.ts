/**
 * The report as one self-contained HTML page: inline CSS and JS, no network (a Content Security
 * Policy forbids any fetch, and lets only the page's own script run, by hash). Every value is
 * escaped by the `h` template below unless it is markup built by `h` itself, so text taken from
 * the code (a route path such as `/<script>`) can only ever show as text.
 */
import { createHash } from 'node:crypto';
import type { Scenario } from './effort.js';
import type { ChecklistItem, ReportData } from './model.js';
import type { RenderOptions } from './markdown.js';
import { changedWord, middlewareWhat, days, effortRange, hours, modeLabel, NO_SPEED_CLAIM, num, sourceHref, VERDICT_LABEL } from './text.js';

class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Value = Html | string | number | null | undefined | Value[];

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function flatten(v: Value): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(flatten).join('');
  if (v === null || v === undefined) return '';
  return escapeHtml(String(v));
}

/** Markup from a template: the literal parts are trusted, every interpolated value is escaped. */
function h(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += flatten(v) + strings[i + 1]!));
  return new Html(out);
}

const CSS = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #dde1e8; --bg: #f6f7f9; --native: #17803d; --compat: #a35c00; --manual: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header, main { max-width: 1200px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 12px; }
.meta { color: var(--muted); margin: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; margin-top: 20px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card .value { font-size: 26px; font-weight: 650; display: block; }
.card .label { color: var(--muted); font-size: 13px; }
.card.native .value { color: var(--native); } .card.compat .value { color: var(--compat); } .card.manual .value { color: var(--manual); }
.card.wide { grid-column: span 2; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef0f4; font-weight: 600; white-space: nowrap; }
th button { all: unset; cursor: pointer; }
th button:focus-visible { outline: 2px solid #3b6fd8; }
th[aria-sort="ascending"] button::after { content: " ▲"; } th[aria-sort="descending"] button::after { content: " ▼"; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
code, .path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; overflow-wrap: anywhere; }
td.path { min-width: 16ch; }
.verdict { white-space: nowrap; }
.verdict { font-weight: 600; } .verdict.native { color: var(--native); } .verdict.compat { color: var(--compat); } .verdict.manual { color: var(--manual); }
ul.checklist { list-style: none; padding: 0; margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
ul.checklist li { padding: 8px 12px; border-bottom: 1px solid var(--line); display: flex; gap: 10px; }
ul.checklist li:last-child { border-bottom: 0; }
.sev-error { color: var(--manual); } .sev-warning { color: var(--compat); }
.hint { color: var(--muted); display: block; }
.note { color: var(--muted); }
pre { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; white-space: pre-wrap; }
footer { max-width: 1200px; margin: 32px auto; padding: 0 24px; color: var(--muted); font-size: 13px; }
`;

/** Sorts a table by the clicked column: numbers by value (data-sort), text by locale. */
const SCRIPT = `
document.querySelectorAll('table.sortable').forEach(function (table) {
  var heads = table.querySelectorAll('thead th');
  heads.forEach(function (th, col) {
    var button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      var dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
      heads.forEach(function (other) { other.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir);
      var numeric = th.getAttribute('data-type') === 'number';
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (row) {
        var cell = row.cells[col];
        var v = cell.getAttribute('data-sort');
        if (v === null) v = cell.textContent;
        return numeric ? Number(v) : v;
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = numeric ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
        return dir === 'ascending' ? c : -c;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
`;

const scriptHash = createHash('sha256').update(SCRIPT).digest('base64');
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;

export function renderHtml(r: ReportData, options: RenderOptions = {}): string {
  const t = r.totals;
  const e = r.effort;
  const loc = (file: string, line: number) => {
    const text = line > 0 ? `${file}:${line}` : file;
    return options.linkBase === undefined ? h`<code>${text}</code>` : h`<a href="${sourceHref(options.linkBase, file, line)}"><code>${text}</code></a>`;
  };
  const verdict = (v: keyof typeof VERDICT_LABEL) => h`<span class="verdict ${v}">${VERDICT_LABEL[v]}</span>`;
  const card = (id: string, label: string, value: Value, cls = '') =>
    h`<div class="card ${cls}" data-card="${id}"><span class="value">${value}</span><span class="label">${label}</span></div>`;
  const sortTh = (label: string, type: 'text' | 'number' = 'text') => h`<th data-type="${type}"><button type="button">${label}</button></th>`;

  const checklistItem = (c: ChecklistItem) =>
    h`<li><input type="checkbox" aria-label="done"><div>${loc(c.file, c.line)} <strong class="sev-${c.severity}">${c.code}</strong> ${
      c.subject ? h`<span class="path">${c.subject}</span>: ` : ''
    }${c.reason}${c.hint ? h`<span class="hint">${c.hint}</span>` : ''}</div></li>`;

  const col = (f: (s: Scenario) => string) => [e.low, e.expected, e.high].map((s) => h`<td class="num">${f(s)}</td>`);

  const page = h`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Express → Fastify migration report: ${r.project.name}</title>
<style>${new Html(CSS)}</style>
</head>
<body>
<header>
<h1>Express → Fastify migration report: ${r.project.name}</h1>
<p class="meta">Generated by ${r.generator.name} ${r.generator.version} with <code>${r.command}</code>, mode ${modeLabel(r.mode)}${
    r.generatedAt ? `, on ${r.generatedAt}` : ''
  }. Project root <code>${r.project.root}</code>${r.project.outDir ? h`; migrated copy in <code>${r.project.outDir}</code>` : ''}${
    r.project.expressMajor ? `; Express ${r.project.expressMajor}` : ''
  }. Report format version ${r.schemaVersion}.</p>
<section class="cards" aria-label="Summary">
${card('endpoints', 'endpoints found', t.endpoints)}
${card('native', 'converted natively', t.native, 'native')}
${card('compat', 'kept through @fastify/express', t.compat, 'compat')}
${card('manual', 'left for a human', t.manual, 'manual')}
${card('middleware', `middleware mapped (of ${t.middleware.found})`, t.middleware.mapped)}
${card('files', `files ${changedWord(r.mode)} (of ${t.files.scanned})`, t.files.changed)}
${card('schemas', 'schemas inferred', t.schemasInferred)}
${card('openapi', 'OpenAPI operations', t.openapiOperations)}
${card('needs-human', 'items need a human', t.needsHuman, t.needsHuman ? 'manual' : 'native')}
${card('effort', `developer-days saved, estimated (range ${days(e.low.savedDays)} to ${days(e.high.savedDays)})`, days(e.expected.savedDays), 'wide')}
</section>
</header>
<main>
<h2 id="checklist">Needs a human (${r.checklist.length})</h2>
${r.checklist.length ? h`<ul class="checklist">${r.checklist.map(checklistItem)}</ul>` : h`<p>Nothing: every route and middleware converted natively, with no warning.</p>`}

<h2 id="routes">Routes (${r.routes.length})</h2>
${
  r.routes.length
    ? h`<table class="sortable" id="route-table"><thead><tr>${sortTh('Method')}${sortTh('Path')}${sortTh('Location')}${sortTh('Line', 'number')}${sortTh(
        'Verdict',
      )}${sortTh('Reason')}${sortTh('Schemas')}</tr></thead><tbody>${r.routes.map(
        (x) =>
          h`<tr><td>${x.method}</td><td class="path">${x.path ?? h`<em>(computed)</em>`}</td><td>${loc(x.file, x.line)}</td><td class="num" data-sort="${x.line}">${x.line}</td><td data-sort="${x.verdict}">${verdict(
            x.verdict,
          )}</td><td>${x.reason}</td><td>${x.schemas.join(', ')}</td></tr>`,
      )}</tbody></table>`
    : h`<p>No route found.</p>`
}

<h2 id="middleware">Middleware (${r.middleware.length})</h2>
${
  r.middleware.length
    ? h`<table class="sortable" id="middleware-table"><thead><tr>${sortTh('What')}${sortTh('Mounted on')}${sortTh('Location')}${sortTh('Verdict')}${sortTh(
        'Reason',
      )}</tr></thead><tbody>${r.middleware.map(
        (m) =>
          h`<tr><td>${middlewareWhat(m)}</td><td class="path">${m.owner}${
            m.path !== null ? ` ${m.path}` : ''
          }</td><td>${loc(m.file, m.line)}</td><td data-sort="${m.verdict}">${verdict(m.verdict)}</td><td>${m.reason}</td></tr>`,
      )}</tbody></table>`
    : h`<p>No middleware found.</p>`
}

<h2 id="apps">Apps and routers (${r.apps.length})</h2>
${
  r.apps.length
    ? h`<table><thead><tr><th>Kind</th><th>Name</th><th>Prefix</th><th>Location</th><th>Verdict</th></tr></thead><tbody>${r.apps.map(
        (a) => h`<tr><td>${a.kind}</td><td><code>${a.name}</code></td><td class="path">${a.prefix ?? ''}</td><td>${loc(a.file, a.line)}</td><td>${verdict(a.verdict)}</td></tr>`,
      )}</tbody></table>`
    : h`<p>No Express app found.</p>`
}

<h2 id="package-json">package.json changes</h2>
${
  r.packageJson?.changes.length
    ? h`<p>In <code>${r.packageJson.file}</code>:</p><table><thead><tr><th>Section</th><th>Package</th><th>Change</th><th>Before</th><th>After</th></tr></thead><tbody>${r.packageJson.changes.map(
        (c) => h`<tr><td>${c.section}</td><td><code>${c.name}</code></td><td>${c.change}</td><td><code>${c.before ?? ''}</code></td><td><code>${c.after ?? ''}</code></td></tr>`,
      )}</tbody></table>`
    : h`<p>None.</p>`
}

<h2 id="effort">Effort estimate</h2>
<p><strong>${effortRange(e)} saved.</strong> The model, with every input below:</p>
<pre>${e.formula}</pre>
<p class="note">The low end takes every saving at its low value and review at its high value; the high end the reverse.</p>
<table><thead><tr><th>Counted from the inventory</th><th>Value</th></tr></thead><tbody>
<tr><td>nativeEndpoints (routes converted natively)</td><td class="num">${e.inputs.nativeEndpoints}</td></tr>
<tr><td>compatEndpoints (routes kept through @fastify/express)</td><td class="num">${e.inputs.compatEndpoints}</td></tr>
<tr><td>middlewareMapped (middleware converted natively)</td><td class="num">${e.inputs.middlewareMapped}</td></tr>
<tr><td>documentedEndpoints (OpenAPI operations)</td><td class="num">${e.inputs.documentedEndpoints}</td></tr>
<tr><td>filesChanged (files that ${changedWord(r.mode)})</td><td class="num">${e.inputs.filesChanged}</td></tr>
</tbody></table>
<p></p>
<table id="effort-table"><thead><tr><th></th><th class="num">Low</th><th class="num">Expected</th><th class="num">High</th></tr></thead><tbody>
<tr><td>Conversion time avoided (hours)</td>${col((s) => hours(s.conversionMinutes))}</tr>
<tr><td>Documentation time avoided (hours)</td>${col((s) => hours(s.documentationMinutes))}</tr>
<tr><td>Review time (hours, subtracted)</td>${col((s) => hours(s.reviewMinutes))}</tr>
<tr><th>Developer-days saved</th>${col((s) => days(s.savedDays))}</tr>
</tbody></table>
<p></p>
<table><thead><tr><th>Assumption</th><th class="num">Low</th><th class="num">Expected</th><th class="num">High</th><th>Source</th></tr></thead><tbody>${e.assumptions.map(
    (a) =>
      h`<tr><td><code>${a.key}</code>${a.overridden ? ' (overridden)' : ''}<span class="hint">${a.label}</span></td><td class="num">${num(a.low)}</td><td class="num">${num(
        a.expected,
      )}</td><td class="num">${num(a.high)}</td><td>${a.source}</td></tr>`,
  )}</tbody></table>
<p class="note">Override any assumption with <code>--assume key=value</code> (one number, or <code>low,expected,high</code>) or <code>--assumptions file.json</code>.</p>
<p class="note">${NO_SPEED_CLAIM}</p>
${
  r.notes.length
    ? h`<h2 id="notes">Notes</h2><p class="note">Worth a look, not a task.</p><ul class="checklist">${r.notes.map(
        (c) => h`<li><div>${loc(c.file, c.line)} <strong>${c.code}</strong> ${c.reason}${c.hint ? h`<span class="hint">${c.hint}</span>` : ''}</div></li>`,
      )}</ul>`
    : ''
}
${
  r.skipped.length
    ? h`<h2 id="skipped">Skipped files</h2><ul>${r.skipped.map((s) => h`<li><code>${s.file}</code>: ${s.reason}</li>`)}</ul>`
    : ''
}
</main>
<footer>Report format version ${r.schemaVersion}; the same data as JSON: <code>--report report.json</code>.</footer>
<script>${new Html(SCRIPT)}</script>
</body>
</html>
`;
  return page.value;
}
