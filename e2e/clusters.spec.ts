import { expect, test, type Locator, type Page } from '@playwright/test';
import { exportJson, openView, watchErrors } from './helpers';

interface ClustersDoc {
  layer: { name: string; filters: number; steps: number };
  input: { sample: number | null; name: string | null };
  settings: { scale: string };
  distances: number[][];
  merges: { a: number; b: number; height: number; size: number }[];
  silhouette: { k: number; score: number }[];
  bestK: number | null;
  cut: { height: number; k: number };
  labels: number[];
  mostImportant: number[];
}

/** The number in "k = 4". */
async function shownK(page: Page): Promise<number> {
  const text = await page.getByTestId('cluster-k').innerText();
  const m = /^k = (\d+)$/.exec(text.trim());
  if (!m) throw new Error(`no k in "${text}"`);
  return Number(m[1]);
}

/** Distinct clusters (and colours) among the filter grid's cells. */
async function gridClusters(
  grid: Locator,
): Promise<{ clusters: number; colors: number; cells: number }> {
  return grid.evaluate((el) => {
    const cells = [...el.querySelectorAll('.filter-cell')];
    const clusters = new Set(cells.map((c) => c.getAttribute('data-cluster')));
    const colors = new Set(
      cells.map((c) => c.querySelector('.filter-line')?.getAttribute('stroke') ?? ''),
    );
    return { clusters: clusters.size, colors: colors.size, cells: cells.length };
  });
}

/** Distinct clusters in the layer stack's numbers table, and how many of its rows are faded. */
async function stackClusters(
  page: Page,
): Promise<{ clusters: number; faded: number; rows: number }> {
  const rows = await page
    .getByRole('table', { name: 'Layer stack by cluster' })
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    );
  return {
    clusters: new Set(rows.map((r) => r[2])).size,
    faded: rows.filter((r) => r[3] === 'faded').length,
    rows: rows.length,
  };
}

/** Drag the dendrogram's cut line to `share` of the plot's height from the top. */
async function dragCut(page: Page, dendrogram: Locator, share: number): Promise<void> {
  await dendrogram.scrollIntoViewIfNeeded();
  const line = dendrogram.locator('line.cut-hit');
  const box = await line.boundingBox();
  const svg = await dendrogram.locator('svg').boundingBox();
  if (!box || !svg) throw new Error('no cut line');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  // the plot spans from the title margin down to the leaf markers
  const top = svg.y + 30;
  const bottom = svg.y + svg.height - 60;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, (y + top + share * (bottom - top)) / 2, { steps: 3 });
  await page.mouse.move(x, top + share * (bottom - top), { steps: 3 });
  await page.mouse.up();
}

