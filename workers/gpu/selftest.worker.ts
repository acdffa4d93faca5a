/// <reference lib="webworker" />
/**
 * A short-lived worker that checks our WGSL kernels against their CPU paths in the browser's
 * WebGPU (e2e/wgsl.spec.ts; in headless Chromium that is SwiftShader). It starts tfjs on WebGPU
 * through workers/compute/backend.ts, then compares, on seeded random inputs:
 *   hand-worked values; several workgroups; a 2-D grid forced by a small per-dimension cap; a
 *   2-D grid forced by the device's real maxComputeWorkgroupsPerDimension; tfjs tensors through
 *   dataToGPU (a real gradient, and a tensor still on the CPU); our own device, lost and
 *   re-requested; and, last, the loss of tfjs's device (the next call gets our own device).
 * Reached from the page through src/bridge/gpu-selftest.ts (window.tsvizDebug.gpuSelfTest()).
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { makeRng } from '../../src/core/random';
import { initBackend } from '../compute/backend';
import { destroyDeviceForTest } from '../compute/webgpu-device';
import { uploadStorage } from './buffers';
import {
  getGpuDevice,
  isDeviceLost,
  ownGpuDevice,
  simulateOwnDeviceLoss,
  tfjsGpuDevice,
  type DeviceSource,
} from './device';
import {
  filterImportance,
  filterImportanceCpu,
  filterImportanceGpu,
  filterImportanceOfTensor,
  filterImportanceOnBuffer,
  type ImportanceShape,
} from './importance';
import type { KernelPath } from './kernel';
import { runDtwSelfTest } from './dtw-selftest';

export interface SelfTestCase {
  name: string;
  /** [N, P, F] */
  shape: [number, number, number];
  path: KernelPath;
  source: DeviceSource | null;
  /** Workgroups dispatched [x, y, z], when known. */
  grid: [number, number, number] | null;
  /** max |gpu - cpu| / |cpu| over all outputs (cpu > 0 here). */
  maxRelError: number;
  maxAbsError: number;
  /** Why the CPU ran, if it did. */
  reason: string | null;
}

export interface GpuSelfTestResult {
  /** The tfjs backend the test ran on. */
  backend: string;
  adapter: string;
  maxComputeWorkgroupsPerDimension: number;
  cases: SelfTestCase[];
  /** The DTW distance-matrix kernels against their CPU path (workers/gpu/dtw-selftest.ts). */
  dtw: SelfTestCase[];
  /** Our own device was destroyed, then a new one was requested and worked. */
  ownDeviceRenewed: boolean;
  /** tfjs tensors alive after the tensor cases minus before (0: dataToGPU's copy was freed). */
  tensorsLeaked: number;
  /** Where the kernel ran after tfjs's device was destroyed (expected: gpu on our own device). */
  afterTfjsLoss: { path: KernelPath; source: DeviceSource | null; maxRelError: number } | null;
  /** A thrown error's message, or null when every step ran. */
  error: string | null;
}

function randomGradients(seed: number, shape: ImportanceShape): Float32Array {
  const rng = makeRng(seed);
  const g = new Float32Array(shape.n * shape.p * shape.f);
  for (let i = 0; i < g.length; i++) g[i] = rng.next() < 0.05 ? 0 : rng.normal(0, 1);
  return g;
}

function compare(gpu: Float32Array, cpu: Float32Array): { rel: number; abs: number } {
  if (gpu.length !== cpu.length) return { rel: Infinity, abs: Infinity };
  let rel = 0;
  let abs = 0;
  for (let i = 0; i < cpu.length; i++) {
    const d = Math.abs(gpu[i] - cpu[i]);
    if (!(d <= abs)) abs = Number.isNaN(d) ? Infinity : d;
    const r = cpu[i] === 0 ? (d === 0 ? 0 : Infinity) : d / Math.abs(cpu[i]);
    if (!(r <= rel)) rel = Number.isNaN(r) ? Infinity : r;
  }
  return { rel, abs };
}

