/**
 * A small, documented hook for end-to-end tests and curious users (window.tsvizDebug):
 * the compute worker's tensor count, a simulated GPU device loss, the WGSL kernel self-test
 * (run in a worker of its own), and the filter importance of dataset samples with the path
 * each reduction took (the WGSL kernel or the CPU loop). It exposes no data beyond what the
 * views already show.
 */
import { compute } from './index';
import type { GpuSelfTestResult } from './gpu-selftest';

/** One filter layer's importance as plain numbers: [N][F], and where it was reduced. */
export interface DebugFilterImportance {
  conv: number;
  layer: number;
  importance: number[][];
  path: 'gpu' | 'cpu';
}

export interface DebugInfluence {
  backend: string;
  /** [N, T, C] of the batch. */
  shape: [number, number, number];
  /** [N] the explained target per sample. */
  target: number[];
  filters: DebugFilterImportance[];
}

export interface TsvizDebug {
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  simulateDeviceLoss(): Promise<boolean>;
  gpuSelfTest(): Promise<GpuSelfTestResult>;
  /** api.influence on dataset samples; prefer 'cpu' forces the CPU reduction. */
  influence(samples: number[], prefer?: 'auto' | 'cpu'): Promise<DebugInfluence>;
}

async function influence(samples: number[], prefer?: 'auto' | 'cpu'): Promise<DebugInfluence> {
  const r = await compute().influence({ source: { samples }, prefer });
  const n = r.shape[0];
  return {
    backend: r.backend,
    shape: r.shape,
    target: Array.from(r.target),
    filters: r.filters.map((f) => {
      const F = n > 0 ? f.importance.length / n : 0;
      return {
        conv: f.conv,
        layer: f.layer,
        path: f.path,
        importance: Array.from({ length: n }, (_, i) =>
          Array.from(f.importance.subarray(i * F, (i + 1) * F)),
        ),
      };
    }),
  };
}

export function installDebugHook(): void {
  const hook: TsvizDebug = {
    memory: () => compute().memory(),
    simulateDeviceLoss: () => compute().simulateDeviceLoss(),
    gpuSelfTest: async () => (await import('./gpu-selftest')).runGpuSelfTest(),
    influence,
  };
  (window as unknown as { tsvizDebug: TsvizDebug }).tsvizDebug = hook;
}
