/**
 * Our WGSL kernels (workers/gpu/) on headless Chromium's WebGPU (SwiftShader), compared with
 * their CPU paths by the self-test worker: window.tsvizDebug.gpuSelfTest().
 */
import { expect, test } from '@playwright/test';
import type { GpuSelfTestResult } from '../src/bridge/gpu-selftest';
import { watchErrors } from './helpers';

interface Debug {
  gpuSelfTest(): Promise<GpuSelfTestResult>;
}

test('WGSL filter importance agrees with the CPU path on WebGPU', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  await page.goto('./');
  await page.waitForFunction(() => 'tsvizDebug' in window);
  const r = await page.evaluate(() =>
    (window as unknown as { tsvizDebug: Debug }).tsvizDebug.gpuSelfTest(),
  );
  for (const c of r.cases) console.log(JSON.stringify(c));
  expect(r.error).toBeNull();
  expect(r.backend).toBe('webgpu');

  const names = r.cases.map((c) => c.name);
  expect(names).toEqual([
    'hand-worked',
    'several-workgroups',
    '2d-grid-capped',
    '2d-grid-device-limit',
    'long-positions',
    'tensor-gradient-dataToGPU',
    'tensor-from-cpu-values',
    'own-device',
    'own-device-after-loss',
  ]);
  for (const c of r.cases) {
    expect(c.path, c.name).toBe('gpu');
    expect(c.maxRelError, c.name).toBeLessThanOrEqual(1e-5);
  }
  const byName = Object.fromEntries(r.cases.map((c) => [c.name, c]));
  expect(byName['hand-worked'].maxAbsError).toBe(0);
  expect(byName['several-workgroups'].source).toBe('tfjs');
  expect(byName['2d-grid-capped'].grid).toEqual([6, 3, 1]);
  const limited = byName['2d-grid-device-limit'].grid ?? [0, 0, 0];
  expect(limited[1]).toBeGreaterThan(1);
  expect(limited[0]).toBeLessThanOrEqual(r.maxComputeWorkgroupsPerDimension);
  expect(byName['tensor-gradient-dataToGPU'].source).toBe('tfjs');
  expect(byName['tensor-gradient-dataToGPU'].grid).toEqual([1, 1, 1]); // 4 x 16 outputs
  expect(byName['own-device'].source).toBe('own');
  expect(r.tensorsLeaked).toBe(0);
  expect(r.ownDeviceRenewed).toBe(true);
  expect(r.afterTfjsLoss).toMatchObject({ path: 'gpu', source: 'own' });
  expect(r.afterTfjsLoss?.maxRelError).toBeLessThanOrEqual(1e-5);
  // DTW distance matrix (workers/gpu/dtw-selftest.ts): both kernels against the CPU path.
  for (const c of r.dtw) console.log(JSON.stringify(c));
  expect(r.dtw.map((c) => c.name)).toEqual([
    'dtw-hand-worked-pair',
    'dtw-hand-worked-diagonal',
    'dtw-pair',
    'dtw-pair-window',
    'dtw-pair-2d-grid',
    'dtw-diagonal',
    'dtw-diagonal-window',
    'dtw-diagonal-2d-grid',
    'dtw-distance-matrix',
  ]);
  for (const c of r.dtw) {
    expect(c.path, c.name).toBe('gpu');
    expect(c.maxRelError, c.name).toBeLessThanOrEqual(1e-5);
  }
  expect(r.dtw[r.dtw.length - 1].source).toBe('tfjs');
  expect(errors.filter((e) => !/lost|destroyed/i.test(e))).toEqual([]);
});
