/**
 * Filter importance (paper Section IV-B.2): the per-position gradients of a model output with
 * respect to a conv layer's activation, reduced to one number per filter and sequence:
 *
 *   g: [N, P, F] (sequences, positions, filters), row-major Float32Array
 *   importance[n, f] = Σ_p |g[n, p, f]|                 -> [N, F], row-major Float32Array
 *
 * Three ways in:
 * - `filterImportance.run(g, shape)`: GPU when a device exists and the work is big enough, else
 *   the CPU loops (`filterImportanceCpu`, float64 accumulation); says which path ran.
 * - `filterImportanceOfTensor(t)`: a [N, P, F] float32 tfjs tensor. On tfjs's WebGPU backend the
 *   tensor's GPU buffer is reduced in place (`tensor.dataToGPU()`, a GPU-side copy) and only
 *   [N, F] is read back; on any other backend the tensor is read and the CPU path runs.
 * - `filterImportanceOnBuffer(device, buffer, shape)`: a storage buffer already on `device`.
 *
 * GPU layout: one invocation per (n, f) looping over p (adjacent invocations read adjacent
 * floats), workgroups of 64 on a 2-D grid (kernel.ts `gridFor`) so N·F beyond
 * 64 · maxComputeWorkgroupsPerDimension still fits. Accumulates in f32: agrees with the CPU to
 * a relative ~1e-6 for the sizes the views use (P up to a few thousand).
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { checkStorageFits, createStorage, createUniform, readback, uploadStorage } from './buffers';
import { tfjsGpuDevice } from './device';
import {
  defineHybrid,
  defineKernel,
  LINEAR_INDEX_WGSL,
  type DispatchOptions,
  type KernelResult,
  type RunOptions,
} from './kernel';

/** Sizes of g: N sequences, P positions, F filters. */
export interface ImportanceShape {
  n: number;
  p: number;
  f: number;
}

function checkShape(shape: ImportanceShape, length?: number): void {
  const { n, p, f } = shape;
  for (const [name, v] of Object.entries({ n, p, f }))
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`importance: ${name} = ${v}`);
  if (length !== undefined && length !== n * p * f)
    throw new RangeError(
      `importance: g has ${length} values, [${n}, ${p}, ${f}] needs ${n * p * f}.`,
    );
}

/** The CPU path: plain loops, float64 accumulation, returned as float32. */
export function filterImportanceCpu(g: Float32Array, shape: ImportanceShape): Float32Array {
  checkShape(shape, g.length);
  const { n: N, p: P, f: F } = shape;
  const out = new Float32Array(N * F);
  const acc = new Float64Array(F);
  for (let n = 0; n < N; n++) {
    acc.fill(0);
    for (let p = 0; p < P; p++) {
      const base = (n * P + p) * F;
      for (let f = 0; f < F; f++) acc[f] += Math.abs(g[base + f]);
    }
    out.set(acc, n * F);
  }
  return out;
}

export const IMPORTANCE_WGSL = /* wgsl */ `
override WORKGROUP_SIZE: u32 = 64u;

struct Params { n: u32, p: u32, f: u32, total: u32 }

@group(0) @binding(0) var<storage, read> g: array<f32>;
@group(0) @binding(1) var<storage, read_write> importance: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;
${LINEAR_INDEX_WGSL}
@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = linear_index(wid, nwg, lid);
  if (i >= params.total) { return; }
  let n = i / params.f;
  let f = i - n * params.f;
  let base = n * params.p * params.f + f;
  var acc = 0.0;
  for (var p = 0u; p < params.p; p = p + 1u) {
    acc = acc + abs(g[base + p * params.f]);
  }
  importance[i] = acc;
}
`;

export const importanceKernel = defineKernel({
  label: 'filter-importance',
  code: IMPORTANCE_WGSL,
  workgroupSize: 64,
});

/** Work below this many gradient values stays on the CPU in 'auto' mode (a guess, not measured). */
export const IMPORTANCE_GPU_MIN_VALUES = 1 << 18;

/** Result of the GPU reduction of a buffer, with the workgroup grid used. */
export interface BufferImportance {
  value: Float32Array;
  grid: [number, number, number];
}

/**
 * Reduce g held in a storage buffer on `device` (its first N·P·F floats) and read back [N, F].
 */
