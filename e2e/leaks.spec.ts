import { expect, test, type Page } from '@playwright/test';
import { waitForPrediction, watchErrors } from './helpers';

/** window.tsvizDebug (src/bridge/debug.ts): the compute worker's tf.memory(). */
async function memory(page: Page): Promise<{ numTensors: number; numBytes: number }> {
  return page.evaluate(() =>
    (
      window as unknown as {
        tsvizDebug: { memory(): Promise<{ numTensors: number; numBytes: number }> };
      }
    ).tsvizDebug.memory(),
  );
}

/**
 * Wait until the worker is idle: the sample is analysed and, on a software WebGPU adapter,
 * the one-off backend timing (which holds a batch on the GPU while it runs) has reported.
 */
async function idle(page: Page): Promise<void> {
  await waitForPrediction(page);
  await expect(page.getByTestId('backend-timing')).toContainText(/wasm [\d.]+ ms/, {
    timeout: 90_000,
  });
}

const DEMOS = [
  { id: 'traffic', data: /traffic-test\.csv \(\d+ samples\)/ },
  { id: 'ecg200', data: /ecg200-test\.tsv \(\d+ samples\)/ },
  { id: 'anomaly', data: /anomaly-test\.csv \(\d+ samples\)/ },
];

async function openDemo(page: Page, demo: (typeof DEMOS)[number]): Promise<void> {
  await page.getByLabel('Demo').selectOption(demo.id);
  await expect(page.getByText(demo.data)).toBeVisible({ timeout: 60_000 });
  await idle(page);
}

test('50 "Next" analyses bring the worker tensor count back to its baseline', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await idle(page);
  const sample = page.getByLabel('Sample', { exact: true });
  await expect(sample).toHaveValue('0');
  const baseline = (await memory(page)).numTensors;
  expect(baseline).toBeGreaterThan(0); // the model's weights

  const next = page.getByRole('button', { name: 'Next', exact: true });
  for (let i = 1; i <= 50; i++) {
    await next.click();
    await expect(sample).toHaveValue(String(i));
    await expect(page.getByTestId('prediction')).toContainText(/normal|anomalous/);
  }
  await expect.poll(async () => (await memory(page)).numTensors).toBe(baseline);
  expect(errors).toEqual([]);
});

test('switching demos back and forth frees the old model: each model has its own count', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await idle(page);
  const counts = new Map<string, number>([['anomaly', (await memory(page)).numTensors]]);
  for (let round = 0; round < 3; round++) {
    for (const demo of DEMOS) {
      await openDemo(page, demo);
      const first = counts.get(demo.id);
      if (first === undefined) {
        counts.set(demo.id, (await memory(page)).numTensors);
        continue;
      }
      await expect
        .poll(async () => (await memory(page)).numTensors, {
          message: `${demo.id}, round ${round}`,
        })
        .toBe(first);
    }
  }
  expect(counts.size).toBe(3);
  expect(errors).toEqual([]);
});

test('switching backends back and forth keeps one copy of the weights', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await idle(page);
  const baseline = await memory(page);
  const status = page.getByRole('status');
  for (const backend of ['wasm', 'webgpu', 'cpu', 'webgpu', 'wasm', 'webgpu']) {
    await page.getByLabel('Backend').selectOption(backend);
    await expect(status).toContainText(`Backend: ${backend}`, { timeout: 60_000 });
    await waitForPrediction(page);
    await expect.poll(async () => memory(page), { message: backend }).toEqual(baseline);
  }
  expect(errors).toEqual([]);
});
