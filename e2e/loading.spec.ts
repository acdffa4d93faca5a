import { expect, test } from '@playwright/test';
import { layerNames, repoFile, waitForPrediction, watchErrors } from './helpers';

test('a model and a CSV opened with the file inputs replace the demo', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);
  expect(await layerNames(page)).toContain('conv3');

  await page
    .getByLabel('Open model')
    .setInputFiles([
      repoFile('public/models/ecg200/model.json', 'application/json'),
      repoFile('public/models/ecg200/group1-shard1of1.bin'),
    ]);
  // the anomaly dataset (50 x 3) does not fit ECG200 (96 x 1): the user is told
  await expect(page.getByRole('alert').first()).toContainText('does not fit the model');
  await page
    .getByLabel('Open dataset')
    .setInputFiles(repoFile('public/data/ecg200-test.tsv', 'text/tab-separated-values'));
  const form = page.getByRole('form', { name: 'Dataset form' });
  await expect(form).toBeVisible();
  await expect(form.getByLabel('Layout')).toHaveValue('rows');
  await form.getByRole('button', { name: 'Load dataset' }).click();
  await expect(form).toBeHidden();
  await waitForPrediction(page);
  await expect(page.getByText('ecg200-test.tsv (200 samples)')).toBeVisible();
  const names = await layerNames(page);
  expect(names).not.toContain('lrelu1'); // the anomaly model's layers are gone
  expect(names).toContain('conv1');
  await expect(page.locator('.model-line')).toContainText('input 96 × 1');
  await expect(page.getByLabel('Demo')).toHaveValue(''); // "your model"
  await expect(page.getByLabel('Demo').locator('option:checked')).toHaveText('your model');
  await expect(page.getByTestId('prediction')).toBeVisible();
  expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
});

test('a broken model.json shows a clear message and keeps the previous model', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);
  const before = await layerNames(page);
  await page.getByLabel('Open model').setInputFiles([
    {
      name: 'model.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"modelTopology": {"class_name": '),
    },
  ]);
  const alert = page.getByRole('alert').first();
  await expect(alert).toContainText('model.json');
  await expect(alert).toContainText(/not valid JSON|JSON/);
  expect(await layerNames(page)).toEqual(before);
  await expect(page.getByTestId('prediction')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a CSV with a text cell names the row and column and keeps the previous dataset', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);
  await expect(page.getByText('anomaly-test.csv (4000 samples)')).toBeVisible();
  const header = [
    'label',
    ...['pressure', 'temperature', 'torque'].flatMap((c) =>
      Array.from({ length: 50 }, (_, t) => `${c}_${t}`),
    ),
  ];
  const row = (i: number) => [
    i % 2,
    ...Array.from({ length: 150 }, (_, k) => ((k * 7 + i) % 11) / 10 - 0.5),
  ];
  const rows = [header.join(','), ...Array.from({ length: 5 }, (_, i) => row(i).join(','))];
  const cells = rows[3].split(',');
  cells[10] = 'oops';
  rows[3] = cells.join(',');
  await page
    .getByLabel('Open dataset')
    .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  const form = page.getByRole('form', { name: 'Dataset form' });
  await form.getByRole('button', { name: 'Load dataset' }).click();
  const alert = page.getByRole('alert').first();
  await expect(alert).toContainText('oops');
  await expect(alert).toContainText(/row 4/i);
  await expect(alert).toContainText(/column 11|pressure_9/i);
  await expect(page.getByText('anomaly-test.csv (4000 samples)')).toBeVisible();
  await expect(page.getByTestId('prediction')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the demo picker switches to the traffic forecaster and its real data', async ({ page }) => {
  await page.goto('./');
  await waitForPrediction(page);
  await page.getByLabel('Demo').selectOption('traffic');
  await expect(page.getByText(/traffic-test\.csv \(\d+ samples\)/)).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByTestId('prediction')).toContainText('original units');
  expect(await layerNames(page)).toContain('conv3');
});

test('?model= opens a hosted model with its sidecar dataset, and ?data= a hosted dataset', async ({
  page,
}) => {
  await page.goto('./?model=models/ecg200/model.json');
  await waitForPrediction(page);
  await expect(page.locator('.model-line')).toContainText('ECG200');
  await expect(page.getByText('ecg200-test.tsv (200 samples)')).toBeVisible();
  await expect(page.getByLabel('Demo')).toHaveValue('ecg200');

  // a dataset URL without a sidecar that describes it: the form asks, then loads it
  await page.goto('./?model=models/anomaly/model.json&data=data/anomaly-test.csv');
  await waitForPrediction(page);
  await expect(page.getByText('anomaly-test.csv (4000 samples)')).toBeVisible();

  // a dataset the model's sidecar cannot read: the reason is shown, then the form asks
  await page.goto('./?model=models/anomaly/model.json&data=data/ecg200-test.tsv');
  await expect(page.getByRole('alert').first()).toContainText('ecg200-test.tsv');
  const form = page.getByRole('form', { name: 'Dataset form' });
  await expect(form).toBeVisible();
  await expect(form.getByTestId('form-shape')).toContainText('change the settings above to match');
});
