/**
 * Mini-batch training of a COPY of a loaded model, inside the compute worker (and in Node for
 * the demo training scripts).
 *
 * - Never the loaded model: `copyModel(loaded.artifacts)` builds a fresh model with its own
 *   weights, `trainModel` trains that copy in place, `modelArtifacts` saves it to memory for a
 *   download or a reload. The loaded model is never mutated.
 * - Reproducible: the batch order comes from src/core/random.ts (tfjs's fit() shuffles with
 *   Math.random), so the same seed and backend give the same weights.
 * - Async and cancellable: batches run in chunks of about `chunkMs` of work; between chunks
 *   the loop reports progress, awaits `yieldToEvents()` (other calls and cancel messages are
 *   served) and calls `throwIfCancelled(token)` (TsvizError 'cancelled').
 * - No blocking readbacks: each batch's loss stays on the device until the end of its chunk
 *   (or epoch), then the chunk's losses are read in one `await data()`.
 * - No leaks: the data tensors, the optimizer and its slots and pending losses are disposed
 *   whether the run finishes, fails or is cancelled.
 *
 * On cpu and wasm, conv models need the fast Conv2DBackpropFilter kernel (and wasm the correct
 * MaxPoolGrad): `initBackend` (backend.ts) and scripts/lib/backend.ts register them.
 */
import * as tf from '@tensorflow/tfjs';
import { TsvizError } from '../../src/core/errors';
import { Rng } from '../../src/core/random';
import type { Task } from '../../src/core/types';
import {
  finishJob,
  throwIfCancelled,
  yieldToEvents,
  type JobToken,
  type ProgressFn,
} from '../jobs';
import { buildModel } from './model-loader';
import { describeModel } from './model-info';

/** A training loss: targets y [B, 1] (float32) and the model's output [B, units]. */
export type LossFn = (y: tf.Tensor, pred: tf.Tensor) => tf.Scalar;

export interface TrainOptions {
  /** Inputs [N, T, C], row-major. */
  x: Float32Array;
  shape: [number, number, number];
  /** [N]: class index (classification) or target value (regression). */
  y: Float32Array;
  task: Task;
  /**
   * 'auto' (default): binary cross-entropy for one sigmoid unit, categorical cross-entropy on
   * class indices for softmax, cross-entropy from logits for a linear classifier output, MSE
   * for regression. A function gets y as [B, 1] float32 (class index or target) and the
   * model's output, and may add terms such as an activity penalty.
   */
  loss?: 'auto' | LossFn;
  /** Default adam at 1e-3. */
  optimizer?: { kind: 'adam' | 'sgd'; learningRate: number };
  batchSize: number;
  epochs: number;
  /**
   * Seed of the batch order, or a generator to continue (the training scripts pass the one
   * that drew the initial weights, which keeps their output byte-identical).
   */
  seed: number | Rng;
  /** Learning rate for each epoch (0-based); the optimizer's own rate when absent. */
  learningRate?: (epoch: number) => number;
  /** After each epoch with its mean training loss (per sample). */
  onEpoch?: (epoch: number, meanLoss: number) => void;
  /** Milliseconds of work between yields (default 50; 0 yields after every batch). */
  chunkMs?: number;
}

export interface TrainResult {
  /** Mean training loss of each epoch. */
  losses: number[];
  seconds: number;
}

const DEFAULT_CHUNK_MS = 50;

function configError(problem: string, fix: string): TsvizError {
  return new TsvizError('dataset-config', problem, fix);
}

/**
 * Change an optimizer's learning rate between steps. tfjs keeps it in a protected field that
 * every step reads (true of sgd, momentum and adam in tfjs 4.22).
 */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = rate;
}

function makeOptimizer(o: TrainOptions['optimizer']): tf.Optimizer {
  const spec = o ?? { kind: 'adam', learningRate: 1e-3 };
  if (!(spec.learningRate > 0) || !Number.isFinite(spec.learningRate)) {
    throw configError(
      `The learning rate ${spec.learningRate} is not a positive number.`,
      'Choose a learning rate such as 0.001.',
    );
  }
  return spec.kind === 'sgd' ? tf.train.sgd(spec.learningRate) : tf.train.adam(spec.learningRate);
}

