/**
 * multer → @fastify/multipart. `const upload = multer({ dest | storage: multer.memoryStorage(),
 * limits })` becomes `const upload = multerUploads({ dest, limits })`, a small helper written into
 * the file, whose `single/array/fields/none/any` give the same route-level middleware as
 * preHandler hooks: `request.file` / `request.files` as multer built them (memory: `buffer`;
 * disk: a random hex file name under `dest`), the text fields in `request.body`, and multer's
 * errors (`name: 'MulterError'`, `code`, `field`), which have no status: the app's error handler
 * decides, as it did.
 *
 * The routes pass asks `uploadMiddleware` whether a route-level middleware is such a call; this
 * pass then rewrites the instances that converted routes use. What the helper cannot do (custom
 * storage engines, fileFilter, limits computed per request, TypeScript, where @fastify/multipart
 * declares request.file() and request.files() as methods) keeps the route on Express, with the
 * reason in its TODO.
 */
import { standalone } from './standalone.js';
import { stringValue, programPath } from './ast.js';
import type { Pass, TransformContext } from './context.js';
import { moduleLocal } from './plugins.js';

type Node = any;

const METHODS = new Set(['single', 'array', 'fields', 'none', 'any']);
const HELPER = 'multerUploads';

interface Instance {
  name: string;
  declarator: Node;
  /** Source of the helper's options (`{ dest: 'uploads/', limits: … }`), or why it stays on multer. */
  options: string;
  reason?: string;
  disk: boolean;
}

/** Local names bound to the multer module (`require('multer')`, `import multer from 'multer'`). */
function multerNames(ctx: TransformContext): Set<string> {
  const { j } = ctx;
  const names = new Set<string>();
  ctx.root
    .find(j.ImportDeclaration, { source: { value: 'multer' } })
    .forEach((p: any) => p.node.specifiers.forEach((s: Node) => s.type !== 'ImportSpecifier' && names.add(s.local.name)));
  ctx.root
    .find(j.VariableDeclarator)
    .filter((p: any) => p.node.id.type === 'Identifier' && p.node.init?.type === 'CallExpression' && p.node.init.callee.name === 'require' && stringValue(p.node.init.arguments[0]) === 'multer')
    .forEach((p: any) => names.add(p.node.id.name));
  return names;
}

function readInstance(ctx: TransformContext, name: string, declarator: Node, multer: string): Instance {
  const { j } = ctx;
  const base = { name, declarator, options: '{}', disk: false };
  const opts = declarator.init.arguments[0];
  if (declarator.init.arguments.length > 1) return { ...base, reason: 'multer() with more than one argument' };
  if (ctx.file.language === 'ts') {
    return { ...base, reason: 'TypeScript: @fastify/multipart types request.file and request.files as its own methods' };
  }
  if (!opts) return base;
  if (opts.type !== 'ObjectExpression' || opts.properties.some((p: Node) => p.type !== 'ObjectProperty' && p.type !== 'Property')) {
    return { ...base, reason: 'multer options that are not an object literal' };
  }
  const props: string[] = [];
  let disk = false;
  for (const p of opts.properties) {
    const key = p.key?.name ?? p.key?.value;
    const value = p.value;
    const isMemoryStorage =
      value.type === 'CallExpression' && value.arguments.length === 0 && value.callee.type === 'MemberExpression' && value.callee.object.name === multer && value.callee.property.name === 'memoryStorage';
    if (key === 'storage' && isMemoryStorage) continue;
    if (key === 'dest') {
      disk = true;
      props.push(`dest: ${j(value).toSource()}`);
    } else if (key === 'limits' && value.type !== 'ArrowFunctionExpression' && value.type !== 'FunctionExpression') {
      props.push(`limits: ${j(value).toSource()}`);
    } else {
      const what = key === 'storage' ? 'a storage engine other than memoryStorage()' : key === 'limits' ? 'limits computed per request' : `multer option ${key}`;
      return { ...base, reason: `${what} (no @fastify/multipart equivalent in the generated helper)` };
    }
  }
  return { ...base, options: props.length ? `{ ${props.join(', ')} }` : '', disk };
}

