/**
 * The Optimization view's export: JSON with the settings (seed included), the start series,
 * every run's final series, perturbation summary and predictions, and the step trace; CSV with
 * the series per time step (start, then each run's result) and, after a blank row, the trace.
 */
import type { OptimizationResult } from '../../bridge';
import { perturbationSummary } from '../../core/perturbation';
import type { ExportPayload } from '../../ui/ExportButtons';

/** [T, C] row-major as T rows of C numbers. */
function rowsOf(x: Float32Array, C: number): number[][] {
  return Array.from({ length: x.length / C }, (_, t) => Array.from(x.subarray(t * C, (t + 1) * C)));
}

/** What the export holds (the JSON file's content). */
export function optimizationJson(
  model: string | undefined,
  r: OptimizationResult,
  channelNames: string[],
  startName: string,
) {
  const C = r.shape[1];
  return {
    model: model ?? null,
    method: r.method,
    settings: r.settings,
    seed: r.settings.seed,
    startedFrom: startName,
    loss: r.loss,
    prediction: r.prediction,
    backend: r.backend,
    steps: r.steps,
    channels: channelNames,
    /** [T][C] */
    start: rowsOf(r.start, C),
    runs: r.runs.map((run) => ({
      mode: run.mode,
      /** [T][C] */
      final: rowsOf(run.final, C),
      startPrediction: run.startPrediction,
      endPrediction: run.endPrediction,
      startLoss: run.startLoss,
      endLoss: run.endLoss,
      startOutput: Array.from(run.startOutput),
      endOutput: Array.from(run.endOutput),
      perturbation: perturbationSummary(r.start, run.final, C).map((p) => ({
        ...p,
        name: channelNames[p.channel],
      })),
    })),
    trace: r.trace,
  };
}

/** The CSV: series per time step, a blank row, then the trace per step. */
export function optimizationCsv(
  r: OptimizationResult,
  channelNames: string[],
): (string | number | null)[][] {
  const [T, C] = r.shape;
  const modes = r.runs.map((run) => (run.mode === 'plain' ? 'result' : run.mode));
  const header = [
    'step',
    ...channelNames.map((n) => `start ${n}`),
    ...modes.flatMap((m) => channelNames.map((n) => `${m} ${n}`)),
  ];
  const series = Array.from({ length: T }, (_, t) => [
    t,
    ...Array.from(r.start.subarray(t * C, (t + 1) * C)),
    ...r.runs.flatMap((run) => Array.from(run.final.subarray(t * C, (t + 1) * C))),
  ]);
  const traceHeader = [
    'optimization step',
    ...modes.flatMap((m) => [`${m} loss`, `${m} prediction`]),
  ];
  const trace = r.trace.map((p) => [
    p.step,
    ...r.runs.flatMap((_, k) => [p.loss[k], p.prediction[k]]),
  ]);
  return [header, ...series, [], traceHeader, ...trace];
}

export function optimizationPayload(
  model: string | undefined,
  r: OptimizationResult | null,
  channelNames: string[],
  startName: string,
): ExportPayload | null {
  if (!r) return null;
  return {
    name: `optimization-${r.method}-seed-${r.settings.seed}`,
    json: () => optimizationJson(model, r, channelNames, startName),
    csv: () => optimizationCsv(r, channelNames),
  };
}
