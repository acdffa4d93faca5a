/**
 * The Clusters view's state and actions (paper Section IV-C): its settings (which conv layer,
 * min-max scaling, the "most important filter per cluster" mode), the last clustering (a job in
 * the compute worker: DTW matrix, merge tree, silhouette by k) with the input it explains, and
 * the cut through the tree. The cut is page state: moving it recolours without a worker call
 * (cutAtHeight / cutIntoK are O(n) pure functions).
 */
import { batch, createSignal } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { ClusterRequest, ClusterResult } from '../bridge';
import { cutAtHeight, cutIntoK, heightForK } from '../core/linkage';
import { state } from './app-state';
import { notePlace } from './backend';
import { bridge } from './bridge';
import { runJob } from './jobs';
import { selectedSource } from './sample';

export interface ClusterSettings {
  /** The conv layer (model.layers index) to cluster; null: the default (second conv, else first). */
  conv: number | null;
  /** Min-max scale each filter's activation before DTW (on by default, as the authors' code). */
  scale: boolean;
  /** Show only each cluster's most important filter in the grid and the stack. */
  onlyMostImportant: boolean;
  /** Sakoe-Chiba band half-width of the DTW in positions; null: full DTW (the paper's). */
  window: number | null;
}

export const DEFAULT_CLUSTER_SETTINGS: ClusterSettings = {
  conv: null,
  scale: true,
  onlyMostImportant: false,
  window: null,
};

const [clusterSettings, setClusterSettings] = createStore<ClusterSettings>({
  ...DEFAULT_CLUSTER_SETTINGS,
});
export { clusterSettings, setClusterSettings };

/** What a clustering explains: a dataset row, or an input of its own (by name). */
export interface ClusteredInput {
  sample: number | null;
  name: string | null;
}

/** Where the tree is cut: at a height, or into k clusters (a silhouette click; exact with ties). */
export interface Cut {
  height: number;
  k: number | null;
}

const [clusterResult, setClusterResult] = createSignal<ClusterResult | null>(null);
const [clusteredInput, setClusteredInput] = createSignal<ClusteredInput | null>(null);
const [cut, setCut] = createSignal<Cut | null>(null);
export { clusterResult, clusteredInput, cut };

/** The default layer: the second conv layer (the paper's Fig. 3), else the first; null: none. */
export function defaultConv(): number | null {
  const fls = state.model?.info.filterLayers ?? [];
  return (fls[1] ?? fls[0])?.conv ?? null;
}

/** The conv layer the next clustering uses (the chosen one when it still exists). */
export function chosenConv(): number | null {
  const fls = state.model?.info.filterLayers ?? [];
  const c = clusterSettings.conv;
  return c !== null && fls.some((f) => f.conv === c) ? c : defaultConv();
}

/** The request for the selected input under the current settings (null: nothing to cluster). */
export function clusterRequest(): ClusterRequest | null {
  const source = selectedSource();
  const conv = chosenConv();
  if (!state.model || !source || conv === null) return null;
  const w = clusterSettings.window;
  return { source, conv, scale: clusterSettings.scale, ...(w === null ? {} : { window: w }) };
}

/** Forget the clustering (a new model or dataset). */
export function clearClusters(): void {
  batch(() => {
    setClusterResult(null);
    setClusteredInput(null);
    setCut(null);
  });
}

/** The cut at the silhouette's best k (or through the top merge when there is none). */
function initialCut(r: ClusterResult): Cut {
  const k = r.bestK ?? Math.min(2, r.filters);
  return { height: heightForK(r.merges, r.filters, k), k };
}

/** Cluster the chosen layer's filters for the selected input: a job with progress and Cancel. */
export async function runClusters(): Promise<ClusterResult | null> {
  const req = clusterRequest();
  if (!req) return null;
  const input: ClusteredInput = {
    sample: 'sample' in req.source ? req.source.sample : null,
    name: state.explained?.name ?? null,
  };
  const { model, dataset } = state;
  const b = bridge();
  const sent = 'x' in req.source ? b.transfer(req, [req.source.x.buffer]) : req;
  const r = await runJob('clusters', { label: 'Clustering filters' }, (t, p) =>
    b.compute().clusterLayer(sent, t, p),
  );
  // a result for a model or dataset that is no longer open is dropped
  if (!r || state.model !== model || state.dataset !== dataset) return null;
  notePlace(r.place);
  const { place: _place, ...result } = r;
  void _place;
  batch(() => {
    setClusterResult(result);
    setClusteredInput(input);
    setCut(initialCut(result));
  });
  return result;
}

/** Cut the tree at `height` (dragging the line). */
export function cutAt(height: number): void {
  if (Number.isFinite(height)) setCut({ height, k: null });
}

/** Cut the tree into k clusters (a click on the silhouette plot). */
export function cutInto(k: number): void {
  const r = clusterResult();
  if (!r || !Number.isInteger(k) || k < 1 || k > r.filters) return;
  setCut({ height: heightForK(r.merges, r.filters, k), k });
}

/** Each filter's cluster (0..k-1, numbered by smallest filter) at the current cut, or null. */
export function labelsAtCut(r: ClusterResult | null, c: Cut | null): Int32Array | null {
  if (!r || !c || r.merges.length !== Math.max(0, r.filters - 1)) return null;
  return c.k !== null && c.k >= 1 && c.k <= r.filters
    ? cutIntoK(r.merges, r.filters, c.k)
    : cutAtHeight(r.merges, r.filters, c.height);
}
