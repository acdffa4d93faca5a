/**
 * Keras layer classes: which ones TensorFlow.js (4.22) can build, their Keras 2 / Keras 3
 * aliases, which ones this app can explain, and a one-line summary of a layer's settings.
 */

/** Keras aliases and older names -> the class name tfjs registers. */
export const CLASS_ALIASES: Readonly<Record<string, string>> = {
  Convolution1D: 'Conv1D',
  Convolution2D: 'Conv2D',
  Convolution3D: 'Conv3D',
  Deconvolution2D: 'Conv2DTranspose',
  Convolution2DTranspose: 'Conv2DTranspose',
  MaxPool1D: 'MaxPooling1D',
  MaxPool2D: 'MaxPooling2D',
  MaxPool3D: 'MaxPooling3D',
  AvgPool1D: 'AveragePooling1D',
  AvgPool2D: 'AveragePooling2D',
  AvgPool3D: 'AveragePooling3D',
  GlobalMaxPool1D: 'GlobalMaxPooling1D',
  GlobalMaxPool2D: 'GlobalMaxPooling2D',
  GlobalAvgPool1D: 'GlobalAveragePooling1D',
  GlobalAvgPool2D: 'GlobalAveragePooling2D',
  GlobalAveragePool1D: 'GlobalAveragePooling1D',
  Model: 'Functional',
};

/** Containers: a model used as a layer. */
export const MODEL_CLASSES = new Set(['Sequential', 'Functional']);

export const RECURRENT = new Set([
  'LSTM',
  'GRU',
  'SimpleRNN',
  'RNN',
  'ConvLSTM2D',
  'Bidirectional',
]);

/** Layers on images or tokens: tfjs loads them, the time-series views do not apply. */
const NOT_TIME_SERIES = new Set([
  'Conv2D',
  'Conv3D',
  'Conv2DTranspose',
  'Conv3DTranspose',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'MaxPooling2D',
  'MaxPooling3D',
  'AveragePooling2D',
  'AveragePooling3D',
  'GlobalMaxPooling2D',
  'GlobalAveragePooling2D',
  'Cropping2D',
  'UpSampling2D',
  'ZeroPadding2D',
  'CenterCrop',
  'Resizing',
  'Embedding',
  'CategoryEncoding',
]);

/** Every layer class tfjs-layers 4.22 can deserialize (after alias mapping). */
export const KNOWN_CLASSES = new Set([
  ...MODEL_CLASSES,
  ...RECURRENT,
  ...NOT_TIME_SERIES,
  'InputLayer',
  'Dense',
  'Conv1D',
  'MaxPooling1D',
  'AveragePooling1D',
  'GlobalMaxPooling1D',
  'GlobalAveragePooling1D',
  'Flatten',
  'Dropout',
  'SpatialDropout1D',
  'AlphaDropout',
  'GaussianDropout',
  'GaussianNoise',
  'Activation',
  'ReLU',
  'LeakyReLU',
  'PReLU',
  'ELU',
  'Softmax',
  'ThresholdedReLU',
  'BatchNormalization',
  'LayerNormalization',
  'Reshape',
  'Permute',
  'RepeatVector',
  'Masking',
  'Concatenate',
  'Add',
  'Multiply',
  'Average',
  'Maximum',
  'Minimum',
  'Dot',
  'TimeDistributed',
  'Rescaling',
]);

/** Why a known class cannot be explained by the app's views, or null. */
export function notExplainable(className: string): string | null {
  if (RECURRENT.has(className)) {
    return 'a recurrent layer: its state mixes all time steps, so filter importance, clusters and pruning do not apply to it; input influence and optimisation of the output still work';
  }
  if (NOT_TIME_SERIES.has(className)) {
    return className === 'Embedding' || className === 'CategoryEncoding'
      ? 'a layer for tokens or categories, not for time series of numbers'
      : 'a layer for images (2-D or 3-D); this app explains 1-D time-series models';
  }
  if (MODEL_CLASSES.has(className))
    return 'a model nested in the model: its layers are treated as one block';
  return null;
}

type Config = Record<string, unknown>;

function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((x) => str(x) ?? '?').join('x');
  if (typeof v === 'object' && v !== null) {
    const o = v as Config;
    if (typeof o.config === 'string') return o.config;
    if (typeof o.class_name === 'string') return o.class_name;
  }
  return null;
}

function parts(...items: [string, unknown][]): string {
  return items
    .map(([label, v]) => {
      const s = str(v);
      return s === null ? null : label.replace('%', s);
    })
    .filter((s): s is string => s !== null)
    .join(', ');
}

/** Input shape of an InputLayer or a first layer: [batch, ...dims] with null for free. */
export function declaredShape(config: Config): (number | null)[] | null {
  const s = config.batch_input_shape ?? config.batch_shape;
  if (Array.isArray(s) && s.every((d) => d === null || typeof d === 'number')) {
    return s as (number | null)[];
  }
  return null;
}

/** A short, human summary of a layer's settings (units, filters, kernel, activation). */
export function summarize(className: string, c: Config): string {
  switch (className) {
    case 'InputLayer': {
      const s = declaredShape(c);
      return s
        ? `shape [${s
            .slice(1)
            .map((d) => d ?? 'any')
            .join(', ')}]`
        : '';
    }
    case 'Conv1D':
    case 'Conv2D':
    case 'SeparableConv2D':
    case 'Conv2DTranspose':
      return parts(
        ['% filters', c.filters],
        ['kernel %', c.kernel_size],
        ['stride %', c.strides],
        ['%', c.padding],
        ['%', c.activation],
      );
    case 'Dense':
      return parts(['% units', c.units], ['%', c.activation]);
    case 'MaxPooling1D':
    case 'AveragePooling1D':
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return parts(['pool %', c.pool_size], ['stride %', c.strides], ['%', c.padding]);
    case 'Dropout':
    case 'SpatialDropout1D':
    case 'AlphaDropout':
    case 'GaussianDropout':
      return parts(['rate %', c.rate]);
    case 'Activation':
      return parts(['%', c.activation]);
    case 'LeakyReLU':
      return parts(['slope %', c.negative_slope ?? c.alpha]);
    case 'ELU':
      return parts(['alpha %', c.alpha]);
    case 'LSTM':
    case 'GRU':
    case 'SimpleRNN':
      return parts(['% units', c.units], ['%', c.return_sequences === true ? 'sequences' : null]);
    case 'Reshape':
      return parts(['to [%]', c.target_shape]);
    case 'Concatenate':
      return parts(['axis %', c.axis]);
    default:
      return '';
  }
}
