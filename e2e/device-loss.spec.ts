import { expect, test } from '@playwright/test';
import { waitForPrediction, watchErrors } from './helpers';

interface Debug {
  simulateDeviceLoss(): Promise<boolean>;
  memory(): Promise<{ numTensors: number }>;
}

test('a lost WebGPU device is detected, the backend restarts and the next analysis works', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);
  await expect(page.getByRole('status')).toContainText('Backend: webgpu');
  const destroyed = await page.evaluate(() =>
    (window as unknown as { tsvizDebug: Debug }).tsvizDebug.simulateDeviceLoss(),
  );
  expect(destroyed).toBe(true);
  await expect(
    page.getByRole('alert').filter({ hasText: 'GPU device was lost' }).first(),
  ).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'model reloaded' })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByRole('status')).toContainText('Backend: webgpu');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByLabel('Sample', { exact: true })).toHaveValue('1');
  await expect(page.getByTestId('prediction')).toContainText(/normal|anomalous/);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByLabel('Sample', { exact: true })).toHaveValue('2');
  await expect(page.getByTestId('label')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Analysing sample' })).toHaveCount(0);
  expect(errors.filter((e) => !/lost|destroyed/i.test(e))).toEqual([]);
});
