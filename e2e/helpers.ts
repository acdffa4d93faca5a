import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/** A file for setInputFiles, read from the repo. */
export function repoFile(rel: string, mimeType = 'application/octet-stream') {
  const path = join(ROOT, rel);
  return { name: path.split('/').pop() ?? rel, mimeType, buffer: readFileSync(path) };
}

/** Fail the test on any uncaught page error; returns the list of console errors seen. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/**
 * Wait until locator is visible. Unlike expect(...).toBeVisible(), a poll that finds nothing does
 * not build an aria snapshot of the whole page on its main thread (Playwright 1.65 does, for the
 * error message): tens of ms that a long-task check would otherwise blame on the app.
 */
export async function appear(locator: Locator, timeout = 60_000): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout });
}

/** Wait until the demo (or any model) has a prediction on screen. */
export async function waitForPrediction(page: Page): Promise<void> {
  await appear(page.getByTestId('prediction'), 120_000);
}

/** The app's views (tab and region names, the UI contract). */
export type ViewName = 'Overview' | 'Importance' | 'Clusters' | 'Optimization' | 'Pruning';

/** Open the app on its demo, wait for the prediction, show a view; returns the view's region. */
export async function openView(page: Page, name: ViewName): Promise<Locator> {
  await page.goto('./');
  await waitForPrediction(page);
  await page.getByRole('tab', { name }).click();
  return page.getByRole('region', { name });
}

/** Text of the first column (layer names) of the "Layers" table. */
export async function layerNames(page: Page): Promise<string[]> {
  const table = page.getByRole('table', { name: 'Layers' });
  return table.locator('tbody tr th').allInnerTexts();
}

/** Click the visible view's "Export JSON" and parse the downloaded file. */
export async function exportJson<T = Record<string, unknown>>(page: Page): Promise<T> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  const text = Buffer.concat(await (await file.createReadStream()).toArray()).toString();
  return JSON.parse(text) as T;
}
