/**
 * The layer stack's data path: each analysed sample's panels go from here straight to the
 * render worker (src/gl/render.worker.ts) over a MessagePort the page joined us with
 * (`connectRenderPort`, one port per drawn layer stack, by key), never through the page. The page gets each sample's summaries only
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
/** The render workers' ports by key (one per layer-stack figure on the page). */
const renderPorts = new Map<string, MessagePort>();

/** Copies of the panels, moved to one render worker (we keep our own). */
function sendTo(port: MessagePort, sample: Analysed): void {
  const panels = sample.panels.map((p) => ({ ...p, values: p.values.slice() }));
  const msg: StackPanelsMessage = { type: 'panels', sample: sample.id, panels };
  port.postMessage(
    msg,
    panels.map((p) => p.values.buffer),
  );
}

/** The panels to every connected render worker. */
function send(sample: Analysed): void {
  for (const port of renderPorts.values()) sendTo(port, sample);
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
   * A render worker's end of a MessageChannel under `key` (one key per layer-stack figure; null:
   * that figure takes no panels any more). Replaces (and closes) the previous port of the same
   * key; ports of other keys keep receiving. The latest sample's panels are sent to the new port
   * at once, so a new renderer draws without waiting.
   */
  connectRenderPort(port: MessagePort | null, key = 'default'): void {
    renderPorts.get(key)?.close();
    renderPorts.delete(key);
    if (!port) return;
    renderPorts.set(key, port);
    const latest = kept[kept.length - 1];
    if (latest) sendTo(port, latest);
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
