/**
 * Types of the Optimization view's worker calls (workers/compute/optimize.ts and
 * api-optimization.ts): inverse optimization (paper Section IV-D) and adversarial examples
 * (FGSM, iterative FGSM, PGD; Section IV-E). Re-exported by protocol.ts.
 */

/**
 * - 'inverse': gradient descent x <- x - alpha dL/dx towards a target (paper IV-D).
 * - 'fgsm': one step x + epsilon sign(dL/dx), L the loss of the attacked class / value.
 * - 'iterative-fgsm': x <- Clip_{x0, epsilon}(x + alpha sign(dL/dx)), t steps.
 * - 'pgd': iterative FGSM from a seeded uniform start inside the epsilon-ball.
 */
export type OptimizationMethod = 'inverse' | 'fgsm' | 'iterative-fgsm' | 'pgd';

/**
 * How a derived channel (the first difference d of a base channel b) is treated:
 * - 'consistent': only b is optimized; d[t] = b[t] - b[t-1] is computed from it for t >= 1 and
 *   d[0] keeps the start's value (a window's first difference reaches back before the window).
 * - 'independent': b and d are perturbed as separate channels (the paper's way).
 * - 'plain': the model has no derived channel.
 */
export type DerivedMode = 'consistent' | 'independent' | 'plain';

/** A derived first-difference channel and the base channel it is computed from (input channel indices). */
export interface DiffPair {
  base: number;
  diff: number;
}

/**
 * What is optimized towards (inverse) or attacked (adversarial methods).
 * - class: classification; inverse minimizes the cross-entropy to `classIndex`; the adversarial
 *   methods increase the cross-entropy of `classIndex` (the true or predicted class).
 * - value: regression output `index`; inverse minimizes (y - value)^2; the adversarial methods
 *   increase it (value = the true next value).
 */
export type OptimizationTarget =
  { kind: 'class'; classIndex: number } | { kind: 'value'; value: number; index: number };

export interface OptimizationRequest {
  method: OptimizationMethod;
  /**
   * The start x0: a dataset sample, an input of its own ([1, T, C] row-major), or random
   * x0 ~ N(0, std² I) of shape [T, C] drawn from `seed` (inverse optimization; the paper's
   * std is 1, its code's 0.25).
   */
  start:
    | { sample: number }
    | { x: Float32Array; shape: [1, number, number] }
    | { random: true; shape: [number, number]; std?: number };
  target: OptimizationTarget;
  /** Step size alpha (inverse: of the gradient; iterative FGSM / PGD: of its sign). */
  alpha: number;
  /** The L-infinity radius epsilon (FGSM's step; the ball of iterative FGSM and PGD). */
  epsilon: number;
  /** Number of steps t (FGSM: always 1). */
  steps: number;
  /** Seed of the random start (N(0, I) or PGD's uniform start). */
  seed: number;
  /** Per input channel: true when it may change (length C). */
  channels: boolean[];
  /** Derived first-difference channels and the modes to run side by side (one run each); null: none. */
  derived: { pairs: DiffPair[]; modes: ('consistent' | 'independent')[] } | null;
  /** Report a trace point every `every` steps (>= 1). */
  every: number;
}

/** One point of the live trajectory: the loss and prediction at x_step, one value per run. */
export interface TracePoint {
  step: number;
  /** [runs] the loss at x_step. */
  loss: number[];
  /**
   * [runs] the tracked prediction at x_step: the probability of the target class, or the
   * regression output.
   */
  prediction: number[];
}

/** The live trace callback: new points since the last call. */
export type TraceFn = (points: TracePoint[]) => void;

/** One run of an optimization (one per derived-channel mode). */
export interface OptimizationRun {
  mode: DerivedMode;
  /** [T, C] row-major: the optimized (or adversarial) input. */
  final: Float32Array;
  /** The model output vector at the start and at the end. */
  startOutput: Float32Array;
  endOutput: Float32Array;
  /** The tracked prediction (see TracePoint) at the start and the end. */
  startPrediction: number;
  endPrediction: number;
  startLoss: number;
  endLoss: number;
}

export interface OptimizationResult {
  method: OptimizationMethod;
  shape: [number, number];
  /** [T, C] row-major: the start x0 (the sample, or the random start; before PGD's noise). */
  start: Float32Array;
  runs: OptimizationRun[];
  trace: TracePoint[];
  /** Steps done. */
  steps: number;
  /** The loss in words, e.g. "cross-entropy to class anomalous (minimized)". */
  loss: string;
  /** What the prediction tracks, e.g. "p(anomalous)" or "forecast". */
  prediction: string;
  /** The request as run (seed included), for the export. */
  settings: Omit<OptimizationRequest, 'start'> & {
    start: 'random' | 'sample' | 'input';
    /** The random start's standard deviation. */
    std?: number;
  };
  backend: string;
}