export async function filterImportanceOnBuffer(
  device: GPUDevice,
  g: GPUBuffer,
  shape: ImportanceShape,
  options: DispatchOptions = {},
): Promise<BufferImportance> {
  checkShape(shape);
  const { n, p, f } = shape;
  const total = n * f;
  if (total === 0 || p === 0) return { value: new Float32Array(total), grid: [0, 0, 0] };
  const gBytes = Math.max(4, n * p * f * 4);
  checkStorageFits(device.limits, gBytes, `The gradients of ${n} sequences`);
  if (g.size < n * p * f * 4)
    throw new RangeError(
      `importance: the buffer holds ${g.size} bytes, [${n}, ${p}, ${f}] needs more.`,
    );
  const out = createStorage(device, total * 4, 'importance');
  const params = createUniform(device, new Uint32Array([n, p, f, total]), 'importance-params');
  try {
    const grid = await importanceKernel.dispatch(
      device,
      [{ buffer: g, offset: 0, size: gBytes }, out, params],
      total,
      options,
    );
    return { value: await readback(device, out, total), grid };
  } finally {
    out.destroy();
    params.destroy();
  }
}

/** The GPU path for a Float32Array: upload, reduce, read back [N, F]. */
export async function filterImportanceGpu(
  device: GPUDevice,
  g: Float32Array,
  shape: ImportanceShape,
): Promise<Float32Array> {
  checkShape(shape, g.length);
  if (shape.n * shape.f === 0) return new Float32Array(0);
  const buffer = uploadStorage(device, g, 'importance-g');
  try {
    return (await filterImportanceOnBuffer(device, buffer, shape)).value;
  } finally {
    buffer.destroy();
  }
}

/** importance[n, f] = Σ_p |g[n, p, f]|, on the GPU or the CPU (see the file comment). */
export const filterImportance = defineHybrid<[Float32Array, ImportanceShape], Float32Array>({
  name: 'filter-importance',
  gpu: filterImportanceGpu,
  cpu: filterImportanceCpu,
  worthGpu: (_g, { n, p, f }) => n * p * f >= IMPORTANCE_GPU_MIN_VALUES,
});

/** The result of `filterImportanceOfTensor`: the importances and the grid when the GPU ran. */
export interface TensorImportance extends KernelResult<Float32Array> {
  grid: [number, number, number] | null;
}

/**
 * Filter importance of a [N, P, F] float32 tensor. On tfjs's live WebGPU backend the reduction
 * runs on tfjs's device from the tensor's own buffer (nothing but [N, F] comes back to the CPU);
 * elsewhere, or with `prefer: 'cpu'`, or if the GPU path fails, the tensor is read and the CPU
 * loops run. The tensor is not disposed (the caller owns it).
 */
export async function filterImportanceOfTensor(
  t: tf.Tensor,
  options: Pick<RunOptions, 'prefer'> & DispatchOptions = {},
): Promise<TensorImportance> {
  if (t.rank !== 3)
    throw new RangeError(`importance: expected a [N, P, F] tensor, got [${t.shape}]`);
  if (t.dtype !== 'float32') throw new RangeError(`importance: expected float32, got ${t.dtype}`);
  const [n, p, f] = t.shape as [number, number, number];
  const shape = { n, p, f };
  const onCpu = async (reason: string): Promise<TensorImportance> => ({
    value: filterImportanceCpu((await t.data()) as Float32Array, shape),
    path: 'cpu',
    source: null,
    reason,
    grid: null,
  });
  if (options.prefer === 'cpu') return onCpu('the CPU path was requested');
  const device = tfjsGpuDevice();
  if (!device) {
    // Not on WebGPU (wasm, cpu, webgl): reduce with the backend's own ops (SIMD on wasm) and
    // download [N, F] only, instead of reading every gradient back for a JavaScript loop.
    const reduced = tf.tidy(() => tf.sum(tf.abs(t), 1));
    try {
      return {
        value: (await reduced.data()) as Float32Array,
        path: 'cpu',
        source: null,
        reason: `tfjs is on the ${tf.getBackend()} backend, not on a live WebGPU device: reduced with its own ops`,
        grid: null,
      };
    } finally {
      reduced.dispose();
    }
  }
  if (n * p * f === 0) return onCpu('there is nothing to reduce');
  let gpuData: tf.GPUData | null = null;
  try {
    checkStorageFits(device.limits, n * p * f * 4, `The gradients of ${n} sequences`);
    // A tensor made from CPU values (or a small CPU-forwarded result) is not on the GPU yet.
    (tf.backend() as WebGPUBackend).uploadToGPU(t.dataId);
    gpuData = t.dataToGPU();
    if (!gpuData.buffer) throw new Error('dataToGPU returned no buffer');
    const { value, grid } = await filterImportanceOnBuffer(device, gpuData.buffer, shape, options);
    return { value, path: 'gpu', source: 'tfjs', reason: null, grid };
  } catch (e) {
    return onCpu(`the GPU path failed (${e instanceof Error ? e.message : String(e)})`);
  } finally {
    gpuData?.tensorRef.dispose(); // returns the copied buffer to tfjs's pool
  }
}
