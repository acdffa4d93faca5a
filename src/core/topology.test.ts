import { describe, expect, it } from 'vitest';
import { anomalyTopology, layer } from './model-fixtures.test-util';
import { describeLayers, sanitizeTopology } from './topology';
import { thrown } from './thrown.test-util';

const sequential = (...layers: Record<string, unknown>[]) => ({
  class_name: 'Sequential',
  config: { name: 'm', layers },
});
const input = layer('InputLayer', { name: 'in', batch_input_shape: [null, 50, 2] });

describe('describeLayers', () => {
  it('lists a Sequential model with summaries and the input shape', () => {
    const info = describeLayers(sanitizeTopology(anomalyTopology()).topology);
    expect(info.kind).toBe('sequential');
    expect(info.inputShape).toEqual([null, 50, 3]);
    expect(info.hasConv1D).toBe(true);
    expect(info.warnings).toEqual([]);
    expect(info.layers.map((l) => [l.name, l.className, l.summary])).toEqual([
      ['input', 'InputLayer', 'shape [50, 3]'],
      ['conv1', 'Conv1D', '16 filters, kernel 3, stride 1, same, linear'],
      ['lrelu1', 'LeakyReLU', 'slope 0.3'],
      ['pool1', 'MaxPooling1D', 'pool 2, stride 2'],
      ['conv2', 'Conv1D', '32 filters, kernel 3, relu'],
      ['flat', 'Flatten', ''],
      ['logits', 'Dense', '1 units, sigmoid'],
    ]);
    expect(info.layers[3].inbound).toEqual(['lrelu1']);
  });

  it('refuses a custom or unknown layer class, naming the layer and class', () => {
    const e = thrown(() =>
      describeLayers(sequential(input, layer('AttentionBlock', { name: 'att' }))),
    );
    expect(e.code).toBe('model-layer');
    expect(e.problem).toBe(
      "Layer 'att' uses the class 'AttentionBlock', a custom or unknown layer that TensorFlow.js cannot load.",
    );
    expect(e.fix).toContain('standard Keras layers');
    const k3 = layer(
      'Dense',
      { name: 'd' },
      { module: 'my_package.layers', registered_name: 'Custom>Dense' },
    );
    expect(thrown(() => describeLayers(sequential(input, k3))).problem).toContain("Layer 'd'");
    const lambda = layer('Lambda', { name: 'fn', function: 'x' });
    expect(thrown(() => describeLayers(sequential(input, lambda))).problem).toContain(
      'Python code',
    );
    const wrapped = layer('TimeDistributed', {
      name: 'td',
      layer: layer('Mystery', { name: 'inner' }),
    });
    expect(thrown(() => describeLayers(sequential(input, wrapped))).problem).toContain("'Mystery'");
  });

  it('flags recurrent layers as loadable but not explainable, and a model without Conv1D', () => {
    const info = describeLayers(
      sequential(
        input,
        layer('LSTM', { name: 'lstm', units: 8 }),
        layer('Dense', { name: 'out', units: 1 }),
      ),
    );
    const lstm = info.layers[1];
    expect(lstm).toMatchObject({
      className: 'LSTM',
      explainable: false,
      isConv1D: false,
      summary: '8 units',
    });
    expect(lstm.reason).toContain('recurrent');
    expect(info.hasConv1D).toBe(false);
    expect(info.warnings).toHaveLength(2);
    expect(info.warnings[0]).toMatch(/^Layer 'lstm' \(LSTM\) is a recurrent layer/);
    expect(info.warnings[1]).toContain('no Conv1D layer');
  });

  it('reads a Keras 2 functional model with inbound nodes', () => {
    const topo = {
      class_name: 'Functional',
      config: {
        name: 'f',
        layers: [
          {
            class_name: 'InputLayer',
            name: 'x',
            config: { name: 'x', batch_input_shape: [null, 96, 1] },
            inbound_nodes: [],
          },
          {
            class_name: 'Conv1D',
            name: 'c1',
            config: { name: 'c1', filters: 4, kernel_size: [3] },
            inbound_nodes: [[['x', 0, 0, {}]]],
          },
          {
            class_name: 'Conv1D',
            name: 'c2',
            config: { name: 'c2', filters: 4, kernel_size: [5] },
            inbound_nodes: [[['x', 0, 0, {}]]],
          },
          {
            class_name: 'Concatenate',
            name: 'cat',
            config: { name: 'cat', axis: -1 },
            inbound_nodes: [
              [
                ['c1', 0, 0, {}],
                ['c2', 0, 0, {}],
              ],
            ],
          },
          {
            class_name: 'GlobalAveragePooling1D',
            name: 'gap',
            config: { name: 'gap' },
            inbound_nodes: [[['cat', 0, 0, {}]]],
          },
        ],
        input_layers: [['x', 0, 0]],
        output_layers: [['gap', 0, 0]],
      },
    };
    const info = describeLayers({ model_config: topo });
    expect(info.kind).toBe('functional');
    expect(info.inputShape).toEqual([null, 96, 1]);
    expect(info.layers.map((l) => l.inbound)).toEqual([[], ['x'], ['x'], ['c1', 'c2'], ['cat']]);
    expect(info.layers[3].summary).toBe('axis -1');
  });

  it('reads Keras 3 names: batch_shape, MaxPool1D alias, keras_history, Model', () => {
    const hist = (name: string) => ({
      args: [
        {
          class_name: '__keras_tensor__',
          config: { shape: [null, 50, 3], keras_history: [name, 0, 0] },
        },
      ],
      kwargs: {},
    });
    const topo = {
      module: 'keras',
      class_name: 'Model',
      config: {
        name: 'k3',
        layers: [
          {
            module: 'keras.layers',
            class_name: 'InputLayer',
            config: { name: 'inp', batch_shape: [null, 50, 3] },
            inbound_nodes: [],
          },
          {
            module: 'keras.layers',
            class_name: 'Conv1D',
            config: { name: 'conv', filters: 8, kernel_size: [3], activation: 'relu' },
            inbound_nodes: [hist('inp')],
          },
          {
            module: 'keras.layers',
            class_name: 'MaxPool1D',
            config: { name: 'pool', pool_size: [2] },
            inbound_nodes: [hist('conv')],
          },
          {
            module: 'keras.layers',
            class_name: 'LeakyReLU',
            config: { name: 'act', negative_slope: 0.3 },
            inbound_nodes: [hist('pool')],
          },
        ],
      },
    };
    const info = describeLayers(topo);
    expect(info.inputShape).toEqual([null, 50, 3]);
    expect(info.layers.map((l) => [l.className, l.originalClassName, l.inbound])).toEqual([
      ['InputLayer', 'InputLayer', []],
      ['Conv1D', 'Conv1D', ['inp']],
      ['MaxPooling1D', 'MaxPool1D', ['conv']],
      ['LeakyReLU', 'LeakyReLU', ['pool']],
    ]);
    expect(info.layers[3].summary).toBe('slope 0.3');
  });

  it('refuses something that is not a model', () => {
    expect(thrown(() => describeLayers({ class_name: 'Dense', config: {} })).code).toBe(
      'model-topology',
    );
    expect(thrown(() => describeLayers({ class_name: 'Sequential', config: {} })).code).toBe(
      'model-topology',
    );
    expect(
      thrown(() => describeLayers(sequential(input, 3 as unknown as Record<string, unknown>))).code,
    ).toBe('model-topology');
  });
});
