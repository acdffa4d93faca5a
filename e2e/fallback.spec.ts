import { expect, test } from '@playwright/test';
import { CHROMIUM_BASE_ARGS } from '../playwright.config';
import { waitForPrediction, watchErrors } from './helpers';

test.describe('without WebGPU', () => {
  test.use({ launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_BASE_ARGS } });

  test('the app runs on a fallback backend and says why', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./');
    const status = page.getByRole('status');
    await expect(status).toContainText(/Backend: (webgl|wasm|cpu)/, { timeout: 60_000 });
    await expect(status).toContainText('WebGPU unavailable');
    await waitForPrediction(page);
    expect(errors).toEqual([]);
  });
});

test('?backend=wasm selects the WASM backend and the selector switches back to webgpu', async ({
  page,
}) => {
  await page.goto('./?backend=wasm');
  const status = page.getByRole('status');
  await expect(status).toContainText('Backend: wasm', { timeout: 60_000 });
  await waitForPrediction(page);
  const before = await page.getByTestId('prediction').innerText();
  await page.getByLabel('Backend').selectOption('webgpu');
  await expect(status).toContainText('Backend: webgpu', { timeout: 60_000 });
  await expect(page.getByTestId('prediction')).toHaveText(before);
});
