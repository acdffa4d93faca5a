/**
 * The compute worker's API: backend, the loaded model, the dataset and per-sample analyses.
 * All tfjs work of the app happens behind this object. Kept apart from the Comlink wiring
 * (compute.worker.ts) so Vitest can drive it in Node on the CPU backend.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { TsvizError } from '../../src/core/errors';
import type { Dataset, Sidecar } from '../../src/core/types';
import { cancelJob } from '../jobs';
import { initBackend, type BackendInfo, type BackendName } from './backend';
import { sampleActivations, type LayerActivation } from './activations';
import { buildModel, loadModel, type LoadedModel } from './model-loader';
import {
  destroyDeviceForTest,
  deviceLimits,
  resetWebGpu,
  setDeviceLostHandler,
} from './webgpu-device';
import { checkModelFitsGpu } from './gpu-fit';
import { sourceFromFiles, sourceFromUrl, type ModelSource } from './model-files';
import type { ModelInfo } from './model-info';
import { timeModel, timeOnWasm, type BackendTiming } from './measure';

export interface ModelSummary {
  info: ModelInfo;
  sidecar: Sidecar | null;
}

export interface SampleView {
  index: number;
  /** [T, C] row-major. */
  x: Float32Array;
  shape: [number, number];
  /** Class index or regression target; null when unlabelled. */
  label: number | null;
  /** The model output vector for this sample. */
  output: Float32Array;
  /** Every layer's activation, model.layers order (input layer excluded). */
  activations: LayerActivation[];
}

let backend: BackendInfo | null = null;
let current: (LoadedModel & { sidecar: Sidecar | null }) | null = null;
let dataset: Dataset | null = null;
let wasmPath = '';

/** Events the UI hears about without asking (device loss and recovery). */
export interface ComputeEvent {
  kind: 'device-lost' | 'recovered' | 'recovery-failed';
  message: string;
  backend: BackendInfo | null;
}
let listener: ((e: ComputeEvent) => void) | null = null;
/** Set while the backend and model are being rebuilt after a device loss. */
let recovering: Promise<void> | null = null;

/** A lost GPU device: start WebGPU afresh and rebuild the model from its kept artifacts. */
async function recover(reason: string): Promise<void> {
  listener?.({ kind: 'device-lost', message: reason, backend });
  try {
    await resetWebGpu();
    backend = await initBackend('webgpu', wasmPath);
    if (current) {
      const model = await buildModel(current.artifacts, current.info.name);
      current = { ...current, model };
    }
    listener?.({
      kind: 'recovered',
      message: `The GPU device was lost (${reason}); the ${backend.name} backend was started again and the model reloaded.`,
      backend,
    });
  } catch (e) {
    listener?.({
      kind: 'recovery-failed',
      message: `The GPU device was lost (${reason}) and could not be restarted: ${e instanceof Error ? e.message : String(e)}. Reload the page or choose another backend.`,
      backend,
    });
  }
}

setDeviceLostHandler((reason) => {
  recovering = recover(reason).finally(() => {
    recovering = null;
  });
});

