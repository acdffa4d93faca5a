import { For, Show } from 'solid-js';
import type { OptimizationMethod } from '../../bridge';
import { diffPairsOf } from '../../core/derived-channels';
import { state } from '../../state/app-state';
import {
  channelNames,
  classCount,
  DEFAULT_OPTIMIZATION_SETTINGS,
  METHOD_LABELS,
  optimizationSettings as s,
  setOptimizationSettings as set,
  type DerivedChoice,
} from '../../state/optimization';
import { NumberField } from '../../ui/dataset-form/NumberField';
import { classNames } from '../overview/PredictionBox';
import { DecimalField } from './DecimalField';

const METHODS: OptimizationMethod[] = ['inverse', 'fgsm', 'iterative-fgsm', 'pgd'];

/** Method, start, target, step sizes, seed, channel mask and derived-channel mode. */
export function OptimizationControls() {
  const classification = () => state.model?.info.task === 'classification';
  const inverse = () => s.method === 'inverse';
  const classes = () => {
    const names = classNames();
    return Array.from({ length: classCount() }, (_, i) => names[i] ?? `class ${i}`);
  };
  const names = () => channelNames();
  const pairs = () => diffPairsOf(names());
  const isDiff = (c: number) => pairs().some((p) => p.diff === c);
  const mask = () => s.channels ?? names().map(() => true);
  const consistentOnly = () => s.derived === 'consistent';
  const toggle = (c: number, on: boolean) => {
    const m = [...mask()];
    m[c] = on;
    set('channels', m);
  };
  return (
    <div class="optimization-controls">
      <label>
        Method
        <select
          value={s.method}
          onChange={(e) => set('method', e.currentTarget.value as OptimizationMethod)}
        >
          <For each={METHODS}>{(m) => <option value={m}>{METHOD_LABELS[m]}</option>}</For>
        </select>
      </label>
      <Show when={inverse()}>
        <label>
          Start
          <select
            value={s.start}
            onChange={(e) => set('start', e.currentTarget.value === 'sample' ? 'sample' : 'random')}
          >
            <option value="random">random noise N(0, σ² I)</option>
            <option value="sample">the selected input</option>
          </select>
        </label>
        <Show when={s.start === 'random'}>
          <DecimalField label="Noise σ" value={s.std} min={0} onChange={(v) => set('std', v)} />
        </Show>
      </Show>
      <Show
        when={classification()}
        fallback={
          <DecimalField
            label={inverse() ? 'Target value' : 'Reference value'}
            value={s.targetValue ?? (inverse() ? 0 : (state.sample?.label ?? 0))}
            min={-Infinity}
            onChange={(v) => set('targetValue', v)}
          />
        }
      >
        <label>
          {inverse() ? 'Target class' : 'Attacked class'}
          <select
            value={s.targetClass === null ? '' : String(s.targetClass)}
            onChange={(e) =>
              set(
                'targetClass',
                e.currentTarget.value === '' ? null : Number(e.currentTarget.value),
              )
            }
          >
            <option value="">
              {inverse()
                ? `${classes()[classes().length - 1]} (the last class)`
                : 'the true class (else the predicted one)'}
            </option>
            <For each={classes()}>{(name, i) => <option value={i()}>{name}</option>}</For>
          </select>
        </label>
      </Show>
      <Show when={s.method !== 'fgsm'}>
        <DecimalField
          label="Step size α"
          value={s.alpha[s.method]}
          min={0}
          onChange={(v) => set('alpha', s.method, v)}
        />
        <NumberField
          label="Steps t"
          value={s.steps[s.method]}
          min={1}
          onChange={(v) => set('steps', s.method, v)}
        />
      </Show>
      <Show when={!inverse()}>
        <DecimalField label="ε" value={s.epsilon} min={0} onChange={(v) => set('epsilon', v)} />
      </Show>
      <NumberField label="Seed" value={s.seed} min={0} onChange={(v) => set('seed', v)} />
      <NumberField
        label="Report every k steps"
        value={s.every}
        min={1}
        onChange={(v) => set('every', v)}
      />
      <fieldset class="channel-mask">
        <legend>Channels that may change</legend>
        <For each={names()}>
          {(name, c) => (
            <label class="inline">
              <input
                type="checkbox"
                checked={mask()[c()]}
                disabled={isDiff(c()) && consistentOnly()}
                onChange={(e) => toggle(c(), e.currentTarget.checked)}
              />
              {name}
            </label>
          )}
        </For>
      </fieldset>
      <Show when={pairs().length > 0}>
        <label>
          Derived channels
          <select
            value={s.derived}
            onChange={(e) => set('derived', e.currentTarget.value as DerivedChoice)}
          >
            <option value="both">both ways, side by side</option>
            <option value="consistent">consistent: Δ computed from its base</option>
            <option value="independent">independent: Δ perturbed on its own (the paper)</option>
          </select>
        </label>
      </Show>
      <button
        type="button"
        class="link"
        onClick={() => {
          set(structuredClone({ ...DEFAULT_OPTIMIZATION_SETTINGS, method: s.method }));
        }}
      >
        The paper's settings
      </button>
    </div>
  );
}
