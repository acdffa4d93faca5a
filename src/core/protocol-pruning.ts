/**
 * Types of the Pruning view's worker calls (workers/compute/api-pruning.ts): the faithfulness
 * test (paper Table 1), the pruning sweep (Fig. 10) and the physically smaller model.
 *
 * Layers are named by their model.layers index (`conv`), filters by their index in that layer.
 * Losses are the model's loss (binary/categorical cross-entropy or MSE) averaged over the test
 * rows; accuracy is a share in [0, 1]; mse/mae are in the target's units.
 */
import type { PruneOrder } from './pruning-math';

export type { PruneOrder } from './pruning-math';

/** The ranking a pruning call uses: each conv layer's mean dataset-wide importance [F]. */
export interface PruningRanking {
  /** conv layer index -> mean importance per filter [F]. */
  layers: { conv: number; mean: Float32Array | number[] }[];
  /** Which rows the importance was averaged over: 'train' (the training split) or 'all'. */
  rows: 'train' | 'all';
}

/** Scores of one model on the test rows. */
export interface PruningScore {
  loss: number;
  accuracy: number | null;
  mse: number | null;
  mae: number | null;
}

export interface PruningCommon {
  ranking: PruningRanking;
  /** Conv layers to use (model.layers indices); default: every conv layer with filters. */
  layers?: number[];
  /** Score on at most this many test rows (the first ones); default: all test rows. */
  maxRows?: number;
}

/** One row of Table 1. */
export interface FaithfulnessRow {
  conv: number;
  name: string;
  filters: number;
  most: number;
  least: number;
  /** Test loss with the most (least) important filter's kernel and bias zeroed. */
  mostLoss: number;
  leastLoss: number;
  /** mostLoss / leastLoss (see faithfulnessRatio). */
  ratio: number;
  mostScore: PruningScore;
  leastScore: PruningScore;
}

export interface FaithfulnessResult {
  /** The unpruned model on the same rows. */
  base: PruningScore;
  rows: FaithfulnessRow[];
  testRows: number;
  backend: string;
  ms: number;
}

export interface SweepRequest extends PruningCommon {
  /** Fine-tuning epochs on the training rows after each pruning step (paper: 10; 0: none). */
  epochs: number;
  /** Seed of the fine-tuning batch order. */
  seed: number;
  /** Fine-tuning batch size (default 32). */
  batchSize?: number;
}

/** One point of a sweep curve: the model with `pruned` filters of the layer removed. */
export interface SweepPoint {
  pruned: number;
  /** The filter (original index) removed at this step; -1 at the start point. */
  filter: number;
  score: PruningScore;
}

export interface SweepCurve {
  conv: number;
  name: string;
  filters: number;
  order: PruneOrder;
  points: SweepPoint[];
}

export interface SweepResult {
  curves: SweepCurve[];
  epochs: number;
  seed: number;
  testRows: number;
  trainRows: number;
  backend: string;
  ms: number;
}

export interface PrunedModelRequest {
  ranking: PruningRanking;
  /** conv layer index -> how many of its least important filters to remove. */
  remove: { conv: number; count: number }[];
}

/** A model file set for download: model.json, weights.bin and tsviz.json. */
export interface PrunedModelFiles {
  modelJson: string;
  weights: ArrayBuffer;
  sidecar: string | null;
  /** Parameters and float32 weight bytes before and after. */
  before: { params: number; bytes: number };
  after: { params: number; bytes: number };
  /** conv layer index -> removed filters (original indices). */
  removed: { conv: number; name: string; filters: number[]; kept: number }[];
  /** Largest |pruned - zeroed| output on the test rows checked (before any fine-tuning). */
  maxAbsDiff: number;
  /** Things the user should know (e.g. padding at the edges). */
  notes: string[];
}
