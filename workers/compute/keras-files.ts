/**
 * Keras model files opened without a converter: a Keras 1 or 2 .h5 (HDF5: root attributes
 * model_config and keras_version, weights under model_weights/<layer>/ named by the layer's
 * weight_names attribute) or a Keras 3 .keras (a zip of config.json, metadata.json and
 * model.weights.h5 with layers/<layer>/vars/0, 1, ...). The config is translated
 * (src/core/keras-config.ts) and the weights laid out as one float32 shard, so the model goes
 * through the same checks and loading as a tfjs model.json (model-loader.ts).
 * HDF5 is read by jsfive (pure JS), the zip by fflate.
 */
import * as hdf5 from 'jsfive';
import { unzipSync, strFromU8 } from 'fflate';
import { errorMessage, TsvizError } from '../../src/core/errors';
import {
  kerasMajor,
  kerasTopology,
  storedSuffix,
  tfjsWeightShape,
  weightSuffixes,
  type KerasLayer,
  type KerasMajor,
} from '../../src/core/keras-config';
import type { Sidecar } from '../../src/core/types';
import type { ModelSource } from './model-files';

/** Largest Keras file read (bytes): the same order as a tfjs model's shards. */
export const MAX_KERAS_BYTES = 512 * 2 ** 20;
const KERAS_EXT = /\.(h5|hdf5|keras)$/i;
/** The shard name the in-memory model.json gives the weights. */
const SHARD = 'keras-weights.bin';

/** True when the files hold a Keras model file (.h5, .hdf5, .keras). */
export function isKerasFiles(files: File[]): boolean {
  return files.some((f) => KERAS_EXT.test(f.name));
}

type H5Node = {
  attrs: Record<string, unknown>;
  keys?: string[];
  get(path: string): H5Node;
  value?: ArrayLike<number>;
  shape?: number[];
  dtype?: unknown;
};

function unreadable(name: string, why: string): TsvizError {
  return new TsvizError(
    'model-json',
    `${name} could not be read as a Keras file: ${why}.`,
    'Open the .h5 or .keras file Keras saved with model.save(), or convert it with tensorflowjs_converter.',
  );
}

function openH5(bytes: ArrayBuffer, name: string): H5Node {
  try {
    return new hdf5.File(bytes, name) as unknown as H5Node;
  } catch (e) {
    throw unreadable(name, `it is not an HDF5 file (${errorMessage(e)})`);
  }
}

function tryGet(node: H5Node, path: string): H5Node | null {
  try {
    return node.get(path) ?? null;
  } catch {
    return null;
  }
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  if (Array.isArray(v) && v.length === 1) return text(v[0]);
  return null;
}

function texts(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map((x) => text(x) ?? String(x));
  const t = text(v);
  return t === null ? [] : [t];
}

interface Weight {
  name: string;
  shape: number[];
  data: Float32Array;
}

function datasetWeight(node: H5Node | null, fileName: string, where: string): Float32Array {
  const v = node?.value;
  if (!node || !v || !node.shape) {
    throw new TsvizError(
      'model-shard-missing',
      `${fileName} has no weight at ${where}.`,
      'Open the whole file Keras saved with model.save() (weights included).',
    );
  }
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = Number(v[i]);
  return out;
}

function collect(
  layer: KerasLayer,
  nodes: { node: H5Node | null; where: string; stored?: string }[],
  fileName: string,
  out: Weight[],
): void {
  const suffixes = weightSuffixes(layer, nodes.length);
  nodes.forEach(({ node, where, stored }, i) => {
    const suffix = (stored && storedSuffix(stored)) || suffixes[i];
    const data = datasetWeight(node, fileName, where);
    const shape = tfjsWeightShape(layer, suffix, node?.shape ?? [data.length]);
    out.push({ name: `${layer.name}/${suffix}`, shape, data });
  });
}

/** Keras 1/2 .h5: weights under model_weights/<layer>/<weight_names[i]>. */
function h5Weights(f: H5Node, layers: KerasLayer[], fileName: string): Weight[] {
  const root = tryGet(f, 'model_weights') ?? f;
  const out: Weight[] = [];
  for (const layer of layers) {
    const g = tryGet(root, layer.name);
    if (!g) continue;
    const names = texts(g.attrs?.weight_names);
    collect(
      layer,
      names.map((n) => ({
        node: tryGet(g, n),
        where: `model_weights/${layer.name}/${n}`,
        stored: n,
      })),
      fileName,
      out,
    );
  }
  return out;
}

/** Keras 3 model.weights.h5: layers/<layer>/vars/0, 1, ... */
function keras3Weights(f: H5Node, layers: KerasLayer[], fileName: string): Weight[] {
  const out: Weight[] = [];
  for (const layer of layers) {
    const vars = tryGet(f, `layers/${layer.name}/vars`);
    const keys = (vars?.keys ?? [])
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b));
    collect(
      layer,
      keys.map((k) => ({
        node: tryGet(vars as H5Node, k),
        where: `layers/${layer.name}/vars/${k}`,
      })),
      fileName,
      out,
    );
  }
  return out;
}

