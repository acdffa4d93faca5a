/**
 * The compute worker's backend and model calls: start tfjs, switch backends, open a model
 * (files, a URL, or the artifacts of a model another worker already checked).
 */
import * as tf from '@tensorflow/tfjs';
import { TsvizError } from '../../src/core/errors';
import type { ModelInfo } from '../../src/core/model-graph';
import type { BackendInfo, BackendName, ComputeEvent, ModelSummary } from '../../src/core/protocol';
import type { Sidecar } from '../../src/core/types';
import { initBackend } from './backend';
import { checkModelFitsGpu } from './gpu-fit';
import { sourceFromFiles, sourceFromUrl, type ModelSource } from './model-files';
import { isKerasFiles, sourceFromKerasFiles } from './keras-files';
import { buildModel, loadModel, type LoadedModel } from './model-loader';
import { serial, session, setListener, started } from './session';
import { smokeTest } from './smoke-test';
import { destroyDeviceForTest, deviceLimits } from './webgpu-device';

/** The device's buffer limits while tfjs runs on WebGPU, else null (no limit to check). */
export const gpuLimitsNow = () => (tf.getBackend() === 'webgpu' ? deviceLimits() : null);

export function requireModel(): LoadedModel {
  if (!session.current)
    throw new TsvizError('no-model', 'No model is loaded.', 'Open a model first.');
  return session.current;
}

const superseded = () =>
  new TsvizError(
    'cancelled',
    'A model opened later replaced this one before it finished loading.',
    'Open it again if you still want it.',
  );

/**
 * Adopt a loaded model unless a later request already won (`request` lower than the last
 * adopted one: the start-up demo finishing after the user's own model).
 */
function adopt(loaded: LoadedModel, sidecar: Sidecar | null, request: number): ModelSummary {
  if (request < session.modelRequest) {
    loaded.model.dispose();
    throw superseded();
  }
  session.modelRequest = request;
  session.current?.model.dispose();
  session.current = { ...loaded, sidecar };
  session.version.model += 1;
  return { info: loaded.info, sidecar };
}

async function openSource(source: ModelSource, request: number): Promise<ModelSummary> {
  if (request < session.modelRequest) throw superseded();
  return serial(async () => {
    const loaded = await loadModel(source, source.sidecar?.task ?? null, gpuLimitsNow());
    try {
      await smokeTest(loaded.model, loaded.info, source.sidecar?.windowLength ?? null);
    } catch (e) {
      loaded.model.dispose(); // the previous model stays
      throw e;
    }
    return adopt(loaded, source.sidecar, request);
  });
}

export const modelApi = {
  /** Start tfjs on `preferred` (falling back in order); calls that need tfjs wait for this. */
  async init(preferred: BackendName | null, wasmBase: string): Promise<BackendInfo> {
    session.wasmPath = wasmBase;
    try {
      session.backend = await initBackend(preferred, session.wasmPath);
      return session.backend;
    } finally {
      started();
    }
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

  /**
   * Open a model from files. `request` numbers the user's requests (higher wins): a model
   * still loading with a lower number is not adopted when it finishes.
   */
  async loadModelFiles(files: File[], request = session.modelRequest): Promise<ModelSummary> {
    const source = isKerasFiles(files)
      ? await sourceFromKerasFiles(files)
      : await sourceFromFiles(files);
    return openSource(source, request);
  },

  async loadModelUrl(url: string, request = session.modelRequest): Promise<ModelSummary> {
    return openSource(await sourceFromUrl(url), request);
  },

  /** Adopt a model another compute worker already validated (the long-job worker). */
  async adoptArtifacts(
    artifacts: tf.io.ModelArtifacts,
    info: ModelInfo,
    sidecar: Sidecar | null,
  ): Promise<void> {
    await serial(async () => {
      const model = await buildModel(artifacts, info.name);
      adopt({ model, info, artifacts }, sidecar, session.modelRequest);
    });
  },

  memory(): { numTensors: number; numBytes: number } {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  },
};
