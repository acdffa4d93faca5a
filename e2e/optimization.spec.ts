import { expect, test, type Page } from '@playwright/test';
import { exportJson, openView, watchErrors } from './helpers';

const num = async (page: Page, id: string) => Number(await page.getByTestId(id).innerText());

interface Exported {
  method: string;
  seed: number;
  start: number[][];
  runs: { mode: string; final: number[][]; endPrediction: number }[];
  trace: { step: number; loss: number[]; prediction: number[] }[];
}

test('the Optimization view: inverse optimization and iterative FGSM on the anomaly demo', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  const view = await openView(page, 'Optimization');

  // inverse optimization from random noise N(0, 0.25² I), the paper's alpha = 0.01, 100 steps
  await expect(view.getByLabel('Method')).toHaveValue('inverse');
  await expect(view.getByLabel('Step size α')).toHaveValue('0.01');
  await expect(view.getByLabel('Steps t')).toHaveValue('1000');
  await view.getByLabel('Steps t').fill('100');
  await expect(view.getByTestId('optimization-loss')).toContainText(
    'cross-entropy to class anomalous',
  );
  await view.getByRole('button', { name: 'Run' }).click();
  await expect(view.getByTestId('end-prediction')).toBeVisible({ timeout: 120_000 });
  await expect(view.getByTestId('optimization-result')).toContainText(
    'Inverse optimization from random N(0, 0.25²), seed 1',
  );
  expect(await num(page, 'start-prediction')).toBeLessThan(0.1);
  expect(await num(page, 'end-prediction')).toBeGreaterThan(0.9);
  await expect(view.getByRole('img', { name: 'Trajectory' })).toBeVisible();
  await expect(view.getByRole('img', { name: 'Trajectory' }).locator('svg')).toHaveCount(2);
  await expect(view.getByRole('img', { name: 'Optimized input' }).locator('svg')).toHaveCount(3);
  await expect(view.getByRole('img', { name: 'Perturbation' })).toBeVisible();
  const summary = view.getByRole('table', { name: 'Perturbation per channel' });
  await expect(summary.locator('tbody tr')).toHaveCount(3);
  await expect(summary.locator('tbody tr').first()).toContainText('pressure');

  const j = await exportJson<Exported>(page);
  expect(j.method).toBe('inverse');
  expect(j.seed).toBe(1);
  expect(j.runs).toHaveLength(1);
  expect(j.runs[0].final).toHaveLength(50);
  expect(j.runs[0].final[0]).toHaveLength(3);
  expect(j.runs[0].endPrediction).toBeGreaterThan(0.9);
  expect(j.trace.map((p) => p.step)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  expect(j.trace[10].prediction[0]).toBeCloseTo(j.runs[0].endPrediction, 5);

  // iterative FGSM on an anomalous test sample (chosen in the Overview): its probability goes down
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByLabel('Next of class').selectOption({ label: 'anomalous' });
  await expect(page.getByTestId('label')).toHaveText('anomalous');
  const index = await page.getByLabel('Sample', { exact: true }).inputValue();
  await page.getByRole('tab', { name: 'Optimization' }).click();
  await view.getByLabel('Method').selectOption('iterative-fgsm');
  await expect(view.getByLabel('Step size α')).toHaveValue('0.0001');
  await view.getByLabel('Step size α').fill('0.01');
  await view.getByLabel('Step size α').press('Tab');
  await view.getByLabel('Steps t').fill('20');
  await expect(view.getByLabel('ε')).toHaveValue('0.1');
  await expect(view.getByTestId('optimization-loss')).toContainText(
    'cross-entropy of class anomalous, increased',
  );
  await view.getByRole('button', { name: 'Run' }).click();
  await expect(view.getByTestId('optimization-result')).toContainText(
    `Iterative FGSM from sample ${index}, loss cross-entropy of class anomalous (increased)`,
    { timeout: 120_000 },
  );
  const start = await num(page, 'start-prediction');
  const end = await num(page, 'end-prediction');
  expect(start).toBeGreaterThan(0.5);
  expect(end).toBeLessThan(start);
  const adv = await exportJson<Exported>(page);
  expect(adv.method).toBe('iterative-fgsm');
  for (let t = 0; t < 50; t++)
    for (let c = 0; c < 3; c++)
      expect(Math.abs(adv.runs[0].final[t][c] - adv.start[t][c])).toBeLessThanOrEqual(0.1 + 1e-6);

  // the result goes to the other views
  await view.getByRole('button', { name: 'Explain this input' }).click();
  await expect(view.getByRole('status').filter({ hasText: 'now explain' })).toBeVisible();
  await page.getByRole('tab', { name: 'Importance' }).click();
  await expect(page.getByTestId('importance-input')).toContainText(
    `Iterative FGSM of sample ${index}`,
  );

  // a long run draws its trajectory live and stops on Cancel, without an alert
  await page.getByRole('tab', { name: 'Optimization' }).click();
  await view.getByLabel('Steps t').fill('100000');
  await view.getByRole('button', { name: 'Run' }).click();
  const progress = view.locator('.progress[data-job="optimization"]');
  await expect(progress).toContainText(/Iterative FGSM: step \d+ of 100000/);
  await expect(view.getByRole('img', { name: 'Trajectory' })).toBeVisible();
  await expect(view.getByTestId('end-prediction')).toHaveCount(0);
  await progress.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toHaveCount(0);
  await expect(view.getByRole('button', { name: 'Run' })).toBeEnabled();
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(errors).toEqual([]);
});
