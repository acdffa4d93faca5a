/** What the Overview exports: the layers, the sample, its prediction and every activation. */
import { state } from '../../state/app-state';
import type { ExportPayload } from '../../ui/ExportButtons';
import { fetchActivations } from './stack-calls';

export function overviewExport(): ExportPayload | null {
  const m = state.model;
  if (!m) return null;
  const s = state.sample;
  return {
    name: s ? `overview-sample-${s.index}` : 'overview',
    // the activations stay in the compute worker until they are exported
    json: async () => ({
      model: m.info.name,
      layers: m.info.layers,
      sample: s
        ? {
            index: s.index,
            shape: s.shape,
            input: s.x,
            label: s.label,
            output: s.output,
            activations: (await fetchActivations(s.id)).map((a) => ({
              layer: a.name,
              shape: [a.steps, a.units],
              values: a.values,
            })),
          }
        : null,
    }),
    csv: () => [
      ['layer', 'type', 'output_shape', 'filters', 'parameters'],
      ...m.info.layers.map((l) => [
        l.name,
        l.className,
        l.outputShape.map((d) => d ?? '?').join('x'),
        l.filters,
        l.params,
      ]),
    ],
  };
}
