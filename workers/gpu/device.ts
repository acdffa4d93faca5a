/**
 * The GPUDevice our own WGSL kernels run on (workers only).
 *
 * - When tfjs runs on its 'webgpu' backend, kernels share tfjs's device
 *   (`(tf.backend() as WebGPUBackend).device`): tensors can then be handed to a kernel without a
 *   round trip through the CPU (`tensor.dataToGPU()`), and only one device is held.
 * - Otherwise (tfjs on wasm/webgl/cpu, or tfjs's device was lost and is not restarted yet) a
 *   device of our own is requested once through navigator.gpu and cached.
 * - No WebGPU at all: `getGpuDevice()` resolves to null and `gpuUnavailableReason()` says why;
 *   callers run the CPU path (see kernel.ts `defineHybrid`).
 *
 * Device loss: tfjs's device is watched through `addDeviceLostListener` of
 * workers/compute/webgpu-device.ts (whose handler restarts tfjs in the compute worker); a lost
 * device is never handed out again, so the next call gets tfjs's fresh device (once restarted)
 * or an own one. An own device that is lost is dropped and re-requested on the next call.
 * Pipelines are cached per device (kernel.ts), so a fresh device compiles afresh.
 *
 * Nothing here imports the tfjs WebGPU backend at run time (types only): it stays lazily loaded.
 */
import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { addDeviceLostListener } from '../compute/webgpu-device';

/** Where a device came from: tfjs's WebGPU backend, or requested by this module. */
export type DeviceSource = 'tfjs' | 'own';

export interface GpuDeviceHandle {
  device: GPUDevice;
  source: DeviceSource;
  /** True for a software adapter (SwiftShader): a CPU emulation, slower than plain JS loops. */
  isFallbackAdapter: boolean;
}

/** Why a device was lost, for listeners. */
export interface GpuDeviceLoss {
  source: DeviceSource;
  message: string;
}

const lost = new WeakSet<GPUDevice>();
const watched = new WeakSet<GPUDevice>();
const listeners = new Set<(loss: GpuDeviceLoss) => void>();
let own: Promise<GPUDevice | null> | null = null;
let ownDevice: GPUDevice | null = null;
let lastReason: string | null = null;

function markLost(device: GPUDevice, source: DeviceSource, message: string): void {
  if (lost.has(device)) return;
  lost.add(device);
  if (device === ownDevice) {
    ownDevice = null;
    own = null;
  }
  for (const fn of listeners) fn({ source, message });
}

function watch(device: GPUDevice, source: DeviceSource): void {
  if (watched.has(device)) return;
  watched.add(device);
  void device.lost.then((info) =>
    markLost(device, source, info.message || `the GPU device was lost (${info.reason})`),
  );
}

// tfjs's own loss report arrives as early as ours; either marks the device.
addDeviceLostListener((message, device) => markLost(device, 'tfjs', message));

/** True once `device` was lost (or destroyed); such a device is never handed out again. */
export function isDeviceLost(device: GPUDevice): boolean {
  return lost.has(device);
}

/** Hear about the loss of any device handed out here. Returns an unsubscribe function. */
export function onGpuDeviceLost(fn: (loss: GpuDeviceLoss) => void): () => void {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
}

/** Why the last `getGpuDevice()` found no device, or null. */
export function gpuUnavailableReason(): string | null {
  return lastReason;
}

function fallbackAdapter(device: GPUDevice): boolean {
  const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  const flag = (info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined)
    ?.isFallbackAdapter;
  return Boolean(flag) || /swiftshader/i.test(info?.architecture ?? '');
}

/**
 * tfjs's device when tfjs currently runs on a live 'webgpu' backend, else null. Synchronous and
 * side-effect free (it never initialises a backend).
 */
export function tfjsGpuDevice(): GPUDevice | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const device = (tf.backend() as WebGPUBackend).device;
  if (!device || lost.has(device)) return null;
  watch(device, 'tfjs');
  return device;
}

async function requestOwn(): Promise<GPUDevice | null> {
  const gpu = (globalThis as { navigator?: Navigator & { gpu?: GPU } }).navigator?.gpu;
  if (!gpu) {
    lastReason = 'this environment has no WebGPU (navigator.gpu is missing)';
    return null;
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    lastReason = `requestAdapter failed: ${e instanceof Error ? e.message : String(e)}`;
    return null;
  }
  if (!adapter) {
    lastReason = 'no WebGPU adapter is available';
    return null;
  }
  const l = adapter.limits;
  try {
    const device = await adapter.requestDevice({
      label: 'tsviz-kernels',
      requiredLimits: {
        maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
        maxBufferSize: l.maxBufferSize,
        maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
        maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
        maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      },
    });
    ownDevice = device;
    watch(device, 'own');
    return device;
  } catch (e) {
    lastReason = `requestDevice failed: ${e instanceof Error ? e.message : String(e)}`;
    return null;
  }
}

/**
 * A device of our own (requested once, cached; re-requested after a loss), whatever tfjs runs
 * on. Null when WebGPU is unavailable (see `gpuUnavailableReason()`).
 */
export async function ownGpuDevice(): Promise<GpuDeviceHandle | null> {
  own ??= requestOwn();
  const pending = own;
  const device = await pending;
  if (!device) {
    if (own === pending) own = null; // try again next time (an adapter may appear)
    return null;
  }
  if (lost.has(device)) return ownGpuDevice();
  return { device, source: 'own', isFallbackAdapter: fallbackAdapter(device) };
}

/**
 * The device kernels should use now: tfjs's when tfjs is on a live WebGPU backend, else our own.
 * Null when there is none (the CPU path runs).
 */
export async function getGpuDevice(): Promise<GpuDeviceHandle | null> {
  const shared = tfjsGpuDevice();
  if (shared) {
    lastReason = null;
    return { device: shared, source: 'tfjs', isFallbackAdapter: fallbackAdapter(shared) };
  }
  const mine = await ownGpuDevice();
  if (mine) lastReason = null;
  return mine;
}

/** Destroy and forget our own device (tests, or to free it); the next call requests a new one. */
export function releaseOwnGpuDevice(): void {
  const device = ownDevice;
  ownDevice = null;
  own = null;
  if (device) {
    lost.add(device); // destroyed on purpose: no loss report
    device.destroy();
  }
}

/** For tests: destroy our own device as a driver reset would; resolves once the loss is seen. */
export async function simulateOwnDeviceLoss(): Promise<boolean> {
  const device = ownDevice;
  if (!device) return false;
  device.destroy();
  await device.lost;
  await Promise.resolve(); // let the loss handler (queued on the same promise) run first
  return lost.has(device);
}
