/**
 * A physically smaller model: remove chosen filters of conv layers for real. Each pruned conv
 * is rebuilt with fewer filters, the per-channel layers after it (BatchNormalization, PReLU)
 * keep only the kept channels, and the layer that consumes its channels gets the matching
 * slice of its weights:
 *
 * - conv -> conv (also through activation, pooling, dropout, BatchNormalization): the next
 *   conv's kernel [k, Cin, F2] keeps the kept input channels (axis 1);
 * - conv -> ... -> Flatten -> Dense: the dense kernel [T'·F, U] keeps rows t·F + f of kept f;
 * - conv -> ... -> (GlobalPooling) -> Dense: the dense kernel [F, U] keeps rows f of kept f.
 *
 * Sequential and functional models alike (the walk follows the model graph's outbound edges).
 * A residual Add, Concatenate or a conv whose channels are the model output cannot lose
 * channels alone: those are refused with a TsvizError('model-graph').
 *
 * Equality with zeroing: a zeroed filter (kernel and bias 0, prune.ts) still emits a constant
 * through its per-channel path (0 after ReLU/LeakyReLU/tanh; BatchNormalization's shift, a
 * sigmoid's 0.5 otherwise). That constant's contribution is folded into the consumer's bias, so
 * the pruned model's outputs equal the zeroed model's to float32 rounding (the tests check
 * 1e-5 relative to the output scale). The fold is exact for a Dense consumer and a 'valid'
 * conv; for a 'same' or 'causal' conv a non-zero constant differs at the padded edges, and the
 * result says so in `notes`.
 *
 * The input model is never changed: the new one is built from its topology (model.toJSON) and
 * sliced copies of its weights.
 */
import * as tf from '@tensorflow/tfjs';
import { TsvizError } from '../../src/core/errors';
import type { GraphLayer, ModelInfo } from '../../src/core/model-graph';
import { keptFilters } from '../../src/core/pruning-math';
import { runModel } from './graph-exec';
import { zeroFilters } from './prune';
import { copyModel, modelArtifacts } from './train';

/** A layer that reads a pruned conv's channels and mixes them. */
type Consumer =
  /** A conv: kernel [k, Cin, F2], input channels on axis 1. */
  | { kind: 'conv'; layer: number }
  /** A Dense on [.., F]: kernel [F, U], input channels on axis 0. */
  | { kind: 'dense'; layer: number }
  /** A Dense after Flatten of [T', F]: kernel [T'·F, U], rows t·F + f. */
  | { kind: 'flatten-dense'; layer: number };

/** Where a conv's channels go: per-channel layers to slice, and the consumers. */
export interface ChannelPath {
  conv: number;
  /** Layers that keep each channel apart (activation, pooling, BatchNormalization, Dropout). */
  channelLayers: number[];
  consumers: Consumer[];
}

const POOLS = new Set([
  'MaxPooling1D',
  'AveragePooling1D',
  'GlobalMaxPooling1D',
  'GlobalAveragePooling1D',
]);

function unsupported(conv: GraphLayer, why: string): TsvizError {
  return new TsvizError(
    'model-graph',
    `Filters of '${conv.name}' cannot be removed for real: ${why}.`,
    'Prune other conv layers, or use the zero-out sweep and faithfulness test, which work on any model.',
  );
}

/** Keeps every channel apart: its output channel f depends only on its input channel f. */
function keepsChannels(l: GraphLayer): boolean {
  if (l.kind === 'normalization') return l.className === 'BatchNormalization';
  if (l.kind === 'regularization') return true;
  if (l.kind === 'activation') return l.className !== 'Softmax';
  if (l.kind === 'pool') return POOLS.has(l.className);
  return false;
}

/** Follow a conv's channels forward through the model graph to the layers that mix them. */
export function channelPath(info: ModelInfo, conv: number): ChannelPath {
  const layers = info.layers;
  const start = layers[conv];
  const channelLayers: number[] = [];
  const consumers: Consumer[] = [];
  const seen = new Set<number>();
  const visit = (at: GraphLayer) => {
    if (at.outbound.length === 0)
      throw unsupported(start, `its channels reach the model output through '${at.name}'`);
    for (const i of at.outbound) {
      if (seen.has(i)) continue;
      seen.add(i);
      const next = layers[i];
      if (next.inbound.length !== 1)
        throw unsupported(start, `'${next.name}' (${next.className}) merges it with other layers`);
      if (keepsChannels(next)) {
        channelLayers.push(i);
        visit(next);
      } else if (next.kind === 'conv' && next.className === 'Conv1D') {
        consumers.push({ kind: 'conv', layer: i });
      } else if (next.kind === 'dense') {
        consumers.push({ kind: 'dense', layer: i });
      } else if (next.className === 'Flatten') {
        if (next.outbound.length === 0)
          throw unsupported(start, `its channels reach the model output through '${next.name}'`);
        for (const j of next.outbound) {
          const d = layers[j];
          if (d.kind !== 'dense' || d.inbound.length !== 1)
            throw unsupported(start, `'${d.name}' (${d.className}) follows '${next.name}'`);
          consumers.push({ kind: 'flatten-dense', layer: j });
        }
      } else {
        throw unsupported(start, `'${next.name}' (${next.className}) mixes its channels`);
      }
    }
  };
  visit(start);
  return { conv, channelLayers, consumers };
}

