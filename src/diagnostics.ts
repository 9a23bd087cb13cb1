/**
 * One registry of diagnostic codes. TODO markers in migrated code, the summary, the report
 * and `check` all speak these codes, so a message is written once, here.
 */
export type Severity = 'info' | 'warning' | 'error';

export interface DiagnosticCode {
  id: string;
  title: string;
  severity: Severity;
  /** What a human should do about it. */
  hint: string;
}

export const CODES = {
  PARSE_ERROR: {
    id: 'E2F001',
    title: 'File could not be parsed',
    severity: 'error',
    hint: 'Fix the syntax error, then run the tool again; the file was left untouched.',
  },
  TRANSFORM_FAILED: {
    id: 'E2F002',
    title: 'Transform failed on this file',
    severity: 'error',
    hint: 'The file was left untouched. Please report the input that triggered it.',
  },
  OUTPUT_UNPARSABLE: {
    id: 'E2F003',
    title: 'Migrated output did not parse',
    severity: 'error',
    hint: 'The file was left untouched. Please report the input that triggered it.',
  },
  UNKNOWN_MIDDLEWARE: {
    id: 'E2F101',
    title: 'Middleware kept through @fastify/express',
    severity: 'warning',
    hint: 'Replace it with a Fastify plugin or hook, then remove @fastify/express.',
  },
  HANDLER_COMPAT: {
    id: 'E2F102',
    title: 'Route handler kept on an Express router through @fastify/express',
    severity: 'warning',
    hint: 'The handler uses the Express response in a way the tool cannot rewrite; port it by hand.',
  },
  EXPRESS_COPY: {
    id: 'E2F114',
    title: 'Function kept twice: converted for Fastify, copied for code still on Express',
    severity: 'warning',
    hint: 'Code kept on Express uses the Express copy; delete the copy once that code is ported.',
  },
  ROUTER_COMPAT: {
    id: 'E2F111',
    title: 'Router kept on Express through @fastify/express',
    severity: 'warning',
    hint: 'Port what the reason names, then run the tool again to turn the router into a Fastify plugin.',
  },
  APP_PASSED_ON: {
    id: 'E2F113',
    title: 'The app is handed to other code, which registers on it with the Express API',
    severity: 'error',
    hint: 'The file was left as it is: migrate the code that receives the app together with it, or register its routes in a Fastify plugin.',
  },
  DYNAMIC_ROUTE: {
    id: 'E2F103',
    title: 'Route path or method is not a literal',
    severity: 'warning',
    hint: 'A computed path: check that it uses Fastify syntax (`:param`, `*`). A computed method: the route is kept through @fastify/express; port it with `app.route({ method, url, handler })`.',
  },
  REGEX_ROUTE: {
    id: 'E2F104',
    title: 'Regular-expression route path',
    severity: 'warning',
    hint: 'Fastify has no regex paths; the route is kept through @fastify/express.',
  },
  APP_PARAM: {
    id: 'E2F105',
    title: '`app.param` callback',
    severity: 'warning',
    hint: 'Converted to a preHandler hook that runs when the route has that parameter.',
  },
  UNSUPPORTED_SETTING: {
    id: 'E2F106',
    title: 'Express setting without a Fastify equivalent',
    severity: 'info',
    hint: 'The setting was removed; check that nothing depended on it.',
  },
  REQUEST_API: {
    id: 'E2F107',
    title: 'Express-only request API',
    severity: 'warning',
    hint: 'Rewrite this use of the Express request by hand.',
  },
  RESPONSE_API: {
    id: 'E2F108',
    title: 'Express-only response API',
    severity: 'warning',
    hint: 'Rewrite this use of the Express response by hand.',
  },
  SERVER_OBJECT: {
    id: 'E2F109',
    title: 'Uses the http.Server of the app',
    severity: 'info',
    hint: 'It is now `app.server`, created with the app; it accepts requests once `app.listen()` or `await app.ready()` resolved.',
  },
  CREATE_SERVER: {
    id: 'E2F112',
    title: 'http.createServer(app) without a server.listen() to convert',
    severity: 'warning',
    hint: 'Fastify owns its server: use `app.server` and start it with `app.listen()` (or `await app.ready()` before using it).',
  },
  EXPORTED_APP: {
    id: 'E2F110',
    title: 'The app is exported',
    severity: 'info',
    hint: 'Callers (tests with supertest, http.createServer) must `await app.ready()` and use `app.server`.',
  },
  // `check` (src/check/): Express that is still there after, or instead of, a migration.
  CHECK_IMPORT: {
    id: 'E2F201',
    title: 'Express is still imported',
    severity: 'error',
    hint: 'Remove the import once nothing in the file uses Express (or @fastify/express) any more.',
  },
  CHECK_APP: {
    id: 'E2F202',
    title: 'Express app',
    severity: 'error',
    hint: 'Run `express-to-fastify migrate` on this file, or create the app with `Fastify()` by hand.',
  },
  CHECK_ROUTER: {
    id: 'E2F203',
    title: 'Express router',
    severity: 'error',
    hint: 'Turn it into a Fastify plugin registered with `{ prefix }` (`express-to-fastify migrate` does this).',
  },
  CHECK_ROUTE: {
    id: 'E2F204',
    title: 'Route served by Express',
    severity: 'error',
    hint: 'Port it to a Fastify route with an `async (request, reply)` handler that returns its payload.',
  },
  CHECK_MIDDLEWARE: {
    id: 'E2F205',
    title: 'Express middleware',
    severity: 'error',
    hint: 'Replace it with a Fastify hook (`addHook`) or an official Fastify plugin.',
  },
  CHECK_RESPONSE: {
    id: 'E2F206',
    title: 'Express response API in a Fastify handler',
    severity: 'error',
    hint: 'Use the Fastify reply: `return payload` or `reply.send()`, `reply.code()`, `reply.header()`, `reply.redirect(url, code)`.',
  },
  CHECK_REQUEST: {
    id: 'E2F207',
    title: 'Express request API in a Fastify handler',
    severity: 'error',
    hint: "Use the Fastify request: `request.headers['name']`, `request.url`, `request.routeOptions.url`.",
  },
  CHECK_NEXT: {
    id: 'E2F208',
    title: '`next` in a Fastify route handler',
    severity: 'error',
    hint: 'Fastify passes no `next` to route handlers: return the payload, or throw the error.',
  },
} as const satisfies Record<string, DiagnosticCode>;

export type CodeName = keyof typeof CODES;

/** One finding, located in a file. */
export interface Diagnostic {
  code: string; // the id, e.g. E2F101
  name: CodeName;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
}

export function makeDiagnostic(
  name: CodeName,
  file: string,
  line: number,
  column: number,
  detail?: string,
): Diagnostic {
  const code = CODES[name];
  return {
    code: code.id,
    name,
    severity: code.severity,
    message: detail ? `${code.title}: ${detail}` : code.title,
    file,
    line,
    column,
  };
}

/** The text of a TODO marker, greppable and identical on every run. */
export function todoText(name: CodeName, detail?: string): string {
  const code = CODES[name];
  return ` TODO(express-to-fastify): ${code.id} ${detail ?? code.title}. ${code.hint}`;
}
