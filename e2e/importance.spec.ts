import { expect, test, type Page } from '@playwright/test';
import { exportJson, openView, watchErrors } from './helpers';

/** Sum of the per-layer highlighted counts shown under the filter importance chart. */
async function highlighted(page: Page): Promise<number> {
  return Number(await page.getByTestId('highlighted-count').innerText());
}

test('the Importance view: saliency, filter importance, percentile, a filter, the dataset, export', async ({
  page,
}) => {
  test.setTimeout(480_000);
  const errors = watchErrors(page);
  const view = await openView(page, 'Importance');

  // keep the alternative attributions small: WebGPU here is a software emulator
  await view.getByLabel('Noisy samples').fill('3');
  await view.getByLabel('Noisy samples').press('Enter');
  await view.getByLabel('Steps').fill('4');
  await view.getByLabel('Steps').press('Enter');

  const saliency = page.getByRole('img', { name: 'Input saliency' });
  await expect(saliency).toBeVisible({ timeout: 180_000 });
  await expect(saliency.locator('svg .channel')).toHaveCount(3);
  await page.getByText('Input saliency: numbers').click();
  await expect(page.getByRole('table', { name: 'Input saliency' }).locator('tbody tr')).toHaveCount(
    50,
  );
  await expect(page.getByRole('img', { name: 'SmoothGrad attribution' })).toBeVisible({
    timeout: 180_000,
  });
  await expect(page.getByRole('img', { name: 'Integrated Gradients attribution' })).toBeVisible();
  await expect(page.getByTestId('filter-tensor')).toContainText('activation');

  const importance = page.getByRole('img', { name: 'Filter importance' });
  await expect(importance).toBeVisible();
  await expect(importance.locator('svg')).toHaveCount(3);
  await page.getByText('Filter importance: numbers').click();
  await expect(
    page.getByRole('table', { name: 'Filter importance' }).locator('tbody tr'),
  ).toHaveCount(16 + 32 + 64);

  // the percentile control keeps only the top filters of each layer
  const all = await highlighted(page);
  expect(all).toBeGreaterThan(10);
  await view.getByLabel('Percentile').fill('10');
  await view.getByLabel('Percentile').press('Enter');
  await expect.poll(() => highlighted(page)).toBeLessThanOrEqual(2 + 4 + 7);
  const top = await highlighted(page);
  expect(top).toBeGreaterThan(0);
  expect(top).toBeLessThan(all);
  const topRows = page
    .getByRole('table', { name: 'Filter importance' })
    .locator('tbody tr', { has: page.locator('td', { hasText: /^top$/ }) });
  await expect(topRows).toHaveCount(top);

  // clicking a filter of conv2 shows its activation and its input saliency
  await importance.locator('svg').nth(1).locator('rect.hit').nth(3).click();
  const selected = page.getByTestId('selected-filter');
  await expect(selected).toContainText('filter 3');
  await expect(page.getByRole('img', { name: 'Activation of the selected filter' })).toBeVisible();
  const filterSaliency = page.getByRole('img', { name: 'Selected filter saliency over the input' });
  await expect(filterSaliency).toBeVisible({ timeout: 180_000 });
  await expect(filterSaliency.locator('svg .channel')).toHaveCount(3);

  // a tiny temperature saturates the output: the view says so and draws no heat map
  await view.getByLabel('Temperature T').fill('0.001');
  await view.getByLabel('Temperature T').press('Enter');
  await expect(page.getByTestId('saturated')).toContainText(
    /The output is saturated \(p = [\d.]+\): gradients vanish \(Proposition 1\); raise the temperature T/,
    { timeout: 180_000 },
  );
  await expect(saliency.locator('svg .legend')).toContainText('no saliency overlay');
  await view.getByLabel('Temperature T').fill('1');
  await view.getByLabel('Temperature T').press('Enter');
  await expect(page.getByTestId('saturated')).toHaveCount(0, { timeout: 180_000 });

  // the pre-activation can stand for a filter, and the view says which is used
  await view.getByLabel('A filter stands for its').selectOption('preActivation');
  await expect(page.getByTestId('filter-tensor')).toContainText('pre-activation', {
    timeout: 180_000,
  });
  await expect(page.getByTestId('importance-target')).toBeVisible();
  await view.getByLabel('A filter stands for its').selectOption('activation');

  // dataset-wide importance: a job with progress and Cancel, then the chart and the counts
  await view.getByRole('button', { name: 'Compute dataset importance' }).click();
  const progress = page.locator('.progress[data-job="dataset-importance"]');
  await expect(progress).toBeVisible();
  await expect(progress.getByRole('button', { name: 'Cancel' })).toBeVisible();
  const dataset = page.getByRole('img', { name: 'Dataset importance' });
  await expect(dataset).toBeVisible({ timeout: 300_000 });
  await expect(progress).toHaveCount(0);
  await expect(dataset.locator('svg')).toHaveCount(3);
  const never = page.getByTestId('never-matter').locator('li');
  await expect(never).toHaveCount(3);
  await expect(never.nth(0)).toContainText(
    /conv1: \d+ of 16 filters never matter on this dataset \(mean below 1% of the layer's largest\)/,
  );
  await expect(never.nth(2)).toContainText(/of 64 filters never matter/);

  // the export holds the saliency [50][3] and each conv layer's importances by name
  const json = await exportJson(page);
  const sal = json.saliency as number[][];
  expect(sal).toHaveLength(50);
  expect(sal.every((row) => row.length === 3)).toBe(true);
  const imp = json.importances as Record<string, number[]>;
  expect(imp.conv1).toHaveLength(16);
  expect(imp.conv2).toHaveLength(32);
  expect(imp.conv3).toHaveLength(64);
  expect(json.filterTensor).toBe('activation');
  const ds = json.dataset as { rows: number; layers: Record<string, { mean: number[] }> };
  expect(ds.rows).toBeGreaterThan(0);
  expect(ds.layers.conv3.mean).toHaveLength(64);
  const methods = (json.attributions as { method: string }[]).map((a) => a.method);
  expect(methods).toEqual(['gradient', 'smoothgrad', 'integrated-gradients']);

  // another sample chosen in the Overview is explained when the tab is shown again
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByLabel('Sample', { exact: true })).toHaveValue('1');
  await page.getByRole('tab', { name: 'Importance' }).click();
  await expect(page.getByTestId('importance-sample')).toHaveText('1');
  const again = await exportJson(page);
  expect(again.sample).toBe(1);
  expect(errors).toEqual([]);
});

