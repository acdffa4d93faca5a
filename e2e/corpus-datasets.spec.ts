/**
 * The bad-input corpus, dataset half: every case of e2e/fixtures/bad/cases.json opened with
 * "Open dataset" (then the Dataset form), on one page loaded once with the anomaly demo
 * (its tsviz.json gives the class values "0" and "1"). See e2e/corpus-run.ts for the checks.
 */
import { expect, test, type Page } from '@playwright/test';
import { countByKind, loadCases, removeGenerated } from './corpus-files';
import { runCase, snapshot, unexpectedErrors, type Snapshot } from './corpus-run';
import { waitForPrediction, watchErrors } from './helpers';

const cases = loadCases().filter(
  (c) => (c.open ?? (c.kind === 'model' ? 'model' : 'dataset')) === 'dataset',
);

test.describe('bad-input corpus: datasets', () => {
  let page: Page;
  let errors: string[];
  let state: Snapshot;

  test.beforeAll(async ({ browser }) => {
    console.log(`datasets spec: ${cases.length} cases (${countByKind(cases)})`);
    page = await browser.newPage();
    errors = watchErrors(page);
    await page.goto('./');
    await waitForPrediction(page);
    await expect(page.locator('.model-line')).toContainText('anomaly-test.csv (4000 samples)');
    state = await snapshot(page);
  });
  test.afterEach(() => removeGenerated()); // the 1 GB and 200 MB files
  test.afterAll(async () => page?.close());

  for (const c of cases) {
    test(`${c.kind} ${c.id}: ${c.wrong}`, async () => {
      state = await runCase(page, c, state);
      expect(unexpectedErrors(errors), c.id).toEqual([]);
    });
  }
});
