import { expect, test, type Download, type Page } from '@playwright/test';
import { exportJson, openView, waitForPrediction, watchErrors } from './helpers';

/** The downloaded file's bytes. */
async function bytesOf(d: Download): Promise<Buffer> {
  return Buffer.concat(await (await d.createReadStream()).toArray());
}

/** The "Faithfulness" table's losses per layer, from the cells' full-precision values. */
async function faithfulness(page: Page): Promise<{ layer: string; most: number; least: number }[]> {
  const table = page.getByRole('table', { name: 'Faithfulness' });
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({
      layer: r.querySelector('th')?.textContent ?? '',
      most: Number(r.querySelector('[data-loss="most"]')?.getAttribute('data-value')),
      least: Number(r.querySelector('[data-loss="least"]')?.getAttribute('data-value')),
    })),
  );
}

test('the Pruning view: Table 1 on the demo, a small sweep, a smaller model that loads back', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  const view = await openView(page, 'Pruning');
  // a few hundred test rows keep it short on this machine's software GPU / WASM
  await view.getByLabel('Test rows (0: all)').fill('400');
  await view.getByLabel('Test rows (0: all)').press('Enter');

  // Table 1: the most important filter's loss exceeds the least important's in every layer
  await view.getByRole('button', { name: 'Run faithfulness test' }).click();
  await expect(page.getByRole('table', { name: 'Faithfulness' })).toBeVisible({
    timeout: 180_000,
  });
  const rows = await faithfulness(page);
  expect(rows.map((r) => r.layer)).toEqual(['conv1', 'conv2', 'conv3']);
  for (const r of rows) expect(r.most, r.layer).toBeGreaterThan(r.least);
  await expect(page.getByRole('img', { name: 'Pruning ranking' }).locator('svg')).toHaveCount(3);

  // a small sweep: one layer, no fine-tuning
  await view.getByRole('checkbox', { name: /conv2/ }).uncheck();
  await view.getByRole('checkbox', { name: /conv3/ }).uncheck();
  const epochs = view.getByLabel('Fine-tuning epochs');
  if (await epochs.isEnabled()) {
    await epochs.fill('0');
    await epochs.press('Enter');
  }
  await view.getByRole('button', { name: 'Run pruning sweep' }).click();
  const sweep = page.getByRole('img', { name: 'Pruning sweep' });
  await expect(sweep.locator('svg')).toHaveCount(1, { timeout: 180_000 });
  await expect(sweep.locator('svg .series path')).toHaveCount(2);

  const json = await exportJson<{
    sweep: { curves: { layer: string; order: string; loss: number[] }[] };
    faithfulness: { table: { layer: string; ratio: number }[] };
  }>(page);
  expect(json.sweep.curves.map((c) => [c.layer, c.order, c.loss.length])).toEqual([
    ['conv1', 'least-first', 16],
    ['conv1', 'most-first', 16],
  ]);
  expect(json.faithfulness.table.every((r) => r.ratio > 1)).toBe(true);

  // a physically smaller model: three files that the app opens again
  await view.getByLabel('Filters to remove from conv1').fill('6');
  await view.getByLabel('Filters to remove from conv1').press('Enter');
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await view.getByRole('button', { name: 'Download pruned model' }).click();
  await expect.poll(() => downloads.length, { timeout: 60_000 }).toBe(3);
  expect(downloads.map((d) => d.suggestedFilename()).sort()).toEqual([
    'model.json',
    'tsviz.json',
    'weights.bin',
  ]);
  const before = Number(await page.getByTestId('params-before').innerText());
  const after = Number(await page.getByTestId('params-after').innerText());
  expect(after).toBeLessThan(before);
  const files = await Promise.all(
    downloads.map(async (d) => ({
      name: d.suggestedFilename(),
      mimeType: 'application/octet-stream',
      buffer: await bytesOf(d),
    })),
  );
  await page.getByLabel('Open model').setInputFiles(files);
  await expect(page.locator('.model-line')).toContainText('(pruned)', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Overview' }).click();
  const layers = page.getByRole('table', { name: 'Layers' });
  // conv1 has 16 - 6 filters (columns: Type, Output shape, Filters, Parameters)
  await expect(layers.locator('tbody tr').first().locator('td').nth(2)).toHaveText('10');
  await waitForPrediction(page);
  expect(errors).toEqual([]);
});

test('a sweep with fine-tuning trains each pruned model on the training rows only', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const errors = watchErrors(page);
  const view = await openView(page, 'Pruning');
  await view.getByLabel('Test rows (0: all)').fill('200');
  await view.getByLabel('Test rows (0: all)').press('Enter');
  await view.getByRole('checkbox', { name: /conv2/ }).uncheck();
  await view.getByRole('checkbox', { name: /conv3/ }).uncheck();
  const epochs = view.getByLabel('Fine-tuning epochs');
  await expect(epochs).toBeEnabled(); // the demo ships training rows
  await epochs.fill('1');
  await epochs.press('Enter');
  await expect(view.getByTestId('fine-tuning')).toContainText('2000');
  await view.getByRole('button', { name: 'Run pruning sweep' }).click();
  const sweep = page.getByRole('img', { name: 'Pruning sweep' });
  await expect(sweep.locator('svg')).toHaveCount(1, { timeout: 240_000 });
  await expect(view.getByTestId('sweep-info')).toContainText(
    'fine-tunes 1 epochs on 2000 training rows',
  );
  const json = await exportJson<{
    sweep: {
      epochs: number;
      trainRows: number;
      testRows: number;
      curves: { order: string; loss: number[] }[];
    };
  }>(page);
  expect(json.sweep.epochs).toBe(1);
  expect(json.sweep.trainRows).toBe(2000);
  expect(json.sweep.testRows).toBe(200);
  expect(json.sweep.curves.map((c) => [c.order, c.loss.length])).toEqual([
    ['least-first', 16],
    ['most-first', 16],
  ]);
  for (const c of json.sweep.curves) for (const l of c.loss) expect(Number.isFinite(l)).toBe(true);
  expect(errors).toEqual([]);
});
