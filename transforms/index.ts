/**
 * The ordered registry of passes: the only list. Middleware runs first (it learns the body
 * parsers that routes kept on Express need), then routes, then bootstrap (which registers
 * every plugin the earlier passes asked for and rewrites the imports). Routers turn into
 * plugins after their routes are converted, before the imports are settled.
 */
import type { Collection } from 'jscodeshift';
import { standalone } from './standalone.js';
import type { FileInventory, Inventory } from '../src/inventory.js';
import { parserFor, transformSource as runPasses, type FileTransformResult } from './run-passes.js';
import { bootstrapPass } from './bootstrap.js';
import type { Pass } from './context.js';
import { middlewarePass } from './middleware.js';
import { notFoundPass } from './not-found.js';
import { orderPass } from './order.js';
import { routersPass } from './routers.js';
import { routesPass } from './routes.js';
import { sharedMiddlewarePass } from './shared-middleware.js';
import { docsPass, schemasPass } from './schemas.js';
import { expressCopiesPass } from './express-copies.js';
import { uploadsPass } from './uploads.js';

export const PASSES: Pass[] = [sharedMiddlewarePass, middlewarePass, routesPass, uploadsPass, expressCopiesPass, schemasPass, notFoundPass, orderPass, docsPass, routersPass, bootstrapPass];

export { parserFor, type FileTransformResult };

/** Runs every pass (or the ones given) over one file's text (or over `parsed`, that text already parsed, which it changes). */
export function transformSource(
  text: string,
  file: FileInventory,
  inventory: Inventory,
  nativeRouters: Set<string> = new Set(),
  keptRouters: Map<string, string> = new Map(),
  passes: Pass[] = PASSES,
  parsed?: Collection,
): FileTransformResult {
  return runPasses(text, file, inventory, nativeRouters, keptRouters, passes, parsed);
}

/** All passes in order, for `jscodeshift -t dist/transforms/index.js <files>`. */
export default standalone(...PASSES);
