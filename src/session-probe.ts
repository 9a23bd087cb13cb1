/**
 * Whether express-session becomes @fastify/session is decided in the file that registers it, by
 * the middleware pass (its options must all have a @fastify/session twin). Routers that read
 * `req.sessionID` live in other files, transformed before the app that mounts them, and must
 * know the answer: the pass is run on those files alone, once, before any transform.
 */
import type { Inventory } from './inventory.js';
import type { SourceFile } from './types.js';
import { transformSource } from '../transforms/index.js';
import { middlewarePass } from '../transforms/middleware.js';

export function probeNativeSession(inventory: Inventory, sources: Map<string, SourceFile>): boolean {
  for (const inv of inventory.files) {
    if (inv.error || !inv.middleware.some((m) => m.known === 'express-session')) continue;
    const text = sources.get(inv.file)?.text;
    if (text === undefined) continue;
    try {
      if (transformSource(text, inv, inventory, new Set(), new Map(), [middlewarePass]).state.nativeSession) return true;
    } catch {
      // The file's own transform reports what went wrong; here it only means "not native".
    }
  }
  return false;
}
