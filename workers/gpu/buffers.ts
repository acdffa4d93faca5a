/**
 * GPU buffers for our WGSL kernels: upload a Float32Array into a storage buffer, create output
 * and uniform buffers, and read a storage buffer back into a Float32Array (mapAsync).
 *
 * WebGPU rules handled here: storage bindings are multiples of 4 bytes and never empty (sizes
 * are padded to 4, at least 4); uniform buffers are padded to 16 bytes (WGSL struct alignment);
 * a storage binding may not exceed the device's `maxStorageBufferBindingSize` (nor a buffer its
 * `maxBufferSize`): `checkStorageFits` throws a TsvizError('backend') naming the sizes instead
 * of letting WebGPU fail with a validation error.
 *
 * Callers destroy the buffers they create (`buffer.destroy()`) once the work is read back.
 */
import { TsvizError } from '../../src/core/errors';

/** The limits the size checks need (a GPUDevice's `limits`, or a test's stand-in). */
export interface StorageLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
}

/** Round `bytes` up to a multiple of `alignment`. */
export function alignTo(bytes: number, alignment: number): number {
  return Math.ceil(bytes / alignment) * alignment;
}

/** Bytes to allocate for a storage buffer holding `bytes`: a multiple of 4, at least 4. */
export function storageSize(bytes: number): number {
  return Math.max(4, alignTo(bytes, 4));
}

/** Bytes to allocate for a uniform buffer holding `bytes`: a multiple of 16, at least 16. */
export function uniformSize(bytes: number): number {
  return Math.max(16, alignTo(bytes, 16));
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

/**
 * Throw a TsvizError when a storage buffer of `bytes` (before padding) does not fit the device.
 * @param what what the buffer holds, for the message ("the gradients of 64 sequences").
 */
export function checkStorageFits(limits: StorageLimits, bytes: number, what: string): void {
  const size = storageSize(bytes);
  const cap = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  if (size > cap) {
    throw new TsvizError(
      'backend',
      `${what} needs ${mib(size)} in one GPU buffer, more than this GPU allows (${mib(cap)}).`,
      'Analyse fewer sequences at a time, or choose the WASM or CPU backend in the Backend selector.',
    );
  }
}

const STORAGE_USAGE = (): number =>
  GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

/** A storage buffer holding a copy of `data` (checked against the device limits). */
export function uploadStorage(
  device: GPUDevice,
  data: Float32Array | Uint32Array,
  label = 'input',
): GPUBuffer {
  checkStorageFits(device.limits, data.byteLength, label);
  const buffer = device.createBuffer({
    label,
    size: storageSize(data.byteLength),
    usage: STORAGE_USAGE(),
    mappedAtCreation: true,
  });
  new Uint8Array(buffer.getMappedRange(), 0, data.byteLength).set(
    new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  );
  buffer.unmap();
  return buffer;
}

/** An uninitialised (zeroed) storage buffer of `bytes` (padded), e.g. a kernel's output. */
export function createStorage(device: GPUDevice, bytes: number, label = 'output'): GPUBuffer {
  checkStorageFits(device.limits, bytes, label);
  return device.createBuffer({ label, size: storageSize(bytes), usage: STORAGE_USAGE() });
}

/**
 * A uniform buffer holding `data` (e.g. `new Uint32Array([n, p, f, total])`), padded to 16
 * bytes. Lay the values out as the WGSL struct does (u32/f32/i32 fields are 4 bytes each).
 */
export function createUniform(
  device: GPUDevice,
  data: Uint32Array | Int32Array | Float32Array,
  label = 'params',
): GPUBuffer {
  const buffer = device.createBuffer({
    label,
    size: uniformSize(data.byteLength),
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    mappedAtCreation: true,
  });
  new Uint8Array(buffer.getMappedRange()).set(
    new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  );
  buffer.unmap();
  return buffer;
}

/**
 * Read `count` floats from a storage buffer (starting at float `offset`) into a new
 * Float32Array: copies into a MAP_READ staging buffer after all work already submitted on the
 * device's queue, then maps it. Rejects when the device is lost.
 */
export async function readback(
  device: GPUDevice,
  source: GPUBuffer,
  count: number,
  offset = 0,
): Promise<Float32Array> {
  if (count === 0) return new Float32Array(0);
  const bytes = storageSize(count * 4);
  const staging = device.createBuffer({
    label: 'readback',
    size: bytes,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  try {
    const encoder = device.createCommandEncoder({ label: 'readback' });
    encoder.copyBufferToBuffer(source, offset * 4, staging, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const out = new Float32Array(count);
    out.set(new Float32Array(staging.getMappedRange(), 0, count));
    staging.unmap();
    return out;
  } finally {
    staging.destroy();
  }
}
