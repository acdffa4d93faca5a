/**
 * Gather a TF.js layers model's files from dropped files or from a URL, without parsing
 * anything on the main thread. Shards are matched by the file name in the weights manifest.
 */
import type { Sidecar } from '../../src/core/types';
import { TsvizError } from '../../src/core/errors';

export interface ModelSource {
  /** Display name (folder or file name, or URL). */
  name: string;
  modelJson: string;
  modelJsonName: string;
  /** Shard name (basename) -> its bytes, read lazily. */
  shard(name: string): Promise<ArrayBuffer> | null;
  /** Shard name -> byte length, for validation before anything is read. */
  shardSizes(paths: string[]): Promise<Map<string, number>>;
  sidecar: Sidecar | null;
}

const baseName = (p: string): string => p.split(/[\\/]/).pop() ?? p;

function parseSidecar(text: string): Sidecar | null {
  try {
    const s = JSON.parse(text) as Sidecar;
    return s && typeof s === 'object' && s.version === 1 ? s : null;
  } catch {
    return null;
  }
}

/** From dropped files: model.json (any .json but tsviz.json), tsviz.json, and .bin shards. */
export async function sourceFromFiles(files: File[]): Promise<ModelSource> {
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  const sidecarFile = jsons.find((f) => f.name.toLowerCase() === 'tsviz.json');
  const modelFile =
    jsons.find((f) => f.name.toLowerCase() === 'model.json') ??
    jsons.find((f) => f !== sidecarFile);
  if (!modelFile) {
    throw new TsvizError(
      'model-json',
      `No model.json among the ${files.length} file(s) given (${files
        .slice(0, 5)
        .map((f) => f.name)
        .join(', ')}).`,
      'Open the model.json together with its .bin weight shards (select them all, or drop the folder).',
    );
  }
  const byName = new Map(files.map((f) => [f.name, f] as const));
  return {
    name: modelFile.name,
    modelJson: await modelFile.text(),
    modelJsonName: modelFile.name,
    shard: (p) => byName.get(baseName(p))?.arrayBuffer() ?? null,
    shardSizes: async (paths) => {
      const sizes = new Map<string, number>();
      for (const p of paths) {
        const f = byName.get(baseName(p));
        if (f) sizes.set(p, f.size);
      }
      return sizes;
    },
    sidecar: sidecarFile ? parseSidecar(await sidecarFile.text()) : null,
  };
}

async function fetchOk(url: string): Promise<Response | null> {
  try {
    const r = await fetch(url);
    return r.ok ? r : null;
  } catch {
    return null;
  }
}

/** From a hosted model.json URL; shards and tsviz.json are fetched beside it. */
export async function sourceFromUrl(url: string): Promise<ModelSource> {
  const res = await fetchOk(url);
  if (!res) {
    throw new TsvizError(
      'download',
      `The model at ${url} could not be downloaded.`,
      'Check the address, or open the files with "Open model".',
    );
  }
  const modelJson = await res.text();
  const cache = new Map<string, ArrayBuffer | null>();
  const get = async (p: string): Promise<ArrayBuffer | null> => {
    if (!cache.has(p)) {
      const r = await fetchOk(new URL(p, url).href);
      cache.set(p, r ? await r.arrayBuffer() : null);
    }
    return cache.get(p) ?? null;
  };
  const side = await fetchOk(new URL('tsviz.json', url).href);
  return {
    name: url,
    modelJson,
    modelJsonName: baseName(new URL(url).pathname),
    shard: (p) => get(p).then((b) => b ?? new ArrayBuffer(0)),
    shardSizes: async (paths) => {
      const sizes = new Map<string, number>();
      for (const p of paths) {
        const b = await get(p);
        if (b) sizes.set(p, b.byteLength);
      }
      return sizes;
    },
    sidecar: side ? parseSidecar(await side.text()) : null,
  };
}
