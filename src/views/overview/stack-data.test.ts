import { describe, expect, it } from 'vitest';
import type { LayerInfo, PanelSummary, SampleView } from '../../bridge';
import { drawableSample, stackTable, unitName } from './stack-data';

const panels: PanelSummary[] = [
  { layer: -1, name: 'input', kind: 'input', shape: [3, 2], min: 0, max: 1, mean: 0.5, topUnit: 1 },
  {
    layer: 1,
    name: 'conv1',
    kind: 'conv',
    shape: [3, 2],
    min: -1,
    max: 5,
    mean: 10 / 6,
    topUnit: 0,
  },
];
const sample: SampleView = {
  id: 7,
  index: 0,
  x: new Float32Array(6),
  shape: [3, 2],
  label: null,
  output: new Float32Array(1),
  panels,
};
const layers = (names: string[]) => names.map((name) => ({ name }) as LayerInfo);

describe('stack data (page side)', () => {
  it('draws a sample of this model only', () => {
    expect(drawableSample(sample, layers(['in', 'conv1']))).toBe(sample);
    expect(drawableSample(sample, layers(['in', 'conv_other']))).toBeNull();
    expect(drawableSample(null, layers(['in', 'conv1']))).toBeNull();
    expect(drawableSample(sample, undefined)).toBeNull();
  });

  it('tabulates each panel with its shape and the most active unit', () => {
    const t = stackTable(panels);
    expect(t.columns[0]).toBe('Panel');
    expect(t.rows).toHaveLength(2);
    expect(t.rows[1][0]).toBe('conv1');
    expect(t.rows[1][1]).toBe('[3, 2]');
    expect(t.rows[1][5]).toBe(0);
  });

  it('calls input units channels and layer units filters', () => {
    expect(unitName(panels[0])).toBe('channel');
    expect(unitName(panels[1])).toBe('filter');
  });
});
