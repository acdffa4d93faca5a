/**
 * The archive dataset formats (UEA/sktime .ts, ARFF with the relational multivariate layout,
 * old UCR whitespace text), each opened through "Open dataset" and by drop, on the demo models.
 * Fixtures: e2e/fixtures/formats/ (scripts/fixtures/make_format_fixtures.py).
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, waitForPrediction, watchErrors } from './helpers';

const DIR = join(ROOT, 'e2e/fixtures/formats');
const fixture = (name: string) => ({
  name,
  mimeType: 'text/plain',
  buffer: readFileSync(join(DIR, name)),
});

/** Drop a fixture onto the page, as a person drags it in. */
async function dropFixture(page: Page, name: string): Promise<void> {
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

const form = (page: Page) => page.getByRole('form', { name: 'Dataset form' });

/** Open (input or drop), check what the form says, map labels if asked, load, see 8 samples. */
async function openAndLoad(
  page: Page,
  name: string,
  how: 'input' | 'drop',
  expectForm: { read: RegExp; notes?: RegExp; mapping?: Record<string, string> },
): Promise<void> {
  if (how === 'input') await page.getByLabel('Open dataset').setInputFiles(fixture(name));
  else await dropFixture(page, name);
  const f = form(page);
  await expect(f).toContainText(name);
  await expect(f.getByTestId('archive-details')).toContainText(expectForm.read);
  if (expectForm.notes)
    await expect(f.getByTestId('dataset-notes')).toContainText(expectForm.notes);
  const mapping = f.getByTestId('label-mapping');
  if (expectForm.mapping) {
    for (const [label, cls] of Object.entries(expectForm.mapping)) {
      await expect(mapping.getByLabel(`Class of label ${label}`)).toHaveValue(cls);
    }
  } else await expect(mapping).toHaveCount(0);
  await expect(f.getByTestId('form-shape')).not.toHaveClass(/mismatch/);
  await f.getByRole('button', { name: 'Load dataset' }).click();
  await expect(f).toBeHidden();
  await expect(page.locator('.model-line')).toContainText(`${name} (8 samples)`);
  await waitForPrediction(page);
  await expect(page.getByRole('alert')).toHaveCount(0);
}

test('multivariate .ts and relational ARFF on the anomaly demo, by input and by drop', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);
  const ts = {
    read: /UEA\/sktime \.ts: 8 cases, 3 channels, 50 steps/,
    // the file's class names are the model's class names
    mapping: { normal: '0', anomalous: '1' },
  };
  await openAndLoad(page, 'anomaly.ts', 'input', ts);
  await expect(page.getByTestId('label')).toHaveText(/normal|anomalous/);
  await openAndLoad(page, 'anomaly.ts', 'drop', ts);
  const arff = { read: /ARFF: 8 cases, 3 channels, 50 steps/ };
  await openAndLoad(page, 'anomaly.arff', 'input', arff);
  await openAndLoad(page, 'anomaly.arff', 'drop', arff);
  expect(errors).toEqual([]);
});

test('UCR text (-1/1 mapped to 0/1, a free-text line skipped), ARFF and a variable-length .ts on ECG200', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);
  await page.getByLabel('Demo').selectOption('ecg200');
  await expect(page.locator('.model-line')).toContainText('input 96 × 1');
  await waitForPrediction(page);
  const ucr = {
    read: /UCR whitespace text: 8 cases, 1 channel, 96 steps/,
    notes: /Skipped a line of text after the data .*line 9: "Exported from the UCR/,
    mapping: { '-1': '0', '1': '1' },
  };
  await openAndLoad(page, 'ecg200.txt', 'input', ucr);
  // the first case is labelled 1 in the file: class 1, "normal"
  await expect(page.getByTestId('label')).toHaveText(/normal/);
  await openAndLoad(page, 'ecg200.txt', 'drop', ucr);
  const arff = { read: /ARFF: 8 cases, 1 channel, 96 steps/, mapping: { '-1': '0', '1': '1' } };
  await openAndLoad(page, 'ecg200.arff', 'input', arff);
  await openAndLoad(page, 'ecg200.arff', 'drop', arff);
  const ts = {
    read: /8 cases, 1 channel, 90 to 96 steps \(padded to 96 by repeating/,
    notes: /2 of 8 cases are shorter/,
    mapping: { abnormal: '0', normal: '1' },
  };
  await openAndLoad(page, 'ecg200.ts', 'input', ts);
  await openAndLoad(page, 'ecg200.ts', 'drop', ts);
  // a mapping the user changes is what loads: -1 -> normal, 1 -> abnormal
  await page.getByLabel('Open dataset').setInputFiles(fixture('ecg200.txt'));
  const m = form(page).getByTestId('label-mapping');
  await m.getByLabel('Class of label -1').selectOption('1');
  await expect(m.getByLabel('Class of label 1')).toHaveValue('0');
  await form(page).getByRole('button', { name: 'Load dataset' }).click();
  await expect(page.locator('.model-line')).toContainText('ecg200.txt (8 samples)');
  await waitForPrediction(page);
  await expect(page.getByTestId('label')).toHaveText(/abnormal/);
  expect(errors).toEqual([]);
});
