import { describe, expect, it } from 'vitest';
import type { LayerActivation, StackPanel } from './protocol';
import { panelKind, panelsFitModel, stackPanels, summarizePanel, unitSeries } from './stack-panels';

// [steps 3, units 2]: unit 0 = 1, 2, 3; unit 1 = -1, 5, 0
const panel: StackPanel = {
  name: 'conv1',
  kind: 'conv',
  steps: 3,
  units: 2,
  values: new Float32Array([1, -1, 2, 5, 3, 0]),
};

describe('stack panels', () => {
  it('takes one unit over steps', () => {
    expect(Array.from(unitSeries(panel, 1))).toEqual([-1, 5, 0]);
    expect(Array.from(unitSeries(panel, 0))).toEqual([1, 2, 3]);
  });

  it('summarises a panel by hand', () => {
    const s = summarizePanel(panel, 2);
    expect(s.layer).toBe(2);
    expect(s.name).toBe('conv1');
    expect(s.kind).toBe('conv');
    expect(s.shape).toEqual([3, 2]);
    expect(s.min).toBe(-1);
    expect(s.max).toBe(5);
    expect(s.mean).toBeCloseTo(10 / 6, 10);
    expect(s.topUnit).toBe(0); // sums: 6 vs 4
  });

  it('names the first unit when all are equal', () => {
    const flat = { ...panel, values: new Float32Array(6).fill(2) };
    expect(summarizePanel(flat, 0).topUnit).toBe(0);
  });

  it('gives each layer kind its panel kind', () => {
    expect(panelKind('conv', 50)).toBe('conv');
    expect(panelKind('pool', 25)).toBe('pool');
    expect(panelKind('dense', 1)).toBe('dense');
    expect(panelKind('activation', 50)).toBe('conv');
    expect(panelKind('activation', 1)).toBe('dense');
    expect(panelKind('regularization', 1)).toBe('dense');
    expect(panelKind('reshape', 1)).toBe('other');
    expect(panelKind(undefined, 1)).toBe('other');
  });

  it('puts the input first and each activation after it, sharing the arrays', () => {
    const x = new Float32Array([1, 2, 3, 4, 5, 6]);
    const acts: LayerActivation[] = [
      { layer: 1, name: 'conv1', steps: 3, units: 2, values: panel.values },
      { layer: 2, name: 'relu', steps: 1, units: 4, values: new Float32Array(4) },
    ];
    const panels = stackPanels(x, [3, 2], acts, ['input', 'conv', 'activation']);
    expect(panels.map((p) => [p.name, p.kind, p.steps, p.units])).toEqual([
      ['input', 'input', 3, 2],
      ['conv1', 'conv', 3, 2],
      ['relu', 'dense', 1, 4],
    ]);
    expect(panels[0].values).toBe(x);
    expect(panels[1].values).toBe(panel.values);
  });

  it('tells a sample of another model by its layer names', () => {
    const summaries = [
      summarizePanel({ ...panel, name: 'input', kind: 'input' }, -1),
      summarizePanel(panel, 1),
    ];
    expect(panelsFitModel(summaries, ['in', 'conv1'])).toBe(true);
    expect(panelsFitModel(summaries, ['in', 'conv_a'])).toBe(false);
    expect(panelsFitModel(summaries, ['in'])).toBe(false);
    expect(panelsFitModel([], ['in'])).toBe(false);
  });
});
