/**
 * Kernel-by-kernel profile of influence() (saliency + every filter layer's importance) on the
 * anomaly demo in Node, on the wasm backend with the app's kernels:
 *   npx tsx bench/profile-influence.ts [batch=256] [reps=20] [backend=wasm]
 * Prints the kernels by total time over the timed calls (tf.profile), and sequences/s.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initTrainingBackend } from '../scripts/lib/backend';
import { influence } from '../workers/compute/influence';
import { loadModel } from '../workers/compute/model-loader';
import { sourceFromFiles } from '../workers/compute/model-files';

const ROOT = join(import.meta.dirname, '..');
const [batch = 256, reps = 20] = process.argv.slice(2, 4).map(Number);
const prefer = (process.argv[4] ?? 'wasm') as 'wasm' | 'cpu';

const files = ['model.json', 'group1-shard1of1.bin'].map(
  (f) => new File([readFileSync(join(ROOT, 'public/models/anomaly', f))], f),
);
const backend = await initTrainingBackend(prefer);
const { model, info } = await loadModel(await sourceFromFiles(files), null);
const [T, C] = [info.inputShape[0] ?? 50, info.inputShape[1]];
let seed = 1;
const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
const x = Float32Array.from({ length: batch * T * C }, rand);
const run = () => influence(model, info, x, [batch, T, C]);
for (let i = 0; i < 3; i++) await run();
const t0 = performance.now();
for (let i = 0; i < reps; i++) await run();
const ms = (performance.now() - t0) / reps;
console.log(
  `${backend}: batch ${batch}: ${ms.toFixed(2)} ms/call, ${((batch * 1000) / ms).toFixed(0)} seq/s`,
);
const totals = new Map<string, { ms: number; n: number }>();
for (let i = 0; i < 5; i++) {
  const p = await tf.profile(async () => {
    await run();
  });
  for (const k of p.kernels) {
    const t = totals.get(k.name) ?? { ms: 0, n: 0 };
    t.ms += Number(k.kernelTimeMs) / 5;
    t.n += 1 / 5;
    totals.set(k.name, t);
  }
}
const sum = [...totals.values()].reduce((a, b) => a + b.ms, 0);
console.log(`kernel time per call ${sum.toFixed(2)} ms`);
for (const [name, t] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
  console.log(`${t.ms.toFixed(2).padStart(8)} ms  ${t.n.toFixed(0).padStart(4)}×  ${name}`);
if (process.env.SHAPES) {
  const p = await tf.profile(async () => {
    await run();
  });
  const byShape = new Map<string, number>();
  for (const k of p.kernels)
    if (k.name === process.env.SHAPES) {
      const key = JSON.stringify(k.inputShapes);
      byShape.set(key, (byShape.get(key) ?? 0) + 1);
    }
  console.log([...byShape].map(([s, n]) => `${n}× ${s}`).join('\n'));
}
