/**
 * trainModel / copyModel / modelArtifacts on the tfjs cpu backend (Node), with the fast
 * Conv2DBackpropFilter kernel registered as initBackend does: a copy learns a separable toy
 * task, the loaded model and its artifacts stay untouched, runs are reproducible, cancelling
 * throws 'cancelled' and leaks nothing, progress rises, and other calls are served between
 * chunks.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, TsvizError } from '../../src/core/errors';
import { Rng } from '../../src/core/random';
import { cancelJob, isCancelled, type JobToken } from '../jobs';
import {
  registerConvBackpropFilter,
  unregisterConvBackpropFilter,
} from '../kernels/conv2d-backprop-filter';
import { copyModel, modelArtifacts, trainModel, type TrainOptions } from './train';

const T = 16;
const C = 2;
const N = 64;

/**
 * A separable toy set: class 1 carries a positive bump in channel 0 at a random place,
 * class 0 a negative one; channel 1 is noise. Regression target: the bump's height.
 */
function toyData(seed = 1): { x: Float32Array; labels: Float32Array; heights: Float32Array } {
  const rng = new Rng(seed);
  const x = new Float32Array(N * T * C);
  const labels = new Float32Array(N);
  const heights = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    const label = n % 2;
    const height = (label ? 1 : -1) * rng.uniform(0.5, 1.5);
    const at = rng.int(2, T - 2);
    for (let t = 0; t < T; t++) {
      const bump = Math.abs(t - at) <= 1 ? height : 0;
      x[(n * T + t) * C] = bump + rng.normal(0, 0.2);
      x[(n * T + t) * C + 1] = rng.normal(0, 1);
    }
    labels[n] = label;
    heights[n] = height;
  }
  return { x, labels, heights };
}

const data = toyData();

/** A small seeded conv model ending in `units` units with `activation`. */
function buildToyModel(units: number, activation: 'sigmoid' | 'softmax' | 'linear', seed = 7) {
  const rng = new Rng(seed);
  const init = () => tf.initializers.glorotUniform({ seed: rng.nextSeed() });
  return tf.sequential({
    layers: [
      tf.layers.conv1d({
        inputShape: [T, C],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(),
      }),
      tf.layers.maxPooling1d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units, activation, kernelInitializer: init() }),
    ],
  });
}

/** Artifacts standing in for LoadedModel.artifacts. */
async function toyArtifacts(
  units = 1,
  activation: 'sigmoid' | 'softmax' | 'linear' = 'sigmoid',
): Promise<tf.io.ModelArtifacts> {
  const model = buildToyModel(units, activation);
  const artifacts = await modelArtifacts(model);
  model.dispose();
  return artifacts;
}

function weightsOf(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

function options(over: Partial<TrainOptions> = {}): TrainOptions {
  return {
    x: data.x,
    shape: [N, T, C],
    y: data.labels,
    task: 'classification',
    optimizer: { kind: 'adam', learningRate: 0.01 },
    batchSize: 8,
    epochs: 15,
    seed: 3,
    ...over,
  };
}

let tokens = 0;
const newToken = (): JobToken => ({ id: `train-test-${++tokens}` });

async function cancelled(p: Promise<unknown>): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TsvizError);
  expect(errorCode(err)).toBe('cancelled');
}

