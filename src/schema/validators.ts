/**
 * express-validator chains passed as route middleware: `body('email').isEmail()`,
 * `query('page').optional().isInt({ min: 1 })`, `param('id').isUUID()` → one property's schema.
 * A field is required unless the chain says `.optional()` (express-validator then rejects it
 * when the app checks `validationResult`, which is what these chains are for).
 */
import { Node } from 'ts-morph';
import type { JsonSchema } from './json-schema.js';

export interface ValidatorChain {
  location: 'body' | 'query' | 'params' | 'any';
  field: string;
  schema: JsonSchema;
  optional: boolean;
}

const ROOTS: Record<string, ValidatorChain['location']> = { body: 'body', query: 'query', param: 'params', check: 'any' };

function numberOption(opts: Node | undefined, key: string): number | undefined {
  if (!opts || !Node.isObjectLiteralExpression(opts)) return undefined;
  const p = opts.getProperty(key);
  if (!p || !Node.isPropertyAssignment(p)) return undefined;
  const v = p.getInitializer();
  return v && Node.isNumericLiteral(v) ? v.getLiteralValue() : undefined;
}

export function validatorChain(node: Node): ValidatorChain | undefined {
  const links: { name: string; args: Node[] }[] = [];
  let cur: Node = node;
  while (Node.isCallExpression(cur)) {
    const callee = cur.getExpression();
    if (Node.isPropertyAccessExpression(callee)) {
      links.unshift({ name: callee.getName(), args: cur.getArguments() });
      cur = callee.getExpression();
    } else if (Node.isIdentifier(callee)) {
      links.unshift({ name: `@${callee.getText()}`, args: cur.getArguments() });
      break;
    } else return undefined;
  }
  const root = links[0];
  if (!root || !root.name.startsWith('@')) return undefined;
  const location = ROOTS[root.name.slice(1)];
  const fieldNode = root.args[0];
  if (!location || !fieldNode || !Node.isStringLiteral(fieldNode) || links.length < 2) return undefined;
  const schema: JsonSchema = {};
  let optional = false;
  for (const { name, args } of links.slice(1)) {
    switch (name) {
      case 'optional':
        optional = true;
        break;
      case 'isEmail':
        Object.assign(schema, { type: 'string', format: 'email' });
        break;
      case 'isURL':
        Object.assign(schema, { type: 'string', format: 'uri' });
        break;
      case 'isUUID':
        Object.assign(schema, { type: 'string', format: 'uuid' });
        break;
      case 'isISO8601':
        Object.assign(schema, { type: 'string', format: 'date-time' });
        break;
      case 'isInt':
      case 'isNumeric':
      case 'isFloat': {
        // In a body the value may be a JSON number; in a query it is a numeric string.
        schema.type = location === 'body' ? (name === 'isInt' ? 'integer' : 'number') : 'string';
        if (location !== 'body') schema.pattern = name === 'isInt' ? '^-?\\d+$' : '^-?\\d+(\\.\\d+)?$';
        const min = numberOption(args[0], 'min');
        const max = numberOption(args[0], 'max');
        if (location === 'body' && min !== undefined) schema.minimum = min;
        if (location === 'body' && max !== undefined) schema.maximum = max;
        break;
      }
      case 'isBoolean':
        schema.type = location === 'body' ? 'boolean' : 'string';
        break;
      case 'isString':
        schema.type = 'string';
        break;
      case 'isArray':
        schema.type = 'array';
        break;
      case 'isLength': {
        schema.type ??= 'string';
        const min = numberOption(args[0], 'min');
        const max = numberOption(args[0], 'max');
        if (min !== undefined) schema.minLength = min;
        if (max !== undefined) schema.maxLength = max;
        break;
      }
      case 'notEmpty':
        schema.type ??= 'string';
        schema.minLength = 1;
        break;
      case 'isIn': {
        const a = args[0];
        if (a && Node.isArrayLiteralExpression(a)) {
          const values = a.getElements().map((e) => (Node.isStringLiteral(e) ? e.getLiteralValue() : undefined));
          if (values.every((v) => v !== undefined)) Object.assign(schema, { type: 'string', enum: values });
        }
        break;
      }
      default:
        break;
    }
  }
  return { location, field: fieldNode.getLiteralValue(), schema, optional };
}
