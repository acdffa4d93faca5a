import { expect, test } from '@playwright/test';
import { layerNames, waitForPrediction, watchErrors } from './helpers';

test('the demo opens on the WebGPU backend with its layers, prediction and layer stack', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./');
  const status = page.getByRole('status');
  await expect(status).toContainText('Backend: webgpu', { timeout: 60_000 });
  await expect(status).toContainText('software fallback adapter');
  await expect(status).toContainText(/WASM is usually much faster|wasm is [\d.]+× faster/);

  const table = page.getByRole('table', { name: 'Layers' });
  await expect(table).toBeVisible();
  const rows = table.locator('tbody tr');
  const convRows = rows.filter({ has: page.locator('td', { hasText: /^Conv1D$/ }) });
  await expect(convRows).toHaveCount(3);
  const filters = await convRows.locator('td:nth-child(4)').allInnerTexts();
  expect(filters).toEqual(['16', '32', '64']);
  expect(await layerNames(page)).toContain('output');

  await waitForPrediction(page);
  await expect(page.getByTestId('prediction')).toContainText(/normal|anomalous/);
  await expect(page.getByTestId('label')).toContainText(/normal|anomalous/);
  await expect(page.getByRole('img', { name: 'Layer stack' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Input sample' })).toBeVisible();
  // the stack's numbers as a table: the input and one row per layer
  await page.getByText('Layer stack: numbers').click();
  const stackTable = page.getByRole('table', { name: 'Layer stack' });
  await expect(stackTable.locator('tbody tr')).toHaveCount(12);
  await expect(stackTable.locator('tbody tr').nth(1)).toContainText('[50, 16]');
  // the training-only activity regularizer was stripped and the user told so
  await expect(page.getByRole('list', { name: 'Notes' })).toContainText('activity_regularizer');
  // the faster backend on this machine is named from a real measurement of this model
  await expect(page.getByTestId('backend-timing')).toContainText(
    /webgpu [\d.]+ ms, wasm [\d.]+ ms/,
    {
      timeout: 90_000,
    },
  );
  expect(errors).toEqual([]);
});

test('next/previous and class selection change the sample and the prediction', async ({ page }) => {
  await page.goto('./');
  await waitForPrediction(page);
  const sample = page.getByLabel('Sample', { exact: true });
  await expect(sample).toHaveValue('0');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(sample).toHaveValue('1');
  await page.getByLabel('Next of class').selectOption({ label: 'anomalous' });
  await expect(page.getByTestId('label')).toHaveText('anomalous');
  await page.getByLabel('Next of class').selectOption({ label: 'normal' });
  await expect(page.getByTestId('label')).toHaveText('normal');
});

test('hovering a filter in the layer stack shows its activation curve', async ({ page }) => {
  await page.goto('./');
  await waitForPrediction(page);
  const canvas = page.getByRole('img', { name: 'Layer stack' });
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas box');
  const tip = page.getByRole('img', { name: 'Filter activation' });
  // the render worker reports panel label positions after its first frame
  await expect(page.locator('.stack-label').first()).toBeVisible();
  let shown = false;
  for (let fx = 0.1; fx <= 0.9 && !shown; fx += 0.05) {
    for (let fy = 0.2; fy <= 0.8 && !shown; fy += 0.1) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      // the pick answer comes back from the render worker asynchronously
      shown = await tip
        .waitFor({ state: 'visible', timeout: 400 })
        .then(() => true)
        .catch(() => false);
    }
  }
  expect(shown).toBe(true);
  await expect(tip.locator('svg path').first()).toBeVisible();
});

test('the Overview exports download JSON and CSV with the layers', async ({ page }) => {
  await page.goto('./');
  await waitForPrediction(page);
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  const parsed = JSON.parse(
    await (await json.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()),
  );
  expect(parsed.layers.some((l: { name: string }) => l.name === 'conv1')).toBe(true);
  expect(parsed.sample.activations.length).toBeGreaterThan(3);
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const text = Buffer.concat(await (await csv.createReadStream()).toArray()).toString();
  expect(text.split('\r\n')[0]).toBe('layer,type,output_shape,filters,parameters');
  expect(text).toContain('conv1,Conv1D,50x16,16,');
});
