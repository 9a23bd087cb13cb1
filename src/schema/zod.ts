/**
 * zod schemas → JSON Schema, read from the source (never run): `z.object({ … })` builder
 * chains with the common refinements. The app parsed the request with them, so what they
 * require was enforced by the old code (`required` in the default mode too).
 */
import { Node, type CallExpression, type Expression } from 'ts-morph';
import { objectSchema, refTo, type JsonSchema } from './json-schema.js';

export interface ZodContext {
  /** Local names bound to zod (`z`, `zod`). */
  names: Set<string>;
  /** Resolves an identifier to the expression it was initialised with (same file or imported). */
  resolve(id: Node): Expression | undefined;
  /** Named object schemas become shared schemas: `const CreateUser = z.object(…)` → `CreateUser`. */
  share(name: string, schema: JsonSchema): JsonSchema;
}

interface Read {
  schema: JsonSchema;
  optional: boolean;
}

/** Whether an expression looks like a zod schema (`z.…` chain or an identifier bound to one). */
export function isZodExpression(expr: Node, ctx: ZodContext, depth = 0): boolean {
  if (depth > 5) return false;
  let cur: Node = expr;
  while (Node.isCallExpression(cur) || Node.isPropertyAccessExpression(cur)) cur = Node.isCallExpression(cur) ? cur.getExpression() : cur.getExpression();
  if (Node.isIdentifier(cur)) {
    if (ctx.names.has(cur.getText())) return true;
    const init = ctx.resolve(cur);
    return !!init && init !== expr && isZodExpression(init, ctx, depth + 1);
  }
  return false;
}

export function zodToSchema(expr: Node, ctx: ZodContext): JsonSchema | undefined {
  return read(expr, ctx, 0)?.schema;
}

function read(expr: Node, ctx: ZodContext, depth: number): Read | undefined {
  if (depth > 20) return undefined;
  if (Node.isParenthesizedExpression(expr) || Node.isAsExpression(expr) || Node.isSatisfiesExpression(expr)) return read(expr.getExpression(), ctx, depth + 1);
  if (Node.isIdentifier(expr)) {
    const init = ctx.resolve(expr);
    if (!init) return undefined;
    const r = read(init, ctx, depth + 1);
    if (r && r.schema.type === 'object' && !r.schema.$ref) return { ...r, schema: ctx.share(expr.getText(), r.schema) };
    return r;
  }
  if (!Node.isCallExpression(expr)) return undefined;
  const callee = expr.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.getName();
  const target = callee.getExpression();
  // `z.string()`, `z.coerce.number()`, `z.iso.datetime()`: a constructor.
  if (isZodRoot(target, ctx)) return constructor(method, expr, ctx, depth, /coerce$/.test(target.getText()));
  const base = read(target, ctx, depth + 1);
  if (!base) return undefined;
  return refine(base, method, expr, ctx, depth);
}

function isZodRoot(node: Node, ctx: ZodContext): boolean {
  if (Node.isIdentifier(node)) return ctx.names.has(node.getText());
  if (Node.isPropertyAccessExpression(node)) return ['coerce', 'iso', 'string'].includes(node.getName()) && isZodRoot(node.getExpression(), ctx);
  return false;
}

function arg(call: CallExpression, i = 0): Node | undefined {
  return call.getArguments()[i];
}

function literal(node: Node | undefined): unknown {
  if (!node) return undefined;
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  if (Node.isNumericLiteral(node)) return node.getLiteralValue();
  if (Node.isPrefixUnaryExpression(node) && Node.isNumericLiteral(node.getOperand())) return -Number(node.getOperand().getText());
  if (Node.isTrueLiteral(node)) return true;
  if (Node.isFalseLiteral(node)) return false;
  if (Node.isNullLiteral(node)) return null;
  return undefined;
}

const FORMATS: Record<string, string> = {
  email: 'email',
  url: 'uri',
  uuid: 'uuid',
  datetime: 'date-time',
  date: 'date',
  time: 'time',
  ipv4: 'ipv4',
  ipv6: 'ipv6',
};

function constructor(method: string, call: CallExpression, ctx: ZodContext, depth: number, coerce: boolean): Read | undefined {
  const plain = (schema: JsonSchema): Read => ({ schema, optional: false });
  switch (method) {
    case 'string':
      return plain({ type: 'string' });
    case 'number':
      return plain({ type: 'number' });
    case 'int':
      return plain({ type: 'integer' });
    case 'bigint':
      return plain({ type: 'integer' });
    case 'boolean':
      return plain({ type: 'boolean' });
    case 'null':
      return plain({ type: 'null' });
    case 'date':
      // A Date parsed from JSON arrives as a string (z.coerce.date()) or not at all.
      return plain(coerce ? { type: 'string', format: 'date-time' } : { type: 'string', format: 'date-time' });
    case 'any':
    case 'unknown':
      return plain({});
    case 'undefined':
      return { schema: {}, optional: true };
    case 'literal': {
      const v = literal(arg(call));
      return plain(v === undefined ? {} : { type: v === null ? 'null' : typeof v === 'number' ? 'number' : typeof v, const: v });
    }
    case 'enum': {
      const a = arg(call);
      if (a && Node.isArrayLiteralExpression(a)) {
        const values = a.getElements().map(literal);
        if (values.every((v) => typeof v === 'string')) return plain({ type: 'string', enum: values });
      }
      return plain({ type: 'string' });
    }
    case 'array': {
      const a = arg(call);
      const items = a ? read(a, ctx, depth + 1)?.schema : undefined;
      return plain({ type: 'array', items: items ?? {} });
    }
    case 'union':
    case 'discriminatedUnion': {
      const a = arg(call, method === 'union' ? 0 : 1);
      if (!a || !Node.isArrayLiteralExpression(a)) return plain({});
      const parts = a.getElements().map((e) => read(e, ctx, depth + 1)?.schema ?? {});
      return plain(parts.some((p) => Object.keys(p).length === 0) ? {} : { anyOf: parts });
    }
    case 'record': {
      const args = call.getArguments();
      const value = args[args.length - 1];
      return plain({ type: 'object', additionalProperties: (value && read(value, ctx, depth + 1)?.schema) ?? {} });
    }
    case 'object':
    case 'strictObject':
    case 'looseObject': {
      const shape = arg(call);
      const s = shape && Node.isObjectLiteralExpression(shape) ? objectShape(shape, ctx, depth) : objectSchema({});
      if (method === 'strictObject') s.additionalProperties = false;
      return plain(s);
    }
    default: {
      if (method in FORMATS) return plain({ type: 'string', format: FORMATS[method] });
      return undefined;
    }
  }
}

