import { describe, expect, it } from 'vitest';
import { kerasMajor, kerasTopology, storedSuffix, weightSuffixes } from './keras-config';
import { thrown } from './thrown.test-util';

describe('Keras configs', () => {
  it('tells the major version', () => {
    expect(kerasMajor('1.2.2')).toBe(1);
    expect(kerasMajor('2.15.0')).toBe(2);
    expect(kerasMajor('3.6.0')).toBe(3);
    expect(kerasMajor(null)).toBe(2);
  });

  it('reads a Keras 3 functional config with one flat input endpoint and nested Add args', () => {
    const tensor = (name: string) => ({
      class_name: '__keras_tensor__',
      config: { shape: [null, 8, 2], dtype: 'float32', keras_history: [name, 0, 0] },
    });
    const t = kerasTopology(
      {
        module: 'keras.src.models.functional',
        class_name: 'Functional',
        config: {
          name: 'm',
          layers: [
            {
              module: 'keras.layers',
              class_name: 'InputLayer',
              config: { batch_shape: [null, 8, 2], dtype: 'float32', name: 'x' },
              name: 'x',
              inbound_nodes: [],
            },
            {
              module: 'keras.layers',
              class_name: 'Add',
              config: {
                name: 'add',
                dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } },
              },
              name: 'add',
              inbound_nodes: [{ args: [[tensor('x'), tensor('x')]], kwargs: {} }],
            },
          ],
          input_layers: ['x', 0, 0],
          output_layers: ['add', 0, 0],
        },
      },
      3,
    );
    const cfg = t.topology.config as Record<string, unknown>;
    expect(cfg.input_layers).toEqual([['x', 0, 0]]);
    const layers = cfg.layers as Record<string, unknown>[];
    expect(layers[0].config).toMatchObject({ batch_input_shape: [null, 8, 2] });
    expect(layers[1].inbound_nodes).toEqual([
      [
        ['x', 0, 0, {}],
        ['x', 0, 0, {}],
      ],
    ]);
    expect((layers[1].config as Record<string, unknown>).dtype).toBe('float32');
  });

  it('translates a Keras 1 Merge concat and 3-element inbound nodes', () => {
    const t = kerasTopology(
      {
        class_name: 'Model',
        config: {
          layers: [
            {
              class_name: 'InputLayer',
              name: 'in',
              config: { name: 'in', batch_input_shape: [null, 8, 1], input_dtype: 'float32' },
              inbound_nodes: [],
            },
            {
              class_name: 'Merge',
              name: 'cat',
              config: { name: 'cat', mode: 'concat', concat_axis: -1 },
              inbound_nodes: [
                [
                  ['in', 0, 0],
                  ['in', 0, 0],
                ],
              ],
            },
          ],
          input_layers: [['in', 0, 0]],
          output_layers: [['cat', 0, 0]],
        },
      },
      1,
    );
    expect(t.layers.map((l) => l.className)).toEqual(['InputLayer', 'Concatenate']);
    expect(t.layers[1].config.axis).toBe(-1);
  });

  it('refuses Theano ordering, other merge modes, subclassed models and a missing input shape', () => {
    const seq1 = (layer: Record<string, unknown>) => ({
      class_name: 'Sequential',
      config: [layer],
    });
    expect(
      thrown(() =>
        kerasTopology(
          seq1({ class_name: 'Convolution2D', config: { name: 'c', dim_ordering: 'th' } }),
          1,
        ),
      ).message,
    ).toMatch(/Layer 'c' uses Theano dimension ordering/);
    expect(
      thrown(() =>
        kerasTopology(
          {
            class_name: 'Model',
            config: { layers: [{ class_name: 'Merge', config: { name: 'm', mode: 'cos' } }] },
          },
          1,
        ),
      ).message,
    ).toMatch(/Merge in mode "cos"/);
    expect(thrown(() => kerasTopology({ class_name: 'MyModel', config: {} }, 2)).message).toMatch(
      /subclassed/,
    );
    expect(
      thrown(() =>
        kerasTopology(
          {
            class_name: 'Sequential',
            config: { layers: [{ class_name: 'Dense', config: { name: 'd', units: 1 } }] },
          },
          2,
        ),
      ).message,
    ).toMatch(/'d' of the Sequential model has no input shape/);
  });

  it('names weights in Keras order, or from the stored Keras 2 names', () => {
    const bn = { name: 'bn', className: 'BatchNormalization', config: { scale: false } };
    expect(weightSuffixes(bn, 3)).toEqual(['beta', 'moving_mean', 'moving_variance']);
    expect(weightSuffixes({ name: 'c', className: 'Conv1D', config: {} }, 1)).toEqual(['kernel']);
    expect(
      thrown(() => weightSuffixes({ name: 'x', className: 'Weird', config: {} }, 2)).code,
    ).toBe('model-layer');
    expect(storedSuffix('model/bn/moving_variance:0')).toBe('moving_variance');
    expect(storedSuffix('convolution1d_1_W')).toBeNull();
  });
});
