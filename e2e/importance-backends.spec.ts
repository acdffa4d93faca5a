import { expect, test, type Page } from '@playwright/test';
import { exportJson, waitForPrediction, watchErrors } from './helpers';

interface ImportanceExport {
  backend: string;
  saliency: number[][];
  importances: Record<string, number[]>;
}

/** Export once the view shows a result computed on `backend`. */
async function exportOn(page: Page, backend: string): Promise<ImportanceExport> {
  await expect(page.getByRole('img', { name: 'Filter importance' })).toBeVisible({
    timeout: 120_000,
  });
  await expect
    .poll(async () => (await exportJson<ImportanceExport>(page)).backend, { timeout: 120_000 })
    .toBe(backend);
  return exportJson<ImportanceExport>(page);
}

/** Largest difference relative to the largest magnitude of the reference. */
function relDiff(a: number[], ref: number[]): number {
  const scale = Math.max(...ref.map(Math.abs), 1e-30);
  return Math.max(...a.map((v, i) => Math.abs(v - ref[i]))) / scale;
}

// Tolerance: 1e-4 of the largest value of each layer (and of the saliency map). The bench
// measures about 1e-6 between WebGPU (SwiftShader) and the CPU backend on this model.
const TOLERANCE = 1e-4;

test('the Importance view gives the same saliency and importances on WebGPU and on the CPU backend', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);
  await page.getByRole('tab', { name: 'Importance' }).click();
  const gpu = await exportOn(page, 'webgpu');

  await page.getByLabel('Backend').selectOption('cpu');
  await expect(page.getByRole('status')).toContainText('Backend: cpu', { timeout: 60_000 });
  const cpu = await exportOn(page, 'cpu');

  expect(Object.keys(gpu.importances)).toEqual(['conv1', 'conv2', 'conv3']);
  for (const name of Object.keys(cpu.importances)) {
    expect(gpu.importances[name].length).toBe(cpu.importances[name].length);
    expect(relDiff(gpu.importances[name], cpu.importances[name])).toBeLessThan(TOLERANCE);
  }
  expect(relDiff(gpu.saliency.flat(), cpu.saliency.flat())).toBeLessThan(TOLERANCE);
  expect(errors).toEqual([]);
});