/** The multer instances declared in this file (`const upload = multer(…)`), read once per file. */
function instances(ctx: TransformContext): Map<string, Instance> {
  const cache = (ctx.state as any)[INSTANCES] as Map<string, Instance> | undefined;
  if (cache) return cache;
  const { j } = ctx;
  const found = new Map<string, Instance>();
  const names = multerNames(ctx);
  if (names.size) {
    ctx.root
      .find(j.VariableDeclarator)
      .filter((p: any) => p.node.id.type === 'Identifier' && p.node.init?.type === 'CallExpression' && p.node.init.callee.type === 'Identifier' && names.has(p.node.init.callee.name))
      .forEach((p: any) => found.set(p.node.id.name, readInstance(ctx, p.node.id.name, p.node, p.node.init.callee.name)));
  }
  (ctx.state as any)[INSTANCES] = found;
  return found;
}

const INSTANCES = Symbol('multer instances');

/**
 * Whether a route-level middleware is `upload.single('f')` & co. on a multer instance of this
 * file: `{ ok: true }` when the helper can replace it, the reason otherwise, undefined when it
 * is no multer middleware at all.
 */
export function uploadMiddleware(ctx: TransformContext, node: Node): { ok: true } | { ok: false; reason: string } | undefined {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || node.callee.object.type !== 'Identifier') return undefined;
  const instance = instances(ctx).get(node.callee.object.name);
  if (!instance || !METHODS.has(node.callee.property.name)) return undefined;
  return instance.reason ? { ok: false, reason: instance.reason } : { ok: true };
}

/** `upload.x(…)` calls inside a node. */
function usesIn(ctx: TransformContext, node: Node, name: string): Node[] {
  const { j } = ctx;
  return j(node)
    .find(j.CallExpression, { callee: { type: 'MemberExpression', object: { type: 'Identifier', name } } })
    .filter((p: any) => METHODS.has(p.node.callee.property.name))
    .nodes();
}

function helperSource(ctx: TransformContext, disk: boolean): string {
  const fs = disk ? moduleLocal(ctx, ['fs', 'node:fs'], 'fs') : '';
  const path = disk ? moduleLocal(ctx, ['path', 'node:path'], 'path') : '';
  if (disk) {
    ctx.state.namedImports.set('randomBytes', 'node:crypto');
    ctx.state.namedImports.set('pipeline', 'node:stream/promises');
  }
  const store = disk
    ? `        if (dest) {
          // Like multer's DiskStorage: a random hex name without extension, under dest.
          const filename = randomBytes(16).toString('hex');
          Object.assign(file, { destination: dest, filename, path: ${path}.join(dest, filename) });
          await pipeline(part.file, ${fs}.createWriteStream(file.path));
          if (part.file.truncated) throw multerError('LIMIT_FILE_SIZE', part.fieldname, part.filename);
          file.size = ${fs}.statSync(file.path).size;
        } else {
          const buffer = await part.toBuffer();
          Object.assign(file, { buffer, size: buffer.length });
        }`
    : `        const buffer = await part.toBuffer();
        Object.assign(file, { buffer, size: buffer.length });`;
  const cleanup = disk ? `\n      if (dest) for (const file of files) if (file.path) ${fs}.rmSync(file.path, { force: true });` : '';
  return `/**
 * multer's upload middleware on @fastify/multipart (generated by express-to-fastify): single(name),
 * array(name, maxCount), fields([{ name, maxCount }]), none() and any() return preHandler hooks
 * that put the files in request.file / request.files and the text fields in request.body, as
 * multer did, and fail with multer's errors (name 'MulterError', code, field).
 */
function ${HELPER}({ ${disk ? 'dest, ' : ''}limits = {} } = {}) {${disk ? `\n  if (dest) ${fs}.mkdirSync(dest, { recursive: true });` : ''}
  // busboy stops when a limit is reached, multer only once it is exceeded.
  const partLimits = {
    ...limits,
    fieldSize: (limits.fieldSize ?? 1024 * 1024) + 1,
    fileSize: (limits.fileSize ?? Infinity) + 1,
    parts: (limits.parts ?? Infinity) + 1,
  };
  const messages = {
    LIMIT_PART_COUNT: 'Too many parts',
    LIMIT_FILE_SIZE: 'File too large',
    LIMIT_FILE_COUNT: 'Too many files',
    LIMIT_FIELD_KEY: 'Field name too long',
    LIMIT_FIELD_VALUE: 'Field value too long',
    LIMIT_FIELD_COUNT: 'Too many fields',
    LIMIT_UNEXPECTED_FILE: 'Unexpected file field',
  };
  const limitCodes = { FST_REQ_FILE_TOO_LARGE: 'LIMIT_FILE_SIZE', FST_PARTS_LIMIT: 'LIMIT_PART_COUNT', FST_FILES_LIMIT: 'LIMIT_FILE_COUNT', FST_FIELDS_LIMIT: 'LIMIT_FIELD_COUNT' };
  const multerError = (code, field, filename) => Object.assign(new Error(messages[code]), { name: 'MulterError', code, ...(field && { field }), ...(filename && { filename }) });

  // accepted: the file fields and how many files each may have (undefined: any field, any number).
  const upload = (accepted, into) => async (request) => {
    // @fastify/multipart's request.file() and request.files() are shadowed by multer's values.
    request.file = undefined;
    request.files = undefined;
    if (!request.isMultipart()) return;
    const body = Object.create(null);
    const files = [];
    try {
      for await (const part of request.parts({ limits: partLimits })) {
        if (part.type === 'field') {
          if (part.fieldnameTruncated) throw multerError('LIMIT_FIELD_KEY');
          if (part.valueTruncated) throw multerError('LIMIT_FIELD_VALUE', part.fieldname);
          // A repeated field becomes an array, as multer's append-field does.
          body[part.fieldname] = part.fieldname in body ? [].concat(body[part.fieldname], part.value) : part.value;
          continue;
        }
        if (!part.filename) {
          await part.toBuffer();
          continue;
        }
        const field = accepted ? accepted.find((f) => f.name === part.fieldname) : {};
        const count = files.filter((f) => f.fieldname === part.fieldname).length;
        if (!field || count >= (field.maxCount ?? Infinity)) throw multerError('LIMIT_UNEXPECTED_FILE', part.fieldname, part.filename);
        const file = { fieldname: part.fieldname, originalname: part.filename, encoding: part.encoding, mimetype: part.mimetype };
        files.push(file);
${store}
      }
    } catch (err) {${cleanup}
      const code = err.name === 'MulterError' ? undefined : limitCodes[err.code];
      throw code ? multerError(code, err.part?.fieldname, err.part?.filename) : err;
    }
    request.body = body;
    if (into === 'file') request.file = files[0];
    else if (into === 'array') request.files = files;
    else if (into === 'object') {
      request.files = Object.create(null);
      for (const file of files) (request.files[file.fieldname] ??= []).push(file);
    }
  };
  return {
    single: (name) => upload([{ name, maxCount: 1 }], 'file'),
    array: (name, maxCount) => upload([{ name, maxCount }], 'array'),
    fields: (fields) => upload(fields, 'object'),
    none: () => upload([], 'none'),
    any: () => upload(undefined, 'array'),
  };
}
`;
}

