import { expect, test, type Page } from '@playwright/test';
import { layerNames, repoFile, waitForPrediction, watchErrors } from './helpers';

/**
 * CSV exports never hand a spreadsheet a live formula. A layer name is the only free text in
 * the Overview CSV; one starting with =HYPERLINK( is refused by name when the model is opened
 * (TensorFlow.js only takes names starting with a letter or digit), so it cannot reach an
 * export, and every cell of the CSV the app writes is a number or inert text. How such cells
 * are escaped when they do occur is unit-tested in src/core/export.test.ts.
 */

const FORMULA = '=HYPERLINK("http://127.0.0.2:9/x","open")';

/** The anomaly demo's model.json with layer conv1 renamed, in the topology and the manifest. */
function renamedModel(name: string): Buffer {
  const json = JSON.parse(repoFile('public/models/anomaly/model.json').buffer.toString()) as {
    modelTopology: { config: { layers: { config: { name: string } }[] } };
    weightsManifest: { weights: { name: string }[] }[];
  };
  const layer = json.modelTopology.config.layers.find((l) => l.config.name === 'conv1');
  if (!layer) throw new Error('the anomaly model has no conv1');
  layer.config.name = name;
  let renamed = 0;
  for (const group of json.weightsManifest) {
    for (const w of group.weights) {
      if (w.name.startsWith('conv1/')) {
        w.name = `${name}/${w.name.slice('conv1/'.length)}`;
        renamed++;
      }
    }
  }
  expect(renamed).toBe(2); // kernel and bias
  return Buffer.from(JSON.stringify(json));
}

async function exportCsv(page: Page): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  return Buffer.concat(await (await file.createReadStream()).toArray()).toString();
}

/** Cells of a CSV (RFC 4180: quoted fields, doubled quotes, CRLF rows). */
function cells(text: string): string[] {
  const out: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n|$)/g;
  for (let m = re.exec(text); m && m.index < text.length; m = re.exec(text)) {
    const raw = m[1];
    out.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
  }
  return out;
}

/** What a spreadsheet would evaluate: text starting with =, +, -, @, tab or CR, not a number. */
const live = (cell: string) =>
  /^[=+\-@\t\r]/.test(cell) && !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell);

test('a layer named =HYPERLINK(...) is refused by name and never reaches the CSV', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);
  const before = await layerNames(page);

  await page
    .getByLabel('Open model')
    .setInputFiles([
      { name: 'model.json', mimeType: 'application/json', buffer: renamedModel(FORMULA) },
      repoFile('public/models/anomaly/group1-shard1of1.bin'),
    ]);
  const alert = page.getByRole('alert').filter({ hasText: 'HYPERLINK' });
  await expect(alert).toContainText(`Layer '${FORMULA}'`); // shown as text
  await expect(alert).toContainText('Rename the layer');
  expect(await layerNames(page)).toEqual(before);

  const csv = await exportCsv(page);
  expect(csv.startsWith('layer,type,output_shape,filters,parameters\r\n')).toBe(true);
  expect(csv).toContain('conv1,Conv1D,50x16,16,');
  expect(csv).not.toContain('HYPERLINK');
  const all = cells(csv);
  expect(all.length).toBeGreaterThan(20);
  expect(all.filter(live)).toEqual([]);
  expect(errors).toEqual([]);
});

test('the same model with an accepted name opens and exports that name', async ({ page }) => {
  await page.goto('./');
  await waitForPrediction(page);
  await page
    .getByLabel('Open model')
    .setInputFiles([
      { name: 'model.json', mimeType: 'application/json', buffer: renamedModel('HYPERLINK.x-1') },
      repoFile('public/models/anomaly/group1-shard1of1.bin'),
    ]);
  await expect.poll(() => layerNames(page)).toContain('HYPERLINK.x-1');
  const all = cells(await exportCsv(page));
  expect(all).toContain('HYPERLINK.x-1');
  expect(all.filter(live)).toEqual([]);
});
