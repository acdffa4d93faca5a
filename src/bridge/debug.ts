/**
 * A small, documented hook for end-to-end tests and curious users (window.tsvizDebug):
 * the compute worker's tensor count, a simulated GPU device loss, and the WGSL kernel
 * self-test (run in a worker of its own). It exposes no data.
 */
import { compute } from './index';
import type { GpuSelfTestResult } from './gpu-selftest';

export interface TsvizDebug {
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  simulateDeviceLoss(): Promise<boolean>;
  gpuSelfTest(): Promise<GpuSelfTestResult>;
}

export function installDebugHook(): void {
  const hook: TsvizDebug = {
    memory: () => compute().memory(),
    simulateDeviceLoss: () => compute().simulateDeviceLoss(),
    gpuSelfTest: async () => (await import('./gpu-selftest')).runGpuSelfTest(),
  };
  (window as unknown as { tsvizDebug: TsvizDebug }).tsvizDebug = hook;
}
