/**
 * The compute worker's API: backend, the loaded model, the dataset and per-sample analyses.
 * All tfjs work of the app happens behind this object. Kept apart from the Comlink wiring
 * (compute.worker.ts) so Vitest can drive it in Node on the CPU backend.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { TsvizError } from '../../src/core/errors';
import { checkAgainstModel, type FitContext } from '../../src/core/model-check';
import type { Dataset, Sidecar } from '../../src/core/types';
import { cancelJob } from '../jobs';
import { initBackend, type BackendInfo, type BackendName } from './backend';
import { sampleActivations, type LayerActivation } from './activations';
import { buildModel, loadModel, type LoadedModel } from './model-loader';
import { destroyDeviceForTest, deviceLimits } from './webgpu-device';
import { serial, session, setListener, type ComputeEvent } from './session';
import { checkModelFitsGpu } from './gpu-fit';
import { sourceFromFiles, sourceFromUrl, type ModelSource } from './model-files';
import type { ModelInfo } from './model-info';
import { timeModel, timeOnWasm, type BackendTiming } from './measure';
import { smokeTest } from './smoke-test';

export type { ComputeEvent } from './session';

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

/** The device's buffer limits while tfjs runs on WebGPU, else null (no limit to check). */
const gpuLimitsNow = () => (tf.getBackend() === 'webgpu' ? deviceLimits() : null);

function requireModel(): LoadedModel {
  if (!session.current)
    throw new TsvizError('model-json', 'No model is loaded.', 'Open a model first.');
  return session.current;
}

/** Throws when the dataset's [T, C] does not fit the model input (see src/core/model-check). */
function checkFit(info: ModelInfo, ds: Dataset, context: FitContext = {}): void {
  const modelClasses = info.task === 'classification' ? Math.max(2, info.outputUnits) : undefined;
  checkAgainstModel(ds.shape, info.inputShape, {
    ...context,
    datasetClasses: ds.task === 'classification' ? ds.classNames : undefined,
    modelClasses,
    modelName: info.name,
    channelNames: ds.channelNames,
  });
}

async function adopt(source: ModelSource): Promise<ModelSummary> {
  return serial(() => adoptNow(source));
}

async function adoptNow(source: ModelSource): Promise<ModelSummary> {
  const loaded = await loadModel(source, source.sidecar?.task ?? null, gpuLimitsNow());
  try {
    await smokeTest(loaded.model, loaded.info, source.sidecar?.windowLength ?? null);
  } catch (e) {
    loaded.model.dispose(); // the previous model stays
    throw e;
  }
  session.current?.model.dispose();
  session.current = { ...loaded, sidecar: source.sidecar };
  return { info: loaded.info, sidecar: source.sidecar };
}

export const api = {
  async init(preferred: BackendName | null, wasmBase: string): Promise<BackendInfo> {
    session.wasmPath = wasmBase;
    session.backend = await initBackend(preferred, session.wasmPath);
    return session.backend;
  },

  /** Hear about device loss and recovery (pass a Comlink.proxy'd function). */
  subscribe(fn: (e: ComputeEvent) => void): void {
    setListener(fn);
  },

  /** For tests: destroy the WebGPU device as a driver reset would. */
  simulateDeviceLoss(): boolean {
    return destroyDeviceForTest();
  },

  async switchBackend(name: BackendName): Promise<BackendInfo> {
    return serial(async () => {
      const before = session.backend?.name ?? null;
      session.backend = await initBackend(name, session.wasmPath);
      if (session.current) {
        try {
          checkModelFitsGpu(
            session.current.artifacts.weightSpecs ?? [],
            session.current.info,
            gpuLimitsNow(),
          );
        } catch (e) {
          if (before) session.backend = await initBackend(before, session.wasmPath); // keep what worked
          throw e;
        }
        // Left alone, tfjs moves each weight to the new backend on first use, reading it back
        // synchronously from the old one, which on WebGPU loses the device (Chromium). Rebuild.
        const model = await buildModel(session.current.artifacts, session.current.info.name);
        session.current.model.dispose();
        session.current = { ...session.current, model };
      }
      return session.backend;
    });
  },

  async loadModelFiles(files: File[]): Promise<ModelSummary> {
    return adopt(await sourceFromFiles(files));
  },

  async loadModelUrl(url: string): Promise<ModelSummary> {
    return adopt(await sourceFromUrl(url));
  },

  /** Adopt a dataset (transferred in). Throws, keeping the previous one, when it does not fit. */
  async setDataset(
    ds: Dataset,
    context: FitContext = {},
  ): Promise<{ n: number; shape: [number, number, number] }> {
    if (session.current) checkFit(session.current.info, ds, context);
    session.dataset = ds;
    return { n: ds.shape[0], shape: ds.shape };
  },

  /** Sample i with its label, the model output and every layer's activation. */
  async sample(index: number): Promise<SampleView> {
    return serial(async () => {
      const { model, info } = requireModel();
      if (!session.dataset)
        throw new TsvizError('dataset-config', 'No dataset is loaded.', 'Open a dataset.');
      checkFit(info, session.dataset);
      const [N, T, C] = session.dataset.shape;
      if (!Number.isInteger(index) || index < 0 || index >= N) {
        throw new TsvizError(
          'dataset-config',
          `Sample ${index} does not exist.`,
          `Choose 0 to ${N - 1}.`,
        );
      }
      const x = session.dataset.x.slice(index * T * C, (index + 1) * T * C);
      const { output, activations } = await sampleActivations(model, info.layers, x, [T, C]);
      const view: SampleView = {
        index,
        x,
        shape: [T, C],
        label: session.dataset.y ? session.dataset.y[index] : null,
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
   * to name the faster one on this machine. The WASM timing runs in its own worker.
   */
  async compareBackends(): Promise<BackendTiming[]> {
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
    const timings = [measured.own];
    if (measured.own.backend !== 'wasm') {
      // a separate worker: this one is free for analyses meanwhile
      const ms = await timeOnWasm(measured.artifacts, measured.x, measured.shape, session.wasmPath);
      timings.push({ backend: 'wasm', ms });
    }
    return timings;
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
