/**
 * A small, documented hook for end-to-end tests and curious users (window.tsvizDebug):
 * the compute worker's tensor count and a simulated GPU device loss. It exposes no data.
 */
import { compute } from './index';

export interface TsvizDebug {
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  simulateDeviceLoss(): Promise<boolean>;
}

export function installDebugHook(): void {
  const hook: TsvizDebug = {
    memory: () => compute().memory(),
    simulateDeviceLoss: () => compute().simulateDeviceLoss(),
  };
  (window as unknown as { tsvizDebug: TsvizDebug }).tsvizDebug = hook;
}
