import { describe, expect, it } from 'vitest';
import { sniff } from './csv-sniff';
import { layer } from './model-fixtures.test-util';
import { describeLayers } from './topology';
import { thrown } from './thrown.test-util';

const sequential = (...names: string[]) => ({
  class_name: 'Sequential',
  config: {
    name: 'm',
    layers: names.map((name, i) =>
      layer(i === 0 ? 'InputLayer' : 'Dense', { name, batch_input_shape: [null, 5, 1] }),
    ),
  },
});

describe('layer names tfjs refuses', () => {
  it('names a layer whose name is outside the tensor-name rule, as text', () => {
    const e = thrown(() => describeLayers(sequential('in', '<img src=x onerror=alert(1)>')));
    expect(e.code).toBe('model-topology');
    expect(e.problem).toBe(
      "Layer '<img src=x onerror=alert(1)>' has a name TensorFlow.js does not accept.",
    );
    expect(e.fix).toMatch(/^Rename the layer in Keras/);
  });

  it('refuses two layers with one name, and accepts tfjs-style names', () => {
    expect(thrown(() => describeLayers(sequential('in', 'd', 'd'))).problem).toMatch(
      /^2 layers are named 'd'/,
    );
    expect(describeLayers(sequential('in', 'dense_1/x.y-z', '0d')).layers).toHaveLength(3);
  });
});

describe('files that are not tables', () => {
  it('says a JSON document is not a CSV table and which input it belongs to', () => {
    const e = thrown(() =>
      sniff('{"format": "layers-model", "modelTopology": {}}', {
        source: 'model.json',
      }),
    );
    expect(e.problem).toBe('model.json is a JSON document, not a CSV or TSV table.');
    expect(e.fix).toContain('"Open model"');
  });

  it('reports a quote that is never closed rather than one wide text column', () => {
    const text = 'label,a,b\n0,1,2\n1,"3,4\n0,5,6\n';
    expect(thrown(() => sniff(text, { source: 'q.csv' })).problem).toMatch(
      /^Row 3, column 2 of q\.csv opens a quote \("\) that is never closed/,
    );
  });
});
