/** JSON values as JavaScript source: bare keys, the file's quote style, short objects on one line. */
const IDENT = /^[A-Za-z_$][\w$]*$/;
const MAX_INLINE = 72;

export interface PrintOptions {
  quote: "'" | '"';
  /** Indentation unit. */
  indent?: string;
}

function str(s: string, q: string): string {
  const escaped = JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"');
  return q + escaped.replace(new RegExp(q, 'g'), `\\${q}`) + q;
}

function key(k: string, q: string): string {
  return IDENT.test(k) || /^(0|[1-9]\d*)$/.test(k) ? k : str(k, q);
}

/** Prints a value; `level` is the indentation depth of the line the value starts on. */
export function printJs(value: unknown, opts: PrintOptions, level = 0): string {
  const unit = opts.indent ?? '  ';
  const q = opts.quote;
  if (value === null) return 'null';
  if (typeof value === 'string') return str(value, q);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.map((v) => printJs(v, opts, level + 1));
    const inline = `[${items.join(', ')}]`;
    if (!items.some((i) => i.includes('\n')) && inline.length <= MAX_INLINE) return inline;
    const pad = unit.repeat(level + 1);
    return `[\n${items.map((i) => pad + i).join(',\n')}\n${unit.repeat(level)}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const parts = entries.map(([k, v]) => `${key(k, q)}: ${printJs(v, opts, level + 1)}`);
    const inline = `{ ${parts.join(', ')} }`;
    if (!parts.some((p) => p.includes('\n')) && inline.length <= MAX_INLINE) return inline;
    const pad = unit.repeat(level + 1);
    return `{\n${parts.map((p) => pad + p).join(',\n')}\n${unit.repeat(level)}}`;
  }
  return 'undefined';
}
