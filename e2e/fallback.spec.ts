import { expect, test } from '@playwright/test';
import { CHROMIUM_BASE_ARGS } from '../playwright.config';
import { waitForPrediction, watchErrors } from './helpers';

// Launched without --enable-unsafe-webgpu: navigator.gpu gives no adapter here.
test.use({ launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_BASE_ARGS } });

test('without WebGPU the app runs on a fallback backend and says why', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./');
  const status = page.getByRole('status');
  await expect(status).toContainText(/Backend: (webgl|wasm|cpu)/, { timeout: 60_000 });
  await expect(status).toContainText('WebGPU unavailable');
  await waitForPrediction(page);
  await expect(page.getByLabel('Backend').locator('option[value=webgpu]')).toBeDisabled();
  expect(errors).toEqual([]);
});
