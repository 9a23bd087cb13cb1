/** Prettier with the project's own config, or not at all. */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './errors.js';

type Prettier = typeof import('prettier');

// Loaded on first use: runs that change nothing never pay for importing prettier.
let prettierPromise: Promise<Prettier> | undefined;
const loadPrettier = () => (prettierPromise ??= import('prettier'));

/**
 * Formats `text` as the file at `absPath` with the project's Prettier config. Without a config,
 * or when .prettierignore lists the file, the text comes back unchanged: we don't impose a style
 * on projects that have none. Formatting is cosmetic, so a Prettier failure (a plugin the config
 * names but that isn't installed, …) returns the text unchanged and is passed to `onError`; a
 * config Prettier cannot read at all throws a UsageError (exit 2, nothing written). The file's
 * line endings are kept unless the config sets `endOfLine`.
 */
export async function formatSource(
  absPath: string,
  text: string,
  onError?: (error: unknown) => void,
): Promise<string> {
  const prettier = await loadPrettier();
  let config: import('prettier').Options | null;
  try {
    const ignorePath = await nearestPrettierIgnore(path.dirname(absPath));
    const info = await prettier.getFileInfo(absPath, { ignorePath });
    if (info.ignored || !info.inferredParser) return text;
    config = await prettier.resolveConfig(absPath, { editorconfig: false });
  } catch (error) {
    // A config Prettier cannot read is the user's to fix, before anything is written.
    const file = await prettier.resolveConfigFile(absPath).catch(() => null);
    const message = String((error as Error)?.message ?? error).split('\n').map((l) => l.trim()).filter(Boolean)[0] ?? 'unreadable';
    throw new UsageError(`invalid Prettier config${file ? ` ${file}` : ''}: ${message} (fix it, or remove it to migrate without formatting)`, {
      cause: error,
    });
  }
  if (!config) return text;
  try {
    // Without an explicit endOfLine, keep the file's own line endings (Prettier 3 would make them LF).
    return await prettier.format(text, { endOfLine: 'auto', ...config, filepath: absPath });
  } catch (error) {
    onError?.(error);
    return text;
  }
}

/** Prettier's API reads only an ignore file it is given; its CLI looks for one, so do we. */
async function nearestPrettierIgnore(dir: string): Promise<string | undefined> {
  for (;;) {
    const candidate = path.join(dir, '.prettierignore');
    if (await access(candidate).then(() => true, () => false)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
