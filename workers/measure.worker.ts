/// <reference lib="webworker" />
/**
 * A short-lived worker that times a model on the WASM backend (see compute/measure.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as Comlink from 'comlink';
import { timeModel } from './compute/measure';

const api = {
  async timeOnWasm(
    artifacts: tf.io.ModelArtifacts,
    x: Float32Array,
    shape: [number, number, number],
    wasmBase: string,
  ): Promise<number> {
    setWasmPaths(wasmBase);
    if (!(await tf.setBackend('wasm'))) throw new Error('the WASM backend did not start');
    const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    try {
      return await timeModel(model, x, shape);
    } finally {
      model.dispose();
    }
  },
};

Comlink.expose(api);
export type MeasureApi = typeof api;
