/** File locations used by the demo scripts (Node only). */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (this file is scripts/lib/paths.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the shipped demo files go. */
export const PUBLIC_DIR = path.join(REPO_ROOT, 'public');

/** The raw data sets (not shipped); override with TSVIZ_SHARED_DATA. */
export const SHARED_DATA_DIR =
  process.env.TSVIZ_SHARED_DATA ?? path.resolve(REPO_ROOT, '../shared/data');

/** True when the module with this import.meta.url is the script node/tsx was started with. */
export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && pathToFileURL(path.resolve(entry)).href === metaUrl;
}
