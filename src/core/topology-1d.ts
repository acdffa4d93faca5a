/**
 * More 1-D model shapes, read as the Conv1D models the views explain (pure, on the Keras
 * topology before tfjs builds it; the weight bytes do not move):
 * - a univariate input [batch, T] whose first layer is a Reshape to [T, 1] or [T, 1, 1]: the
 *   input becomes [batch, T, 1] and the Reshape goes;
 * - after a Reshape to [T, 1, 1], or from an input [batch, T, 1, C]: 2-D layers over a width
 *   of 1 are 1-D layers over time: Conv2D with a (k, 1) kernel (strides and dilation (s, 1))
 *   -> Conv1D(k) (kernel [k, 1, in, out] -> [k, in, out], same bytes), MaxPooling2D /
 *   AveragePooling2D (p, 1) -> the 1-D pooling, Global*Pooling2D -> 1-D, SpatialDropout2D ->
 *   1D, ZeroPadding2D ((a, b), (0, 0)) -> ZeroPadding1D, BatchNormalization and element-wise
 *   layers (Dropout, activations, Add, ...) as they are; Flatten keeps its order ([T, 1, C] and
 *   [T, C] flatten alike).
 * When a layer in the 2-D part cannot be read so (a kernel wider than 1, channels first, a
 * layer that mixes the width axis), nothing is changed and a note names the layer and why.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export interface Conv1dReading {
  /** The topology to build (the given one when nothing changed). */
  topology: Obj;
  /** What was read differently, or why the 2-D layers could not be read as 1-D. */
  notes: string[];
  /** New shapes of weights, by tfjs weight name ("conv/kernel"). */
  weightShapes: Record<string, number[]>;
}

/** Layers that act on each value or each channel alone: unchanged in the 1-D reading. */
const ELEMENTWISE = new Set([
  'Dropout',
  'GaussianDropout',
  'GaussianNoise',
  'AlphaDropout',
  'Activation',
  'ReLU',
  'LeakyReLU',
  'ELU',
  'PReLU',
  'ThresholdedReLU',
  'Softmax',
  'Add',
  'Subtract',
  'Multiply',
  'Average',
  'Maximum',
  'Minimum',
  'Flatten',
  'Dense',
  'Layer',
]);

const pair = (v: unknown, d: number): [unknown, unknown] =>
  Array.isArray(v) ? [v[0], v[1] ?? v[0]] : v === undefined || v === null ? [d, d] : [v, v];

type Result = { className: string; config: Obj } | { why: string };

/** One 2-D layer (over [T, 1, C]) as its 1-D twin, or why it cannot be. */
function to1d(className: string, c: Obj): Result {
  const cfg: Obj = { ...c };
  if (c.data_format === 'channels_first') return { why: 'it is channels first' };
  delete cfg.data_format;
  switch (className) {
    case 'Conv2D': {
      const [k, kw] = pair(c.kernel_size, 1);
      const [s, sw] = pair(c.strides, 1);
      const [d, dw] = pair(c.dilation_rate, 1);
      if (kw !== 1)
        return { why: `its kernel is (${String(k)}, ${String(kw)}): it mixes the width axis` };
      if (sw !== 1 || dw !== 1) return { why: 'its strides or dilation along the width are not 1' };
      if (c.groups !== undefined && c.groups !== 1) return { why: 'it is a grouped convolution' };
      return {
        className: 'Conv1D',
        config: { ...cfg, kernel_size: [k], strides: [s], dilation_rate: [d] },
      };
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const [p, pw] = pair(c.pool_size, 2);
      const [s, sw] = c.strides === null || c.strides === undefined ? [p, pw] : pair(c.strides, 1);
      if (pw !== 1 || sw !== 1)
        return { why: `its pool is (${String(p)}, ${String(pw)}): it pools across the width` };
      return {
        className: className.replace('2D', '1D'),
        config: { ...cfg, pool_size: [p], strides: [s] },
      };
    }
    case 'GlobalMaxPooling2D':
    case 'GlobalAveragePooling2D':
    case 'SpatialDropout2D':
      return { className: className.replace('2D', '1D'), config: cfg };
    case 'ZeroPadding2D': {
      const [t, w] = pair(c.padding, 0);
      const wz = Array.isArray(w) ? w.every((x) => x === 0) : w === 0;
      if (!wz) return { why: 'it pads the width' };
      return {
        className: 'ZeroPadding1D',
        config: { ...cfg, padding: Array.isArray(t) ? t : [t, t] },
      };
    }
    case 'BatchNormalization': {
      const axis = Array.isArray(c.axis) ? c.axis[0] : (c.axis ?? -1);
      if (axis !== -1 && axis !== 3)
        return { why: `it normalises axis ${String(axis)}, not the channels` };
      return { className, config: { ...cfg, axis: -1 } };
    }
    case 'Concatenate': {
      const axis = c.axis ?? -1;
      if (axis === -1 || axis === 3) return { className, config: { ...cfg, axis: -1 } };
      if (axis === 1) return { className, config: cfg };
      return { why: `it concatenates along axis ${String(axis)}` };
    }
    case 'Reshape': {
      const t = c.target_shape;
      if (Array.isArray(t) && t.length === 3 && t[1] === 1) {
        return { className, config: { ...cfg, target_shape: [t[0], t[2]] } };
      }
      if (Array.isArray(t) && t.length <= 2) return { className, config: cfg };
      return { why: `its target shape ${JSON.stringify(t)} is not [T, 1, C]` };
    }
    default:
      if (ELEMENTWISE.has(className)) return { className, config: cfg };
      return { why: 'it is not a layer this app reads over [T, 1, C] as 1-D' };
  }
}