function parseJson(t: string | null, what: string, fileName: string): unknown {
  if (t === null) throw unreadable(fileName, `it has no ${what}`);
  try {
    return JSON.parse(t);
  } catch (e) {
    throw unreadable(fileName, `its ${what} is not JSON (${errorMessage(e)})`);
  }
}

/** The tfjs model.json text and weight shard of a Keras file's bytes. */
export function kerasToTfjs(
  bytes: ArrayBuffer,
  fileName: string,
): { modelJson: string; weights: ArrayBuffer; version: string } {
  let config: unknown;
  let version: string;
  let major: KerasMajor;
  let readWeights: (layers: KerasLayer[]) => Weight[];
  const head = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  if (head[0] === 0x50 && head[1] === 0x4b) {
    // a zip: Keras 3 .keras
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(new Uint8Array(bytes));
    } catch (e) {
      throw unreadable(fileName, `the zip cannot be opened (${errorMessage(e)})`);
    }
    config = parseJson(
      files['config.json'] ? strFromU8(files['config.json']) : null,
      'config.json',
      fileName,
    );
    const meta = files['metadata.json']
      ? (parseJson(strFromU8(files['metadata.json']), 'metadata.json', fileName) as Record<
          string,
          unknown
        >)
      : {};
    version = typeof meta.keras_version === 'string' ? meta.keras_version : '3';
    major = 3;
    const w = files['model.weights.h5'];
    if (!w) throw unreadable(fileName, 'the zip holds no model.weights.h5');
    const h5 = openH5(w.slice().buffer, `${fileName}/model.weights.h5`);
    readWeights = (layers) => keras3Weights(h5, layers, fileName);
  } else {
    const f = openH5(bytes, fileName);
    const mc = text(f.attrs?.model_config);
    if (mc === null) {
      throw new TsvizError(
        'model-topology',
        `${fileName} holds weights only (no model_config): it was saved with save_weights(), so the layers are unknown.`,
        'Save the whole model with model.save("model.h5"), or convert it with tensorflowjs_converter.',
      );
    }
    config = parseJson(mc, 'model_config', fileName);
    version =
      text(f.attrs?.keras_version) ?? text(tryGet(f, 'model_weights')?.attrs?.keras_version) ?? '2';
    major = kerasMajor(version);
    readWeights = (layers) => h5Weights(f, layers, fileName);
  }
  const { topology, layers } = kerasTopology(config, major);
  const weights = readWeights(layers);
  const total = weights.reduce((n, w) => n + w.data.byteLength, 0);
  const shard = new Uint8Array(total);
  let at = 0;
  for (const w of weights) {
    shard.set(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength), at);
    at += w.data.byteLength;
  }
  const modelJson = JSON.stringify({
    format: 'layers-model',
    generatedBy: `keras v${version}`,
    convertedBy: 'TSViz (read in the browser)',
    modelTopology: { ...topology, keras_version: version, backend: 'tensor_flow.js' },
    weightsManifest: [
      {
        paths: [SHARD],
        weights: weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' })),
      },
    ],
  });
  return { modelJson, weights: shard.buffer, version };
}

function parseSidecar(t: string): Sidecar | null {
  try {
    const s = JSON.parse(t) as Sidecar;
    return s && typeof s === 'object' && s.version === 1 ? s : null;
  } catch {
    return null;
  }
}

/** A ModelSource (as model-files.ts makes for model.json) from a Keras file and an optional tsviz.json. */
export async function sourceFromKerasFiles(files: File[]): Promise<ModelSource> {
  const file = files.find((f) => KERAS_EXT.test(f.name)) as File;
  if (file.size > MAX_KERAS_BYTES) {
    throw new TsvizError(
      'model-too-large',
      `${file.name} is ${(file.size / 2 ** 20).toFixed(0)} MiB; Keras files of up to ${MAX_KERAS_BYTES / 2 ** 20} MiB are read in the browser.`,
      'Open a smaller model.',
    );
  }
  const side = files.find((f) => f.name.toLowerCase() === 'tsviz.json');
  const { modelJson, weights } = kerasToTfjs(await file.arrayBuffer(), file.name);
  return {
    name: file.name,
    modelJson,
    modelJsonName: file.name,
    shard: (p) => (p === SHARD ? Promise.resolve(weights) : null),
    shardSizes: async (paths) =>
      new Map(paths.filter((p) => p === SHARD).map((p) => [p, weights.byteLength])),
    sidecar: side ? parseSidecar(await side.text()) : null,
  };
}