/** y [B, 1] of class indices as one-hot rows [B, classes]. */
function oneHot(y: tf.Tensor, classes: number): tf.Tensor {
  return tf.oneHot(tf.cast(tf.reshape(y, [-1]), 'int32'), classes);
}

/** The loss 'auto' stands for, given the model's final activation and output units. */
function autoLoss(task: Task, activation: string, units: number): LossFn {
  if (task === 'regression') {
    if (units !== 1) {
      throw configError(
        `The model has ${units} outputs; training a regression model needs one output per target.`,
        'Train a model with one output unit.',
      );
    }
    return (y, p) => tf.losses.meanSquaredError(y, p) as tf.Scalar;
  }
  if (units === 1) {
    if (activation === 'sigmoid') return (y, p) => tf.mean(tf.metrics.binaryCrossentropy(y, p));
    if (activation === 'linear') return (y, z) => tf.losses.sigmoidCrossEntropy(y, z) as tf.Scalar;
  } else {
    if (activation === 'softmax') {
      return (y, p) => tf.mean(tf.metrics.categoricalCrossentropy(oneHot(y, units), p));
    }
    if (activation === 'linear') {
      return (y, z) => tf.losses.softmaxCrossEntropy(oneHot(y, units), z) as tf.Scalar;
    }
  }
  throw configError(
    `No standard loss fits a classifier whose output is ${units} ${activation} unit(s).`,
    'Use a model ending in one sigmoid unit, a softmax layer or linear logits.',
  );
}

/** Check the arrays against each other and the model; returns N. */
function checkData(model: tf.LayersModel, o: TrainOptions, units: number): number {
  const [n, t, c] = o.shape;
  if (![n, t, c].every((d) => Number.isInteger(d) && d > 0) || o.x.length !== n * t * c) {
    throw configError(
      `The training inputs hold ${o.x.length} values, not the [${o.shape.join(', ')}] given.`,
      'Load the dataset again.',
    );
  }
  if (o.y.length !== n) {
    throw configError(
      `There are ${o.y.length} training targets for ${n} samples.`,
      'Use a dataset with one label or target per sample.',
    );
  }
  const [, mt, mc] = model.inputs[0].shape;
  if ((mt != null && mt !== t) || mc !== c) {
    throw new TsvizError(
      'dataset-channels',
      `The model takes [${mt ?? 'any'}, ${mc}] (time steps, channels) per sample; the training data has [${t}, ${c}].`,
      'Choose dataset settings that match the model input.',
    );
  }
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) {
    throw configError(
      `The batch size ${o.batchSize} is not a positive whole number.`,
      'Use e.g. 32.',
    );
  }
  if (!Number.isInteger(o.epochs) || o.epochs < 0) {
    throw configError(`The epoch count ${o.epochs} is not a whole number >= 0.`, 'Use e.g. 10.');
  }
  if (o.task === 'classification') {
    const classes = units === 1 ? 2 : units;
    const bad = o.y.findIndex((v) => !Number.isInteger(v) || v < 0 || v >= classes);
    if (bad >= 0) {
      throw new TsvizError(
        'dataset-label',
        `Sample ${bad + 1} has class ${o.y[bad]}, but the model has ${classes} classes (0 to ${classes - 1}).`,
        'Check the dataset\u2019s class values against the model output.',
      );
    }
  } else if (!o.y.every(Number.isFinite)) {
    throw configError('A regression target is not a finite number.', 'Check the dataset.');
  }
  return n;
}

/**
 * Train `model` IN PLACE (pass a copy from `copyModel`, never the loaded model) on mini-batches
 * in a seeded order, with `training: true` through `model.apply`. Progress: (batches done,
 * batches in all, label). Cancellable through `token`; finishes the job when it returns or
 * throws. A cancelled or failed run leaves `model` part-trained: dispose the copy. Throws TsvizError ('cancelled', 'dataset-config', 'dataset-channels',
 * 'dataset-label').
 */
