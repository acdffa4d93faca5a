import { For, Show } from 'solid-js';
import { state } from '../../state/app-state';
import { importanceSettings as s, setImportanceSettings as set } from '../../state/importance';
import { classNames } from '../overview/PredictionBox';

/** A number from an input, clamped to [lo, hi]; the fallback when it is not a number. */
function num(input: HTMLInputElement, lo: number, hi: number, fallback: number): number {
  const v = Number(input.value);
  const out = Number.isFinite(v) && input.value !== '' ? Math.min(hi, Math.max(lo, v)) : fallback;
  input.value = String(out);
  return out;
}

/** What is explained (class, temperature) and how a filter is read (tensor, percentile). */
export function TargetControls() {
  const classification = () => state.model?.info.task === 'classification';
  const classes = () => {
    const units = state.model?.info.outputUnits ?? 1;
    const names = classNames();
    return Array.from({ length: units === 1 ? 2 : units }, (_, i) => names[i] ?? `class ${i}`);
  };
  return (
    <div class="importance-controls">
      <Show when={classification()}>
        <label>
          Explained class
          <select
            value={s.targetClass === null ? '' : String(s.targetClass)}
            onChange={(e) =>
              set(
                'targetClass',
                e.currentTarget.value === '' ? null : Number(e.currentTarget.value),
              )
            }
          >
            <option value="">the predicted class</option>
            <For each={classes()}>{(name, i) => <option value={i()}>{name}</option>}</For>
          </select>
        </label>
        <label>
          Temperature T
          <input
            type="number"
            min="0.01"
            max="1000"
            step="any"
            value={s.temperature}
            onChange={(e) => set('temperature', num(e.currentTarget, 0.01, 1000, 1))}
          />
        </label>
      </Show>
      <label>
        A filter stands for its
        <select
          value={s.filterTensor}
          onChange={(e) =>
            set(
              'filterTensor',
              e.currentTarget.value === 'preActivation' ? 'preActivation' : 'activation',
            )
          }
        >
          <option value="activation">activation</option>
          <option value="preActivation">pre-activation</option>
        </select>
      </label>
      <label>
        Percentile
        <input
          type="number"
          min="1"
          max="100"
          step="1"
          value={s.percentile}
          onChange={(e) => set('percentile', Math.round(num(e.currentTarget, 1, 100, 100)))}
        />
      </label>
    </div>
  );
}

/** SmoothGrad and Integrated Gradients: on/off and their settings, visible and editable. */
export function AttributionControls() {
  return (
    <div class="importance-controls attribution-controls">
      <fieldset>
        <legend>SmoothGrad</legend>
        <label class="inline">
          <input
            type="checkbox"
            checked={s.smoothGrad.enabled}
            onChange={(e) => set('smoothGrad', 'enabled', e.currentTarget.checked)}
          />
          Show SmoothGrad
        </label>
        <label>
          Noise level (share of the range)
          <input
            type="number"
            min="0"
            max="2"
            step="0.01"
            value={s.smoothGrad.noise}
            onChange={(e) => set('smoothGrad', 'noise', num(e.currentTarget, 0, 2, 0.15))}
          />
        </label>
        <label>
          Noisy samples
          <input
            type="number"
            min="1"
            max="500"
            step="1"
            value={s.smoothGrad.samples}
            onChange={(e) =>
              set('smoothGrad', 'samples', Math.round(num(e.currentTarget, 1, 500, 25)))
            }
          />
        </label>
      </fieldset>
      <fieldset>
        <legend>Integrated Gradients</legend>
        <label class="inline">
          <input
            type="checkbox"
            checked={s.integratedGradients.enabled}
            onChange={(e) => set('integratedGradients', 'enabled', e.currentTarget.checked)}
          />
          Show Integrated Gradients
        </label>
        <label>
          Baseline
          <select
            value={s.integratedGradients.baseline}
            onChange={(e) =>
              set(
                'integratedGradients',
                'baseline',
                e.currentTarget.value === 'dataset-mean' ? 'dataset-mean' : 'zeros',
              )
            }
          >
            <option value="zeros">zeros</option>
            <option value="dataset-mean">dataset mean</option>
          </select>
        </label>
        <label>
          Steps
          <input
            type="number"
            min="1"
            max="500"
            step="1"
            value={s.integratedGradients.steps}
            onChange={(e) =>
              set('integratedGradients', 'steps', Math.round(num(e.currentTarget, 1, 500, 32)))
            }
          />
        </label>
      </fieldset>
    </div>
  );
}
