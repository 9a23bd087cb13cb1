/**
 * Fingerprints that survive line shifts and formatting, so that a baseline keeps matching while
 * the code around a finding moves: hash of (code, file, normalised code of the finding, the
 * occurrence index among identical ones in that file). Line numbers never enter it.
 */
import { createHash } from 'node:crypto';
import { Node, SyntaxKind } from 'ts-morph';
import { CODES } from '../diagnostics.js';
import type { Finding, RawFinding } from './types.js';

/** Tokens that a formatter adds or drops without changing the code. */
const DROPPED = new Set([SyntaxKind.SemicolonToken]);
const CLOSERS = new Set([SyntaxKind.CloseParenToken, SyntaxKind.CloseBracketToken, SyntaxKind.CloseBraceToken]);

/**
 * The node's code as its tokens, without whitespace, comments, semicolons or trailing commas,
 * with string literals in one quote style and the optional parentheses of a lone arrow
 * parameter dropped: `res.json( { a: "x", } );` and `res.json({a:'x'})` read the same.
 */
export function normalizeCode(node: Node): string {
  const tokens: { kind: SyntaxKind; text: string }[] = [];
  const visit = (n: Node): void => {
    const kind = n.getKind();
    if (kind >= SyntaxKind.FirstJSDocNode && kind <= SyntaxKind.LastJSDocNode) return;
    if (kind === SyntaxKind.StringLiteral || kind === SyntaxKind.NoSubstitutionTemplateLiteral) {
      tokens.push({ kind, text: `'${(n as unknown as { getLiteralValue(): string }).getLiteralValue()}'` });
      return;
    }
    const children = n.getChildren();
    if (children.length === 0) {
      if (!DROPPED.has(kind)) tokens.push({ kind, text: n.getText() });
      return;
    }
    const loneParam = Node.isArrowFunction(n) && isLoneSimpleParam(n);
    for (const child of children) {
      const k = child.getKind();
      if (loneParam && (k === SyntaxKind.OpenParenToken || k === SyntaxKind.CloseParenToken)) continue;
      visit(child);
    }
  };
  visit(node);
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === SyntaxKind.CommaToken && tokens[i + 1] && CLOSERS.has(tokens[i + 1]!.kind)) continue;
    // Keep words apart (`async function`, `return x`): a space only between two word characters.
    if (out && /\w$/.test(out) && /^\w/.test(t.text)) out += ' ';
    out += t.text;
  }
  return out;
}

function isLoneSimpleParam(fn: Node): boolean {
  if (!Node.isArrowFunction(fn)) return false;
  const params = fn.getParameters();
  if (params.length !== 1) return false;
  const p = params[0]!;
  return Node.isIdentifier(p.getNameNode()) && !p.getTypeNode() && !p.getInitializer() && !p.isRestParameter();
}

export function fingerprintOf(code: string, file: string, anchor: string, index: number): string {
  return createHash('sha256').update(`${code}\n${file}\n${anchor}\n${index}`).digest('hex').slice(0, 32);
}

/**
 * Raw findings → findings with fingerprints, sorted by file then position. Identical findings
 * (same code, file and anchor) are numbered in source order, so two `res.json(x)` in one file
 * get different fingerprints and adding a third shows up as exactly one new finding.
 */
export function withFingerprints(raw: RawFinding[]): Finding[] {
  const sorted = [...raw].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.offset - b.offset || compareNames(a, b)));
  const seen = new Map<string, number>();
  return sorted.map((r) => {
    const code = CODES[r.name];
    const key = `${code.id}\n${r.file}\n${r.anchor}`;
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    return {
      code: code.id,
      name: r.name,
      severity: code.severity,
      message: r.detail ? `${code.title}: ${r.detail}` : code.title,
      hint: code.hint,
      file: r.file,
      line: r.line,
      column: r.column,
      fingerprint: fingerprintOf(code.id, r.file, r.anchor, index),
      ...(r.route ? { route: r.route } : {}),
    };
  });
}

function compareNames(a: RawFinding, b: RawFinding): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
