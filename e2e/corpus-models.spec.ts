/**
 * The bad-input corpus, model half: every case of e2e/fixtures/bad/cases.json opened with
 * "Open model", on one page loaded once (see e2e/corpus-run.ts for what is checked).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { BAD, countByKind, GENERATORS, loadCases } from './corpus-files';
import { runCase, snapshot, unexpectedErrors, type Snapshot } from './corpus-run';
import { ROOT, waitForPrediction, watchErrors } from './helpers';

const all = loadCases();
const cases = all.filter((c) => (c.open ?? (c.kind === 'model' ? 'model' : 'dataset')) === 'model');

test('the corpus table is complete and well formed', () => {
  console.log(`bad-input corpus: ${all.length} cases (${countByKind(all)})`);
  expect(all.filter((c) => c.kind !== 'odd-valid').length).toBeGreaterThanOrEqual(40);
  expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
  for (const c of all) {
    for (const f of c.files ?? []) {
      expect(existsSync(f.startsWith('public/') ? join(ROOT, f) : join(BAD, f)), f).toBe(true);
    }
    if (c.generator) expect(Object.keys(GENERATORS), c.id).toContain(c.generator);
    expect(c.files?.length || c.generator, c.id).toBeTruthy();
    const pattern = c.outcome === 'loads' ? c.notes : c.kind === 'odd-valid' ? '' : c.expect;
    expect(() => new RegExp(pattern ?? '(', 'is'), c.id).not.toThrow();
  }
});

test.describe('bad-input corpus: models', () => {
  let page: Page;
  let errors: string[];
  let state: Snapshot;

  test.beforeAll(async ({ browser }) => {
    console.log(`models spec: ${cases.length} cases (${countByKind(cases)})`);
    page = await browser.newPage();
    errors = watchErrors(page);
    await page.goto('./');
    await waitForPrediction(page);
    state = await snapshot(page);
  });
  test.afterAll(async () => page?.close());

  for (const c of cases) {
    test(`${c.kind} ${c.id}: ${c.wrong}`, async () => {
      state = await runCase(page, c, state);
      expect(unexpectedErrors(errors), c.id).toEqual([]);
    });
  }
});