async function onBuffer(
  name: string,
  device: GPUDevice,
  source: DeviceSource,
  g: Float32Array,
  shape: ImportanceShape,
  maxWorkgroupsPerDimension?: number,
): Promise<SelfTestCase> {
  const buffer = uploadStorage(device, g, name);
  try {
    const { value, grid } = await filterImportanceOnBuffer(device, buffer, shape, {
      maxWorkgroupsPerDimension,
    });
    const { rel, abs } = compare(value, filterImportanceCpu(g, shape));
    return {
      name,
      shape: [shape.n, shape.p, shape.f],
      path: 'gpu',
      source,
      grid,
      maxRelError: rel,
      maxAbsError: abs,
      reason: null,
    };
  } finally {
    buffer.destroy();
  }
}

async function selfTest(wasmBase: string): Promise<GpuSelfTestResult> {
  const result: GpuSelfTestResult = {
    backend: '',
    adapter: '',
    maxComputeWorkgroupsPerDimension: 0,
    cases: [],
    dtw: [],
    ownDeviceRenewed: false,
    tensorsLeaked: 0,
    afterTfjsLoss: null,
    error: null,
  };
  try {
    const info = await initBackend('webgpu', wasmBase);
    result.backend = info.name;
    result.adapter = info.adapter
      ? `${info.adapter.vendor} ${info.adapter.architecture}`.trim()
      : '';
    const device = tfjsGpuDevice();
    if (!device) throw new Error(`tfjs is on ${info.name}, not WebGPU: ${info.fallbackReason}`);
    const maxDim = device.limits.maxComputeWorkgroupsPerDimension;
    result.maxComputeWorkgroupsPerDimension = maxDim;

    // Hand-worked: g[0] = [[1, -2], [3, 4], [-5, 0.5]], g[1] = [[0, 0], [-1, 1], [2, -2]]
    const hand = new Float32Array([1, -2, 3, 4, -5, 0.5, 0, 0, -1, 1, 2, -2]);
    const handShape = { n: 2, p: 3, f: 2 };
    const handCase = await onBuffer('hand-worked', device, 'tfjs', hand, handShape);
    const expected = new Float32Array([9, 6.5, 3, 3]);
    const handCheck = compare(
      (await filterImportance.runWith({ prefer: 'gpu' }, hand, handShape)).value,
      expected,
    );
    handCase.maxRelError = Math.max(handCase.maxRelError, handCheck.rel);
    handCase.maxAbsError = Math.max(handCase.maxAbsError, handCheck.abs);
    result.cases.push(handCase);

    // Several workgroups (N·F = 256 -> 4 groups of 64), through the hybrid's run.
    const s1 = { n: 8, p: 50, f: 32 };
    const g1 = randomGradients(1, s1);
    const r1 = await filterImportance.runWith({ prefer: 'gpu' }, g1, s1);
    const c1 = compare(r1.value, filterImportanceCpu(g1, s1));
    result.cases.push({
      name: 'several-workgroups',
      shape: [s1.n, s1.p, s1.f],
      path: r1.path,
      source: r1.source,
      grid: null,
      maxRelError: c1.rel,
      maxAbsError: c1.abs,
      reason: r1.reason,
    });

    // A 2-D grid forced by a cap of 6 groups per dimension: 1,000 outputs = 16 groups -> [6, 3].
    const s2 = { n: 25, p: 37, f: 40 };
    result.cases.push(
      await onBuffer('2d-grid-capped', device, 'tfjs', randomGradients(2, s2), s2, 6),
    );

    // A 2-D grid forced by the device's own limit: one more workgroup than fits in x.
    const f3 = 256;
    const n3 = Math.ceil((maxDim * 64 + 1) / f3);
    const s3 = { n: n3, p: 2, f: f3 };
    result.cases.push(
      await onBuffer('2d-grid-device-limit', device, 'tfjs', randomGradients(3, s3), s3),
    );

    // A long position axis (P = 2,000): f32 accumulation stays within tolerance.
    const s4 = { n: 3, p: 2000, f: 24 };
    result.cases.push(await onBuffer('long-positions', device, 'tfjs', randomGradients(4, s4), s4));

    // tfjs tensors, reduced on tfjs's device without reading g back.
    const before = tf.memory().numTensors;
    {
      const rng = makeRng(5);
      const xs = Float32Array.from({ length: 4 * 40 * 3 }, () => rng.normal());
      const ws = Float32Array.from({ length: 5 * 3 * 16 }, () => rng.normal(0, 0.5));
      const x = tf.tensor3d(xs, [4, 40, 3]);
      const w = tf.tensor3d(ws, [5, 3, 16]);
      const act = tf.conv1d(x, w, 1, 'same');
      // The gradient of a scalar output w.r.t. the conv activation, computed by tfjs on the GPU.
      const grad = tf.grad((a: tf.Tensor) => tf.sum(tf.tanh(tf.mul(a, 0.3))))(act);
      const r = await filterImportanceOfTensor(grad);
      const cpu = filterImportanceCpu((await grad.data()) as Float32Array, { n: 4, p: 40, f: 16 });
      const c = compare(r.value, cpu);
      result.cases.push({
        name: 'tensor-gradient-dataToGPU',
        shape: [4, 40, 16],
        path: r.path,
        source: r.source,
        grid: r.grid,
        maxRelError: c.rel,
        maxAbsError: c.abs,
        reason: r.reason,
      });
      tf.dispose([x, w, act, grad]);
    }
    {
      const s = { n: 3, p: 7, f: 5 }; // made from CPU values: not on the GPU until uploaded
      const g = randomGradients(6, s);
      const t = tf.tensor3d(g, [s.n, s.p, s.f]);
      const r = await filterImportanceOfTensor(t);
      const c = compare(r.value, filterImportanceCpu(g, s));
      result.cases.push({
        name: 'tensor-from-cpu-values',
        shape: [s.n, s.p, s.f],
        path: r.path,
        source: r.source,
        grid: r.grid,
        maxRelError: c.rel,
        maxAbsError: c.abs,
        reason: r.reason,
      });
      t.dispose();
    }
    result.tensorsLeaked = tf.memory().numTensors - before;

    result.dtw = await runDtwSelfTest(device, compare);

    // Our own device; then lose it: the next call requests a fresh one.
    const s5 = { n: 6, p: 30, f: 20 };
    const g5 = randomGradients(7, s5);
    const ownA = await ownGpuDevice();
    if (!ownA) throw new Error('could not request an own GPU device');
    result.cases.push(await onBuffer('own-device', ownA.device, 'own', g5, s5));
    const lostOwn = await simulateOwnDeviceLoss();
    const ownB = await ownGpuDevice();
    if (ownB) {
      const renewed = await onBuffer('own-device-after-loss', ownB.device, 'own', g5, s5);
      result.cases.push(renewed);
      result.ownDeviceRenewed =
        lostOwn &&
        ownB.device !== ownA.device &&
        isDeviceLost(ownA.device) &&
        renewed.maxRelError < 1e-5;
    }

    // Last: lose tfjs's device. The next call must not use it; it gets our own device instead.
    destroyDeviceForTest();
    await device.lost;
    await Promise.resolve();
    const next = await getGpuDevice();
    const r6 = await filterImportance.runWith({ prefer: 'gpu' }, g5, s5);
    const c6 = compare(r6.value, filterImportanceCpu(g5, s5));
    result.afterTfjsLoss = {
      path: r6.path,
      source: next && next.device !== device ? r6.source : null,
      maxRelError: c6.rel,
    };
    // Check the plain GPU entry too (throws on a lost device).
    if (next) await filterImportanceGpu(next.device, g5, s5);
  } catch (e) {
    result.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  return result;
}

const api = { selfTest };
export type GpuSelfTestApi = typeof api;

Comlink.expose(api);
