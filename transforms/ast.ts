/** Small AST helpers shared by the passes. */
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import { todoText, type CodeName } from '../src/diagnostics.js';
import { firstPaths } from './fast-find.js';

type Node = any;

/** The string value of a string literal or a template without substitutions. */
export function stringValue(node: Node): string | undefined {
  if (!node) return undefined;
  if ((node.type === 'StringLiteral' || node.type === 'Literal') && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return undefined;
}

/** Sets a string literal's value, keeping the quote style it was written with. */
export function setStringValue(node: Node, value: string): void {
  if (node.type === 'TemplateLiteral') {
    node.quasis[0].value = { raw: value.replace(/[`\\$]/g, (c: string) => `\\${c}`), cooked: value };
    return;
  }
  const raw: string | undefined = node.extra?.raw ?? node.raw;
  const quote = raw?.startsWith('"') ? '"' : "'";
  const escaped = value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`);
  node.value = value;
  node.extra = { rawValue: value, raw: `${quote}${escaped}${quote}` };
  if ('raw' in node) node.raw = `${quote}${escaped}${quote}`;
}

/** Maps the start offset of every `x.name(...)` callee property to its call expression path. */
export function callsByPropertyOffset(j: JSCodeshift, root: Collection): Map<number, ASTPath> {
  const map = new Map<number, ASTPath>();
  root.find(j.CallExpression).forEach((p: any) => {
    const callee = p.node.callee;
    if (callee.type === 'MemberExpression' && callee.property.start != null) map.set(callee.property.start, p);
  });
  return map;
}

/** Maps the start offset of every node that may be an argument (functions, calls, identifiers). */
export function nodesByOffset(j: JSCodeshift, root: Collection): Map<number, ASTPath> {
  const map = new Map<number, ASTPath>();
  root.find(j.Node).forEach((p: any) => {
    if (p.node.start != null && !map.has(p.node.start)) map.set(p.node.start, p);
  });
  return map;
}

/** The identifier a call chain starts from: `app` in `app.route('/x').get(f)` (undefined for `a().b()`). */
export function chainReceiver(call: Node): Node | undefined {
  let obj: Node = call.callee;
  while (obj?.type === 'MemberExpression' || obj?.type === 'CallExpression') obj = obj.type === 'MemberExpression' ? obj.object : obj.callee;
  return obj?.type === 'Identifier' ? obj : undefined;
}

/** The statement path that contains a path. */
export function statementOf(path: ASTPath): ASTPath | undefined {
  let p: any = path;
  while (p && p.parent) {
    const parentType = p.parent.node.type;
    if (parentType === 'Program' || parentType === 'BlockStatement' || parentType === 'SwitchCase') return p;
    p = p.parent;
  }
  return undefined;
}

/** Puts a `// TODO(express-to-fastify): …` line above a statement, once. */
export function addTodo(j: JSCodeshift, stmt: ASTPath, name: CodeName, detail?: string): void {
  const text = todoText(name, detail);
  const node: any = stmt.node;
  const comments: any[] = node.comments ?? (node.comments = []);
  // One marker per code and statement, whatever its wording: a rerun may know the reason differently.
  const marker = text.slice(0, text.indexOf(' ', text.indexOf('):') + 3));
  if (comments.some((c) => typeof c.value === 'string' && c.value.startsWith(marker))) return;
  const comment: any = j.commentLine(text, true, false);
  comments.push(comment);
}

/** The Program path of a parsed file: what `root.find(j.Program).paths()[0]` gives, without walking the whole tree for it. */
export function programPath(root: Collection): ASTPath<any> {
  const top: any = root.paths()[0];
  return top.node.type === 'Program' ? top : top.get('program');
}

/** The Program body and the index of the top-level statement that contains a path. */
export function topLevelIndex(path: ASTPath): { body: Node[]; index: number } | undefined {
  let p: any = path;
  while (p.parent && p.parent.node.type !== 'Program') p = p.parent;
  if (!p.parent) return undefined;
  const body = p.parent.node.body;
  return { body, index: body.indexOf(p.node) };
}

/** Finds the function a local name refers to: `function f(){}`, `const f = () => {}`. */
export function findLocalFunction(_j: JSCodeshift, root: Collection, name: string): ASTPath | undefined {
  // The first declaration wins, else the first variable holding a function: both from one walk.
  const [decl, v] = firstPaths(root, [
    { typeName: 'FunctionDeclaration', test: (n) => n.id?.name === name },
    { typeName: 'VariableDeclarator', test: (n) => n.id?.name === name && (n.init?.type === 'ArrowFunctionExpression' || n.init?.type === 'FunctionExpression') },
  ]);
  if (decl) return decl;
  return v ? v.get('init') : undefined;
}

/** Removes a statement, handing its comments to the statement after it (or before it). */
export function pruneKeepingComments(stmt: ASTPath): void {
  const node: any = stmt.node;
  const comments: any[] | undefined = node.comments;
  const parent: any = stmt.parent?.node;
  const list: any[] | undefined = parent && (Array.isArray(parent.body) ? parent.body : parent.consequent);
  if (comments?.length && list) {
    const index = list.indexOf(node);
    const leading = comments.filter((c) => c.leading);
    const trailing = comments.filter((c) => !c.leading);
    const next = list[index + 1];
    const prev = list[index - 1];
    if (leading.length && next) next.comments = [...leading, ...(next.comments ?? [])];
    else if (leading.length && prev) prev.comments = [...(prev.comments ?? []), ...leading.map((c) => ({ ...c, leading: false, trailing: true }))];
    if (trailing.length && prev) prev.comments = [...(prev.comments ?? []), ...trailing];
  }
  stmt.prune();
}

/**
 * Fresh copies of comments for a node built from source text: recast cannot print a comment
 * whose location points into another file's text.
 */
export function freshComments(j: JSCodeshift, comments: any[] | undefined): any[] | undefined {
  if (!comments?.length) return comments;
  return comments.map((c) =>
    c.type === 'CommentBlock' || c.type === 'Block' ? j.commentBlock(c.value, c.leading, c.trailing) : j.commentLine(c.value, c.leading, c.trailing),
  );
}
