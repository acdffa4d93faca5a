/**
 * The Optimization view's state and actions: its settings (method, start, target, step sizes,
 * seed, channel mask, derived-channel mode), the request they make for the selected input, the
 * live trace and the result of the last run (a job of kind 'optimization'), and sending the
 * result to the other views (explainInput).
 */
import { createSignal } from 'solid-js';
import { createStore } from 'solid-js/store';
import type {
  DerivedMode,
  OptimizationMethod,
  OptimizationRequest,
  OptimizationResult,
  TracePoint,
} from '../bridge';
import { diffPairsOf } from '../core/derived-channels';
import { errorMessage, TsvizError } from '../core/errors';
import { showAlert, state } from './app-state';
import { notePlace } from './backend';
import { bridge } from './bridge';
import { runJob } from './jobs';
import { explainInput, selectedSource } from './sample';

export type DerivedChoice = 'both' | 'consistent' | 'independent';

export interface OptimizationSettings {
  method: OptimizationMethod;
  /** Inverse optimization only: start from random noise or from the selected input. */
  start: 'random' | 'sample';
  /** Standard deviation of the random start N(0, std² I). */
  std: number;
  /**
   * Classification: inverse: the class to reach; adversarial: the class whose loss is
   * increased (null: the sample's label, else the predicted class).
   */
  targetClass: number | null;
  /**
   * Regression: inverse: the output value to reach; adversarial: the value whose squared error
   * is increased (null: the sample's true next value).
   */
  targetValue: number | null;
  /** Step size alpha per method (FGSM steps by epsilon). */
  alpha: Record<OptimizationMethod, number>;
  epsilon: number;
  /** Steps t per method (FGSM: one). */
  steps: Record<OptimizationMethod, number>;
  seed: number;
  /** A trace point every k steps. */
  every: number;
  /** Per input channel: may it change (null: all). */
  channels: boolean[] | null;
  derived: DerivedChoice;
}

/** The paper's settings (Sections IV-D and IV-E). */
export const DEFAULT_OPTIMIZATION_SETTINGS: OptimizationSettings = {
  method: 'inverse',
  start: 'random',
  std: 0.25,
  targetClass: null,
  targetValue: null,
  alpha: { inverse: 0.01, fgsm: 0.1, 'iterative-fgsm': 1e-4, pgd: 1e-4 },
  epsilon: 0.1,
  steps: { inverse: 1000, fgsm: 1, 'iterative-fgsm': 1000, pgd: 1000 },
  seed: 1,
  every: 10,
  channels: null,
  derived: 'both',
};

export const METHOD_LABELS: Record<OptimizationMethod, string> = {
  inverse: 'Inverse optimization',
  fgsm: 'FGSM',
  'iterative-fgsm': 'Iterative FGSM',
  pgd: 'PGD (iterative FGSM from a random start in the ball)',
};

const [optimizationSettings, setOptimizationSettings] = createStore<OptimizationSettings>(
  structuredClone(DEFAULT_OPTIMIZATION_SETTINGS),
);
export { optimizationSettings, setOptimizationSettings };

/** The last run: its result, the name of its input, and the live trace of the running one. */
const [optimizationResult, setOptimizationResult] = createSignal<OptimizationResult | null>(null);
const [liveTrace, setLiveTrace] = createSignal<TracePoint[]>([]);
/** What the last run started from, in words ("sample 12", "random N(0, 0.25²)"). */
const [resultStart, setResultStart] = createSignal('');
/** The runs of the running (or last) optimization, one per derived-channel mode. */
const [liveModes, setLiveModes] = createSignal<DerivedMode[]>(['plain']);
export { liveModes, liveTrace, optimizationResult, resultStart };

/** Forget the result and the model-specific settings (a new model or dataset). */
export function clearOptimization(): void {
  setOptimizationResult(null);
  setLiveTrace([]);
  setOptimizationSettings({ channels: null, targetClass: null, targetValue: null });
}

/** The input channels' names (the dataset's, else the model sidecar's, else "channel c"). */
export function channelNames(): string[] {
  const C = state.model?.info.inputShape[1] ?? 0;
  const names = state.dataset?.channelNames ?? state.model?.sidecar?.channelNames ?? [];
  return Array.from({ length: C }, (_, c) => names[c] ?? `channel ${c}`);
}

/** Classes of the model's output (one sigmoid unit: two classes). */
export function classCount(): number {
  const units = state.model?.info.outputUnits ?? 1;
  return units === 1 ? 2 : units;
}

/** The predicted class of an output vector (one sigmoid unit: p > 0.5). */
function argmaxClass(output: ArrayLike<number>): number {
  if (output.length === 1) return output[0] > 0.5 ? 1 : 0;
  let best = 0;
  for (let i = 1; i < output.length; i++) if (output[i] > output[best]) best = i;
  return best;
}

