/**
 * Compute backend selection inside the compute worker.
 *
 * Order: WebGPU -> WebGL -> WASM -> CPU. WebGPU stays the default wherever an adapter exists;
 * each skipped backend leaves a reason the status bar shows. tfjs-backend-webgpu does not check
 * for a null adapter, so we ask for one ourselves first.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerConvBackpropFilter } from '../kernels/conv2d-backprop-filter';
import { registerMaxPoolGrad } from '../kernels/max-pool-grad';
import { registerConvBackpropInput } from '../kernels/conv2d-backprop-input';
import { registerSharedIdentity } from '../kernels/identity-shared';
import { registerLeakyReluForward, registerLeakyReluGradient } from '../kernels/leaky-relu';
import { registerWebGpu } from './webgpu-device';
import type { AdapterDescription, BackendInfo, BackendName } from '../../src/core/protocol';
import { errorMessage } from '../../src/core/errors';

export type { AdapterDescription, BackendInfo, BackendName } from '../../src/core/protocol';
export const BACKEND_ORDER: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

async function probeWebGpu(): Promise<{
  adapter: AdapterDescription | null;
  reason: string | null;
}> {
  const nav = (globalThis as { navigator?: Navigator & { gpu?: GPU } }).navigator;
  const gpu = nav?.gpu;
  if (!gpu)
    return { adapter: null, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { adapter: null, reason: `requestAdapter failed: ${String(e)}` };
  }
  if (!adapter) return { adapter: null, reason: 'no WebGPU adapter is available' };
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo }).info;
  const legacyFallback = (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const infoFallback = (info as unknown as { isFallbackAdapter?: boolean } | undefined)
    ?.isFallbackAdapter;
  const architecture = info?.architecture ?? '';
  return {
    adapter: {
      vendor: info?.vendor ?? '',
      architecture,
      description: info?.description ?? '',
      isFallbackAdapter:
        Boolean(infoFallback ?? legacyFallback) || /swiftshader/i.test(architecture),
    },
    reason: null,
  };
}

let wasmBase = '';
let webgpuRegistered = false;

/** Register a backend's factory (imports its module) without switching to it. */
export async function prepareBackend(name: BackendName): Promise<void> {
  if (name === 'webgpu' && !webgpuRegistered) {
    await registerWebGpu();
    webgpuRegistered = true;
  }
  if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(wasmBase);
  }
}

async function trySet(name: BackendName): Promise<void> {
  await prepareBackend(name);
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
  if (name === 'cpu' || name === 'wasm') registerConvBackpropFilter(name);
  // tfjs-backend-wasm 4.22's MaxPoolGrad misroutes all-negative windows (LeakyReLU + pool).
  if (name === 'wasm') registerMaxPoolGrad(name);
  // its Conv2DBackpropInput is a plain loop: stride-1 input gradients go through XNNPACK's Conv2D
  if (name === 'wasm') registerConvBackpropInput(name);
  // its Identity copies; tfjs clones every tensor a backward pass saves: share instead
  if (name === 'wasm') registerSharedIdentity(name);
  // LeakyReLU as x · step(x, alpha), its gradient dy · step(x, alpha): 3 to 10 times faster
  registerLeakyReluGradient();
  if (name === 'wasm') registerLeakyReluForward(name);
}

/**
 * Initialise tfjs on `preferred` (default WebGPU), falling back in BACKEND_ORDER.
 * @param wasmPath absolute URL of the folder holding the tfjs WASM binaries.
 */
export async function initBackend(
  preferred: BackendName | null,
  wasmPath: string,
): Promise<BackendInfo> {
  wasmBase = wasmPath;
  const probe = await probeWebGpu();
  const start = preferred ?? 'webgpu';
  const order = [start, ...BACKEND_ORDER.filter((b) => b !== start)];
  const reasons: string[] = [];
  for (const name of order) {
    if (name === 'webgpu' && !probe.adapter) {
      reasons.push(`WebGPU unavailable: ${probe.reason}`);
      continue;
    }
    try {
      await trySet(name);
      const available = BACKEND_ORDER.filter((b) => b !== 'webgpu' || probe.adapter !== null);
      let advice: string | null = null;
      if (probe.adapter?.isFallbackAdapter) {
        advice =
          'The WebGPU adapter is a software fallback (' +
          (probe.adapter.architecture || probe.adapter.vendor || 'CPU emulation') +
          '): WASM is usually much faster on such an adapter; choose it in the Backend selector.';
      }
      return {
        name,
        adapter: probe.adapter,
        fallbackReason: reasons.length ? reasons.join('; ') : null,
        advice,
        available,
      };
    } catch (e) {
      reasons.push(`${name} failed: ${errorMessage(e)}`);
    }
  }
  throw new Error(`No compute backend could start: ${reasons.join('; ')}`);
}
