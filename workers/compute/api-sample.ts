/**
 * The compute worker's per-sample calls: one sample's analysis (its activations go to the
 * render worker, the page gets summaries; see api-stack.ts), and the backend timing.
 */
import * as Comlink from 'comlink';
import { TsvizError } from '../../src/core/errors';
import type { BackendTiming, SampleView } from '../../src/core/protocol';
import { stackPanels } from '../../src/core/stack-panels';
import { sampleActivations } from './activations';
import { checkFit, requireDataset } from './api-data';
import { requireModel } from './api-model';
import { publishPanels } from './api-stack';
import { timeModel, timeOnWasm } from './measure';
import { serial, session } from './session';

/** The measurement for the model, dataset and backend it was made with (made once, shared). */
let timings: { key: string; value: Promise<BackendTiming[]> } | null = null;
const timingKey = () =>
  `${session.version.model}|${session.version.dataset}|${session.backend?.name}`;

/**
 * Time the loaded model on the current backend and on WASM (batch of up to 16 real samples),
 * to name the faster one on this machine. The WASM timing runs in its own worker. Callers at
 * the same time share one measurement.
 */
export function measureBackends(): Promise<BackendTiming[]> {
  const key = timingKey();
  if (timings?.key !== key) {
    const value = measureNow();
    timings = { key, value };
    value.catch(() => {
      if (timings?.value === value) timings = null; // a failed measurement is not kept
    });
  }
  return (timings as { value: Promise<BackendTiming[]> }).value;
}

async function measureNow(): Promise<BackendTiming[]> {
  const measured = await serial(async () => {
    const { model, artifacts } = requireModel();
    if (!session.dataset || !session.backend) return null;
    const [N, T, C] = session.dataset.shape;
    const n = Math.min(16, N);
    const x = session.dataset.x.subarray(0, n * T * C);
    const own: BackendTiming = {
      backend: session.backend.name,
      ms: await timeModel(model, x, [n, T, C]),
    };
    return { own, artifacts, x: x.slice(), shape: [n, T, C] as [number, number, number] };
  });
  if (!measured) return [];
  const value = [measured.own];
  if (measured.own.backend !== 'wasm' && typeof Worker !== 'undefined') {
    // a separate worker: this one is free for analyses meanwhile
    const ms = await timeOnWasm(measured.artifacts, measured.x, measured.shape, session.wasmPath);
    value.push({ backend: 'wasm', ms });
  }
  return value;
}

/** One input's view: its output and layer-stack panels (activations go to the render worker). */
async function viewOf(
  x: Float32Array,
  [T, C]: [number, number],
  index: number,
  label: number | null,
): Promise<SampleView> {
  const { model, info } = requireModel();
  const { output, activations } = await sampleActivations(model, info.layers, x, [T, C]);
  const panels = stackPanels(
    x.slice(), // the page gets x itself
    [T, C],
    activations,
    info.layers.map((l) => l.kind),
  );
  const { id, summaries } = publishPanels(panels, [-1, ...activations.map((a) => a.layer)]);
  const view: SampleView = { id, index, x, shape: [T, C], label, output, panels: summaries };
  return Comlink.transfer(view, [x.buffer, output.buffer] as ArrayBuffer[]);
}

export const sampleApi = {
  /**
   * Sample i with its label, the model output and each layer-stack panel's summary. Every
   * layer's activation goes to the render worker (connectRenderPort), not to the caller; ask
   * for one unit's curve with unitSeries(view.id, ...), for all with stackActivations(view.id).
   */
  async sample(index: number): Promise<SampleView> {
    return serial(async () => {
      const { info } = requireModel();
      const ds = requireDataset();
      checkFit(info, ds);
      const [N, T, C] = ds.shape;
      if (!Number.isInteger(index) || index < 0 || index >= N) {
        throw new TsvizError(
          'dataset-config',
          `Sample ${index} does not exist.`,
          `Choose 0 to ${N - 1}.`,
        );
      }
      const x = ds.x.slice(index * T * C, (index + 1) * T * C);
      return viewOf(x, [T, C], index, ds.y ? ds.y[index] : null);
    });
  },

  /**
   * The same view of an input of its own ([T, C]: an optimized or adversarial series), with
   * index -1 and no label. It must fit the model's input (T where fixed, and C).
   */
  async inputView(x: Float32Array, shape: [number, number]): Promise<SampleView> {
    return serial(async () => {
      const { info } = requireModel();
      const [T, C] = shape;
      const [mT, mC] = info.inputShape;
      if (x.length !== T * C || C !== mC || (mT !== null && mT !== T)) {
        throw new TsvizError(
          'dataset-config',
          `This input is ${T} steps × ${C} channels; the model takes ${mT ?? 'any'} × ${mC}.`,
          'Explain an input made for this model (run the optimization again after changing the model).',
        );
      }
      return viewOf(x, [T, C], -1, null);
    });
  },

  compareBackends: measureBackends,
};
