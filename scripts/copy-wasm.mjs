// Copy the tfjs WASM backend binaries into public/tfjs-wasm/ (served beside the app; the
// compute worker points setWasmPaths there). Run before dev, build and preview.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
const to = join(root, 'public/tfjs-wasm');
mkdirSync(to, { recursive: true });
for (const f of readdirSync(from).filter((n) => n.endsWith('.wasm'))) {
  copyFileSync(join(from, f), join(to, f));
}
