/**
 * A tiny way to define WGSL compute kernels and their CPU fallbacks (workers only).
 *
 * `defineKernel({ label, code, workgroupSize })` is one compute shader. Its WGSL declares
 * `override WORKGROUP_SIZE: u32;` and `@compute @workgroup_size(WORKGROUP_SIZE) fn main(...)`,
 * binds its resources in @group(0) in order (binding i = the i-th entry passed to `dispatch`),
 * and finds its linear invocation index with `linear_index(...)` from `LINEAR_INDEX_WGSL`
 * (prepend it to the source): one-dimensional work of any size is dispatched as a 2-D grid of
 * workgroups so that no dimension exceeds `maxComputeWorkgroupsPerDimension`, and the shader
 * returns early for indices past the end. Pipelines are compiled once per device (a WeakMap:
 * a fresh device after a loss compiles afresh) with `createComputePipelineAsync`.
 *
 * `defineHybrid({ name, gpu, cpu, worthGpu })` pairs a GPU implementation `gpu(device, ...args)`
 * with a CPU one `cpu(...args)` of the same arguments and gives `run(...args)`, which uses the
 * GPU when one is available and the work is worth it, falls back to the CPU otherwise (or when
 * the GPU path fails, e.g. on a device loss), and says which path ran and why.
 *
 * Sharing tfjs's device: our command buffers go on the same queue as tfjs's, and tfjs batches
 * its dispatches in an encoder it submits later. So never bind a tfjs tensor's internal buffer
 * directly: take `tensor.dataToGPU()` (it submits tfjs's pending work, then copies), and dispose
 * its `tensorRef` only after our readback, as importance.ts does. In the compute worker, run
 * kernels on tensors inside session.ts `serial` like every other tfjs call.
 */
import { getGpuDevice, gpuUnavailableReason, type GpuDeviceHandle } from './device';

/**
 * WGSL helper: the linear index of this invocation in a (x, y) grid of 1-D workgroups.
 * Call it as `linear_index(wid, nwg, lid)` with the builtins workgroup_id, num_workgroups and
 * local_invocation_index; needs `override WORKGROUP_SIZE: u32` declared in the kernel.
 */
export const LINEAR_INDEX_WGSL = /* wgsl */ `
fn linear_index(wid: vec3<u32>, nwg: vec3<u32>, lid: u32) -> u32 {
  return (wid.y * nwg.x + wid.x) * WORKGROUP_SIZE + lid;
}
`;

/**
 * Workgroups for `invocations` 1-D invocations: [x, y, 1] with x, y <= maxPerDimension and
 * x * y * workgroupSize >= invocations (a few trailing invocations may be idle).
 */
export function gridFor(
  invocations: number,
  workgroupSize: number,
  maxPerDimension: number,
): [number, number, number] {
  const groups = Math.ceil(invocations / workgroupSize);
  if (groups <= maxPerDimension) return [Math.max(groups, 1), 1, 1];
  const y = Math.ceil(groups / maxPerDimension);
  if (y > maxPerDimension) {
    throw new RangeError(
      `${invocations} invocations need more than ${maxPerDimension}² workgroups of ${workgroupSize}.`,
    );
  }
  return [Math.ceil(groups / y), y, 1];
}

export interface KernelSpec {
  /** Names the pipeline in WebGPU error messages and keys the cache. */
  label: string;
  /** WGSL source with `override WORKGROUP_SIZE: u32;` and an entry point `main`. */
  code: string;
  /** Invocations per workgroup (x only); 64 is a good default. */
  workgroupSize: number;
}

export interface DispatchOptions {
  /** Cap the workgroups per dimension below the device's limit (tests force a 2-D grid). */
  maxWorkgroupsPerDimension?: number;
}

export interface ComputeKernel {
  readonly label: string;
  readonly workgroupSize: number;
  /** The compiled pipeline for `device` (compiled once per device). */
  pipeline(device: GPUDevice): Promise<GPUComputePipeline>;
  /**
   * Run `invocations` invocations with `bindings` as @group(0) @binding(0..): record, submit,
   * and reject on a WebGPU validation or out-of-memory error. Returns the grid dispatched.
   * Results are read back by the caller (buffers.ts `readback`, queued after this work).
   */
  dispatch(
    device: GPUDevice,
    bindings: (GPUBuffer | GPUBufferBinding)[],
    invocations: number,
    options?: DispatchOptions,
  ): Promise<[number, number, number]>;
}

const pipelines = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

