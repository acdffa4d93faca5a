/** Map a sample's activations onto the layer stack's panels (input first). */
import type { LayerInfo, SampleView } from '../../bridge';
import type { StackLayer, StackLayerKind } from '../../gl/stack-types';

function kindOf(info: LayerInfo, steps: number): StackLayerKind {
  if (info.kind === 'conv' || info.kind === 'pool' || info.kind === 'dense') return info.kind;
  if (info.kind === 'activation' || info.kind === 'normalization' || info.kind === 'regularization')
    return steps > 1 ? 'conv' : 'dense';
  return 'other';
}

/** Panel 0 is the input [T, C]; panel k > 0 is sample.activations[k - 1]. */
export function stackLayers(sample: SampleView, layers: LayerInfo[]): StackLayer[] {
  // a sample computed for another model (during a model switch) is not drawn
  if (sample.activations.some((a) => layers[a.layer]?.name !== a.name)) return [];
  const input: StackLayer = {
    name: 'input',
    kind: 'input',
    steps: sample.shape[0],
    units: sample.shape[1],
    values: sample.x,
  };
  return [
    input,
    ...sample.activations.map((a) => ({
      name: a.name,
      kind: kindOf(layers[a.layer], a.steps),
      steps: a.steps,
      units: a.units,
      values: a.values,
    })),
  ];
}

/** One unit's values over steps: column `unit` of a [steps, units] array. */
export function unitSeries(layer: StackLayer, unit: number): Float32Array {
  const out = new Float32Array(layer.steps);
  for (let s = 0; s < layer.steps; s++) out[s] = layer.values[s * layer.units + unit];
  return out;
}

/** Per-panel numbers behind the layer stack picture (its table). */
export interface LayerSummary {
  name: string;
  /** [steps, units] */
  shape: [number, number];
  min: number;
  max: number;
  mean: number;
  /** The unit (filter / channel) with the largest mean activation. */
  topUnit: number;
}

export function summarizeLayer(layer: StackLayer): LayerSummary {
  const { steps, units, values } = layer;
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
    name: layer.name,
    shape: [steps, units],
    min,
    max,
    mean: sum / (steps * units),
    topUnit,
  };
}
