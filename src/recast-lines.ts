/**
 * recast's line model (not in its public API): the only way to see a text as recast parses and
 * prints it. Resolved from jscodeshift, which depends on recast (it need not be hoisted next to
 * this package).
 */
import { createRequire } from 'node:module';

const requireCjs = createRequire(createRequire(import.meta.url).resolve('jscodeshift'));
const { fromString } = requireCjs('recast/lib/lines') as { fromString(text: string, options: unknown): RecastLines };
const { normalize } = requireCjs('recast/lib/options') as { normalize(options: unknown): unknown };

export interface RecastLines {
  toString(options: unknown): string;
}

const DEFAULTS = normalize({});
const withParser = new WeakMap<object, unknown>();

/** `text` as recast's Lines, with recast's default options or those of a parse with `parser`. */
export function recastLines(text: string, parser?: object): RecastLines {
  if (!parser) return fromString(text, DEFAULTS);
  let options = withParser.get(parser);
  if (!options) withParser.set(parser, (options = normalize({ parser })));
  return fromString(text, options);
}
