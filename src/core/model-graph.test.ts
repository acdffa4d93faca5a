import { describe, expect, it } from 'vitest';
import { buildModelInfo, findFilterLayers, graphLayers, type LayerFacts } from './model-graph';

/** A chain of layers (each feeds the next), Sequential-style: the first reads the input. */
function chain(...specs: [string, string, Record<string, unknown>?][]): LayerFacts[] {
  return specs.map(([name, className, config = {}], i) => ({
    name,
    className,
    config,
    outputShape: [50, 8],
    params: 0,
    inbound: i === 0 ? ['input'] : [specs[i - 1][0]],
  }));
}

const info = (facts: LayerFacts[]) =>
  buildModelInfo(facts, {
    name: 'm',
    kind: 'sequential',
    inputShape: [50, 3],
    outputUnits: 1,
    task: null,
    stripped: [],
    warnings: [],
  });

describe('model graph', () => {
  it('resolves inbound names to indices; the model input is []', () => {
    const layers = graphLayers(chain(['c', 'Conv1D'], ['p', 'MaxPooling1D'], ['d', 'Dense']));
    expect(layers.map((l) => l.inbound)).toEqual([[], [0], [1]]);
    expect(layers.map((l) => l.outbound)).toEqual([[1], [2], []]);
    expect(layers.map((l) => l.kind)).toEqual(['conv', 'pool', 'dense']);
  });

  it('a fused activation: the conv stands for its filters', () => {
    const f = findFilterLayers(
      graphLayers(chain(['c', 'Conv1D', { filters: 8, activation: 'relu' }], ['p', 'MaxPool1D'])),
    );
    expect(f).toEqual([
      {
        conv: 0,
        output: 0,
        preActivation: 0,
        between: [],
        activation: 'relu',
        fused: true,
        filters: 8,
        steps: 50,
        note: null,
      },
    ]);
  });

  it('a separate LeakyReLU (the paper anomaly model) stands for the conv filters', () => {
    const f = findFilterLayers(
      graphLayers(
        chain(
          ['conv1', 'Conv1D', { filters: 8, activation: 'linear' }],
          ['lrelu1', 'LeakyReLU', { alpha: 0.3 }],
          ['pool1', 'MaxPooling1D'],
        ),
      ),
    );
    expect(f[0]).toMatchObject({ conv: 0, output: 1, preActivation: 0, fused: false });
    expect(f[0].activation).toBe('leakyReLU(0.3)');
  });

  it('per-channel layers between conv and activation (FCN: Conv1D, BatchNormalization, ReLU)', () => {
    const f = findFilterLayers(
      graphLayers(
        chain(
          ['c', 'Conv1D', { filters: 8 }],
          ['bn', 'BatchNormalization'],
          ['do', 'Dropout'],
          ['a', 'Activation', { activation: 'relu' }],
        ),
      ),
    );
    expect(f[0]).toMatchObject({
      output: 3,
      preActivation: 2,
      between: [1, 2],
      activation: 'relu',
    });
    expect(f[0].note).toBeNull();
  });

  it('a residual block: the activation after the Add, with a note', () => {
    const facts: LayerFacts[] = [
      {
        name: 'in',
        className: 'InputLayer',
        config: {},
        outputShape: [50, 3],
        params: 0,
        inbound: [],
      },
      {
        name: 'c1',
        className: 'Conv1D',
        config: { filters: 8 },
        outputShape: [50, 8],
        params: 0,
        inbound: ['in'],
      },
      {
        name: 'bn1',
        className: 'BatchNormalization',
        config: {},
        outputShape: [50, 8],
        params: 0,
        inbound: ['c1'],
      },
      {
        name: 'short',
        className: 'Conv1D',
        config: { filters: 8 },
        outputShape: [50, 8],
        params: 0,
        inbound: ['in'],
      },
      {
        name: 'add',
        className: 'Add',
        config: {},
        outputShape: [50, 8],
        params: 0,
        inbound: ['bn1', 'short'],
      },
      {
        name: 'relu',
        className: 'ReLU',
        config: {},
        outputShape: [50, 8],
        params: 0,
        inbound: ['add'],
      },
      {
        name: 'gap',
        className: 'GlobalAveragePooling1D',
        config: {},
        outputShape: [8],
        params: 0,
        inbound: ['relu'],
      },
    ];
    const layers = graphLayers(facts);
    expect(layers[4].inbound).toEqual([2, 3]);
    const f = findFilterLayers(layers);
    expect(f.map((x) => [x.conv, x.output, x.preActivation])).toEqual([
      [1, 5, 2],
      [3, 5, 3],
    ]);
    expect(f[0].note).toContain("'add' adds a shortcut");
  });

  it('a linear conv with no activation after it stands for itself, with a note', () => {
    const f = findFilterLayers(
      graphLayers(chain(['c', 'Conv1D', { filters: 4 }], ['flat', 'Flatten'], ['d', 'Dense'])),
    );
    expect(f[0]).toMatchObject({ output: 0, activation: 'linear' });
    expect(f[0].note).toContain('No activation follows');
  });

  it('the output activation and the task come from the graph', () => {
    const sig = info(
      chain(['c', 'Conv1D', { filters: 4 }], ['d', 'Dense', { activation: 'sigmoid' }]),
    );
    expect(sig.outputActivation).toBe('sigmoid');
    expect(sig.task).toBe('classification');
    const soft = info(chain(['d', 'Dense', { activation: 'linear' }], ['s', 'Softmax']));
    expect(soft.outputActivation).toBe('softmax');
    const sep = info(chain(['d', 'Dense'], ['a', 'Activation', { activation: 'sigmoid' }]));
    expect(sep.outputActivation).toBe('sigmoid');
    const reg = info(chain(['c', 'Conv1D', { filters: 4 }], ['d', 'Dense']));
    expect(reg.task).toBe('regression');
  });

  it('recurrent layers are not explained and have no filters', () => {
    const i = info(chain(['r', 'LSTM'], ['d', 'Dense']));
    expect(i.layers[0].kind).toBe('recurrent');
    expect(i.layers[0].notExplainable).toContain('recurrent');
    expect(i.filterLayers).toEqual([]);
  });
});
