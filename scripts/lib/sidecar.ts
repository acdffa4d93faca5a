/** Writing tsviz.json sidecars and small helpers shared by the training scripts. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Sidecar } from '../../src/core/types';
import type { Rng } from '../../src/core/random';

/** Write dir/tsviz.json. */
export async function writeSidecar(dir: string, sidecar: Sidecar): Promise<void> {
  await writeFile(path.join(dir, 'tsviz.json'), JSON.stringify(sidecar, null, 2) + '\n');
}

/** A Glorot-uniform kernel initializer seeded from our generator (reproducible weights). */
export function seededGlorot(rng: Rng): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed: rng.nextSeed() });
}

/** Round for JSON (metrics, seconds). */
export function round(v: number, digits = 4): number {
  return Number(v.toFixed(digits));
}
