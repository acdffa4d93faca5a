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
 * The count once the worker is idle: an analysis still in flight holds its tensors for a
 * moment, so poll until two reads agree (a leak never comes back, and the poll then fails
 * against the expected value below).
 */
async function settledCount(page: Page): Promise<number> {
  let last = -1;
  await expect
    .poll(async () => {
      const now = (await memory(page)).numTensors;
      const same = now === last;
      last = now;
      return same;
    })
    .toBe(true);
  return last;
}

const DEMOS = [
  { id: 'traffic', data: /traffic-test\.csv \(\d+ samples\)/ },
  { id: 'ecg200', data: /ecg200-test\.tsv \(\d+ samples\)/ },
  { id: 'anomaly', data: /anomaly-test\.csv \(\d+ samples\)/ },
];

async function openDemo(page: Page, demo: (typeof DEMOS)[number]): Promise<void> {
  await page.getByLabel('Demo').selectOption(demo.id);
  await expect(page.getByText(demo.data)).toBeVisible({ timeout: 60_000 });
  await waitForPrediction(page);
}

test('50 "Next" analyses bring the worker tensor count back to its baseline', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);
  const sample = page.getByLabel('Sample', { exact: true });
  await expect(sample).toHaveValue('0');
  const baseline = await settledCount(page);
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
  await waitForPrediction(page);
  const counts = new Map<string, number>([['anomaly', await settledCount(page)]]);
  for (let round = 0; round < 3; round++) {
    for (const demo of DEMOS) {
      await openDemo(page, demo);
      const first = counts.get(demo.id);
      if (first === undefined) {
        counts.set(demo.id, await settledCount(page));
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
