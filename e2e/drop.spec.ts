import { expect, test, type Page } from '@playwright/test';
import { layerNames, waitForPrediction, watchErrors } from './helpers';

/** Drop files (fetched from the app's own origin) onto the page, as a person drags them in. */
async function dropFiles(page: Page, paths: string[]): Promise<void> {
  const dt = await page.evaluateHandle(async (list) => {
    const transfer = new DataTransfer();
    for (const p of list) {
      const blob = await (await fetch(p)).blob();
      transfer.items.add(new File([blob], p.split('/').pop() ?? p));
    }
    return transfer;
  }, paths);
  await page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
}

test('dropping model.json, its shard and its sidecar, then a dataset, replaces the demo', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);
  await dropFiles(page, [
    'models/traffic/model.json',
    'models/traffic/group1-shard1of1.bin',
    'models/traffic/tsviz.json',
  ]);
  await expect(page.locator('.model-line')).toContainText('input 50 × 2');
  await dropFiles(page, ['data/traffic-test.csv']);
  const form = page.getByRole('form', { name: 'Dataset form' });
  await expect(form).toBeVisible();
  // the model's sidecar fills the form: a series, window 50, the value column, diff, its statistics
  await expect(form.getByLabel('Layout')).toHaveValue('series');
  await expect(form.getByLabel('Window length')).toHaveValue('50');
  await expect(form.getByLabel('Standardisation')).toHaveValue('given');
  await expect(form.getByTestId('form-shape')).toHaveText(
    'Samples of 50 steps × 2 channels; the model takes 50 × 2.',
  );
  // unticking the derived channel is flagged before anything is loaded
  await form.getByLabel(/first difference/).uncheck();
  await expect(form.getByTestId('form-shape')).toContainText('change the settings above to match');
  await form.getByLabel(/first difference/).check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    form.getByRole('button', { name: 'Download tsviz.json' }).click(),
  ]);
  const sidecar = JSON.parse(
    Buffer.concat(await (await download.createReadStream()).toArray()).toString(),
  );
  expect(sidecar.dataset.layout.kind).toBe('series');
  expect(sidecar.dataset.derived).toEqual(['diff']);
  await form.getByRole('button', { name: 'Load dataset' }).click();
  await expect(page.getByText(/traffic-test\.csv \(\d+ samples\)/)).toBeVisible();
  await waitForPrediction(page);
  await expect(page.getByTestId('prediction')).toContainText('original units');
  expect(await layerNames(page)).not.toContain('lrelu1');
  expect(errors).toEqual([]);
});
