/** What the Pruning view exports: the sweep curves, the faithfulness table, the ranking, sizes. */
import type {
  DatasetImportance,
  FaithfulnessResult,
  PrunedModelFiles,
  PruningScore,
  SweepResult,
} from '../../bridge';
import type { ExportPayload } from '../../ui/ExportButtons';

type Cell = string | number | null;

const scoreJson = (s: PruningScore) => ({
  loss: s.loss,
  accuracy: s.accuracy,
  mse: s.mse,
  mae: s.mae,
});

/** The JSON document: layers by name, curves as arrays indexed by filters pruned. */
export function pruningJson(
  model: string,
  sweep: SweepResult | null,
  faithfulness: FaithfulnessResult | null,
  ranking: DatasetImportance | null,
  pruned: PrunedModelFiles | null,
) {
  return {
    model,
    faithfulness: faithfulness
      ? {
          testRows: faithfulness.testRows,
          backend: faithfulness.backend,
          base: scoreJson(faithfulness.base),
          table: faithfulness.rows.map((r) => ({
            layer: r.name,
            filters: r.filters,
            mostImportant: r.most,
            leastImportant: r.least,
            mostLoss: r.mostLoss,
            leastLoss: r.leastLoss,
            ratio: Number.isFinite(r.ratio) ? r.ratio : null,
            most: scoreJson(r.mostScore),
            least: scoreJson(r.leastScore),
          })),
        }
      : null,
    sweep: sweep
      ? {
          epochs: sweep.epochs,
          seed: sweep.seed,
          testRows: sweep.testRows,
          trainRows: sweep.trainRows,
          backend: sweep.backend,
          curves: sweep.curves.map((c) => ({
            layer: c.name,
            filters: c.filters,
            order: c.order,
            /** the filter (original index) removed at each step; -1 at the start */
            removed: c.points.map((p) => p.filter),
            loss: c.points.map((p) => p.score.loss),
            accuracy: c.points.map((p) => p.score.accuracy),
            mse: c.points.map((p) => p.score.mse),
          })),
        }
      : null,
    ranking: ranking
      ? {
          rows: ranking.rows,
          layers: Object.fromEntries(
            ranking.layers.map((l) => [
              l.name,
              { min: Array.from(l.min), mean: Array.from(l.mean), max: Array.from(l.max) },
            ]),
          ),
        }
      : null,
    prunedModel: pruned
      ? {
          before: pruned.before,
          after: pruned.after,
          removed: Object.fromEntries(pruned.removed.map((r) => [r.name, r.filters])),
          maxAbsDiffToZeroed: pruned.maxAbsDiff,
        }
      : null,
  };
}

/** CSV: one row per sweep point, then one per faithfulness row (the `table` column says which). */
export function pruningCsv(
  sweep: SweepResult | null,
  faithfulness: FaithfulnessResult | null,
): Cell[][] {
  const rows: Cell[][] = [
    [
      'table',
      'layer',
      'order',
      'filters_pruned',
      'filter',
      'loss',
      'accuracy',
      'mse',
      'least_loss',
      'ratio_most_least',
    ],
  ];
  for (const c of sweep?.curves ?? [])
    for (const p of c.points)
      rows.push([
        'sweep',
        c.name,
        c.order,
        p.pruned,
        p.filter,
        p.score.loss,
        p.score.accuracy,
        p.score.mse,
        null,
        null,
      ]);
  for (const r of faithfulness?.rows ?? [])
    rows.push([
      'faithfulness',
      r.name,
      'most vs least',
      1,
      r.most,
      r.mostLoss,
      r.mostScore.accuracy,
      r.mostScore.mse,
      r.leastLoss,
      Number.isFinite(r.ratio) ? r.ratio : null,
    ]);
  return rows;
}

/** The export buttons' payload (null: nothing computed yet). */
export function pruningPayload(
  model: string | undefined,
  sweep: SweepResult | null,
  faithfulness: FaithfulnessResult | null,
  ranking: DatasetImportance | null,
  pruned: PrunedModelFiles | null,
): ExportPayload | null {
  if (!model || (!sweep && !faithfulness)) return null;
  return {
    name: 'pruning',
    json: () => pruningJson(model, sweep, faithfulness, ranking, pruned),
    csv: () => pruningCsv(sweep, faithfulness),
  };
}
