/**
 * Keras model configs (the `model_config` of a Keras 1 or 2 .h5, the config.json of a Keras 3
 * .keras) translated to the Keras 2 topology TensorFlow.js layers models read, and the names
 * TensorFlow.js gives each layer's weights. Pure: the compute worker reads the files
 * (workers/compute/keras-files.ts) and hands the JSON here.
 *
 * Keras 1 names translated: Convolution1D (nb_filter, filter_length, border_mode,
 * subsample_length, atrous_rate of AtrousConvolution1D), Convolution2D (nb_row, nb_col,
 * subsample, dim_ordering 'tf'), MaxPooling1D / AveragePooling1D (pool_length, stride),
 * 2-D pooling (border_mode), Dense (output_dim), Dropout (p), BatchNormalization (mode 0),
 * Merge (mode sum/mul/ave/max/concat), InputLayer (input_dtype), `bias` -> use_bias,
 * input_dim/input_length -> batch_input_shape, a Sequential config that is a bare list, and
 * 3-element inbound nodes. Keras 3: module/registered_name wrappers, DTypePolicy objects,
 * InputLayer batch_shape, inbound nodes as {args, kwargs} with __keras_tensor__ keras_history.
 */
import { TsvizError } from './errors';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export type KerasMajor = 1 | 2 | 3;

/** One layer of the translated topology, in order. */
export interface KerasLayer {
  name: string;
  className: string;
  config: Obj;
}

export interface KerasTopology {
  /** `{ class_name, config }` as a tfjs model.json's modelTopology holds it. */
  topology: Obj;
  layers: KerasLayer[];
}

const FIX =
  'Open a Keras model saved with model.save() (a Sequential or functional model of standard layers), or convert it with tensorflowjs_converter.';

function bad(problem: string, fix = FIX): TsvizError {
  return new TsvizError('model-topology', problem, fix);
}

/** The major version from a keras_version string ("2.15.0" -> 2); 2 when unknown. */
export function kerasMajor(version: string | null | undefined): KerasMajor {
  const m = /^\s*(\d+)/.exec(version ?? '');
  const v = m ? Number(m[1]) : 2;
  return v <= 1 ? 1 : v >= 3 ? 3 : 2;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** Keras 1 layer config -> Keras 2 (class name and keys). */
function fromKeras1(className: string, c: Obj): { className: string; config: Obj } {
  const out: Obj = { name: c.name, trainable: c.trainable ?? true };
  if (c.batch_input_shape) out.batch_input_shape = c.batch_input_shape;
  else if (c.input_dim !== undefined || c.input_length !== undefined) {
    out.batch_input_shape = [null, c.input_length ?? null, c.input_dim ?? null];
  }
  const copy = (...keys: string[]) => keys.forEach((k) => c[k] !== undefined && (out[k] = c[k]));
  const bias = () => (out.use_bias = c.bias ?? true);
  switch (className) {
    case 'Convolution1D':
    case 'AtrousConvolution1D':
      out.filters = c.nb_filter;
      out.kernel_size = [c.filter_length];
      out.strides = [c.subsample_length ?? 1];
      out.padding = c.border_mode ?? 'valid';
      out.dilation_rate = [c.atrous_rate ?? 1];
      copy('activation');
      bias();
      return { className: 'Conv1D', config: out };
    case 'Convolution2D':
      if (c.dim_ordering === 'th') {
        throw bad(
          `Layer '${String(c.name)}' uses Theano dimension ordering (dim_ordering 'th'), channels first.`,
          'Save the model with dim_ordering "tf" (channels last), or convert it with tensorflowjs_converter.',
        );
      }
      out.filters = c.nb_filter;
      out.kernel_size = [c.nb_row, c.nb_col];
      out.strides = c.subsample ?? [1, 1];
      out.padding = c.border_mode ?? 'valid';
      copy('activation');
      bias();
      return { className: 'Conv2D', config: out };
    case 'MaxPooling1D':
    case 'AveragePooling1D': {
      const p = c.pool_length ?? 2;
      out.pool_size = [p];
      out.strides = [c.stride ?? p];
      out.padding = c.border_mode ?? 'valid';
      return { className, config: out };
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      out.pool_size = c.pool_size ?? [2, 2];
      out.strides = c.strides ?? out.pool_size;
      out.padding = c.border_mode ?? 'valid';
      return { className, config: out };
    case 'Dense':
      out.units = c.output_dim;
      copy('activation');
      bias();
      return { className, config: out };
    case 'Dropout':
      out.rate = c.p ?? 0;
      return { className, config: out };
    case 'BatchNormalization':
      if (c.mode !== undefined && c.mode !== 0) {
        throw bad(
          `Layer '${String(c.name)}' is a Keras 1 BatchNormalization in mode ${String(c.mode)}; only mode 0 (feature-wise, as Keras 2) is read.`,
        );
      }
      copy('epsilon', 'momentum', 'axis');
      return { className, config: out };
    case 'Merge': {
      const modes: Record<string, string> = {
        sum: 'Add',
        mul: 'Multiply',
        ave: 'Average',
        max: 'Maximum',
        concat: 'Concatenate',
      };
      const cls = modes[String(c.mode)];
      if (!cls) {
        throw bad(
          `Layer '${String(c.name)}' is a Keras 1 Merge in mode ${JSON.stringify(c.mode)}; modes sum, mul, ave, max and concat are read.`,
        );
      }
      if (cls === 'Concatenate') out.axis = c.concat_axis ?? -1;
      return { className: cls, config: out };
    }
    case 'InputLayer':
      out.dtype = c.input_dtype ?? 'float32';
      copy('sparse');
      return { className, config: out };
    default: {
      // same names in Keras 2 (Activation, Flatten, Reshape, Global*Pooling1D, ZeroPadding1D, ...)
      const rest: Obj = { ...c };
      for (const k of ['input_dim', 'input_length', 'input_dtype', 'init', 'bias']) delete rest[k];
      return { className, config: { ...rest, ...out } };
    }
  }
}

/** Keras 3 serialized objects -> Keras 2: drop module/registered_name, dtype policies. */
function fromKeras3(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromKeras3);
  if (!isObj(v)) return v;
  if (v.class_name === 'DTypePolicy' || v.class_name === 'FloatDTypePolicy') {
    return (isObj(v.config) && v.config.name) || 'float32';
  }
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'module' || k === 'registered_name' || k === 'build_config') continue;
    if (k === 'compile_config') continue;
    out[k === 'batch_shape' ? 'batch_input_shape' : k] = fromKeras3(x);
  }
  return out;
}