function shapeOf(c: Obj): unknown[] | null {
  const s = c.batch_input_shape ?? c.batch_shape;
  return Array.isArray(s) ? s : null;
}

const isUnitReshape = (c: Obj, T: unknown): 1 | 2 | 0 => {
  const t = c.target_shape;
  if (!Array.isArray(t) || (t[0] !== T && t[0] !== -1)) return 0;
  if (t.length === 2 && t[1] === 1) return 1;
  if (t.length === 3 && t[1] === 1 && t[2] === 1) return 2;
  return 0;
};

interface Layer {
  class_name: string;
  config: Obj;
  name?: string;
  inbound_nodes?: unknown;
}

/**
 * Read a topology's [batch, T] input with a Reshape and its (k, 1) Conv2D layers as 1-D (see
 * the module comment). Returns the given topology unchanged when none applies.
 */
export function readAsConv1d(topology: Obj): Conv1dReading {
  const unchanged: Conv1dReading = { topology, notes: [], weightShapes: {} };
  const root = isObj(topology.model_config) ? topology.model_config : topology;
  const cfg = root.config;
  const list = Array.isArray(cfg)
    ? cfg
    : isObj(cfg) && Array.isArray(cfg.layers)
      ? cfg.layers
      : null;
  if (
    !list ||
    !list.every((l) => isObj(l) && typeof l.class_name === 'string' && isObj(l.config))
  ) {
    return unchanged;
  }
  const layers = clone(list) as Layer[];
  const functional = !Array.isArray(cfg) && root.class_name !== 'Sequential';
  const notes: string[] = [];
  const nameOf = (l: Layer) => String(l.config.name ?? l.name ?? l.class_name);
  // 1. the input and the Reshape right after it
  const inputIdx = functional ? layers.findIndex((l) => l.class_name === 'InputLayer') : 0;
  const input = layers[inputIdx];
  const shape = input ? shapeOf(input.config) : null;
  if (!shape) return unchanged;
  let from2d = -1; // >= 0: the Reshape to [T, 1, 1] after which layers are over [T, 1, C]
  let reshapeIdx = -1;
  let newInput: unknown[] | null = null;
  if (shape.length === 2) {
    const T = shape[1];
    const ri = functional
      ? layers.findIndex(
          (l) =>
            l.class_name === 'Reshape' &&
            JSON.stringify(l.inbound_nodes ?? []).includes(JSON.stringify(nameOf(input))),
        )
      : input.class_name === 'Reshape'
        ? 0
        : input.class_name === 'InputLayer' && layers[1]?.class_name === 'Reshape'
          ? 1
          : -1;
    const kind = ri >= 0 ? isUnitReshape(layers[ri].config, T) : 0;
    if (!kind) {
      return {
        ...unchanged,
        notes: [
          `The model takes [batch, ${String(T)}] inputs but does not reshape them to [${String(T)}, 1] first, so it cannot be read as a 1-D model over time.`,
        ],
      };
    }
    reshapeIdx = ri;
    newInput = [shape[0] ?? null, T, 1];
    notes.push(
      `The [batch, ${String(T)}] input is read as [batch, ${String(T)}, 1] (one channel): the Reshape '${nameOf(layers[ri])}' to [${(layers[ri].config.target_shape as unknown[]).join(', ')}] is left out.`,
    );
    if (kind === 2) from2d = ri;
  } else if (shape.length === 4 && shape[2] === 1) {
    newInput = [shape[0] ?? null, shape[1], shape[3]];
    notes.push(
      `The [batch, ${String(shape[1])}, 1, ${String(shape[3])}] input is read as [batch, ${String(shape[1])}, ${String(shape[3])}].`,
    );
  } else return unchanged;

  // 2. the 2-D part as 1-D
  const weightShapes: Record<string, number[]> = {};
  if (shape.length === 4 || from2d >= 0) {
    const converted: string[] = [];
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i];
      if (i === reshapeIdx || l.class_name === 'InputLayer') continue;
      const r = to1d(l.class_name, l.config);
      if ('why' in r) {
        return {
          ...unchanged,
          notes: [
            `Layer '${nameOf(l)}' (${l.class_name}) cannot be read as a 1-D layer over time: ${r.why}; the model is loaded as it is, with its 2-D layers not explained.`,
          ],
        };
      }
      if (r.className !== l.class_name) {
        if (l.class_name === 'Conv2D') {
          const k = (r.config.kernel_size as number[])[0];
          converted.push(`'${nameOf(l)}' (${k}, 1)`);
          weightShapes[`${nameOf(l)}/kernel`] = [];
        }
        l.class_name = r.className;
      }
      l.config = r.config;
    }
    if (converted.length > 0) {
      notes.push(
        `Conv2D layers with (k, 1) kernels over [time, 1, channels] are explained as Conv1D over time: ${converted.join(', ')}.`,
      );
    }
  }

  // 3. the input shape, without the Reshape
  const inputName = nameOf(input);
  let outputs: unknown = isObj(cfg) ? cfg.output_layers : undefined;
  if (reshapeIdx >= 0) {
    const gone = layers[reshapeIdx];
    const goneName = nameOf(gone);
    layers.splice(reshapeIdx, 1);
    if (functional) {
      const swap = (v: unknown): unknown =>
        Array.isArray(v)
          ? v.length >= 3 && v[0] === goneName && typeof v[1] === 'number'
            ? [inputName, ...v.slice(1)]
            : v.map(swap)
          : v;
      for (const l of layers) l.inbound_nodes = swap(l.inbound_nodes);
      outputs = swap(outputs);
    }
  }
  const first = functional ? layers.find((l) => l.class_name === 'InputLayer') : layers[0];
  if (first) {
    const c: Obj = { ...first.config, batch_input_shape: newInput };
    delete c.batch_shape;
    first.config = c;
  }
  const out = clone(topology);
  const outRoot = isObj(out.model_config) ? out.model_config : out;
  if (Array.isArray(outRoot.config)) outRoot.config = layers;
  else {
    const oc = outRoot.config as Obj;
    oc.layers = layers;
    if (outputs !== undefined) oc.output_layers = outputs;
  }
  return { topology: out, notes, weightShapes };
}

/** A weight's shape in the 1-D reading: a converted Conv2D kernel [k, 1, in, out] -> [k, in, out]. */
export function weightShape1d(reading: Conv1dReading, name: string, shape: number[]): number[] {
  if (!(name in reading.weightShapes)) return shape;
  return shape.length === 4 && shape[1] === 1 ? [shape[0], shape[2], shape[3]] : shape;
}
