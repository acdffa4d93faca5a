import { expect, test, type Page } from '@playwright/test';
import { repoFile, waitForPrediction } from './helpers';

/**
 * The privacy promise (README "Privacy"): during a whole session nothing is requested from any
 * origin but the page's own. Requests are recorded on the browser context, which also sees
 * what the Web Workers fetch (the compute worker reads the demo models, the data worker the
 * CSVs); blob: and data: URLs never leave the machine and are allowed.
 */

const DEMOS = [
  { id: 'traffic', data: /traffic-test\.csv \(\d+ samples\)/ },
  { id: 'ecg200', data: /ecg200-test\.tsv \(\d+ samples\)/ },
  { id: 'anomaly', data: /anomaly-test\.csv \(\d+ samples\)/ },
];

async function hoverLayerStack(page: Page): Promise<void> {
  const box = await page.getByRole('img', { name: 'Layer stack' }).boundingBox();
  if (!box) throw new Error('the layer stack has no box');
  for (let fx = 0.2; fx <= 0.8; fx += 0.15) {
    for (let fy = 0.3; fy <= 0.7; fy += 0.2) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
    }
  }
}

async function download(page: Page, button: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  expect(file.url()).toMatch(/^blob:/);
  return Buffer.concat(await (await file.createReadStream()).toArray()).toString();
}

test('a whole session makes no request to any other origin', async ({ page, context }) => {
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('websocket', (ws) => requests.push(ws.url()));

  await page.goto('./');
  const origin = new URL(page.url()).origin;
  await waitForPrediction(page);

  // every demo in the picker, then back to the default
  for (const demo of DEMOS) {
    await page.getByLabel('Demo').selectOption(demo.id);
    await expect(page.getByText(demo.data)).toBeVisible({ timeout: 60_000 });
    await waitForPrediction(page);
  }

  // a model and a dataset opened from disk
  await page
    .getByLabel('Open model')
    .setInputFiles([
      repoFile('public/models/ecg200/model.json', 'application/json'),
      repoFile('public/models/ecg200/group1-shard1of1.bin'),
    ]);
  await expect(page.getByRole('alert').first()).toContainText('does not fit the model');
  await page
    .getByLabel('Open dataset')
    .setInputFiles(repoFile('public/data/ecg200-test.tsv', 'text/tab-separated-values'));
  const form = page.getByRole('form', { name: 'Dataset form' });
  await form.getByRole('button', { name: 'Load dataset' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByText('ecg200-test.tsv (200 samples)')).toBeVisible();
  await waitForPrediction(page);

  // another backend (WASM fetches its binaries) and back
  const status = page.getByRole('status');
  for (const backend of ['wasm', 'webgpu']) {
    await page.getByLabel('Backend').selectOption(backend);
    await expect(status).toContainText(`Backend: ${backend}`, { timeout: 60_000 });
    await waitForPrediction(page);
  }

  await hoverLayerStack(page);
  // every view the app has, then the Overview's exports
  for (const tab of await page.getByRole('tab').all()) await tab.click();
  await page.getByRole('tab', { name: 'Overview' }).click();
  expect(JSON.parse(await download(page, 'Export JSON')).layers.length).toBeGreaterThan(2);
  expect(await download(page, 'Export CSV')).toContain('layer,type,output_shape');

  const list = requests.join('\n');
  // the recorder sees what the workers fetch, not only the page
  expect(list, list).toContain(`${origin}/models/traffic/model.json`);
  expect(list, list).toContain(`${origin}/data/traffic-test.csv`);
  expect(list, list).toMatch(/\/tfjs-wasm\/[^\n]*\.wasm/);
  const offOrigin = requests.filter((url) => {
    if (url.startsWith('blob:') || url.startsWith('data:')) return false;
    try {
      return new URL(url).origin !== origin;
    } catch {
      return true; // not a URL: a page error, or something unexpected
    }
  });
  expect(offOrigin, `requests during the session:\n${list}`).toEqual([]);
});