/** The keras_history [layer, node, tensor] of each __keras_tensor__ in Keras 3 node args. */
function historyOf(v: unknown, out: unknown[][]): void {
  if (Array.isArray(v)) v.forEach((x) => historyOf(x, out));
  else if (isObj(v)) {
    if (v.class_name === '__keras_tensor__' && isObj(v.config)) {
      const h = v.config.keras_history;
      if (Array.isArray(h)) out.push([h[0], h[1] ?? 0, h[2] ?? 0, {}]);
    } else if (isObj(v.config)) historyOf(v.config, out);
  }
}

/** Inbound nodes in the Keras 2 form [[[layer, node, tensor, kwargs], ...], ...]. */
function inboundNodes(nodes: unknown): unknown[] {
  return list(nodes).map((node) => {
    if (isObj(node) && 'args' in node) {
      const hist: unknown[][] = [];
      historyOf(node.args, hist);
      return hist;
    }
    return list(node).map((t) => {
      const a = list(t);
      return a.length >= 4 ? a : [a[0], a[1] ?? 0, a[2] ?? 0, {}];
    });
  });
}

/** [["in", 0, 0]] or ["in", 0, 0] (Keras 3, one input) -> [["in", 0, 0]]. */
function endpoints(v: unknown): unknown[] {
  const a = list(v);
  return typeof a[0] === 'string' ? [a] : a;
}

function translateLayer(raw: unknown, major: KerasMajor, index: number): KerasLayer & Obj {
  const l = (major === 3 ? fromKeras3(raw) : raw) as Obj;
  if (!isObj(l) || typeof l.class_name !== 'string' || !isObj(l.config)) {
    throw bad(`Layer ${index + 1} of the model config is not a {class_name, config} object.`);
  }
  let className = l.class_name;
  let config = { ...l.config };
  if (major === 1) ({ className, config } = fromKeras1(className, config));
  if (typeof config.name !== 'string')
    config.name = typeof l.name === 'string' ? l.name : `layer_${index}`;
  return { ...l, name: config.name as string, className, config };
}

/**
 * Translate a Keras model config (parsed JSON) of a Keras `major` version into the Keras 2
 * topology TensorFlow.js reads. Throws `model-topology` for what is not a Sequential or
 * functional model of layers.
 */
