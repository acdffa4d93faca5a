import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { appear, ROOT, waitForPrediction } from './helpers';

/**
 * Record main-thread long tasks (over 50 ms) from now on. While recording, the tests wait for
 * things to appear with appear() (a plain wait), not expect(): Playwright's expect builds an aria
 * snapshot on the page's main thread each time a poll fails (of the whole page when the element
 * is missing or hidden).
 */
async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
}

const longTasks = (page: Page) =>
  page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);

test('the main thread stays responsive while samples are analysed and a dataset is parsed', async ({
  page,
}) => {
  await page.goto('./');
  await waitForPrediction(page);
  await expect(page.getByTestId('backend-timing')).toBeVisible({ timeout: 90_000 });
  await watchLongTasks(page);
  const sample = page.getByLabel('Sample', { exact: true });
  for (let i = 1; i <= 10; i++) {
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect.poll(() => sample.inputValue()).toBe(String(i));
  }
  await page
    .getByLabel('Open dataset')
    // by path: the browser reads the file itself (a buffer would be decoded on the page)
    .setInputFiles(join(ROOT, 'public/data/anomaly-test.csv'));
  await appear(page.getByRole('form', { name: 'Dataset form' }));
  await page
    .getByRole('form', { name: 'Dataset form' })
    .getByRole('button', { name: 'Load dataset' })
    .click();
  await page.getByRole('form', { name: 'Dataset form' }).waitFor({ state: 'hidden' });
  await waitForPrediction(page);
  // and a demo switch: model, sidecar dataset, first sample
  await page.getByLabel('Demo').selectOption('traffic');
  await appear(page.getByText(/traffic-test\.csv \(\d+ samples\)/));
  await waitForPrediction(page);
  expect(await longTasks(page)).toEqual([]);
});

test('clustering the largest demo layer and an optimization run keep the main thread free', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('./');
  await waitForPrediction(page);
  await expect(page.getByTestId('backend-timing')).toBeVisible({ timeout: 90_000 });
  await watchLongTasks(page);
  // Clusters: the 64 filters of conv3 (a 64 × 64 DTW matrix, 63 merges, the grid of 64 charts)
  await page.getByRole('tab', { name: 'Clusters' }).click();
  const clusters = page.getByRole('region', { name: 'Clusters' });
  const layer = clusters.getByRole('combobox', { name: 'Layer' });
  await layer.selectOption({ index: (await layer.locator('option').count()) - 1 });
  await clusters.getByRole('button', { name: 'Cluster' }).click();
  await appear(page.getByTestId('cluster-k'), 120_000);
  expect(await page.getByTestId('cluster-k').textContent()).toMatch(/^k = \d+$/);
  await expect.poll(() => clusters.locator('.filter-cell').count()).toBe(64);
  const dendrogram = clusters.getByRole('img', { name: 'Dendrogram' });
  await dendrogram.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
  // Optimization: a short inverse optimization with its live trajectory
  await page.getByRole('tab', { name: 'Optimization' }).click();
  const opt = page.getByRole('region', { name: 'Optimization' });
  await opt.getByLabel('Steps t').fill('60');
  await opt.getByRole('button', { name: 'Run' }).click();
  await appear(opt.getByTestId('end-prediction'), 120_000);
  expect(await longTasks(page)).toEqual([]);
});
