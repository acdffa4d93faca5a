import { expect, test } from '@playwright/test';
import { waitForPrediction } from './helpers';

test('?backend=wasm selects the WASM backend and the selector switches to webgpu with the same prediction', async ({
  page,
}) => {
  await page.goto('./?backend=wasm');
  const status = page.getByRole('status');
  await expect(status).toContainText('Backend: wasm', { timeout: 60_000 });
  await waitForPrediction(page);
  const before = await page.getByTestId('prediction').innerText();
  await page.getByLabel('Backend').selectOption('webgpu');
  await expect(status).toContainText('Backend: webgpu', { timeout: 60_000 });
  await expect(page).toHaveURL(/backend=webgpu/);
  await expect(page.getByTestId('prediction')).toHaveText(before);
});
