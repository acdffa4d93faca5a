/**
 * Keras model files opened without a converter: a Keras 2 .h5 through "Open model", a Keras 3
 * .keras by drop, each shows its layers and predicts on a dataset it takes.
 * Fixtures: e2e/fixtures/keras/ (scripts/fixtures/make_keras_fixtures.py).
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { layerNames, repoFile, ROOT, waitForPrediction, watchErrors } from './helpers';

const DIR = join(ROOT, 'e2e/fixtures/keras');

async function dropFile(page: Page, name: string): Promise<void> {
  const bytes = [...readFileSync(join(DIR, name))];
  const dt = await page.evaluateHandle(
    ({ name, bytes }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name));
      return transfer;
    },
    { name, bytes },
  );
  await page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
}

async function loadData(page: Page, name: string, samples: number): Promise<void> {
  await page
    .getByLabel('Open dataset')
    .setInputFiles(repoFile(`e2e/fixtures/keras/${name}`, 'text/csv'));
  const form = page.getByRole('form', { name: 'Dataset form' });
  await expect(form).toBeVisible();
  await form.getByRole('button', { name: 'Load dataset' }).click();
  await expect(form).toBeHidden();
  await expect(page.locator('.model-line')).toContainText(`${name} (${samples} samples)`);
  await waitForPrediction(page);
}

test('Keras 2 .h5 (Sequential), Keras 3 .keras (functional) and a Conv2D (k, 1) .h5 open without a converter', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);

  await page.getByLabel('Open model').setInputFiles(repoFile('e2e/fixtures/keras/seq-keras2.h5'));
  await expect(page.locator('.model-line')).toContainText('input 32 × 1');
  const table = page.getByRole('table', { name: 'Layers' });
  await expect(table).toContainText('Conv1D');
  expect(await layerNames(page)).toEqual(['conv1', 'pool1', 'conv2', 'gap', 'out']);
  await loadData(page, 'seq-data.csv', 6);
  await expect(page.getByTestId('prediction')).toContainText(/confidence/);

  await dropFile(page, 'fun.keras');
  await expect(page.locator('.model-line')).toContainText('input 24 × 2');
  await expect.poll(() => layerNames(page)).toContain('conv_b');
  expect(await layerNames(page)).toEqual(
    expect.arrayContaining(['conv_a', 'bn', 'conv_b', 'add', 'relu', 'flat', 'out']),
  );
  await loadData(page, 'fun-data.csv', 6);
  // the only alerts: the previous datasets did not fit the new models
  await expect(
    page.getByRole('alert').filter({ hasNotText: 'does not fit the model' }),
  ).toHaveCount(0);

  // a [batch, 40] input reshaped to [40, 1, 1] and Conv2D (k, 1) layers: read as Conv1D filters
  await page.getByLabel('Open model').setInputFiles(repoFile('e2e/fixtures/keras/k2d-keras2.h5'));
  await expect(page.locator('.model-line')).toContainText('input 40 × 1');
  const k1 = table.locator('tbody tr', { has: page.locator('th', { hasText: /^k1$/ }) });
  await expect(k1).toContainText('Conv1D');
  await expect(k1.locator('td').nth(2)).toHaveText('4');
  expect(await layerNames(page)).not.toContain('to4d');
  await loadData(page, 'k2d-data.csv', 6);
  await expect(
    page.getByRole('alert').filter({ hasNotText: 'does not fit the model' }),
  ).toHaveCount(0);
  expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
});