export function kerasTopology(modelConfig: unknown, major: KerasMajor): KerasTopology {
  const top = (major === 3 ? fromKeras3(modelConfig) : modelConfig) as Obj;
  if (!isObj(top) || typeof top.class_name !== 'string') {
    throw bad('The Keras model config has no class_name: it does not describe a model.');
  }
  const cls = top.class_name;
  const cfg = top.config;
  if (cls === 'Sequential') {
    const layersRaw = Array.isArray(cfg) ? cfg : isObj(cfg) ? list(cfg.layers) : [];
    const name = isObj(cfg) && typeof cfg.name === 'string' ? cfg.name : 'sequential';
    let layers = layersRaw.map((l, i) => translateLayer(l, major === 1 ? 1 : 2, i));
    // an InputLayer first (tf.keras 2.4+, Keras 3): its shape goes to the next layer
    if (layers[0]?.className === 'InputLayer') {
      const shape = layers[0].config.batch_input_shape;
      layers = layers.slice(1);
      if (layers[0] && shape) layers[0].config = { ...layers[0].config, batch_input_shape: shape };
    }
    if (layers.length === 0) throw bad('The Keras Sequential model has no layers.');
    if (!layers[0].config.batch_input_shape) {
      const build =
        isObj(modelConfig) && isObj(modelConfig.build_config)
          ? modelConfig.build_config.input_shape
          : null;
      if (Array.isArray(build)) layers[0].config.batch_input_shape = build;
      else {
        throw bad(
          `The first layer '${layers[0].name}' of the Sequential model has no input shape.`,
          'Save the model after building it (give the first layer an input_shape, or an Input).',
        );
      }
    }
    const out = layers.map((l) => ({ class_name: l.className, config: l.config }));
    return {
      topology: { class_name: 'Sequential', config: { name, layers: out } },
      layers: layers.map(({ name: n, className, config }) => ({ name: n, className, config })),
    };
  }
  if (cls === 'Model' || cls === 'Functional') {
    if (!isObj(cfg)) throw bad('The Keras functional model config has no layers.');
    const layers = list(cfg.layers).map((l, i) => translateLayer(l, major === 1 ? 1 : 2, i));
    const out = layers.map((l) => ({
      class_name: l.className,
      name: l.name,
      config: l.config,
      inbound_nodes: inboundNodes(l.inbound_nodes),
    }));
    return {
      topology: {
        class_name: 'Model',
        config: {
          name: typeof cfg.name === 'string' ? cfg.name : 'model',
          layers: out,
          input_layers: endpoints(cfg.input_layers),
          output_layers: endpoints(cfg.output_layers),
        },
      },
      layers: layers.map(({ name: n, className, config }) => ({ name: n, className, config })),
    };
  }
  throw bad(
    `The Keras model is a ${cls}; Sequential and functional models are read (a subclassed model has no config to rebuild it from).`,
    'Save it as a Sequential or functional model, or convert it with tensorflowjs_converter.',
  );
}

/**
 * TensorFlow.js names (after the layer name and "/") of a layer's weights in Keras order, for
 * the `count` weights a file holds. Throws `model-layer` for a layer class with weights whose
 * order is unknown here.
 */
export function weightSuffixes(layer: KerasLayer, count: number): string[] {
  const c = layer.config;
  const take = (names: string[]) => {
    if (count > names.length) {
      throw new TsvizError(
        'model-manifest',
        `Layer '${layer.name}' (${layer.className}) has ${count} weights in the file, but ${names.length} are expected.`,
        'Open the Keras file the model was saved to as a whole (model.save), or convert it with tensorflowjs_converter.',
      );
    }
    return names.slice(0, count);
  };
  switch (layer.className) {
    case 'Conv1D':
    case 'Conv2D':
    case 'Conv3D':
    case 'Conv1DTranspose':
    case 'Conv2DTranspose':
    case 'Dense':
      return take(['kernel', 'bias']);
    case 'DepthwiseConv2D':
      return take(['depthwise_kernel', 'bias']);
    case 'SeparableConv1D':
    case 'SeparableConv2D':
      return take(['depthwise_kernel', 'pointwise_kernel', 'bias']);
    case 'BatchNormalization':
      return take([
        ...(c.scale === false ? [] : ['gamma']),
        ...(c.center === false ? [] : ['beta']),
        'moving_mean',
        'moving_variance',
      ]);
    case 'LSTM':
    case 'GRU':
    case 'SimpleRNN':
      return take(['kernel', 'recurrent_kernel', 'bias']);
    case 'Embedding':
      return take(['embeddings']);
    case 'PReLU':
      return take(['alpha']);
    default:
      if (count === 0) return [];
      throw new TsvizError(
        'model-layer',
        `Layer '${layer.name}' (${layer.className}) has ${count} weights whose order this app does not know.`,
        'Convert the model with tensorflowjs_converter --input_format keras and open its model.json.',
      );
  }
}

/**
 * The tfjs name suffix of a Keras 2 stored weight name ("conv1/kernel:0" -> "kernel",
 * "model/bn/moving_variance:0" -> "moving_variance"), or null when it has no such form.
 */
export function storedSuffix(stored: string): string | null {
  const m = /([A-Za-z_][A-Za-z0-9_]*)(?::\d+)?$/.exec(stored.trim());
  return m && stored.includes('/') ? m[1] : null;
}

/** Shapes TensorFlow.js expects where a Keras 1 file stores others: Convolution1D's (k, 1, in, out). */
export function tfjsWeightShape(layer: KerasLayer, suffix: string, shape: number[]): number[] {
  if (layer.className === 'Conv1D' && suffix === 'kernel' && shape.length === 4 && shape[1] === 1) {
    return [shape[0], shape[2], shape[3]];
  }
  return shape;
}
