/**
 * Training and test rows: the demo ships both (its sidecar declares a split column), the
 * dataset form lets a person choose a split (a split column it finds by itself, a row range, a
 * seeded random fraction), and "Evaluate on the dataset" scores the test rows only.
 */
import { expect, test, type Page } from '@playwright/test';
import { waitForPrediction, watchErrors } from './helpers';

const CHANNELS = ['pressure', 'temperature', 'torque'];
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** An anomaly-layout CSV with an id column first and a `split` column of train/test words last. */
function splitCsv(name: string, parts: string[]) {
  const header = [
    'seq_id',
    'label',
    ...CHANNELS.flatMap((c) => range(50).map((t) => `${c}_${t}`)),
    'split',
  ];
  const row = (i: number) => [
    100 + i,
    i % 2,
    ...range(150).map((k) =>
      (Math.sin(k / 5 + i) * 0.8 + (k % 50 === 20 && i % 2 ? 3 : 0)).toFixed(4),
    ),
    parts[i],
  ];
  const lines = [header.join(','), ...parts.map((_, i) => row(i).join(','))];
  return { name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') };
}

const form = (page: Page) => page.getByRole('form', { name: 'Dataset form' });

test('the demo ships training and test rows, and the form chooses a split', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);
  // the anomaly demo: 2,000 test rows and 2,000 training rows, by its split column
  await expect(page.locator('.model-line')).toContainText('anomaly-test.csv (4000 samples)');
  await expect(page.getByTestId('dataset-split')).toContainText(
    '2,000 training and 2,000 test samples',
  );
  await expect(page.getByTestId('dataset-split')).toContainText(
    'split column 152: 0 = train, 1 = test',
  );

  // a file with a "split" column of train/test words: found, and not a value column
  const parts = ['train', 'test', 'train', 'train', 'test', 'train', 'train', 'test'];
  await page.getByLabel('Open dataset').setInputFiles(splitCsv('parts.csv', parts));
  const f = form(page);
  const split = f.getByRole('group', { name: 'Training and test rows' });
  await expect(split.getByRole('combobox', { name: 'Split', exact: true })).toHaveValue('column');
  await expect(split.getByRole('combobox', { name: 'Split column' })).toHaveValue('152');
  await expect(f.getByTestId('split-rule')).toContainText(
    "split column 153 ('split'): train/training/0 = train, test/testing/1 = test",
  );
  const columns = f.getByRole('group', { name: 'Columns' });
  await expect(columns.getByRole('checkbox', { name: 'split', exact: true })).not.toBeChecked();
  await expect(f.getByTestId('form-shape')).toContainText('50 steps × 3 channels');

  // a seeded random fraction: a bad fraction is refused in the form, a good one shown
  await split.getByRole('combobox', { name: 'Split', exact: true }).selectOption('random');
  const fraction = split.getByRole('spinbutton', { name: 'Test fraction' });
  await fraction.fill('1.5');
  await expect(split.getByRole('alert')).toContainText(
    'the test fraction must lie strictly between 0 and 1',
  );
  await f.getByRole('button', { name: 'Load dataset' }).click(); // refused: the form stays
  await expect(f).toBeVisible();
  await expect(page.locator('.model-line')).toContainText('anomaly-test.csv (4000 samples)');
  await fraction.fill('0.25');
  await split.getByRole('spinbutton', { name: 'Seed' }).fill('3');
  await expect(split.getByRole('alert')).toHaveCount(0);
  await expect(f.getByTestId('split-rule')).toContainText('random 25% test rows, seed 3');
  await f.getByRole('button', { name: 'Load dataset' }).click();
  await expect(f).toBeHidden();
  await expect(page.locator('.model-line')).toContainText('parts.csv (8 samples)');
  await expect(page.getByTestId('dataset-split')).toContainText(
    '6 training and 2 test samples (random 25% test rows, seed 3)',
  );
  await waitForPrediction(page);

  // the evaluation scores the test rows only, and says so
  const section = page.getByRole('region', { name: 'Evaluation' });
  await section.getByRole('button', { name: 'Evaluate on the dataset' }).click();
  const result = section.getByTestId('evaluation');
  await expect(result.getByTestId('evaluation-rows')).toHaveText('test rows: 2 of 8');
  await expect(result).toContainText('Over 2 samples');

  // a row range: the first 5 rows train, the rest test
  await page.getByLabel('Open dataset').setInputFiles(splitCsv('range.csv', parts));
  await split.getByRole('combobox', { name: 'Split', exact: true }).selectOption('range');
  await split.getByRole('spinbutton', { name: 'Rows' }).fill('5');
  await expect(f.getByTestId('split-rule')).toContainText(
    'the first 5 rows training, the rest test',
  );
  await f.getByRole('button', { name: 'Load dataset' }).click();
  await expect(f).toBeHidden();
  await expect(page.getByTestId('dataset-split')).toContainText('5 training and 3 test samples');
  await waitForPrediction(page);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
});
