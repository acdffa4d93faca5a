/**
 * Small model.json builders shared by the manifest and topology tests (not a test file).
 */
type Obj = Record<string, unknown>;

export const layer = (className: string, config: Obj, extra: Obj = {}): Obj => ({
  class_name: className,
  config,
  ...extra,
});

/** The paper's anomaly classifier as a Keras-2 Sequential topology, with a regularizer. */
export function anomalyTopology(): Obj {
  return {
    class_name: 'Sequential',
    config: {
      name: 'anomaly',
      layers: [
        layer('InputLayer', { name: 'input', batch_input_shape: [null, 50, 3], dtype: 'float32' }),
        layer('Conv1D', {
          name: 'conv1',
          filters: 16,
          kernel_size: [3],
          strides: [1],
          padding: 'same',
          activation: 'linear',
          kernel_regularizer: null,
        }),
        layer('LeakyReLU', { name: 'lrelu1', alpha: 0.3 }),
        layer('MaxPooling1D', { name: 'pool1', pool_size: [2], strides: [2] }),
        layer('Conv1D', {
          name: 'conv2',
          filters: 32,
          kernel_size: [3],
          activation: 'relu',
          kernel_constraint: { class_name: 'MaxNorm', config: { max_value: 2 } },
        }),
        layer('Flatten', { name: 'flat' }),
        layer('Dense', {
          name: 'logits',
          units: 1,
          activation: 'sigmoid',
          activity_regularizer: { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } },
          bias_regularizer: { class_name: 'L1L2', config: { l1: 0.1, l2: 0 } },
        }),
      ],
    },
    keras_version: '2.15.0',
    backend: 'tensorflow',
  };
}

/** Weights of anomalyTopology, in one group of `paths`. */
export function anomalyManifest(paths = ['group1-shard1of1.bin']): Obj[] {
  return [
    {
      paths,
      weights: [
        { name: 'conv1/kernel', shape: [3, 3, 16], dtype: 'float32' },
        { name: 'conv1/bias', shape: [16], dtype: 'float32' },
        { name: 'conv2/kernel', shape: [3, 16, 32], dtype: 'float32' },
        { name: 'conv2/bias', shape: [32], dtype: 'float32' },
        { name: 'logits/kernel', shape: [800, 1], dtype: 'float32' },
        { name: 'logits/bias', shape: [1], dtype: 'float32' },
      ],
    },
  ];
}

/** Bytes of anomalyManifest: (144 + 16 + 1536 + 32 + 800 + 1) x 4. */
export const ANOMALY_BYTES = (144 + 16 + 1536 + 32 + 800 + 1) * 4;

export function anomalyModelJson(): string {
  return JSON.stringify({
    format: 'layers-model',
    generatedBy: 'keras v2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: anomalyTopology(),
    weightsManifest: anomalyManifest(),
  });
}