test('the Clusters view: cluster a layer, the silhouette’s k, drag the cut, pick a k, export', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  const view = await openView(page, 'Clusters');

  // the defaults: the second conv layer, min-max scaling on
  await expect(view.getByRole('combobox', { name: 'Layer' }).locator('option:checked')).toHaveText(
    /conv2 \(32 filters\)/,
  );
  await expect(view.getByLabel('Min-max scale each activation')).toBeChecked();
  await view.getByRole('button', { name: 'Cluster' }).click();
  await expect(page.getByTestId('cluster-k')).toHaveText(/^k = \d+$/, { timeout: 120_000 });
  await expect(page.getByRole('img', { name: 'Dendrogram' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Silhouette' })).toBeVisible();
  const grid = page.getByRole('img', { name: 'Filter grid' });
  await expect(grid.locator('.filter-cell')).toHaveCount(32);

  // the initial k is the best silhouette in the export
  const doc = await exportJson<ClustersDoc>(page);
  expect(doc.layer.name).toBe('conv2');
  expect(doc.layer.filters).toBe(32);
  expect(doc.input.sample).toBe(0);
  expect(doc.settings.scale).toBe('min-max per filter');
  expect(doc.distances).toHaveLength(32);
  expect(doc.distances.every((r, i) => r.length === 32 && r[i] === 0)).toBe(true);
  expect(doc.merges).toHaveLength(31);
  for (let i = 1; i < 31; i++)
    expect(doc.merges[i].height).toBeGreaterThanOrEqual(doc.merges[i - 1].height);
  expect(doc.silhouette.map((s) => s.k)).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
  const best = doc.silhouette.reduce((p, q) => (q.score > p.score ? q : p));
  expect(doc.bestK).toBe(best.k);
  const k0 = await shownK(page);
  expect(k0).toBe(best.k);
  expect(doc.cut.k).toBe(k0);
  expect(doc.labels).toHaveLength(32);
  expect(new Set(doc.labels).size).toBe(k0);
  expect(doc.mostImportant).toHaveLength(k0);
  expect(await gridClusters(grid)).toMatchObject({ clusters: k0, cells: 32 });
  const dendrogram = page.getByRole('img', { name: 'Dendrogram' });
  const leafColors = () =>
    dendrogram.evaluate(
      (el) =>
        new Set([...el.querySelectorAll('circle.leaf')].map((c) => c.getAttribute('fill'))).size,
    );
  expect(await leafColors()).toBe(Math.min(k0, 12));

  // the layer stack's conv2 and lrelu2 panels are tinted by the same clusters
  await page.getByText('Layer stack by cluster: numbers').click();
  expect(await stackClusters(page)).toEqual({ clusters: k0, faded: 0, rows: 64 });
  const stack = page.getByRole('img', { name: 'Layer stack by cluster' });
  await stack.scrollIntoViewIfNeeded();
  const stackBefore = await stack.screenshot();

  // dragging the cut near the top joins everything; lower down splits again
  await dragCut(page, dendrogram, 0.02);
  await expect.poll(() => shownK(page)).toBe(1);
  expect(await gridClusters(grid)).toMatchObject({ clusters: 1, colors: 1, cells: 32 });
  expect((await stackClusters(page)).clusters).toBe(1);
  // ... and the stack's picture recolours with them
  await expect
    .poll(async () => (await stack.screenshot()).equals(stackBefore), { timeout: 30_000 })
    .toBe(false);
  await dragCut(page, dendrogram, 0.85);
  await expect.poll(() => shownK(page)).toBeGreaterThan(k0);
  const kLow = await shownK(page);
  expect((await gridClusters(grid)).clusters).toBe(kLow);

  // the arrow keys step the cut between merge heights
  await dendrogram.focus();
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => shownK(page)).toBeLessThan(kLow);

  // clicking a k in the silhouette plot cuts there
  const pick = k0 === 5 ? 6 : 5;
  await page
    .getByRole('img', { name: 'Silhouette' })
    .locator(`rect.k-hit[data-k="${pick}"]`)
    .click();
  await expect(page.getByTestId('cluster-k')).toHaveText(`k = ${pick}`);
  expect((await gridClusters(grid)).clusters).toBe(pick);
  const picked = await exportJson<ClustersDoc>(page);
  expect(new Set(picked.labels).size).toBe(pick);
  expect(picked.cut.k).toBe(pick);
  expect(picked.distances).toEqual(doc.distances); // no new clustering: only the cut moved

  // the most important filter of each cluster only: one cell per cluster
  await view.getByLabel('Most important filter per cluster').check();
  await expect(grid.locator('.filter-cell')).toHaveCount(pick);
  expect(await stackClusters(page)).toEqual({ clusters: pick, faded: 2 * (32 - pick), rows: 64 });
  const cells = await grid
    .locator('.filter-cell')
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-filter'))));
  expect(cells.sort((a, b) => a - b)).toEqual([...picked.mostImportant].sort((a, b) => a - b));

  // the dendrogram as SVG
  const [svgFile] = await Promise.all([
    page.waitForEvent('download'),
    view.getByRole('button', { name: 'Export SVG' }).click(),
  ]);
  expect(svgFile.suggestedFilename()).toMatch(/^dendrogram-conv2\.svg$/);
  const svg = Buffer.concat(await (await svgFile.createReadStream()).toArray()).toString();
  expect(svg).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  expect((svg.match(/class="leaf"/g) ?? []).length).toBe(32);

  // Export CSV downloads the numbers
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    view.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const text = Buffer.concat(await (await csv.createReadStream()).toArray()).toString();
  expect(text.split('\r\n')[0]).toMatch(/^filter,cluster,importance,most_important,dtw_0,/);
  expect(errors).toEqual([]);
});
