/**
 * The query-string parser of a migrated Express 4 app. Express 4 parses query strings with qs
 * and its own options (lib/utils.js): nested keys, arrays, keys such as `hasOwnProperty` kept,
 * indexes up to 1000. Fastify's default parser does none of that, so the app keeps qs. Most
 * query strings have no bracket and no escape, though, and for those qs's result is a plain
 * split: `&`-separated pairs (at most 1,000, qs's parameterLimit), `+` as a space, repeated keys
 * as arrays, empty keys and `__proto__` dropped, keys on a plain object. qs spent most of a
 * simple GET's parsing time on its general machinery; the split takes a third of that
 * (`npm run bench`, GET /todos?query). test/query-parser.test.ts checks it against qs.
 */

/** Express 4's qs options for query strings. */
export const EXPRESS4_QS_OPTIONS = '{ allowPrototypes: true, arrayLimit: 1000 }';

/** A function declaration `name(str)` for Fastify's `querystringParser`, TypeScript-typed when `ts`. */
export function queryParserSource(name: string, ts: boolean): string {
  const t = (annotation: string) => (ts ? annotation : '');
  return [
    `// Express 4 parsed query strings with qs and these options (nested keys, arrays). For a query`,
    `// string with no bracket and no escape, qs's result is this plain split, which is faster.`,
    `function ${name}(str${t(': string')})${t(': Record<string, unknown>')} {`,
    `  if (/[[\\]%]/.test(str)) return qs.parse(str, ${EXPRESS4_QS_OPTIONS});`,
    `  const plus = str.includes('+');`,
    `  const query${t(': Record<string, string | string[]>')} = {};`,
    `  for (const pair of str.split('&', 1000)) {`,
    `    const eq = pair.indexOf('=');`,
    `    let key = eq === -1 ? pair : pair.slice(0, eq);`,
    `    let value = eq === -1 ? '' : pair.slice(eq + 1);`,
    `    if (plus) [key, value] = [key.replace(/\\+/g, ' '), value.replace(/\\+/g, ' ')];`,
    `    if (key === '' || key === '__proto__') continue;`,
    `    query[key] = Object.hasOwn(query, key) ? ${ts ? '([] as string[])' : '[]'}.concat(query[key]${t('!')}, value) : value;`,
    `  }`,
    `  return query;`,
    `}`,
  ].join('\n');
}