export const uploadsPass: Pass = {
  name: 'uploads',
  run(ctx) {
    const found = instances(ctx);
    if (found.size === 0) return;
    const { j, state } = ctx;
    const routeCalls = [...state.routeCalls.values()];
    let disk = false;
    let used = false;
    for (const instance of found.values()) {
      if (instance.reason) continue;
      const native = new Set(routeCalls.flatMap((call) => usesIn(ctx, call, instance.name)));
      if (native.size === 0) continue;
      used = true;
      disk ||= instance.disk;
      ctx.report(
        'UNSUPPORTED_SETTING',
        instance.declarator,
        `multer replaced by the ${HELPER} helper on @fastify/multipart: text fields named like a[b] stay flat keys (multer nests them), and a text part sent as application/json arrives parsed`,
      );
      const init = j.template.expression([`${HELPER}(${instance.options})`] as any);
      const others = usesIn(ctx, programPath(ctx.root).node, instance.name).filter((n) => !native.has(n));
      if (others.length === 0) {
        instance.declarator.init = init;
        continue;
      }
      // Routes kept on Express still use multer: the converted ones get an instance of their own.
      const local = `${instance.name}Fastify`;
      const decl = ctx.root.find(j.VariableDeclaration).filter((p: any) => p.node.declarations.includes(instance.declarator)).paths()[0] as any;
      decl?.insertAfter(j.template.statement([`const ${local} = ${HELPER}(${instance.options});\n`] as any));
      for (const n of native) n.callee.object = j.identifier(local);
    }
    if (!used) return;
    state.plugins.set('@fastify/multipart', { pkg: '@fastify/multipart', local: 'fastifyMultipart' });
    // At the end of the file, out of the app's way (a function declaration is hoisted).
    const program: Node = programPath(ctx.root).node;
    const helper = j.template.statement([helperSource(ctx, disk)] as any);
    // Without its template's location, recast sets the function apart with blank lines.
    delete helper.loc;
    program.body.push(helper);
  },
};

/** Runs this pass alone: `jscodeshift -t dist/transforms/uploads.js <files>`. */
export default standalone(uploadsPass);
