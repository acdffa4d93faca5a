/**
 * Page-side loader of the WGSL kernel self-test (workers/gpu/selftest.worker.ts): starts the
 * worker, runs `selfTest()` (tfjs on WebGPU, our kernels compared with their CPU paths) and
 * terminates the worker. Loaded on demand (dynamic import) so the main bundle stays small.
 */
import * as Comlink from 'comlink';
import type { GpuSelfTestApi, GpuSelfTestResult } from '../../workers/gpu/selftest.worker';

export type { GpuSelfTestResult, SelfTestCase } from '../../workers/gpu/selftest.worker';

export async function runGpuSelfTest(): Promise<GpuSelfTestResult> {
  const worker = new Worker(new URL('../../workers/gpu/selftest.worker.ts', import.meta.url), {
    type: 'module',
  });
  const remote = Comlink.wrap<GpuSelfTestApi>(worker);
  try {
    const base = new URL('./', document.baseURI).href;
    return await remote.selfTest(new URL('tfjs-wasm/', base).href);
  } finally {
    remote[Comlink.releaseProxy]();
    worker.terminate();
  }
}
