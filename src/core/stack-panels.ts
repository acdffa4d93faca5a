/**
 * The layer stack's panels for one sample, as the compute worker builds them: the input [T, C]
 * first, then each layer's [steps, units] activation; their summaries (the stack's table) and
 * one unit's curve. Pure: no DOM, no tfjs.
 */
import type { LayerKind } from './layer-kinds';
import type { LayerActivation, PanelSummary, StackPanel, StackPanelKind } from './protocol';

/** The panel kind of a layer whose output is [steps, units]. */
export function panelKind(kind: LayerKind | undefined, steps: number): StackPanelKind {
  if (kind === 'conv' || kind === 'pool' || kind === 'dense') return kind;
  if (kind === 'activation' || kind === 'normalization' || kind === 'regularization')
    return steps > 1 ? 'conv' : 'dense';
  return 'other';
}

/**
 * Panel 0 is the input x ([T, C] row-major); panel k > 0 is activations[k - 1], its kind from
 * `kinds[activation.layer]` (model.layers order). The arrays are shared, not copied.
 */
export function stackPanels(
  x: Float32Array,
  shape: [number, number],
  activations: LayerActivation[],
  kinds: (LayerKind | undefined)[],
): StackPanel[] {
  return [
    { name: 'input', kind: 'input', steps: shape[0], units: shape[1], values: x },
    ...activations.map((a) => ({
      name: a.name,
      kind: panelKind(kinds[a.layer], a.steps),
      steps: a.steps,
      units: a.units,
      values: a.values,
    })),
  ];
}

/** One unit's values over steps: column `unit` of a [steps, units] array. */
export function unitSeries(panel: Omit<StackPanel, 'name' | 'kind'>, unit: number): Float32Array {
  const out = new Float32Array(panel.steps);
  for (let s = 0; s < panel.steps; s++) out[s] = panel.values[s * panel.units + unit];
  return out;
}

/** Min, mean, max and the unit with the largest mean of one panel; `layer` is its model.layers
 *  index (-1 for the input). */
export function summarizePanel(panel: StackPanel, layer: number): PanelSummary {
  const { steps, units, values } = panel;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  const unitSums = new Float64Array(units);
  for (let s = 0; s < steps; s++) {
    for (let u = 0; u < units; u++) {
      const v = values[s * units + u];
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      unitSums[u] += v;
    }
  }
  let topUnit = 0;
  for (let u = 1; u < units; u++) if (unitSums[u] > unitSums[topUnit]) topUnit = u;
  return {
    layer,
    name: panel.name,
    kind: panel.kind,
    shape: [steps, units],
    min,
    max,
    mean: sum / (steps * units),
    topUnit,
  };
}

/**
 * Whether a sample's panels were computed for a model with these layer names (a sample
 * computed for the previous model during a model switch is not drawn).
 */
export function panelsFitModel(panels: PanelSummary[], layerNames: string[]): boolean {
  return panels.length > 0 && panels.every((p) => p.layer < 0 || layerNames[p.layer] === p.name);
}
