/**
 * Our own registration of the tfjs WebGPU backend, so that a lost GPU device can be detected
 * (GPUDevice.lost) and the backend registered and initialised again afterwards.
 */
import * as tf from '@tensorflow/tfjs';
import type { GpuLimits } from './gpu-fit';

type LostHandler = (message: string) => void;

let onLost: LostHandler | null = null;
let current: GPUDevice | null = null;
/** Set while we remove the backend ourselves, so that its 'destroyed' loss is not reported. */
let expectedLoss = false;

export function setDeviceLostHandler(fn: LostHandler | null): void {
  onLost = fn;
}

/** Further listeners for an unexpected loss of tfjs's device (the handler above recovers tfjs). */
const lostListeners = new Set<(message: string, device: GPUDevice) => void>();

/**
 * Also hear about every unexpected loss of the device tfjs's WebGPU backend runs on (used by
 * workers/gpu/device.ts to stop using it). Returns a function that removes the listener.
 */
export function addDeviceLostListener(
  fn: (message: string, device: GPUDevice) => void,
): () => void {
  lostListeners.add(fn);
  return () => {
    lostListeners.delete(fn);
  };
}

/** The device of the live tfjs WebGPU backend; null before one starts and after it was lost. */
export function webGpuDevice(): GPUDevice | null {
  return current;
}

/** Register (or re-register after removal) the 'webgpu' backend factory. */
export async function registerWebGpu(): Promise<void> {
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend(
    'webgpu',
    async () => {
      const gpu = (globalThis as { navigator?: Navigator & { gpu?: GPU } }).navigator?.gpu;
      const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
      if (!adapter) throw new Error('no WebGPU adapter is available');
      const l = adapter.limits;
      const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query')
        ? ['timestamp-query']
        : [];
      const device = await adapter.requestDevice({
        requiredFeatures,
        requiredLimits: {
          maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
          maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
          maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
          maxBufferSize: l.maxBufferSize,
          maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
          maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
        },
      });
      current = device;
      void device.lost.then((info) => {
        if (device !== current || expectedLoss) return;
        current = null;
        const message = info.message || `the GPU device was lost (${info.reason})`;
        for (const fn of lostListeners) fn(message, device);
        onLost?.(message);
      });
      const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
      return new WebGPUBackend(device, info);
    },
    3,
  );
}

/** Forget the current WebGPU backend (after a loss), so the next setBackend starts afresh. */
export async function resetWebGpu(): Promise<void> {
  expectedLoss = true;
  try {
    if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  } catch {
    // a backend on a lost device may fail to dispose; it is dropped either way
  } finally {
    expectedLoss = false;
  }
  await registerWebGpu();
}

/** For tests: destroy the live device as a driver reset would. */
export function destroyDeviceForTest(): boolean {
  if (!current) return false;
  current.destroy();
  return true;
}

/** The live WebGPU device's per-buffer limits (bytes), or null when there is none. */
export function deviceLimits(): GpuLimits | null {
  if (!current) return null;
  const { maxBufferSize, maxStorageBufferBindingSize } = current.limits;
  return { maxBufferSize, maxStorageBufferBindingSize };
}
