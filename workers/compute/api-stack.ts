/**
 * The layer stack's data path: each analysed sample's panels go from here straight to the
 * render worker (src/gl/render.worker.ts) over a MessagePort the page joined us with
 * (`connectRenderPort`), never through the page. The page gets each sample's summaries only
 * (api-sample.ts) and asks for one unit's curve or, for the export, every activation by the
 * sample's id. The last few samples are kept (plain arrays, no tensors).
 */
import * as Comlink from 'comlink';
import { summarizePanel, unitSeries as column } from '../../src/core/stack-panels';
import type {
  LayerActivation,
  PanelSummary,
  StackPanel,
  StackPanelsMessage,
} from '../../src/core/protocol';

interface Analysed {
  id: number;
  panels: StackPanel[];
  /** model.layers index of each panel (-1 for the input). */
  layers: number[];
}

/** How many analysed samples are kept: the page may still show one while the next is made. */
const KEEP = 3;
const kept: Analysed[] = [];
let nextId = 1;
let renderPort: MessagePort | null = null;

/** Copies of the panels, moved to the render worker (we keep our own). */
function send(sample: Analysed): void {
  if (!renderPort) return;
  const panels = sample.panels.map((p) => ({ ...p, values: p.values.slice() }));
  const msg: StackPanelsMessage = { type: 'panels', sample: sample.id, panels };
  renderPort.postMessage(
    msg,
    panels.map((p) => p.values.buffer),
  );
}

/**
 * Keep one analysed sample's panels (input first; `layers` their model.layers indices, -1 for
 * the input), send them to the render worker, and return its id and per-panel summaries.
 */
export function publishPanels(
  panels: StackPanel[],
  layers: number[],
): { id: number; summaries: PanelSummary[] } {
  const sample: Analysed = { id: nextId++, panels, layers };
  kept.push(sample);
  if (kept.length > KEEP) kept.shift();
  send(sample);
  return { id: sample.id, summaries: panels.map((p, k) => summarizePanel(p, layers[k])) };
}

function find(id: number): Analysed | undefined {
  return kept.find((s) => s.id === id);
}

export const stackApi = {
  /**
   * The render worker's end of a MessageChannel (null: none any more). Replaces the previous
   * port; the latest sample's panels are sent at once, so a new renderer draws without waiting.
   */
  connectRenderPort(port: MessagePort | null): void {
    renderPort?.close();
    renderPort = port;
    const latest = kept[kept.length - 1];
    if (latest) send(latest);
  },

  /** One unit's values over steps of panel `panel` (0 = the input) of sample `id`; null when
   *  that sample is no longer kept or has no such panel or unit. */
  unitSeries(id: number, panel: number, unit: number): Float32Array | null {
    const p = find(id)?.panels[panel];
    if (!p || !Number.isInteger(unit) || unit < 0 || unit >= p.units) return null;
    const values = column(p, unit);
    return Comlink.transfer(values, [values.buffer]);
  },

  /** Every layer's activation of sample `id` (model.layers order, input excluded; copies), or
   *  null when that sample is no longer kept. For the export. */
  stackActivations(id: number): LayerActivation[] | null {
    const sample = find(id);
    if (!sample) return null;
    const out = sample.panels.slice(1).map((p, k) => ({
      layer: sample.layers[k + 1],
      name: p.name,
      steps: p.steps,
      units: p.units,
      values: p.values.slice(),
    }));
    return Comlink.transfer(
      out,
      out.map((a) => a.values.buffer),
    );
  },
};
