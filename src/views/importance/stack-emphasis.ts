/**
 * The Importance view's layer stack (paper view 2): which panels of the stack stand for each
 * filter layer, and how their filters are tinted. Pure: SampleImportance + the model's filter
 * layers + the sample's panels + the percentile -> the render worker's emphasis message and the
 * figure's numbers. No DOM, no Solid, no workers.
 */
import type { FilterLayer } from '../../core/model-graph';
import type { PanelSummary, SampleImportance } from '../../core/protocol';
import type { PanelEmphasis } from '../../gl/emphasis';
import type { TableData } from '../../ui/NumbersTable';
import { layerCounts, rankLayer } from './importance-data';

/** One filter layer as the stack shows it. */
export interface StackLayerEmphasis {
  /** The conv layer (model.layers index) and its name. */
  conv: number;
  name: string;
  /** Stack panels (SampleView.panels indices) tinted: the conv's and its output layer's. */
  panels: number[];
  filters: number;
  highlighted: number;
  inactive: number;
}

export interface StackEmphasis {
  /** The render worker's message body (LayerStackRenderer.setEmphasis). */
  panels: PanelEmphasis[];
  layers: StackLayerEmphasis[];
}

/**
 * For each filter layer of `result`: the panels of its conv layer and of its `output` layer
 * (deduplicated; a fused activation is the conv itself) get weights = importance / the layer's
 * largest (0 for inactive filters; importance-data's rankLayer, on importance-math) and shown =
 * the top `percentile`% of the layer (never an inactive filter). Panels whose unit count is not
 * the layer's filter count are left plain. Null when there is nothing to tint.
 */
export function stackEmphasis(
  result: SampleImportance | null,
  filterLayers: readonly FilterLayer[],
  panels: readonly PanelSummary[],
  percentile: number,
  name: (conv: number) => string = (conv) => `layer ${conv}`,
): StackEmphasis | null {
  if (!result) return null;
  const out: StackEmphasis = { panels: [], layers: [] };
  const panelOf = new Map(panels.map((p, i) => [p.layer, i]));
  for (const l of result.layers) {
    const fl = filterLayers.find((f) => f.conv === l.conv);
    const ranked = rankLayer(l.importance, percentile);
    const weights = Float32Array.from(ranked, (f) => (f.inactive ? 0 : f.scaled));
    const shown = Uint8Array.from(ranked, (f) => (f.highlighted ? 1 : 0));
    const indices = [...new Set([l.conv, fl?.output ?? l.conv])]
      .map((layer) => panelOf.get(layer))
      .filter((i): i is number => i !== undefined && panels[i].shape[1] === l.filters);
    for (const layer of indices)
      out.panels.push({ layer, weights: weights.slice(), shown: shown.slice() });
    out.layers.push({ conv: l.conv, name: name(l.conv), panels: indices, ...layerCounts(ranked) });
  }
  return out.panels.length ? out : null;
}

/** The filter layer (conv index) a stack panel stands for, or null. */
export function convOfPanel(emphasis: StackEmphasis | null, panel: number): number | null {
  return emphasis?.layers.find((l) => l.panels.includes(panel))?.conv ?? null;
}

/** The figure's numbers: per filter layer, its panels and its highlighted and inactive counts. */
export function emphasisTable(
  emphasis: StackEmphasis | null,
  panels: readonly PanelSummary[],
  percentile: number,
): TableData {
  return {
    columns: ['Filter layer', 'Panels', 'Filters', `Highlighted (top ${percentile}%)`, 'Inactive'],
    rows: (emphasis?.layers ?? []).map((l) => [
      l.name,
      l.panels.map((i) => panels[i]?.name ?? `panel ${i}`).join(', '),
      l.filters,
      l.highlighted,
      l.inactive,
    ]),
  };
}
