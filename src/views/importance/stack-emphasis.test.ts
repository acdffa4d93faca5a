import { describe, expect, it } from 'vitest';
import type { FilterLayer } from '../../core/model-graph';
import type { LayerImportance, PanelSummary, SampleImportance } from '../../core/protocol';
import { convOfPanel, emphasisTable, stackEmphasis } from './stack-emphasis';

const panel = (layer: number, name: string, units: number): PanelSummary => ({
  layer,
  name,
  kind: layer < 0 ? 'input' : 'conv',
  shape: [10, units],
  min: 0,
  max: 1,
  mean: 0.5,
  topUnit: 0,
});
// input, conv1 (fused relu), conv2, its separate activation, pool, dense
const panels = [
  panel(-1, 'input', 3),
  panel(0, 'conv1', 4),
  panel(1, 'conv2', 5),
  panel(2, 'act2', 5),
  panel(3, 'pool', 5),
  panel(4, 'dense', 2),
];
const fl = (conv: number, output: number, filters: number): FilterLayer => ({
  conv,
  output,
  preActivation: conv,
  between: [],
  activation: 'relu',
  fused: conv === output,
  filters,
  steps: 10,
  note: null,
});
const filterLayers = [fl(0, 0, 4), fl(1, 2, 5)];
const imp = (conv: number, importance: number[]): LayerImportance => ({
  conv,
  layer: conv,
  name: `conv${conv + 1}`,
  activation: new Float32Array(10 * importance.length),
  steps: 10,
  filters: importance.length,
  importance: Float32Array.from(importance),
  lossImpact: null,
  path: 'cpu',
});
const result = {
  layers: [imp(0, [2, 0, 4, 1]), imp(1, [5, 4, 3, 2, 1])],
} as unknown as SampleImportance;

describe('stackEmphasis', () => {
  it('is null without a result', () => {
    expect(stackEmphasis(null, filterLayers, panels, 50)).toBeNull();
  });

  it('tints the conv and output panels: weights = importance / max, inactive 0, top p% shown', () => {
    const e = stackEmphasis(result, filterLayers, panels, 50, (c) => `conv${c + 1}`);
    expect(e?.panels.map((p) => p.layer)).toEqual([1, 2, 3]);
    const [c1, c2, a2] = e?.panels ?? [];
    expect(Array.from(c1.weights)).toEqual([0.5, 0, 1, 0.25]);
    // top 50% of 4 = 2: filters 2 and 0; the inactive filter 1 never shown
    expect(Array.from(c1.shown)).toEqual([1, 0, 1, 0]);
    expect(Array.from(c2.weights)).toEqual([1, 0.8, 0.6, 0.4, 0.2].map(Math.fround));
    // top 50% of 5 = ceil(2.5) = 3
    expect(Array.from(c2.shown)).toEqual([1, 1, 1, 0, 0]);
    expect(a2.weights).toEqual(c2.weights);
    expect(a2.weights).not.toBe(c2.weights);
    expect(e?.layers).toEqual([
      { conv: 0, name: 'conv1', panels: [1], filters: 4, highlighted: 2, inactive: 1 },
      { conv: 1, name: 'conv2', panels: [2, 3], filters: 5, highlighted: 3, inactive: 0 },
    ]);
  });

  it('shows every active filter at 100% and the top one at a tiny percentile', () => {
    const all = stackEmphasis(result, filterLayers, panels, 100);
    expect(Array.from(all?.panels[0].shown ?? [])).toEqual([1, 0, 1, 1]);
    const few = stackEmphasis(result, filterLayers, panels, 1);
    expect(Array.from(few?.panels[0].shown ?? [])).toEqual([0, 0, 1, 0]);
    expect(few?.layers.map((l) => l.highlighted)).toEqual([1, 1]);
  });

  it('leaves out panels that are missing or of another width', () => {
    const short = panels.slice(0, 3); // no act2 panel
    expect(stackEmphasis(result, filterLayers, short, 50)?.panels.map((p) => p.layer)).toEqual([
      1, 2,
    ]);
    const wrong = panels.map((p) =>
      p.layer === 0 ? { ...p, shape: [10, 7] as [number, number] } : p,
    );
    expect(stackEmphasis(result, filterLayers, wrong, 50)?.layers[0].panels).toEqual([]);
    expect(stackEmphasis(result, filterLayers, [], 50)).toBeNull();
  });

  it('maps a clicked panel to its filter layer and lists the counts', () => {
    const e = stackEmphasis(result, filterLayers, panels, 50, (c) => `conv${c + 1}`);
    expect(convOfPanel(e, 1)).toBe(0);
    expect(convOfPanel(e, 3)).toBe(1);
    expect(convOfPanel(e, 4)).toBeNull();
    expect(convOfPanel(null, 1)).toBeNull();
    expect(emphasisTable(e, panels, 50)).toEqual({
      columns: ['Filter layer', 'Panels', 'Filters', 'Highlighted (top 50%)', 'Inactive'],
      rows: [
        ['conv1', 'conv1', 4, 2, 1],
        ['conv2', 'conv2, act2', 5, 3, 0],
      ],
    });
  });
});