/** Define a WGSL compute kernel (see the file comment). */
export function defineKernel(spec: KernelSpec): ComputeKernel {
  const key = `${spec.label}@${spec.workgroupSize}`;
  const pipeline = (device: GPUDevice): Promise<GPUComputePipeline> => {
    let cache = pipelines.get(device);
    if (!cache) {
      cache = new Map();
      pipelines.set(device, cache);
    }
    let p = cache.get(key);
    if (!p) {
      const limit = device.limits.maxComputeInvocationsPerWorkgroup;
      if (spec.workgroupSize > limit || spec.workgroupSize > device.limits.maxComputeWorkgroupSizeX)
        throw new RangeError(`${spec.label}: workgroup size ${spec.workgroupSize} > ${limit}.`);
      const module = device.createShaderModule({ label: spec.label, code: spec.code });
      p = device.createComputePipelineAsync({
        label: spec.label,
        layout: 'auto',
        compute: { module, entryPoint: 'main', constants: { WORKGROUP_SIZE: spec.workgroupSize } },
      });
      const c = cache;
      p.catch(() => c.delete(key)); // a failed compile is not cached
      cache.set(key, p);
    }
    return p;
  };

  return {
    label: spec.label,
    workgroupSize: spec.workgroupSize,
    pipeline,
    async dispatch(device, bindings, invocations, options = {}) {
      const maxPerDim = Math.min(
        device.limits.maxComputeWorkgroupsPerDimension,
        options.maxWorkgroupsPerDimension ?? Infinity,
      );
      const grid = gridFor(invocations, spec.workgroupSize, maxPerDim);
      const compiled = await pipeline(device);
      device.pushErrorScope('out-of-memory');
      device.pushErrorScope('validation');
      const bindGroup = device.createBindGroup({
        label: spec.label,
        layout: compiled.getBindGroupLayout(0),
        entries: bindings.map((b, binding) => ({
          binding,
          resource: 'buffer' in b ? b : { buffer: b },
        })),
      });
      const encoder = device.createCommandEncoder({ label: spec.label });
      const pass = encoder.beginComputePass({ label: spec.label });
      pass.setPipeline(compiled);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
      pass.end();
      device.queue.submit([encoder.finish()]);
      // Both scopes close now (synchronously), so no later work on a shared device lands in them.
      const [validation, memory] = await Promise.all([
        device.popErrorScope(),
        device.popErrorScope(),
      ]);
      const error = validation ?? memory;
      if (error) throw new Error(`${spec.label}: ${error.message}`);
      return grid;
    },
  };
}

/** Which implementation ran. */
export type KernelPath = 'gpu' | 'cpu';

export interface KernelResult<R> {
  value: R;
  path: KernelPath;
  /** Where the GPU device came from when the GPU ran. */
  source: GpuDeviceHandle['source'] | null;
  /** Why the CPU ran (no WebGPU, too small, software adapter, the GPU path failed), or null. */
  reason: string | null;
}

export interface RunOptions {
  /** 'auto' (default): GPU when available and worth it; 'gpu': GPU whenever one exists. */
  prefer?: 'auto' | 'gpu' | 'cpu';
  /** Use this device instead of asking device.ts (tests; or a caller that holds one). */
  device?: GpuDeviceHandle | null;
}

export interface HybridSpec<A extends unknown[], R> {
  name: string;
  gpu(device: GPUDevice, ...args: A): Promise<R>;
  cpu(...args: A): R | Promise<R>;
  /** Whether the GPU is worth it for these arguments (default: always). */
  worthGpu?(...args: A): boolean;
  /**
   * Use a software adapter (SwiftShader) in 'auto' mode (default false: on a CPU-emulated GPU the
   * plain loops are faster for data that starts on the CPU).
   */
  useFallbackAdapter?: boolean;
}

export interface HybridKernel<A extends unknown[], R> {
  readonly name: string;
  gpu(device: GPUDevice, ...args: A): Promise<R>;
  cpu(...args: A): R | Promise<R>;
  /** GPU when available and worth it, else CPU; a failing GPU path falls back to the CPU. */
  run(...args: A): Promise<KernelResult<R>>;
  /** `run` with options (force a path, or pass the device). */
  runWith(options: RunOptions, ...args: A): Promise<KernelResult<R>>;
}

/** Pair a GPU and a CPU implementation (see the file comment). */
export function defineHybrid<A extends unknown[], R>(spec: HybridSpec<A, R>): HybridKernel<A, R> {
  const cpuResult = async (reason: string | null, args: A): Promise<KernelResult<R>> => ({
    value: await spec.cpu(...args),
    path: 'cpu',
    source: null,
    reason,
  });

  const runWith = async (options: RunOptions, ...args: A): Promise<KernelResult<R>> => {
    const prefer = options.prefer ?? 'auto';
    if (prefer === 'cpu') return cpuResult('the CPU path was requested', args);
    if (prefer === 'auto' && spec.worthGpu && !spec.worthGpu(...args))
      return cpuResult('the work is too small to be worth the GPU', args);
    const handle = options.device !== undefined ? options.device : await getGpuDevice();
    if (!handle) return cpuResult(gpuUnavailableReason() ?? 'no WebGPU device', args);
    if (prefer === 'auto' && handle.isFallbackAdapter && !spec.useFallbackAdapter)
      return cpuResult('the WebGPU adapter is a software emulation; the CPU is faster', args);
    try {
      return {
        value: await spec.gpu(handle.device, ...args),
        path: 'gpu',
        source: handle.source,
        reason: null,
      };
    } catch (e) {
      // A too-large input or a lost device: the CPU path still gives the answer.
      const why = e instanceof Error ? e.message : String(e);
      return cpuResult(`the GPU path failed (${why})`, args);
    }
  };

  return {
    name: spec.name,
    gpu: spec.gpu,
    cpu: spec.cpu,
    run: (...args: A) => runWith({}, ...args),
    runWith,
  };
}
