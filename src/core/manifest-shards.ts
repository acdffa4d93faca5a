/**
 * Weights manifest against the shard files given, before any shard is read: every shard is
 * present, every group's bytes equal what its weights declare, no absurd sizes.
 */
import { TsvizError } from './errors';
import {
  describeWeight as describe,
  elements,
  loadable,
  MAX_MODEL_ELEMENTS,
  storedBytes,
  tooLarge,
  type LoadableDtype,
} from './manifest-bytes';
import { validateManifest } from './manifest-schema';

export { DTYPE_BYTES, MAX_MODEL_ELEMENTS } from './manifest-bytes';

/** Part of a weight stored in one shard file: bytes [start, end) of that file. */
export interface WeightPiece {
  path: string;
  start: number;
  end: number;
}

/** A weight as tfjs needs it (assignable to tf.io.WeightsManifestEntry), with its place. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: LoadableDtype;
  quantization?: { dtype: 'uint8' | 'uint16' | 'float16'; scale?: number; min?: number };
  /** prod(shape). */
  size: number;
  /** Bytes in the shards: size x bytes of the stored dtype. */
  byteLength: number;
  groupIndex: number;
  /** Byte offset in all shards concatenated in manifest order (groups, then paths). */
  offset: number;
  pieces: WeightPiece[];
}

/** One shard file's place in the concatenation of all shards. */
export interface ShardRange {
  /** As written in the manifest. */
  path: string;
  /** The key of the `shards` map it was matched to. */
  file: string;
  groupIndex: number;
  offset: number;
  byteLength: number;
}

export interface ShardPlan {
  /** In manifest order; pass to tf.io.fromMemory as weightSpecs. */
  weightSpecs: WeightSpec[];
  shards: ShardRange[];
  totalBytes: number;
}

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

function findShard(path: string, shards: Map<string, number>): string | null {
  if (shards.has(path)) return path;
  const base = baseName(path);
  for (const key of shards.keys()) if (baseName(key) === base) return key;
  return null;
}

/**
 * Check the manifest against the shard files' byte lengths (`shards`: name or path -> bytes;
 * matched by the manifest path, else by file name). Throws `model-too-large`,
 * `model-shard-missing`, `model-shard-size` or `model-manifest`; returns the weights in order
 * and where each one's bytes are.
 */
export function checkShards(
  weightsManifest: unknown,
  shards: Map<string, number>,
  fileName = 'model.json',
): ShardPlan {
  const groups = validateManifest(weightsManifest, fileName);
  let total = 0;
  const sized = groups.map((g) =>
    g.weights.map((w) => {
      const size = elements(w, fileName);
      total += size;
      if (size > MAX_MODEL_ELEMENTS || total > MAX_MODEL_ELEMENTS) {
        throw tooLarge(
          fileName,
          `declares ${total.toLocaleString('en-US')} weight values (${describe(w)}), more than the ${MAX_MODEL_ELEMENTS.toLocaleString('en-US')} this app accepts`,
        );
      }
      return { w, size, bytes: size * storedBytes(w, fileName) };
    }),
  );
  const missing = groups.flatMap((g) => g.paths.filter((p) => findShard(p, shards) === null));
  if (missing.length > 0) {
    const list = [...new Set(missing)];
    throw new TsvizError(
      'model-shard-missing',
      `${fileName} names ${list.length} weight file${list.length === 1 ? '' : 's'} that ${list.length === 1 ? 'was' : 'were'} not given: ${list.slice(0, 5).join(', ')}${list.length > 5 ? ', ...' : ''}.`,
      "Open them together with model.json: select all of the model's files at once, or drop its folder.",
    );
  }
  const weightSpecs: WeightSpec[] = [];
  const ranges: ShardRange[] = [];
  let offset = 0;
  groups.forEach((g, gi) => {
    const expected = sized[gi].reduce((a, s) => a + s.bytes, 0);
    const files = g.paths.map((p) => findShard(p, shards) as string);
    const lengths = files.map((f) => shards.get(f) ?? 0);
    const given = lengths.reduce((a, b) => a + b, 0);
    if (given !== expected || lengths.some((b) => !Number.isSafeInteger(b) || b < 0)) {
      const short = given < expected;
      // weights of an unusual dtype first: the likeliest cause of a wrong size
      const list = [...sized[gi]]
        .sort((a, b) => Number(a.w.dtype === 'float32') - Number(b.w.dtype === 'float32'))
        .slice(0, 3)
        .map((s) => describe(s.w))
        .join(', ');
      throw new TsvizError(
        'model-shard-size',
        `Weight group ${gi + 1} of ${fileName} (${g.paths.join(', ')}) has ${given.toLocaleString('en-US')} bytes, but its ${g.weights.length} weights (${list}${g.weights.length > 3 ? ', ...' : ''}) need ${expected.toLocaleString('en-US')} bytes: the shards are ${short ? 'short' : 'long'} by ${Math.abs(expected - given).toLocaleString('en-US')} bytes.`,
        short
          ? 'The shard is cut short or belongs to another model: copy it again, or export the model again.'
          : 'The shard belongs to another model or model.json was edited: open the matching files, or export the model again.',
      );
    }
    const groupStart = offset;
    g.paths.forEach((path, k) => {
      ranges.push({ path, file: files[k], groupIndex: gi, offset, byteLength: lengths[k] });
      offset += lengths[k];
    });
    let at = groupStart;
    for (const { w, size, bytes } of sized[gi]) {
      const spec: WeightSpec = {
        name: w.name,
        shape: [...w.shape],
        dtype: loadable(w, fileName),
        size,
        byteLength: bytes,
        groupIndex: gi,
        offset: at,
        pieces: piecesOf(at, bytes, ranges, gi),
      };
      if (w.quantization) spec.quantization = w.quantization as WeightSpec['quantization'];
      weightSpecs.push(spec);
      at += bytes;
    }
  });
  return { weightSpecs, shards: ranges, totalBytes: offset };
}

function piecesOf(
  start: number,
  bytes: number,
  ranges: ShardRange[],
  group: number,
): WeightPiece[] {
  const end = start + bytes;
  return ranges
    .filter((r) => r.groupIndex === group && r.offset < end && r.offset + r.byteLength > start)
    .map((r) => ({
      path: r.path,
      start: Math.max(start, r.offset) - r.offset,
      end: Math.min(end, r.offset + r.byteLength) - r.offset,
    }));
}
