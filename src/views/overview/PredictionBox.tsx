import { Show } from 'solid-js';
import { className, describePrediction, formatNumber } from '../../core/format';
import { state } from '../../state/app-state';

/** Names of the classes: the dataset's, else the model sidecar's. */
export function classNames(): string[] {
  const ds = state.dataset?.classNames ?? [];
  return ds.length ? ds : (state.model?.sidecar?.classNames ?? []);
}

function targetStandardization(): { mean: number; std: number } | null {
  const st = state.dataset?.standardization;
  if (!st) return null;
  const layout = state.model?.sidecar?.dataset.layout;
  const k = layout?.kind === 'series' ? layout.targetColumn : 0;
  return st.mean[k] !== undefined ? { mean: st.mean[k], std: st.std[k] } : null;
}

/** The model's prediction for the selected sample, beside its label. */
export function PredictionBox() {
  const text = () => {
    const s = state.sample;
    const m = state.model?.info;
    if (!s || !m) return null;
    return describePrediction(
      s.output,
      m.task,
      m.outputActivation,
      classNames(),
      targetStandardization(),
    );
  };
  const label = () => {
    const s = state.sample;
    if (!s || s.label === null) return null;
    return state.model?.info.task === 'classification'
      ? className(classNames(), s.label)
      : formatNumber(s.label);
  };
  return (
    <Show when={text()}>
      {(t) => (
        <dl class="prediction">
          <dt>Prediction</dt>
          <dd data-testid="prediction">
            {t().value} <span class="detail">({t().detail})</span>
          </dd>
          <Show when={label() !== null}>
            <dt>{state.model?.info.task === 'classification' ? 'Label' : 'Target'}</dt>
            <dd data-testid="label">{label()}</dd>
          </Show>
        </dl>
      )}
    </Show>
  );
}
