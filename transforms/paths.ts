/**
 * Express route paths → find-my-way (Fastify) paths. Express's default case-insensitive and
 * trailing-slash-tolerant matching is restored globally through `routerOptions` (bootstrap);
 * here each path's syntax is translated, or refused when Fastify cannot express it.
 */
export interface FastifyPath {
  path: string;
  /** Express 4 unnamed `*`: `req.params[0]` becomes `request.params['*']`. */
  hasStarWildcard: boolean;
  /** Express 5 named wildcards (`/*splat`): Express gives them as arrays of segments. */
  splatNames: string[];
}

export type PathResult = { ok: true; value: FastifyPath } | { ok: false; reason: string };

function express5(path: string): PathResult {
  let p = path;
  const splatNames: string[] = [];
  // `{/:format}` or `{/*rest}` as the last segment: an optional parameter / wildcard.
  const optionalTail = p.match(/\{\/([:*])(\w+)\}$/);
  if (optionalTail) {
    p = p.slice(0, optionalTail.index) + (optionalTail[1] === ':' ? `/:${optionalTail[2]}?` : `/*${optionalTail[2]}`);
  }
  if (/[{}]/.test(p)) return { ok: false, reason: 'optional group in the middle of an Express 5 path' };
  const star = p.match(/\*(\w+)$/);
  if (star) {
    splatNames.push(star[1]!);
    p = p.slice(0, star.index) + '*';
  }
  if (p.slice(0, -1).includes('*')) return { ok: false, reason: 'wildcard before the end of the path' };
  if (/[()[\]+]/.test(p.replace(/:\w+\?$/, ''))) return { ok: false, reason: 'reserved character in an Express 5 path' };
  return { ok: true, value: { path: p, hasStarWildcard: false, splatNames } };
}

function express4(path: string): PathResult {
  // `:id(\\d+)` → find-my-way's anchored regex parameter.
  let p = path.replace(/:(\w+)\(([^)]*)\)/g, (_m, name: string, re: string) => `:${name}(^${re}$)`);
  const withoutParams = p.replace(/:\w+(\(\^[^)]*\$\))?\??/g, '');
  if (/[?+()]/.test(withoutParams)) return { ok: false, reason: 'Express 4 path pattern characters (?, +, parentheses)' };
  const stars = (p.match(/\*/g) ?? []).length;
  if (stars > 1 || (stars === 1 && !p.endsWith('*'))) return { ok: false, reason: 'wildcard before the end of the path' };
  const optionalInMiddle = /:\w+(\(\^[^)]*\$\))?\?(?!$)/.test(p);
  if (optionalInMiddle) return { ok: false, reason: 'optional parameter before the end of the path' };
  // Express 4's `*` also matches the empty string after the prefix: `/files*` → `/files*` is fine in Fastify.
  p = p === '*' ? '/*' : p;
  return { ok: true, value: { path: p, hasStarWildcard: stars === 1, splatNames: [] } };
}

export function toFastifyPath(path: string, expressMajor: 4 | 5 | undefined): PathResult {
  // Without a version in package.json, read the syntax itself: `{` or `*name` only exist in Express 5.
  const looks5 = /[{}]|\*\w/.test(path);
  return expressMajor === 5 || (expressMajor === undefined && looks5) ? express5(path) : express4(path);
}
