/** Score the loaded model on the whole dataset, as a job (progress, Cancel). */
import type { EvaluatedRows, Evaluation, LongJobPlace } from '../bridge';
import { notePlace } from './backend';
import { bridge } from './bridge';
import { runJob } from './jobs';

export type EvaluationView = Omit<Evaluation, 'outputs'> & {
  place: LongJobPlace;
  /** The rows scored: the test rows of a split, else all. */
  rows: EvaluatedRows;
};

export async function evaluateModel(): Promise<EvaluationView | null> {
  const r = await runJob('evaluate', { label: 'Evaluating the model on the dataset' }, (t, p) =>
    bridge().compute().evaluate(t, p),
  );
  if (!r) return null;
  const view: EvaluationView = { ...r };
  delete (view as Partial<Evaluation>).outputs; // the page shows the scores, not every output
  notePlace(r.place);
  return view;
}