describe('trainModel on a copy (cpu backend)', () => {
  let artifacts: tf.io.ModelArtifacts;
  let loaded: tf.LayersModel;
  let loadedWeights: Float32Array[];
  let artifactBytes: Uint8Array;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
    registerConvBackpropFilter('cpu'); // as initBackend does on cpu
    artifacts = await toyArtifacts();
    artifactBytes = new Uint8Array((artifacts.weightData as ArrayBuffer).slice(0));
    loaded = await copyModel(artifacts);
    loadedWeights = weightsOf(loaded);
  });

  afterAll(() => {
    loaded.dispose();
    unregisterConvBackpropFilter('cpu');
  });

  /** The loaded model and its artifacts are exactly as they were. */
  function expectOriginalUntouched(): void {
    weightsOf(loaded).forEach((w, i) => expect(w).toEqual(loadedWeights[i]));
    expect(new Uint8Array(artifacts.weightData as ArrayBuffer)).toEqual(artifactBytes);
  }

  it('learns a separable toy task: the loss falls and the copy classifies it', async () => {
    const copy = await copyModel(artifacts);
    const epochs: [number, number][] = [];
    const { losses, seconds } = await trainModel(
      copy,
      options({ onEpoch: (e, l) => epochs.push([e, l]) }),
    );
    expect(losses).toHaveLength(15);
    expect(epochs.map(([e]) => e)).toEqual([...Array(15).keys()]);
    expect(epochs.map(([, l]) => l)).toEqual(losses);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[14]).toBeLessThan(losses[0] * 0.5);
    expect(seconds).toBeGreaterThan(0);
    const p = tf.tidy(
      () => (copy.predict(tf.tensor3d(data.x, [N, T, C])) as tf.Tensor).dataSync() as Float32Array,
    );
    const right = data.labels.filter((label, i) => (p[i] > 0.5 ? 1 : 0) === label).length;
    expect(right / N).toBeGreaterThanOrEqual(0.9);
    copy.dispose();
    expectOriginalUntouched();
  });

  it('leaves the loaded model and its artifacts unchanged, and the copy changed', async () => {
    const copy = await copyModel(artifacts);
    weightsOf(copy).forEach((w, i) => expect(w).toEqual(loadedWeights[i]));
    await trainModel(copy, options({ epochs: 3 }));
    expect(weightsOf(copy).some((w, i) => w.some((v, j) => v !== loadedWeights[i][j]))).toBe(true);
    copy.dispose();
    expectOriginalUntouched();
  });

  it('is reproducible: the same seed gives identical weights, another seed others', async () => {
    const run = async (seed: number | Rng) => {
      const copy = await copyModel(artifacts);
      const { losses } = await trainModel(copy, options({ epochs: 4, seed }));
      const w = weightsOf(copy);
      copy.dispose();
      return { losses, w };
    };
    const a = await run(11);
    const b = await run(11);
    const c = await run(12);
    const d = await run(new Rng(11)); // a generator to continue: same stream as the seed
    expect(b.losses).toEqual(a.losses);
    b.w.forEach((w, i) => expect(w).toEqual(a.w[i]));
    d.w.forEach((w, i) => expect(w).toEqual(a.w[i]));
    expect(c.w.some((w, i) => w.some((v, j) => v !== a.w[i][j]))).toBe(true);
  });

  it('leaves tf.memory flat after a finished run', async () => {
    const copy = await copyModel(artifacts);
    const before = tf.memory().numTensors;
    await trainModel(copy, options({ epochs: 2, optimizer: { kind: 'sgd', learningRate: 0.1 } }));
    await trainModel(copy, options({ epochs: 2 }));
    expect(tf.memory().numTensors).toBe(before);
    copy.dispose();
  });

  it('cancelled from inside onProgress: throws cancelled, leaks nothing, original untouched', async () => {
    const copy = await copyModel(artifacts);
    const before = tf.memory().numTensors;
    const token = newToken();
    let calls = 0;
    let epochsSeen = 0;
    await cancelled(
      trainModel(
        copy,
        options({ epochs: 50, chunkMs: 0, onEpoch: () => epochsSeen++ }),
        token,
        () => {
          if (++calls === 5) cancelJob(token.id);
        },
      ),
    );
    expect(calls).toBe(5); // stopped at the first check after the cancel
    expect(epochsSeen).toBeLessThan(50);
    expect(tf.memory().numTensors).toBe(before);
    expect(isCancelled(token)).toBe(false); // the job is finished (forgotten)
    copy.dispose();
    expectOriginalUntouched();
  });

  it('cancelled by a message arriving while it runs (cancelJob after a few chunks)', async () => {
    const copy = await copyModel(artifacts);
    const before = tf.memory().numTensors;
    const token = newToken();
    let chunks = 0;
    let done = 0;
    let total = 0;
    // Stands in for the worker's cancel(id) message: runs only when the loop yields.
    const ticker = setInterval(() => {
      if (chunks >= 3) cancelJob(token.id);
    }, 0);
    try {
      await cancelled(
        trainModel(copy, options({ epochs: 200, chunkMs: 1 }), token, (d, t) => {
          chunks++;
          done = d;
          total = t;
        }),
      );
    } finally {
      clearInterval(ticker);
    }
    expect(chunks).toBeGreaterThanOrEqual(3);
    expect(done).toBeLessThan(total);
    expect(tf.memory().numTensors).toBe(before);
    copy.dispose();
    expectOriginalUntouched();
  });

  it('throws cancelled at once for a token cancelled before it starts', async () => {
    const copy = await copyModel(artifacts);
    const before = tf.memory().numTensors;
    const token = newToken();
    cancelJob(token.id);
    let epochs = 0;
    await cancelled(trainModel(copy, options({ onEpoch: () => epochs++ }), token));
    expect(epochs).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    copy.dispose();
  });

  it('reports progress as (batches done, batches in all), rising to the total', async () => {
    const copy = await copyModel(artifacts);
    const calls: [number, number, string][] = [];
    await trainModel(copy, options({ epochs: 6, chunkMs: 0 }), newToken(), (d, t, label) =>
      calls.push([d, t, label]),
    );
    copy.dispose();
    const total = 6 * Math.ceil(N / 8);
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.every(([, t]) => t === total)).toBe(true);
    expect(calls[0][0]).toBe(0);
    for (let i = 1; i < calls.length; i++) expect(calls[i][0]).toBeGreaterThan(calls[i - 1][0]);
    expect(calls[calls.length - 1][0]).toBe(total);
    expect(calls[1][2]).toMatch(/^Training: epoch 1 of 6$/);
    expect(calls[calls.length - 1][2]).toMatch(/epoch 6 of 6/);
  });

  it('serves other async calls between chunks while it trains', async () => {
    const copy = await copyModel(artifacts);
    let served = false;
    let servedWhileTraining = false;
    // Another call's continuation, queued behind the training loop's first batches.
    const other = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
      served = true;
    });
    await trainModel(copy, options({ epochs: 20, chunkMs: 2 }), undefined, (d, t) => {
      if (served && d < t) servedWhileTraining = true;
    });
    await other;
    copy.dispose();
    expect(servedWhileTraining).toBe(true);
  });

  it('uses a custom loss (e.g. with an activity penalty) and the sgd optimizer', async () => {
    const copy = await copyModel(artifacts);
    let shapes: number[][] = [];
    const { losses } = await trainModel(
      copy,
      options({
        epochs: 2,
        optimizer: { kind: 'sgd', learningRate: 0.05 },
        loss: (y, p) => {
          shapes = [y.shape, p.shape];
          return tf.add(
            tf.mean(tf.metrics.binaryCrossentropy(y, p)),
            tf.mul(100, tf.mean(tf.square(p))),
          ) as tf.Scalar;
        },
      }),
    );
    copy.dispose();
    expect(shapes).toEqual([
      [8, 1],
      [8, 1],
    ]);
    expect(losses[0]).toBeGreaterThan(1); // the penalty dominates
  });

  it('follows a learning-rate schedule (rate 0 leaves the weights as they were)', async () => {
    const copy = await copyModel(artifacts);
    await trainModel(copy, options({ epochs: 2, learningRate: () => 0 }));
    weightsOf(copy).forEach((w, i) => expect(w).toEqual(loadedWeights[i]));
    copy.dispose();
  });

  it('saves a trained copy to memory that reloads to the same predictions', async () => {
    const copy = await copyModel(artifacts);
    await trainModel(copy, options({ epochs: 3 }));
    const saved = await modelArtifacts(copy);
    expect(saved.weightData).toBeInstanceOf(ArrayBuffer);
    const reloaded = await copyModel(saved);
    const predict = (m: tf.LayersModel) =>
      tf.tidy(
        () => (m.predict(tf.tensor3d(data.x, [N, T, C])) as tf.Tensor).dataSync() as Float32Array,
      );
    expect(predict(reloaded)).toEqual(predict(copy));
    reloaded.dispose();
    copy.dispose();
  });

  it('refuses data that does not fit the model, leaking nothing', async () => {
    const copy = await copyModel(artifacts);
    const before = tf.memory().numTensors;
    const code = (p: Promise<unknown>) => p.then(() => null, errorCode);
    const bad = Float32Array.from(data.labels, (v) => v * 2);
    expect(await code(trainModel(copy, options({ y: bad })))).toBe('dataset-label');
    expect(
      await code(
        trainModel(copy, options({ x: new Float32Array(N * T), shape: [N, T, 1], y: data.labels })),
      ),
    ).toBe('dataset-channels');
    expect(await code(trainModel(copy, options({ y: data.labels.subarray(1) })))).toBe(
      'dataset-config',
    );
    expect(await code(trainModel(copy, options({ batchSize: 0 })))).toBe('dataset-config');
    expect(tf.memory().numTensors).toBe(before);
    copy.dispose();
    expectOriginalUntouched();
  });

  it("'auto' loss: softmax classifier (class indices) and linear regressor learn", async () => {
    const softmax = await copyModel(await toyArtifacts(2, 'softmax'));
    const a = await trainModel(softmax, options({ epochs: 10 }));
    expect(a.losses[9]).toBeLessThan(a.losses[0] * 0.5);
    softmax.dispose();
    const linear = await copyModel(await toyArtifacts(1, 'linear'));
    const b = await trainModel(linear, options({ task: 'regression', y: data.heights }));
    expect(b.losses[14]).toBeLessThan(b.losses[0] * 0.5);
    linear.dispose();
  });
});
