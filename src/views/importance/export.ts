/** What the Importance view exports: saliency, attributions, importances, dataset stats. */
import type { DatasetImportance, SampleImportance } from '../../bridge';
import type { ExportPayload } from '../../ui/ExportButtons';
import { csvRows, nested } from './importance-data';

/** The conv layer's name (model graph) of each importance layer. */
export type LayerNamer = (conv: number) => string;

/** The JSON document: everything is keyed by the conv layer's name. */
export function importanceJson(
  model: string,
  sampleIndex: number,
  r: SampleImportance,
  dataset: DatasetImportance | null,
  name: LayerNamer,
  /** The explained input's name when it is not a dataset row (sampleIndex -1). */
  inputName: string | null = null,
) {
  const [T, C] = r.shape;
  const gradient = r.attributions.find((a) => a.method === 'gradient') ?? r.attributions[0];
  const byLayer = <V>(f: (l: SampleImportance['layers'][number]) => V) =>
    Object.fromEntries(r.layers.map((l) => [name(l.conv), f(l)]));
  return {
    model,
    sample: sampleIndex,
    input: inputName,
    target: { value: r.target.value, label: r.target.label, spec: r.target.spec },
    output: Array.from(r.output),
    saturated: r.saturated,
    filterTensor: r.filterTensor,
    backend: r.backend,
    shape: [T, C],
    /** [T][C] |d target / d x| */
    saliency: gradient ? nested(gradient.values, T, C) : null,
    attributions: r.attributions.map((a) => ({
      method: a.method,
      settings: a.settings,
      values: nested(a.values, T, C),
    })),
    importances: byLayer((l) => Array.from(l.importance)),
    lossImpact: byLayer((l) => (l.lossImpact ? Array.from(l.lossImpact) : null)),
    dataset: dataset
      ? {
          rows: dataset.rows,
          neverShare: dataset.neverShare,
          filterTensor: dataset.filterTensor,
          backend: dataset.backend,
          layers: Object.fromEntries(
            dataset.layers.map((l) => [
              name(l.conv),
              {
                min: Array.from(l.min),
                mean: Array.from(l.mean),
                max: Array.from(l.max),
                neverMatter: l.neverMatter,
              },
            ]),
          ),
        }
      : null,
  };
}

/** The export buttons' payload for the shown sample (null: nothing to export yet). */
export function importancePayload(
  model: string | undefined,
  sampleIndex: number,
  r: SampleImportance | null,
  dataset: DatasetImportance | null,
  name: LayerNamer,
  inputName: string | null = null,
): ExportPayload | null {
  if (!model || !r) return null;
  return {
    name: inputName === null ? `importance-sample-${sampleIndex}` : 'importance-input',
    json: () => importanceJson(model, sampleIndex, r, dataset, name, inputName),
    csv: () =>
      csvRows(
        r.layers.map((l) => ({
          name: name(l.conv),
          importance: l.importance,
          lossImpact: l.lossImpact,
        })),
        dataset?.layers.map((l) => ({ ...l, name: name(l.conv) })) ?? null,
      ),
  };
}
