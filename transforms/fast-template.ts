/**
 * jscodeshift's `template` parses the snippet with recast, then walks the whole result with
 * recast's PathVisitor to swap placeholders for the nodes passed in. Most snippets the passes
 * build have no placeholder (a route's schema object, a hook statement), and for those the walk
 * finds nothing: it only builds a NodePath for every node of the snippet. This template skips it
 * then, and hands snippets with placeholders to jscodeshift's own. Same parse, same nodes.
 */
import { createRequire } from 'node:module';
import recast from 'recast';
import type { JSCodeshift } from 'jscodeshift';

// recast's line model (not in its public API), resolved as src/analyze/index.ts does.
const requireCjs = createRequire(createRequire(import.meta.url).resolve('jscodeshift'));
const { fromString: linesFromString } = requireCjs('recast/lib/lines') as { fromString(text: string, options: unknown): unknown };
const { normalize: normalizeRecastOptions } = requireCjs('recast/lib/options') as { normalize(options: unknown): unknown };

type ParserObject = { parse(code: string): any };
const parsers = new WeakMap<object, ParserObject>();

type Template = JSCodeshift['template'];

/** `parser`: the parser object `api` was built with (jscodeshift's getParser). */
export function installFastTemplate(api: JSCodeshift, parser: unknown): void {
  parsers.set(api, parser as ParserObject);
  const original = api.template;
  const parse = (source: string): any[] => (recast.parse(source, { parser }) as any).program.body;
  const statements = (template: TemplateStringsArray | string[], ...nodes: unknown[]): any[] =>
    nodes.length ? (original.statements as any)(template, ...nodes) : parse(Array.from(template).join(''));
  const fast = {
    ...original,
    statements,
    statement: (template: TemplateStringsArray | string[], ...nodes: unknown[]) => (nodes.length ? (original.statement as any)(template, ...nodes) : statements(template)[0]),
    expression: (template: TemplateStringsArray | string[], ...nodes: unknown[]) => {
      if (nodes.length) return (original.expression as any)(template, ...nodes);
      // As jscodeshift does: parenthesised to parse as an expression, then the parentheses dropped.
      const expression = statements([`(${Array.from(template).join('')})`])[0].expression;
      if (expression.extra) expression.extra.parenthesized = false;
      return expression;
    },
  };
  (api as { template: Template }).template = fast as unknown as Template;
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
  expression.loc.lines = linesFromString(text, normalizeRecastOptions({ parser }));
  expression.loc.indent = 0;
  Object.defineProperty(expression, 'original', { value: expression, configurable: false, enumerable: false, writable: true });
  return expression;
}
