/**
 * A reproducible mini-batch training loop: the batch order comes from our seeded Rng (tfjs's
 * own fit() shuffles with Math.random), and the loss is any function of (y, prediction), so
 * extra terms such as an activity penalty can be added.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/core/random';

export interface TrainOptions {
  /** The network to train (its forward pass gives what `loss` expects). */
  model: tf.LayersModel;
  x: tf.Tensor;
  y: tf.Tensor;
  loss: (y: tf.Tensor, pred: tf.Tensor) => tf.Scalar;
  optimizer: tf.Optimizer;
  batchSize: number;
  epochs: number;
  rng: Rng;
  /** Learning rate for each epoch (0-based); leaves the optimizer's own rate when absent. */
  learningRate?: (epoch: number) => number;
  /** Called after each epoch with the mean training loss; may change the learning rate. */
  onEpoch?: (epoch: number, meanLoss: number) => void;
}

/**
 * Change an optimizer's learning rate between steps. tfjs keeps it in a protected field that
 * every step reads (true of sgd, momentum and adam in tfjs 4.22).
 */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = rate;
}

/** Train in place; returns the mean loss of each epoch and the seconds taken. */
export function trainLoop(o: TrainOptions): { losses: number[]; seconds: number } {
  const n = o.x.shape[0];
  const vars = o.model.trainableWeights.map((w) => w.read() as tf.Variable);
  const losses: number[] = [];
  const start = performance.now();
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    if (o.learningRate) setLearningRate(o.optimizer, o.learningRate(epoch));
    const order = o.rng.permutation(n);
    let total = 0;
    for (let i = 0; i < n; i += o.batchSize) {
      const idx = order.subarray(i, Math.min(n, i + o.batchSize));
      const cost = tf.tidy(() => {
        const take = tf.tensor1d(idx, 'int32');
        const xb = tf.gather(o.x, take);
        const yb = tf.gather(o.y, take);
        const step = () => o.loss(yb, o.model.apply(xb, { training: true }) as tf.Tensor);
        return o.optimizer.minimize(step, true, vars) as tf.Scalar;
      });
      total += cost.dataSync()[0] * idx.length;
      cost.dispose();
    }
    losses.push(total / n);
    o.onEpoch?.(epoch, total / n);
  }
  return { losses, seconds: (performance.now() - start) / 1000 };
}
