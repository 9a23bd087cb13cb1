/**
 * `openapi [paths..] -o <file>`: the OpenAPI 3.1 document of an Express app that is not migrated
 * (yet), from the same inventory and inferred schemas `migrate --openapi` uses. Writes nothing
 * but the document (stdout without -o). Exit 0, or 2 on a usage error.
 */
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { analyzeProject } from '../analyze/index.js';
import { discover } from '../discover.js';
import { UsageError } from '../errors.js';
import { buildOpenApi, renderOpenApi, schemaCoverage, writeOpenApiFile } from '../openapi.js';
import { docsFor } from '../schema/route-schema.js';
import type { CliIO, CommandContext } from './context.js';
import { resolveTargets } from './targets.js';

interface OpenApiArgs {
  paths?: string[];
  out?: string;
  root?: string;
  'strict-schemas'?: boolean;
  debug?: boolean;
}

export function openapiCommand(ctx: CommandContext): CommandModule<object, OpenApiArgs> {
  return {
    command: 'openapi [paths..]',
    describe: 'Write the OpenAPI 3.1 document of an Express app (routes, parameters, bodies, responses); changes nothing',
    builder: (y: Argv) =>
      y
        .positional('paths', {
          type: 'string',
          array: true,
          describe: 'Files or folders to read, relative to the current folder',
          defaultDescription: 'the root',
        })
        .option('out', { alias: 'o', type: 'string', describe: 'The file to write: .json, .yaml or .yml', defaultDescription: 'JSON on stdout', requiresArg: true })
        .option('root', {
          type: 'string',
          describe: 'Project folder: everything read stays inside it',
          defaultDescription: 'the current folder',
          requiresArg: true,
        })
        .option('strict-schemas', { type: 'boolean', describe: "Mark as required what the types declare, not only what the app enforced" })
        .option('debug', { type: 'boolean', describe: 'Print stack traces for unexpected errors' })
        .example('$0 openapi -o openapi.yaml', 'Document the app in the current folder')
        .example('$0 openapi src/ --root . -o docs/openapi.json', 'Document only what src/ declares'),
    handler: async (args) => {
      try {
        ctx.result.exitCode = await openapi(args, ctx.io);
      } catch (error) {
        ctx.result.error = error;
      }
    },
  };
}

async function openapi(args: OpenApiArgs, io: CliIO): Promise<number> {
  if (Array.isArray(args.out)) throw new UsageError('--out was given more than once');
  if (args.out === '') throw new UsageError('--out needs a file');
  const { root, paths } = await resolveTargets(args, io);
  const discovered = await discover({ root, paths });
  const inventory = analyzeProject(discovered);
  inventory.docs = docsFor(discovered.packageJson, { strictSchemas: args['strict-schemas'] });
  const doc = buildOpenApi(inventory, { strict: !!args['strict-schemas'] });
  const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  if (operations === 0) throw new UsageError(`no Express routes found in ${args.paths?.length ? args.paths.join(', ') : root}`);
  if (args.out === undefined) {
    io.stdout(renderOpenApi(doc, 'stdout.json'));
    return 0;
  }
  const file = path.resolve(io.cwd, args.out);
  await writeOpenApiFile(file, doc);
  const c = schemaCoverage(inventory);
  io.stdout(
    `wrote ${path.relative(io.cwd, file).startsWith('..') ? file : path.relative(io.cwd, file)}: ${operations} operation${operations === 1 ? '' : 's'}, ` +
      `${c.withBody} of ${c.takingBody} body-taking routes with a body schema, ${c.withResponse} of ${c.routes} routes with response schemas\n`,
  );
  return 0;
}