function objectShape(shape: Node, ctx: ZodContext, depth: number): JsonSchema {
  const props: Record<string, JsonSchema> = {};
  const required: string[] = [];
  if (!Node.isObjectLiteralExpression(shape)) return objectSchema({});
  for (const p of shape.getProperties()) {
    if (Node.isPropertyAssignment(p)) {
      const name = p.getNameNode();
      const key = Node.isStringLiteral(name) ? name.getLiteralValue() : name.getText();
      const r = read(p.getInitializerOrThrow(), ctx, depth + 1);
      props[key] = r?.schema ?? {};
      if (r && !r.optional) required.push(key);
    } else if (Node.isShorthandPropertyAssignment(p)) {
      const r = read(p.getNameNode(), ctx, depth + 1);
      props[p.getName()] = r?.schema ?? {};
      if (r && !r.optional) required.push(p.getName());
    }
  }
  return objectSchema(props, required);
}

function refine(base: Read, method: string, call: CallExpression, ctx: ZodContext, depth: number): Read {
  const s: JsonSchema = base.schema.$ref ? { ...base.schema } : { ...base.schema };
  const n = literal(arg(call));
  const kind = s.type;
  switch (method) {
    case 'optional':
      return { schema: s, optional: true };
    case 'nullish':
    case 'nullable': {
      const out = typeof kind === 'string' ? { ...s, type: [kind, 'null'] } : { anyOf: [s, { type: 'null' }] };
      return { schema: out, optional: method === 'nullish' || base.optional };
    }
    case 'default':
    case 'catch':
      if (n !== undefined) s.default = n;
      return { schema: s, optional: true };
    case 'describe':
      if (typeof n === 'string') s.description = n;
      break;
    case 'int':
      s.type = 'integer';
      break;
    case 'positive':
      s.exclusiveMinimum = 0;
      break;
    case 'nonnegative':
      s.minimum = 0;
      break;
    case 'negative':
      s.exclusiveMaximum = 0;
      break;
    case 'min':
    case 'gte':
    case 'max':
    case 'lte':
    case 'length':
    case 'gt':
    case 'lt':
      if (typeof n === 'number') {
        const lower = method === 'min' || method === 'gte';
        const upper = method === 'max' || method === 'lte';
        if (kind === 'string') {
          if (lower || method === 'length') s.minLength = n;
          if (upper || method === 'length') s.maxLength = n;
        } else if (kind === 'array') {
          if (lower || method === 'length') s.minItems = n;
          if (upper || method === 'length') s.maxItems = n;
        } else if (lower) s.minimum = n;
        else if (upper) s.maximum = n;
        else if (method === 'gt') s.exclusiveMinimum = n;
        else if (method === 'lt') s.exclusiveMaximum = n;
      }
      break;
    case 'nonempty':
      if (kind === 'array') s.minItems = 1;
      else s.minLength = 1;
      break;
    case 'regex': {
      const re = arg(call);
      if (re && Node.isRegularExpressionLiteral(re)) s.pattern = re.getLiteralValue().source;
      break;
    }
    case 'strict':
      s.additionalProperties = false;
      break;
    case 'passthrough':
    case 'loose':
      s.additionalProperties = true;
      break;
    case 'partial':
      delete s.required;
      break;
    case 'extend':
    case 'merge': {
      const other = arg(call);
      const extra = other && Node.isObjectLiteralExpression(other) ? objectShape(other, ctx, depth) : other ? read(other, ctx, depth + 1)?.schema : undefined;
      if (extra && extra.type === 'object') {
        s.properties = { ...(s.properties as object), ...(extra.properties as object) };
        const req = [...((s.required as string[]) ?? []), ...((extra.required as string[]) ?? [])];
        if (req.length) s.required = [...new Set(req)];
      }
      break;
    }
    case 'array':
      return { schema: { type: 'array', items: s }, optional: false };
    case 'or': {
      const other = arg(call);
      const o = other ? read(other, ctx, depth + 1)?.schema : undefined;
      return { schema: o ? { anyOf: [s, o] } : {}, optional: base.optional };
    }
    default:
      if (method in FORMATS && kind === 'string') s.format = FORMATS[method];
      // trim, toLowerCase, refine, transform, … change or check values without a JSON Schema twin.
      break;
  }
  return { schema: s, optional: base.optional };
}

/** `ref` for a shared zod schema (kept for symmetry with the TypeScript oracle). */
export const zodRef = refTo;