export async function trainModel(
  model: tf.LayersModel,
  o: TrainOptions,
  token?: JobToken,
  onProgress?: ProgressFn,
): Promise<TrainResult> {
  const pending: tf.Scalar[] = [];
  const pendingSizes: number[] = [];
  const owned: tf.Tensor[] = [];
  let optimizer: tf.Optimizer | null = null;
  try {
    throwIfCancelled(token);
    const info = describeModel(model, model.name, o.task, [], []);
    const n = checkData(model, o, info.outputUnits);
    const loss =
      typeof o.loss === 'function'
        ? o.loss
        : autoLoss(o.task, info.outputActivation, info.outputUnits);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    if (vars.length === 0) {
      throw configError('The model has no trainable weights.', 'Open a model with weights.');
    }
    optimizer = makeOptimizer(o.optimizer);
    const rng = typeof o.seed === 'number' ? new Rng(o.seed) : o.seed;
    const chunkMs = o.chunkMs ?? DEFAULT_CHUNK_MS;
    const x = tf.tensor3d(o.x, o.shape);
    owned.push(x);
    const y = tf.tensor2d(o.y, [n, 1]);
    owned.push(y);

    const perEpoch = Math.ceil(n / o.batchSize);
    const total = perEpoch * o.epochs;
    let done = 0;
    let reported = -1;
    const label = (epoch: number) => `Training: epoch ${epoch + 1} of ${o.epochs}`;
    const report = (epoch: number) => {
      if (done === reported) return;
      reported = done;
      onProgress?.(done, total, label(Math.min(epoch, o.epochs - 1)));
    };
    /** Read the pending batch losses in one go; returns their sum weighted by batch size. */
    const flush = async (): Promise<number> => {
      if (pending.length === 0) return 0;
      const stacked = tf.stack(pending);
      tf.dispose(pending.splice(0));
      const sizes = pendingSizes.splice(0);
      try {
        const values = await stacked.data();
        return sizes.reduce((a, size, i) => a + values[i] * size, 0);
      } finally {
        stacked.dispose();
      }
    };
    let chunkStart = performance.now();
    /** Between chunks: progress, serve queued messages, honour a cancel. */
    const pause = async (epoch: number) => {
      report(epoch);
      await yieldToEvents();
      throwIfCancelled(token);
      chunkStart = performance.now();
    };

    const losses: number[] = [];
    const start = performance.now();
    report(0);
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      if (o.learningRate) setLearningRate(optimizer, o.learningRate(epoch));
      const order = rng.permutation(n);
      let sum = 0;
      for (let i = 0; i < n; i += o.batchSize) {
        const idx = order.subarray(i, Math.min(n, i + o.batchSize));
        const opt = optimizer;
        const cost = tf.tidy(() => {
          const take = tf.tensor1d(idx, 'int32');
          const xb = tf.gather(x, take);
          const yb = tf.gather(y, take);
          const step = () => loss(yb, model.apply(xb, { training: true }) as tf.Tensor);
          return opt.minimize(step, true, vars) as tf.Scalar;
        });
        pending.push(cost);
        pendingSizes.push(idx.length);
        done++;
        const more = i + o.batchSize < n;
        if (more && performance.now() - chunkStart >= chunkMs) {
          sum += await flush();
          await pause(epoch);
        }
      }
      sum += await flush();
      losses.push(sum / n);
      o.onEpoch?.(epoch, sum / n);
      if (performance.now() - chunkStart >= chunkMs && epoch + 1 < o.epochs) await pause(epoch + 1);
    }
    report(o.epochs);
    return { losses, seconds: (performance.now() - start) / 1000 };
  } finally {
    tf.dispose(pending);
    tf.dispose(owned);
    optimizer?.dispose();
    finishJob(token);
  }
}

/**
 * A fresh model with its own weights, built from a loaded model's artifacts
 * (`LoadedModel.artifacts`): train it, the loaded model stays as it is.
 */
export async function copyModel(
  artifacts: tf.io.ModelArtifacts,
  name = 'the model copy',
): Promise<tf.LayersModel> {
  return buildModel(artifacts, name);
}

/** Save a (trained) model to memory: topology, weight specs and one weight buffer. */
export async function modelArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  const out: { saved?: tf.io.ModelArtifacts } = {};
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const saved = {
        ...artifacts,
        weightData: data === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(data),
      };
      out.saved = saved;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(saved) };
    }),
  );
  if (out.saved === undefined) {
    throw new TsvizError('internal', 'Saving the trained model gave nothing.', 'Try again.');
  }
  return out.saved;
}
