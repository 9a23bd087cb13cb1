/**
 * jscodeshift's `template` parses the snippet with recast, then walks the whole result with a
 * recast PathVisitor (set up anew for every call) to swap placeholders for the nodes passed in.
 * This one parses the same way, skips the walk for snippets without placeholders (a route's
 * schema, a hook statement), and finds the placeholders with the fast walk (transforms/fast-find.ts)
 * otherwise. Same parse, same nodes; array arguments still go to jscodeshift's own.
 */
import recast from 'recast';
import type { JSCodeshift } from 'jscodeshift';
import { recastLines } from '../src/recast-lines.js';
import { findPaths } from './fast-find.js';

const namedTypes = recast.types.namedTypes as any;

type ParserObject = { parse(code: string): any };
const parsers = new WeakMap<object, ParserObject>();

type Template = JSCodeshift['template'];

/** `parser`: the parser object `api` was built with (jscodeshift's getParser). */
export function installFastTemplate(api: JSCodeshift, parser: unknown): void {
  parsers.set(api, parser as ParserObject);
  const original = api.template;
  const parse = (source: string): any[] => (recast.parse(source, { parser }) as any).program.body;
  const statements = (template: TemplateStringsArray | string[], ...nodes: unknown[]): any[] => {
    if (!nodes.length) return parse(Array.from(template).join(''));
    // Arrays splice into lists in ways of their own: jscodeshift's template handles those.
    if (nodes.some(Array.isArray)) return (original.statements as any)(template, ...nodes);
    return withPlaceholders(api, Array.from(template), nodes, parser);
  };
  const fast = {
    ...original,
    statements,
    statement: (template: TemplateStringsArray | string[], ...nodes: unknown[]) => statements(template, ...nodes)[0],
    expression: (template: TemplateStringsArray | string[], ...nodes: unknown[]) => {
      // As jscodeshift does: parenthesised to parse as an expression, then the parentheses dropped.
      const parts = Array.from(template);
      parts[0] = `(${parts[0]}`;
      parts[parts.length - 1] += ')';
      const expression = statements(parts, ...nodes)[0].expression;
      if (expression.extra) expression.extra.parenthesized = false;
      return expression;
    },
  };
  (api as { template: Template }).template = fast as unknown as Template;
}

let placeholders = 0;

/**
 * jscodeshift's template with nodes (none of them an array): the same source with a unique name
 * per node, the same parse, and each name's identifier replaced as jscodeshift's visitor does it.
 * Its visitor is a recast PathVisitor over the whole snippet, set up anew for every call (a
 * method table over every node type); this finds the names with the fast walk instead.
 */
function withPlaceholders(api: JSCodeshift, template: string[], nodes: unknown[], parser: unknown): any[] {
  const names = nodes.map(() => `$jscodeshift_e2f${placeholders++}$`);
  const source = template.reduce((out, part, i) => out + names[i - 1] + part);
  const file: any = recast.parse(source, { parser });
  const pending = new Map(names.map((name, i) => [name, nodes[i]]));
  for (const path of findPaths(api(file).paths()[0], 'Identifier')) {
    const replacement: any = pending.get(path.node.name);
    if (replacement === undefined) continue;
    pending.delete(path.node.name);
    if (namedTypes.ExpressionStatement.check(path.parent.node)) path.parent.replace(ensureStatement(replacement));
    else path.replace(replacement);
  }
  return file.program.body;
}

/** jscodeshift template's own: a statement as it is (without its location), an expression wrapped. */
function ensureStatement(node: any): any {
  if (!namedTypes.Statement.check(node)) return recast.types.builders.expressionStatement(node);
  delete node.start;
  delete node.end;
  delete node.loc;
  return node;
}

/**
 * The expression `source` as a subtree no pass edits afterwards (a route's schema): parsed by
 * Babel alone, and its own recast `.original`, with the source lines recast prints it from.
 * recast prints it exactly as the text, like a template's node, without building the template's
 * copy of the tree and token index (8x the parse) or comparing the two at print time.
 */
export function settledExpression(api: JSCodeshift, source: string): any {
  const parser = parsers.get(api);
  if (!parser) throw new Error('installFastTemplate was not called for this jscodeshift API');
  const text = `(${source})`;
  const expression = parser.parse(text).program.body[0].expression;
  if (expression.extra) expression.extra.parenthesized = false;
  expression.loc.lines = recastLines(text, parser);
  expression.loc.indent = 0;
  Object.defineProperty(expression, 'original', { value: expression, configurable: false, enumerable: false, writable: true });
  return expression;
}
