/**
 * The Pruning view's state and actions: its settings (which conv layers, fine-tuning epochs and
 * seed, how many test rows, how many filters the download removes per layer), the ranking
 * (dataset-wide importance on the training rows, a job), the faithfulness test and the sweep
 * (jobs of kind 'pruning'), and the pruned model's files.
 */
import { createStore } from 'solid-js/store';
import type {
  DatasetImportance,
  FaithfulnessResult,
  PrunedModelFiles,
  PruningRanking,
  SweepResult,
} from '../bridge';
import { state } from './app-state';
import { notePlace } from './backend';
import { bridge } from './bridge';
import { guarded } from './guarded';
import { runJob } from './jobs';

export interface PruningSettings {
  /** Conv layers (model.layers indices) to prune; null: every conv layer. */
  layers: number[] | null;
  /** Fine-tuning epochs after each sweep step (paper: 10); 0 without training rows. */
  epochs: number;
  /** Seed of the fine-tuning batch order. */
  seed: number;
  /** Score on at most this many test rows; 0: all of them. */
  maxRows: number;
  /** conv layer index -> filters the download removes (its least important ones). */
  remove: Record<number, number>;
}

export const DEFAULT_PRUNING_SETTINGS: PruningSettings = {
  layers: null,
  epochs: 10,
  seed: 1,
  maxRows: 0,
  remove: {},
};

const [pruningSettings, setPruningSettings] = createStore<PruningSettings>(
  structuredClone(DEFAULT_PRUNING_SETTINGS),
);
export { pruningSettings, setPruningSettings };

/** Training rows of the loaded dataset (0 without a split): fine-tuning needs some. */
export function trainingRows(): number {
  return state.dataset?.split?.train ?? 0;
}

/** The epochs a run uses: none without training rows. */
export function effectiveEpochs(s: PruningSettings): number {
  return trainingRows() > 0 ? Math.max(0, Math.floor(s.epochs)) : 0;
}

/** The chosen conv layers (every conv layer when none is chosen). */
export function chosenLayers(s: PruningSettings): number[] {
  const all = state.model?.info.filterLayers.map((f) => f.conv) ?? [];
  return s.layers === null ? all : all.filter((c) => s.layers?.includes(c));
}

/** Filters the download removes from a layer with `filters` (default: a quarter). */
export function removeCount(s: PruningSettings, conv: number, filters: number): number {
  const n = s.remove[conv] ?? Math.floor(filters / 4);
  return Math.max(0, Math.min(filters - 1, Math.floor(n)));
}

/** The ranking the worker calls take, from a dataset-wide importance result. */
export function rankingOf(imp: DatasetImportance, rows: 'train' | 'all'): PruningRanking {
  return { rows, layers: imp.layers.map((l) => ({ conv: l.conv, mean: Array.from(l.mean) })) };
}

/**
 * The dataset-wide min/mean/max importance the ranking comes from: over the training rows when
 * the dataset has a split, else over every row (a job; cached in the worker).
 */
export async function runPruningRanking(): Promise<DatasetImportance | null> {
  const part = trainingRows() > 0 ? 'train' : 'all';
  const r = await runJob('pruning-ranking', { label: 'Ranking filters by importance' }, (t, p) =>
    bridge().compute().datasetImportance('activation', t, p, part),
  );
  if (!r) return null;
  notePlace(r.place);
  const { place: _place, cached: _cached, ...result } = r;
  void _place;
  void _cached;
  return result;
}

const maxRowsOf = (s: PruningSettings) => (s.maxRows > 0 ? s.maxRows : undefined);

/** Table 1 as a job of kind 'pruning'. */
export async function runFaithfulness(
  s: PruningSettings,
  ranking: PruningRanking,
): Promise<FaithfulnessResult | null> {
  const r = await runJob('pruning', { label: 'Faithfulness test' }, (t, p) =>
    bridge()
      .compute()
      .faithfulness({ ranking, layers: chosenLayers(s), maxRows: maxRowsOf(s) }, t, p),
  );
  if (!r) return null;
  notePlace(r.place);
  const { place: _place, ...result } = r;
  void _place;
  return result;
}

/** Fig. 10 as a job of kind 'pruning'. */
export async function runSweep(
  s: PruningSettings,
  ranking: PruningRanking,
): Promise<SweepResult | null> {
  const r = await runJob('pruning', { label: 'Pruning sweep' }, (t, p) =>
    bridge()
      .compute()
      .pruningSweep(
        {
          ranking,
          layers: chosenLayers(s),
          maxRows: maxRowsOf(s),
          epochs: effectiveEpochs(s),
          seed: s.seed,
        },
        t,
        p,
      ),
  );
  if (!r) return null;
  notePlace(r.place);
  const { place: _place, ...result } = r;
  void _place;
  return result;
}

/** The pruned model's files (model.json, weights.bin, tsviz.json) and sizes; null on failure. */
export async function buildPrunedModel(
  s: PruningSettings,
  ranking: PruningRanking,
): Promise<PrunedModelFiles | null> {
  const info = state.model?.info;
  if (!info) return null;
  const remove = chosenLayers(s).map((conv) => ({
    conv,
    count: removeCount(s, conv, info.filterLayers.find((f) => f.conv === conv)?.filters ?? 1),
  }));
  return guarded('Building the pruned model', () =>
    bridge().compute().prunedModel({ ranking, remove }),
  );
}
