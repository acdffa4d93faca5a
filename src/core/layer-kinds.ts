/**
 * Keras layer classes, described once for the whole app: which ones TensorFlow.js (4.22) can
 * build, their Keras 2 / Keras 3 aliases, what each kind of layer does (`layerKind`), and which
 * ones the views can explain (`notExplainable`). The model.json checks (topology.ts) and the
 * model graph (model-graph.ts) both classify layers here and nowhere else.
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

/**
 * What a layer does, in the views' terms.
 * - conv: a convolution over time whose output units are filters (Conv1D).
 * - activation: an element-wise nonlinearity layer (Activation, ReLU, LeakyReLU, ...).
 * - normalization: a per-channel affine layer that keeps each filter apart (BatchNormalization).
 * - regularization: identity at prediction time (Dropout, GaussianNoise, ...).
 * - merge: combines several inputs (Add, Concatenate, ...).
 * - reshape: moves values around without computing (Flatten, Reshape, Permute, ...).
 */
export type LayerKind =
  | 'input'
  | 'conv'
  | 'pool'
  | 'dense'
  | 'activation'
  | 'normalization'
  | 'regularization'
  | 'merge'
  | 'reshape'
  | 'recurrent'
  | 'model'
  | 'other';

const KIND_OF: Readonly<Record<string, LayerKind>> = {
  InputLayer: 'input',
  Conv1D: 'conv',
  SeparableConv1D: 'conv',
  DepthwiseConv1D: 'conv',
  MaxPooling1D: 'pool',
  AveragePooling1D: 'pool',
  GlobalMaxPooling1D: 'pool',
  GlobalAveragePooling1D: 'pool',
  Dense: 'dense',
  Activation: 'activation',
  ReLU: 'activation',
  LeakyReLU: 'activation',
  PReLU: 'activation',
  ELU: 'activation',
  Softmax: 'activation',
  ThresholdedReLU: 'activation',
  BatchNormalization: 'normalization',
  Dropout: 'regularization',
  SpatialDropout1D: 'regularization',
  AlphaDropout: 'regularization',
  GaussianDropout: 'regularization',
  GaussianNoise: 'regularization',
  Concatenate: 'merge',
  Add: 'merge',
  Multiply: 'merge',
  Average: 'merge',
  Maximum: 'merge',
  Minimum: 'merge',
  Dot: 'merge',
  Flatten: 'reshape',
  Reshape: 'reshape',
  Permute: 'reshape',
  RepeatVector: 'reshape',
};

/** The kind of a layer class (aliases such as MaxPool1D are resolved first). */
export function layerKind(className: string): LayerKind {
  const c = CLASS_ALIASES[className] ?? className;
  if (RECURRENT.has(c)) return 'recurrent';
  if (MODEL_CLASSES.has(c)) return 'model';
  return KIND_OF[c] ?? 'other';
}

/** Layers that act on each channel (filter) apart, so a filter keeps its identity through them. */
export function perChannel(kind: LayerKind): boolean {
  return kind === 'normalization' || kind === 'regularization';
}