/** Check the removal map against the model: conv layers, filter indices, at least one kept. */
function checkRemoval(info: ModelInfo, removed: ReadonlyMap<number, readonly number[]>): void {
  for (const [conv, filters] of removed) {
    const fl = info.filterLayers.find((f) => f.conv === conv);
    if (!fl) throw new RangeError(`layer ${conv} is not a conv layer with filters`);
    const bad = filters.find((f) => !Number.isInteger(f) || f < 0 || f >= fl.filters);
    if (bad !== undefined) throw new RangeError(`layer ${conv} has no filter ${bad}`);
    if (new Set(filters).size >= fl.filters)
      throw new TsvizError(
        'model-graph',
        `Removing ${new Set(filters).size} of the ${fl.filters} filters of '${info.layers[conv].name}' would leave none.`,
        'Keep at least one filter in every layer.',
      );
  }
}

type Json = Record<string, unknown>;

/** The layer configs of a Keras topology (Sequential or functional), by layer name. */
function topologyLayers(topology: Json): Map<string, Json> {
  const cfg = topology.config as Json | Json[];
  const list = (Array.isArray(cfg) ? cfg : (cfg.layers as Json[])) ?? [];
  return new Map(list.map((l) => [((l.config as Json).name as string) ?? '', l.config as Json]));
}

/** The bias change of a consumer from the removed channels' constant values. */
function foldConstants(
  kind: Consumer['kind'],
  kernel: Float32Array,
  kernelShape: number[],
  input: Float32Array,
  inputShape: number[],
  removed: readonly number[],
  F: number,
): { delta: Float64Array; varies: boolean } {
  const units = kernelShape[kernelShape.length - 1];
  const delta = new Float64Array(units);
  let varies = false;
  if (kind === 'flatten-dense') {
    // input [1, T'·F] (flattened [T', F]); kernel [T'·F, U]
    const steps = input.length / F;
    for (let t = 0; t < steps; t++)
      for (const f of removed) {
        const c = input[t * F + f];
        if (c === 0) continue;
        const row = (t * F + f) * units;
        for (let u = 0; u < units; u++) delta[u] += c * kernel[row + u];
      }
    return { delta, varies };
  }
  // input [1, (T',) F]: one constant per channel (checked equal over positions)
  const steps = inputShape.length === 3 ? inputShape[1] : 1;
  for (const f of removed) {
    const c = input[f];
    for (let t = 1; t < steps; t++)
      if (Math.abs(input[t * F + f] - c) > 1e-6 * Math.max(1, Math.abs(c))) varies = true;
    if (c === 0) continue;
    if (kind === 'dense') {
      for (let u = 0; u < units; u++) delta[u] += c * kernel[f * units + u];
    } else {
      // kernel [k, Cin, F2]
      const [k, cin] = kernelShape;
      for (let j = 0; j < k; j++)
        for (let u = 0; u < units; u++) delta[u] += c * kernel[(j * cin + f) * units + u];
    }
  }
  return { delta, varies };
}

export interface PhysicalPruneResult {
  model: tf.LayersModel;
  notes: string[];
}

/**
 * A new model without the `removed` filters (conv layer index -> original filter indices).
 * @param steps time steps T of the input, for a model that accepts any length (else ignored)
 */