/** Highlighted filters per layer: as the view lists them, and as the stack's numbers table does. */
async function stackCounts(page: Page): Promise<{ view: string[]; stack: string[] }> {
  const view = await page
    .getByTestId('highlighted-counts')
    .locator('li')
    .evaluateAll((els) => els.map((e) => `${e.dataset.layer}=${e.dataset.highlighted}`));
  const stack = await page
    .getByRole('table', { name: 'Layer stack by importance' })
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => {
        const td = [...r.querySelectorAll('td')].map((c) => c.textContent ?? '');
        return `${td[0]}=${td[3]}`;
      }),
    );
  return { view, stack };
}

test('the Importance view draws the layer stack with filters by importance and the percentile', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  const view = await openView(page, 'Importance');
  await view.getByLabel('Noisy samples').fill('3');
  await view.getByLabel('Noisy samples').press('Enter');
  await view.getByLabel('Steps').fill('4');
  await view.getByLabel('Steps').press('Enter');

  const stack = page.getByRole('img', { name: 'Layer stack by importance' });
  await expect(stack).toBeVisible();
  const box = await stack.boundingBox();
  expect(box?.width).toBeGreaterThan(100);
  await expect(page.getByTestId('highlighted-counts').locator('li')).toHaveCount(3, {
    timeout: 180_000,
  });
  await page.getByText('Layer stack by importance: numbers').click();
  const table = page.getByRole('table', { name: 'Layer stack by importance' });
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table.locator('thead')).toContainText('Highlighted (top 100%)');
  const before = await stackCounts(page);
  expect(before.stack).toEqual(before.view);
  expect(before.stack[0]).toMatch(/^conv1=\d+$/);

  await view.getByLabel('Percentile').fill('10');
  await view.getByLabel('Percentile').press('Enter');
  await expect(table.locator('thead')).toContainText('Highlighted (top 10%)');
  await expect.poll(async () => (await stackCounts(page)).stack).not.toEqual(before.stack);
  const after = await stackCounts(page);
  expect(after.stack).toEqual(after.view);
  const total = (c: string[]) => c.reduce((n, x) => n + Number(x.split('=')[1]), 0);
  expect(total(after.stack)).toBeLessThan(total(before.stack));
  expect(total(after.stack)).toBeGreaterThan(0);
  // the Overview's stack keeps its own name, and both are drawn
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByRole('img', { name: 'Layer stack', exact: true })).toBeVisible();
  await expect(page.locator('.gl-error')).toHaveCount(0);
  expect(errors).toEqual([]);
});