/** Wait for a running recovery before touching tensors. */
async function ready(): Promise<void> {
  if (recovering) await recovering;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * One tfjs call at a time: a backend switch or a model swap never runs while an analysis or
 * the backend timing still holds tensors (a tensor used on another backend is read back
 * synchronously from WebGPU, which loses the device in Chromium).
 */
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

/** The device's buffer limits while tfjs runs on WebGPU, else null (no limit to check). */
const gpuLimitsNow = () => (tf.getBackend() === 'webgpu' ? deviceLimits() : null);

function requireModel(): LoadedModel {
  if (!current) throw new TsvizError('model-json', 'No model is loaded.', 'Open a model first.');
  return current;
}

/** Throws when the dataset's [T, C] does not fit the model input. */
export function checkFit(info: ModelInfo, ds: Dataset): void {
  const [, T, C] = ds.shape;
  const [mT, mC] = info.inputShape;
  if (mC !== C) {
    throw new TsvizError(
      'dataset-channels',
      `The dataset has ${C} channel(s) (${ds.channelNames.join(', ')}) but the model "${info.name}" expects ${mC}.`,
      `Open a dataset with ${mC} channel(s), or change the channel columns and derived channels in the dataset form.`,
    );
  }
  if (mT !== null && mT !== T) {
    throw new TsvizError(
      'dataset-window',
      `The dataset's windows are ${T} steps long but the model "${info.name}" expects ${mT}.`,
      `Set the window length to ${mT} in the dataset form, or open a model made for ${T} steps.`,
    );
  }
}

async function adopt(source: ModelSource): Promise<ModelSummary> {
  return serial(() => adoptNow(source));
}

async function adoptNow(source: ModelSource): Promise<ModelSummary> {
  await ready();
  const loaded = await loadModel(source, source.sidecar?.task ?? null, gpuLimitsNow());
  current?.model.dispose();
  current = { ...loaded, sidecar: source.sidecar };
  return { info: loaded.info, sidecar: source.sidecar };
}

export const api = {
  async init(preferred: BackendName | null, wasmBase: string): Promise<BackendInfo> {
    wasmPath = wasmBase;
    backend = await initBackend(preferred, wasmPath);
    return backend;
  },

  /** Hear about device loss and recovery (pass a Comlink.proxy'd function). */
  subscribe(fn: (e: ComputeEvent) => void): void {
    listener = fn;
  },

  /** For tests: destroy the WebGPU device as a driver reset would. */
  simulateDeviceLoss(): boolean {
    return destroyDeviceForTest();
  },

  async switchBackend(name: BackendName): Promise<BackendInfo> {
    return serial(async () => {
      await ready();
      const before = backend?.name ?? null;
      backend = await initBackend(name, wasmPath);
      if (current) {
        try {
          checkModelFitsGpu(current.artifacts.weightSpecs ?? [], current.info, gpuLimitsNow());
        } catch (e) {
          if (before) backend = await initBackend(before, wasmPath); // keep what worked
          throw e;
        }
        // Left alone, tfjs moves each weight to the new backend on first use, reading it back
        // synchronously from the old one, which on WebGPU loses the device (Chromium). Rebuild.
        const model = await buildModel(current.artifacts, current.info.name);
        current.model.dispose();
        current = { ...current, model };
      }
      return backend;
    });
  },

  async loadModelFiles(files: File[]): Promise<ModelSummary> {
    return adopt(await sourceFromFiles(files));
  },

  async loadModelUrl(url: string): Promise<ModelSummary> {
    return adopt(await sourceFromUrl(url));
  },

  /** Adopt a dataset (transferred in). Throws, keeping the previous one, when it does not fit. */
  async setDataset(ds: Dataset): Promise<{ n: number; shape: [number, number, number] }> {
    if (current) checkFit(current.info, ds);
    dataset = ds;
    return { n: ds.shape[0], shape: ds.shape };
  },

  /** Sample i with its label, the model output and every layer's activation. */
  async sample(index: number): Promise<SampleView> {
    return serial(async () => {
      await ready();
      const { model, info } = requireModel();
      if (!dataset)
        throw new TsvizError('dataset-config', 'No dataset is loaded.', 'Open a dataset.');
      checkFit(info, dataset);
      const [N, T, C] = dataset.shape;
      if (!Number.isInteger(index) || index < 0 || index >= N) {
        throw new TsvizError(
          'dataset-config',
          `Sample ${index} does not exist.`,
          `Choose 0 to ${N - 1}.`,
        );
      }
      const x = dataset.x.slice(index * T * C, (index + 1) * T * C);
      const { output, activations } = await sampleActivations(model, info.layers, x, [T, C]);
      const view: SampleView = {
        index,
        x,
        shape: [T, C],
        label: dataset.y ? dataset.y[index] : null,
        output,
        activations,
      };
      const buffers = new Set([
        x.buffer,
        output.buffer,
        ...activations.map((a) => a.values.buffer),
      ]);
      return Comlink.transfer(view, [...buffers] as ArrayBuffer[]);
    });
  },

  /**
   * Time the loaded model on the current backend and on WASM (batch of up to 16 real samples),
   * to name the faster one on this machine. Restores the current backend.
   */
  async compareBackends(): Promise<BackendTiming[]> {
    return serial(async () => {
      await ready();
      const { model, artifacts } = requireModel();
      if (!dataset || !backend) return [];
      const [N, T, C] = dataset.shape;
      const n = Math.min(16, N);
      const x = dataset.x.subarray(0, n * T * C);
      const timings: BackendTiming[] = [
        { backend: backend.name, ms: await timeModel(model, x, [n, T, C]) },
      ];
      if (backend.name !== 'wasm') {
        timings.push({ backend: 'wasm', ms: await timeOnWasm(artifacts, x, [n, T, C], wasmPath) });
      }
      return timings;
    });
  },

  memory(): { numTensors: number; numBytes: number } {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  },

  cancel(id: string): void {
    cancelJob(id);
  },
};

export type ComputeApi = typeof api;