export async function removeFilters(
  model: tf.LayersModel,
  info: ModelInfo,
  removed: ReadonlyMap<number, readonly number[]>,
  steps: number | null = null,
): Promise<PhysicalPruneResult> {
  checkRemoval(info, removed);
  const pruned = new Map([...removed].filter(([, f]) => f.length > 0));
  const paths = [...pruned.keys()].map((c) => channelPath(info, c));
  const notes: string[] = [];

  // The removed channels' constant values at each consumer's input, from a zeroed copy.
  const T = info.inputShape[0] ?? steps;
  if (T === null) throw new RangeError('the model accepts any length: give the time steps');
  const consumerOf = new Map<number, { kind: Consumer['kind']; conv: number }>();
  for (const p of paths)
    for (const c of p.consumers) consumerOf.set(c.layer, { kind: c.kind, conv: p.conv });
  const inputs = new Map<number, { values: Float32Array; shape: number[] }>();
  if (consumerOf.size > 0) {
    const zeroed = await copyModel(await modelArtifacts(model), 'the zeroed copy');
    try {
      for (const [conv, filters] of pruned) zeroFilters(zeroed, conv, filters);
      const ins = tf.tidy(() => {
        const x = tf.zeros([1, T, info.inputShape[1]]);
        const walk = runModel(zeroed, x, { extra: [...consumerOf.keys()] });
        return [...consumerOf.keys()].map((i) => (walk.inputsOf(i) as tf.Tensor[])[0].clone());
      });
      const keys = [...consumerOf.keys()];
      for (const [k, t] of ins.entries()) {
        inputs.set(keys[k], { values: (await t.data()) as Float32Array, shape: t.shape });
        t.dispose();
      }
    } finally {
      zeroed.dispose();
    }
  }

  // The new topology: fewer filters, a bias where a fold needs one.
  const topology = model.toJSON(null, false) as Json;
  const configs = topologyLayers(topology);
  const configOf = (i: number): Json => {
    const c = configs.get(model.layers[i].name);
    if (!c) throw new Error(`layer '${model.layers[i].name}' is not in the topology`);
    return c;
  };
  for (const [conv, filters] of pruned)
    configOf(conv).filters = info.layers[conv].filters! - filters.length;

  // New weight values per layer index.
  const values = new Map<number, tf.Tensor[]>();
  const owned: tf.Tensor[] = [];
  const keep = (t: tf.Tensor) => (owned.push(t), t);
  try {
    const current = (i: number) => values.get(i) ?? model.layers[i].getWeights();
    for (const p of paths) {
      const F = info.layers[p.conv].filters!;
      const gone = pruned.get(p.conv)!;
      const kept = tf.tensor1d(keptFilters(F, gone), 'int32');
      owned.push(kept);
      for (const l of p.channelLayers)
        values.set(
          l,
          current(l).map((w) => keep(tf.gather(w, kept, w.rank - 1))),
        );
      for (const c of p.consumers) {
        const [kernel, bias, ...rest] = current(c.layer);
        const input = inputs.get(c.layer)!;
        const { delta, varies } = foldConstants(
          c.kind,
          (await kernel.data()) as Float32Array,
          kernel.shape,
          input.values,
          input.shape,
          gone,
          F,
        );
        const cfg = configOf(c.layer);
        const folds = delta.some((d) => d !== 0);
        if (folds && c.kind === 'conv' && cfg.padding !== 'valid')
          notes.push(
            `'${info.layers[c.layer].name}' pads its input ('${String(cfg.padding)}'): the removed channels' constant output is folded into its bias, which is exact away from the edges only.`,
          );
        if (varies && c.kind !== 'flatten-dense')
          notes.push(
            `The removed channels of '${info.layers[p.conv].name}' are not constant over time at '${info.layers[c.layer].name}': its outputs differ slightly from the zeroed model's.`,
          );
        let rows: tf.Tensor;
        if (c.kind === 'flatten-dense') {
          const steps = input.values.length / F;
          const keptList = keptFilters(F, gone);
          rows = tf.tensor1d(
            Array.from({ length: steps }, (_, t) => keptList.map((f) => t * F + f)).flat(),
            'int32',
          );
        } else rows = kept.clone();
        owned.push(rows);
        const axis = c.kind === 'conv' ? 1 : 0;
        const newKernel = keep(tf.gather(kernel, rows, axis));
        let newBias: tf.Tensor | undefined = bias;
        if (folds) {
          const d = tf.tensor1d(Float32Array.from(delta));
          owned.push(d);
          if (bias) newBias = keep(tf.add(bias, d));
          else {
            cfg.use_bias = true;
            newBias = d;
          }
        }
        values.set(
          c.layer,
          [newKernel, newBias, ...rest].filter((w): w is tf.Tensor => w !== undefined),
        );
      }
    }
    // each pruned conv's own filters last (kernel [k, Cin, F] axis 2, bias [F]): a conv that
    // also consumes another pruned conv has had its input sliced and its bias folded by now
    for (const [conv, gone] of pruned) {
      const kept = tf.tensor1d(keptFilters(info.layers[conv].filters!, gone), 'int32');
      owned.push(kept);
      values.set(
        conv,
        current(conv).map((w) => keep(tf.gather(w, kept, w.rank - 1))),
      );
    }

    const next = await tf.models.modelFromJSON({
      modelTopology: topology as tf.io.ModelJSON['modelTopology'],
    } as tf.io.ModelJSON);
    if (next.layers.length !== model.layers.length)
      throw new Error('the rebuilt model has a different number of layers');
    for (const [i, ws] of values) next.layers[i].setWeights(ws);
    // layers without changes keep the old values
    for (let i = 0; i < model.layers.length; i++)
      if (!values.has(i) && model.layers[i].weights.length > 0)
        next.layers[i].setWeights(model.layers[i].getWeights());
    return { model: next, notes: [...new Set(notes)] };
  } finally {
    tf.dispose(owned);
  }
}
