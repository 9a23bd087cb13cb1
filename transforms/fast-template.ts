/**
 * jscodeshift's `template` parses the snippet with recast, then walks the whole result with
 * recast's PathVisitor to swap placeholders for the nodes passed in. Most snippets the passes
 * build have no placeholder (a route's schema object, a hook statement), and for those the walk
 * finds nothing: it only builds a NodePath for every node of the snippet. This template skips it
 * then, and hands snippets with placeholders to jscodeshift's own. Same parse, same nodes.
 */
import recast from 'recast';
import type { JSCodeshift } from 'jscodeshift';

type Template = JSCodeshift['template'];

/** `parser`: the parser object `api` was built with (jscodeshift's getParser). */
export function installFastTemplate(api: JSCodeshift, parser: unknown): void {
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