/** The class or value the run targets under these settings, for the selected input. */
export function effectiveTarget(s: OptimizationSettings): OptimizationRequest['target'] | null {
  const m = state.model;
  if (!m) return null;
  const inverse = s.method === 'inverse';
  const label = state.explained ? null : (state.sample?.label ?? null);
  if (m.info.task === 'classification') {
    if (s.targetClass !== null) return { kind: 'class', classIndex: s.targetClass };
    if (inverse) return { kind: 'class', classIndex: classCount() - 1 };
    if (label !== null) return { kind: 'class', classIndex: label };
    return state.sample ? { kind: 'class', classIndex: argmaxClass(state.sample.output) } : null;
  }
  if (s.targetValue !== null) return { kind: 'value', value: s.targetValue, index: 0 };
  if (inverse) return { kind: 'value', value: 0, index: 0 };
  return label !== null ? { kind: 'value', value: label, index: 0 } : null;
}

/** The request for the selected input under the settings; throws a TsvizError saying what is missing. */
export function optimizationRequest(s: OptimizationSettings): OptimizationRequest {
  const m = state.model;
  if (!m) throw new TsvizError('no-model', 'No model is loaded.', 'Open a model first.');
  const [mT, C] = m.info.inputShape;
  const names = channelNames();
  const pairs = diffPairsOf(names);
  let start: OptimizationRequest['start'];
  if (s.method === 'inverse' && s.start === 'random') {
    const T = mT ?? state.sample?.shape[0] ?? state.dataset?.shape[1];
    if (!T)
      throw new TsvizError(
        'model-input',
        'The model takes inputs of any length and no sample says which.',
        'Open a dataset, or start from a sample.',
      );
    start = { random: true, shape: [T, C], std: s.std };
  } else {
    const src = selectedSource();
    if (!src)
      throw new TsvizError(
        'no-dataset',
        'No input is selected to start from.',
        'Open a dataset and choose a sample in the Overview.',
      );
    start = src;
  }
  const target = effectiveTarget(s);
  if (!target)
    throw new TsvizError(
      'dataset-label',
      'This input has no label to attack.',
      'Enter the reference value (or class) to move away from.',
    );
  const modes =
    s.derived === 'both'
      ? (['consistent', 'independent'] as const)
      : ([s.derived] as ('consistent' | 'independent')[]);
  return {
    method: s.method,
    start,
    target,
    alpha: s.alpha[s.method],
    epsilon: s.epsilon,
    steps: s.steps[s.method],
    seed: s.seed,
    channels: s.channels && s.channels.length === C ? [...s.channels] : names.map(() => true),
    derived: pairs.length ? { pairs, modes: [...modes] } : null,
    every: s.every,
  };
}

/** Run the optimization under the settings: a job with progress, Cancel and a live trace. */
export async function runOptimization(): Promise<OptimizationResult | null> {
  let req: OptimizationRequest;
  try {
    req = optimizationRequest(optimizationSettings);
  } catch (e) {
    showAlert(errorMessage(e));
    return null;
  }
  const startName =
    'random' in req.start
      ? `random N(0, ${req.start.std ?? 1}²), seed ${req.seed}`
      : 'sample' in req.start
        ? `sample ${req.start.sample}`
        : (state.explained?.name ?? 'the explained input');
  const b = bridge();
  setOptimizationResult(null);
  setLiveTrace([]);
  setLiveModes(req.derived ? [...req.derived.modes] : ['plain']);
  const onTrace = b.callback((points: TracePoint[]) => setLiveTrace((t) => [...t, ...points]));
  const r = await runJob('optimization', { label: METHOD_LABELS[req.method] }, (token, progress) =>
    b.compute().optimize(req, token, progress, onTrace),
  );
  if (!r) return null;
  notePlace(r.place);
  const { place: _place, ...result } = r;
  void _place;
  setOptimizationResult(result);
  setLiveTrace(result.trace);
  setResultStart(startName);
  return result;
}

/** The name the other views show for a run's result. */
export function resultName(r: OptimizationResult, run: number): string {
  const mode = r.runs[run]?.mode;
  const how = mode && mode !== 'plain' ? `, ${mode} Δ` : '';
  return `${METHOD_LABELS[r.method].split(' (')[0]} of ${resultStart()}${how}`;
}

/** Make the Importance and Clusters views explain run `run`'s result. */
export async function explainResult(run: number): Promise<void> {
  const r = optimizationResult();
  const x = r?.runs[run]?.final;
  if (!r || !x) return;
  await explainInput(resultName(r, run), x, r.shape);
}
