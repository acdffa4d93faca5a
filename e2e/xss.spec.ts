/**
 * Names from files are shown as text, never run (issue 3, item 4). Markup in a layer name
 * (tfjs refuses it: a clear alert), in tsviz.json's model, class and channel names, in
 * training-only settings listed under Notes, in CSV header cells and in a file name.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { IMG, SCRIPT } from './fixtures/bad/fixture-xss';
import { unexpectedErrors } from './corpus-run';
import { ROOT, waitForPrediction, watchErrors } from './helpers';

const XSS = join(ROOT, 'e2e/fixtures/bad/xss');
const file = (rel: string, name = rel.split('/').pop() ?? rel) => ({
  name,
  mimeType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
  buffer: readFileSync(join(XSS, rel)),
});
const modelFiles = (dir: string) => [
  file(`${dir}/model.json`),
  file(`${dir}/group1-shard1of1.bin`),
];

/** Nothing ran and no element was made from the markup. */
async function expectInert(page: Page): Promise<void> {
  await page.waitForTimeout(300); // an injected <img src=x> would fail to load by now
  const found = await page.evaluate(() => ({
    pwned: (window as { __pwned?: unknown }).__pwned,
    imgs: document.querySelectorAll('img[src="x"]').length,
    scripts: [...document.scripts].filter((s) => s.text.includes('__pwned')).length,
    bold: document.querySelectorAll('b').length,
  }));
  expect(found).toEqual({ pwned: undefined, imgs: 0, scripts: 0, bold: 0 });
}

test('markup in model, sidecar and dataset names is shown as text and never runs', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);
  const alert = page.locator('.alerts [role="alert"]');

  await test.step('a layer named with markup: tfjs refuses it, the alert shows it', async () => {
    await page.getByLabel('Open model').setInputFiles(modelFiles('layer-name'));
    await expect(alert.first()).toContainText(`Layer '${IMG}' has a name TensorFlow.js`);
    await expect(alert.first()).toContainText('Rename the layer');
    await expectInert(page);
    await page.getByRole('button', { name: 'Dismiss' }).click();
  });

  await test.step('tsviz.json names and stripped settings with markup', async () => {
    const files = [...modelFiles('sidecar'), file('sidecar/tsviz.json')];
    await page.getByLabel('Open model').setInputFiles(files);
    await expect(page.locator('.model-line')).toContainText(`${SCRIPT} model`);
    const notes = page.getByRole('list', { name: 'Notes' });
    await expect(notes).toContainText(`activity_regularizer (${IMG})`);
    await expect(notes).toContainText(`kernel_constraint (${SCRIPT})`);
    await expectInert(page);
  });

  await test.step('CSV header cells and a file name with markup; class names shown', async () => {
    const name = `${IMG}.csv`;
    await page.getByLabel('Open dataset').setInputFiles(file('markup-header.csv', name));
    const form = page.getByRole('form', { name: 'Dataset form' });
    await expect(form.getByRole('heading')).toContainText(name);
    const preview = form.getByRole('table', { name: 'First rows of the file' });
    await expect(preview.getByRole('columnheader', { name: IMG, exact: true })).toBeVisible();
    await expect(preview.getByRole('columnheader', { name: SCRIPT, exact: true })).toBeVisible();
    await expectInert(page);
    await form.getByRole('button', { name: 'Load dataset' }).click();
    await expect(page.locator('.model-line')).toContainText(`${name} (4 samples)`);
    await expect(page.getByTestId('prediction')).toContainText(/<img src=x|<script>/);
    await expect(page.getByTestId('label')).toContainText(`normal ${IMG}`);
    const input = page.getByRole('table', { name: 'Input sample', includeHidden: true });
    await expect(
      input.getByRole('columnheader', { name: IMG, exact: true, includeHidden: true }),
    ).toHaveCount(1);
    await expect(
      input.getByRole('columnheader', { name: 'torque <b>bold</b>', includeHidden: true }),
    ).toHaveCount(1);
    await expectInert(page);
  });

  await test.step('series channel names from CSV header cells with markup', async () => {
    await page.getByLabel('Open dataset').setInputFiles(file('markup-series.csv'));
    const form = page.getByRole('form', { name: 'Dataset form' });
    await expect(form.getByLabel(IMG, { exact: true })).toBeChecked();
    await form.getByRole('button', { name: 'Load dataset' }).click();
    await expect(page.locator('.model-line')).toContainText('markup-series.csv (30 samples)');
    const input = page.getByRole('table', { name: 'Input sample', includeHidden: true });
    await expect(
      input.getByRole('columnheader', { name: SCRIPT, exact: true, includeHidden: true }),
    ).toHaveCount(1);
    await expect(page.getByRole('img', { name: 'Input sample' })).toContainText(IMG);
    await expectInert(page);
  });

  await expect(alert).toHaveCount(0);
  expect(unexpectedErrors(errors)).toEqual([]);
});
