import { expect, test, type Page } from '@playwright/test';
import { repoFile, waitForPrediction, watchErrors } from './helpers';

const CHANNELS = ['pressure', 'temperature', 'torque'];
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * The anomaly demo's layout (3 channels x 50 steps); with `metadata`, an id and metadata
 * columns beside the label: seq_id,label,anomaly_index,anomaly_channel,pressure_0,…
 */
function anomalyCsv(name: string, rows: number, metadata: boolean) {
  const header = [
    ...(metadata ? ['seq_id', 'label', 'anomaly_index', 'anomaly_channel'] : ['label']),
    ...CHANNELS.flatMap((c) => range(50).map((t) => `${c}_${t}`)),
  ];
  const row = (i: number) => [
    ...(metadata
      ? [1000 + i, i % 2, i % 2 ? 20 + i : -1, i % 2 ? 'temperature' : 'none']
      : [i % 2]),
    ...range(150).map((k) =>
      (Math.sin(k / 5 + i) * 0.8 + (k % 50 === 20 && i % 2 ? 3 : 0)).toFixed(4),
    ),
  ];
  const text = [header.join(','), ...range(rows).map((i) => row(i).join(','))].join('\n') + '\n';
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text) };
}

/** The first `rows` test lines of the ECG200 demo file without the split column (UCR TSV). */
function ucrLines(name: string, rows: number) {
  const file = repoFile('public/data/ecg200-test.tsv', 'text/tab-separated-values');
  const lines = file.buffer.toString('utf8').split('\n').slice(0, rows);
  const text = lines.map((l) => l.slice(0, l.lastIndexOf('\t'))).join('\n') + '\n';
  return { name, mimeType: file.mimeType, buffer: Buffer.from(text) };
}

const form = (page: Page) => page.getByRole('form', { name: 'Dataset form' });
const column = (page: Page, name: string) =>
  form(page).getByRole('group', { name: 'Columns' }).getByRole('checkbox', { name, exact: true });

test('a CSV with an id and metadata columns loads as [N, 50, 3] for the anomaly model', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);
  await page.getByLabel('Open dataset').setInputFiles(anomalyCsv('with-metadata.csv', 6, true));
  const f = form(page);
  await expect(f).toBeVisible();
  await expect(f).toContainText('Detected: 154 columns');
  await expect(f.getByLabel('Layout')).toHaveValue('channel-groups');
  await expect(f.getByLabel('Label column')).toHaveValue('1');
  for (const name of ['seq_id', 'anomaly_index', 'anomaly_channel']) {
    await expect(column(page, name)).not.toBeChecked();
  }
  await expect(column(page, 'label (label)')).toBeDisabled();
  await expect(column(page, 'pressure_0')).toBeChecked();
  await expect(column(page, 'torque_49')).toBeChecked();
  for (const c of CHANNELS) {
    await expect(f.getByRole('checkbox', { name: new RegExp(`^${c}: `) })).toBeChecked();
  }
  const shape = f.getByTestId('form-shape');
  await expect(shape).toContainText('50 steps × 3 channels');
  await expect(shape).not.toHaveClass(/mismatch/);
  const load = f.getByRole('button', { name: 'Load dataset' });

  // a metadata column ticked back on: 151 columns do not make 3 equal channels
  await column(page, 'anomaly_index').check();
  await expect(f.getByRole('alert')).toContainText('151 value columns do not split into 3');
  await expect(shape).toContainText('? steps × 3 channels');
  await expect(load).toBeDisabled();
  await column(page, 'anomaly_index').uncheck();
  await expect(f.getByRole('alert')).toHaveCount(0);
  await expect(shape).toContainText('50 steps × 3 channels');

  // a whole group off and on again (the channel count follows the ticked groups)
  await f.getByRole('checkbox', { name: /^torque: / }).uncheck();
  await expect(shape).toContainText('50 steps × 2 channels');
  await expect(shape).toHaveClass(/mismatch/);
  await f.getByRole('checkbox', { name: /^torque: / }).check();
  await expect(shape).toContainText('50 steps × 3 channels');

  // the number field refuses a bad channel count inline instead of passing NaN on
  const channels = f.getByRole('spinbutton', { name: 'Channels' });
  await channels.fill('0');
  await expect(f.getByRole('alert')).toContainText('Channels: Enter 1 or more.');
  await load.click(); // refused: the form stays, nothing is loaded
  await expect(f).toBeVisible();
  await expect(page.locator('.model-line')).toContainText('anomaly-test.csv (4000 samples)');
  await channels.fill('3');
  await expect(f.getByRole('alert')).toHaveCount(0);

  await load.click();
  await expect(f).toBeHidden();
  await expect(page.locator('.model-line')).toContainText('with-metadata.csv (6 samples)');
  await waitForPrediction(page);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
});

test('a second file gets its own proposal, not the previous file settings', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);
  const open = page.getByLabel('Open dataset');
  const f = form(page);

  // 154 columns, left open, then ECG200 test lines as the UCR archive has them (97 columns:
  // the demo file's lines without its split column)
  await open.setInputFiles(anomalyCsv('wide.csv', 6, true));
  await expect(f).toContainText('Detected: 154 columns');
  await open.setInputFiles(ucrLines('ecg200-test.tsv', 20));
  await expect(f).toContainText('ecg200-test.tsv');
  await expect(f).toContainText('Detected: 97 columns');
  await expect(f.getByLabel('Layout')).toHaveValue('rows');
  await expect(f.getByLabel('Label column')).toHaveValue('0');
  await expect(f.getByTestId('form-shape')).toContainText('96 steps × 1 channel');
  await expect(f.getByTestId('ticked-count')).toHaveText('96 of 97 columns ticked');
  await expect(f.getByRole('button', { name: 'Load dataset' })).toBeEnabled();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await f.getByRole('button', { name: 'Cancel' }).click();
  await expect(f).toBeHidden();

  // 154 columns, then 151 (the model's own layout): the model's settings fit and load
  await open.setInputFiles(anomalyCsv('wide.csv', 6, true));
  await expect(f).toContainText('Detected: 154 columns');
  await open.setInputFiles(anomalyCsv('plain.csv', 4, false));
  await expect(f).toContainText('plain.csv');
  await expect(f).toContainText('Detected: 151 columns');
  await expect(f.getByLabel('Label column')).toHaveValue('0');
  await expect(f.getByTestId('form-shape')).toContainText('50 steps × 3 channels');
  await f.getByRole('button', { name: 'Load dataset' }).click();
  await expect(f).toBeHidden();
  await expect(page.locator('.model-line')).toContainText('plain.csv (4 samples)');
  await waitForPrediction(page);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByText(/column 154/)).toHaveCount(0);
  expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
});
