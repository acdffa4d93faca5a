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
