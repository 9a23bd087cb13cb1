/**
 * Spawned by test/robustness.test.ts: rewrites every .js file in a folder in place through the
 * real writer (emitInPlace), with the CLI's signal handlers, so the test can kill it mid-write.
 * Each file's first line `// old N` becomes `// new N`. Exit code as the CLI's: 0, or 128 + signal.
 * Usage: node --import tsx test/helpers/emit-child.ts <folder>
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { installSignalHandlers } from '../../src/cli/signals.js';
import { emitInPlace } from '../../src/emit.js';
import { InterruptedError } from '../../src/errors.js';
import type { FileOutcome, MigrationPlan } from '../../src/types.js';

installSignalHandlers(process);
const root = path.resolve(process.argv[2]!);
const files: FileOutcome[] = readdirSync(root)
  .filter((f) => f.endsWith('.js'))
  .sort((a, b) => Number(a.slice(1, -3)) - Number(b.slice(1, -3)))
  .map((rel) => {
    const p = path.join(root, rel);
    const before = readFileSync(p, 'utf8');
    return { rel, path: p, status: 'changed', before, after: before.replace('// old', '// new') };
  });
const plan: MigrationPlan = { root, inventory: { version: 1, root, expressMajor: undefined, files: [] }, files, skipped: [], diagnostics: [] };
try {
  await emitInPlace(plan, { force: true });
} catch (error) {
  if (!(error instanceof InterruptedError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = error.exitCode;
}
