/**
 * The page's side of the layer stack: which sample it may draw, and the numbers it shows. The
 * activations themselves stay in the workers (workers/compute/api-stack.ts -> src/gl).
 */
import type { LayerInfo, PanelSummary, SampleView } from '../../bridge';
import { formatNumber } from '../../core/format';
import { panelsFitModel } from '../../core/stack-panels';
import type { TableData } from '../../ui/NumbersTable';

export { unitSeries } from '../../core/stack-panels';

/** The sample to draw, or null: none, or computed for another model (during a model switch). */
export function drawableSample(
  sample: SampleView | null | undefined,
  layers: LayerInfo[] | undefined,
): SampleView | null {
  if (!sample || !layers) return null;
  return panelsFitModel(
    sample.panels,
    layers.map((l) => l.name),
  )
    ? sample
    : null;
}

/** The stack's table: per panel, shape, min / mean / max activation and the most active unit. */
export function stackTable(panels: PanelSummary[]): TableData {
  return {
    columns: ['Panel', 'Shape [steps, units]', 'Min', 'Mean', 'Max', 'Most active unit'],
    rows: panels.map((r) => [
      r.name,
      `[${r.shape.join(', ')}]`,
      formatNumber(r.min),
      formatNumber(r.mean),
      formatNumber(r.max),
      r.topUnit,
    ]),
  };
}

/** What a panel's units are called: channels of the input, filters (or units) of a layer. */
export const unitName = (p: PanelSummary | undefined): string =>
  p?.kind === 'input' ? 'channel' : 'filter';
