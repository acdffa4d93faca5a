/**
 * Try one corpus case on an already open page: open its files, fill the Dataset form when it
 * appears, then check the outcome. A bad case must show a matching role="alert", keep the
 * previous model (Layers table) and dataset (the model line), and log no uncaught error;
 * then its alert is dismissed and the form closed, ready for the next case.
 */
import { expect, type Page } from '@playwright/test';
import { filesOf, type CorpusCase, type FormStep } from './corpus-files';
import { layerNames } from './helpers';

export interface Snapshot {
  layers: string[];
  /** "Model: ... · Dataset: name (N samples)". */
  line: string;
}

export async function snapshot(page: Page): Promise<Snapshot> {
  return { layers: await layerNames(page), line: await page.locator('.model-line').innerText() };
}

const alerts = (page: Page) => page.locator('.alerts [role="alert"]');
const datasetForm = (page: Page) => page.getByRole('form', { name: 'Dataset form' });
const regex = (s: string) => new RegExp(s, 'is');

/** Console lines the browser writes itself for a missing resource; anything else fails. */
export function unexpectedErrors(errors: string[]): string[] {
  return errors.splice(0).filter((e) => !/Failed to load resource.*404/.test(e));
}

async function applyForm(page: Page, steps: FormStep[]): Promise<void> {
  const form = datasetForm(page);
  for (const s of steps) {
    const control = form.getByLabel(s.field, { exact: true });
    if (s.fill !== undefined) await control.fill(s.fill);
    if (s.select !== undefined) await control.selectOption(s.select);
    if (s.check !== undefined) await control.setChecked(s.check);
  }
}

/** Dismiss every alert and close the dataset form, if open. */
export async function tidy(page: Page): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  const form = datasetForm(page);
  if (await form.isVisible()) await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toBeHidden();
}

/** Open the case's files; for a dataset, confirm the form (after its settings) when it shows. */
async function open(page: Page, c: CorpusCase): Promise<void> {
  const files = filesOf(c);
  const kind = c.open ?? (c.kind === 'model' ? 'model' : 'dataset');
  const input = page.getByLabel(kind === 'model' ? 'Open model' : 'Open dataset');
  await input.setInputFiles(files as Parameters<typeof input.setInputFiles>[0]);
  if (kind === 'model') return;
  const form = datasetForm(page);
  await expect(form.or(alerts(page)).first()).toBeVisible();
  if (!(await form.isVisible())) return;
  await applyForm(page, c.form ?? []);
  if (c.outcome === 'form-alert' || c.outcome === 'cancel') return;
  await form.getByRole('button', { name: 'Load dataset' }).click();
}

/** A 200 MB file: progress shows, Cancel stops it, the previous dataset stays, no alert. */
async function cancelLoad(page: Page, c: CorpusCase, before: Snapshot): Promise<void> {
  const form = datasetForm(page);
  await form.getByRole('button', { name: 'Load dataset' }).click();
  const bar = page.locator('.progress progress');
  await expect(bar).toBeVisible();
  await expect.poll(async () => Number(await bar.getAttribute('value'))).toBeGreaterThan(0);
  await page.locator('.progress').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.progress')).toBeHidden();
  await expect.soft(alerts(page), c.id).toHaveCount(0);
  expect.soft(await snapshot(page), `${c.id}: previous dataset kept`).toEqual(before);
  await tidy(page);
}

/** The tab still answers: the Sample input takes a new value and the prediction follows. */
async function checkResponsive(page: Page, c: CorpusCase): Promise<void> {
  const sample = page.getByLabel('Sample', { exact: true });
  const next = (await sample.inputValue()) === '1' ? '2' : '1';
  const start = Date.now();
  await sample.fill(next);
  await sample.press('Enter');
  await expect.soft(sample, c.id).toHaveValue(next);
  await expect.soft(page.getByTestId('prediction'), c.id).toBeVisible();
  expect.soft(Date.now() - start, `${c.id}: ms to change the sample`).toBeLessThan(5_000);
}

/** A field the browser itself refuses (min="1"): its validation message, no submit. */
async function invalidField(page: Page, c: CorpusCase): Promise<string> {
  const field = datasetForm(page).getByLabel(c.form?.[0]?.field ?? '', { exact: true });
  await expect.soft(datasetForm(page), `${c.id}: not submitted`).toBeVisible();
  return field.evaluate((el) => (el as HTMLInputElement).validationMessage);
}

/** Run one case; returns the snapshot the next case starts from. */
export async function runCase(page: Page, c: CorpusCase, before: Snapshot): Promise<Snapshot> {
  const start = Date.now();
  await open(page, c);
  const soft = expect.configure({ soft: true, timeout: 10_000 });
  if (c.outcome === 'cancel') {
    await cancelLoad(page, c, before);
    return before;
  }
  if (c.outcome === 'loads' || c.kind === 'odd-valid') {
    const name = (c.files?.[0] ?? '').split('/').pop() ?? '';
    const line = page.locator('.model-line');
    const changed = async () =>
      c.outcome === 'loads'
        ? (await layerNames(page)).join() !== before.layers.join()
        : (await line.innerText()).includes(`${name} (`);
    const settled = async () => (await alerts(page).count()) > 0 || (await changed());
    await expect.poll(settled, `${c.id}: loaded or refused`).toBe(true);
    soft(await alerts(page).allInnerTexts(), `${c.id}: no alert`).toEqual([]);
    if (c.outcome === 'loads') {
      const notes = page.getByRole('list', { name: 'Notes' });
      await soft(notes, c.id).toContainText(regex(c.notes ?? ''));
    } else {
      await soft(line, c.id).toContainText(`${name} (${c.samples} samples)`);
    }
    await soft(page.getByTestId('prediction'), c.id).toBeVisible();
    await soft(datasetForm(page), c.id).toBeHidden();
    await tidy(page);
    return snapshot(page);
  }
  let texts: string[];
  if (c.outcome === 'invalid-field') {
    texts = [await invalidField(page, c)];
  } else {
    const shown = c.outcome === 'form-alert' ? datasetForm(page).getByRole('alert') : alerts(page);
    await expect(shown.first(), `${c.id}: an alert`).toBeVisible();
    if (c.responsive) {
      soft(Date.now() - start, `${c.id}: ms to refuse`).toBeLessThan(10_000);
      await checkResponsive(page, c);
    }
    texts = await shown.allInnerTexts();
  }
  const re = regex(c.expect ?? '');
  soft(
    texts.some((t) => re.test(t)),
    `${c.id}: ${texts.join(' | ')}`,
  ).toBe(true);
  soft(await snapshot(page), `${c.id}: previous model and dataset kept`).toEqual(before);
  await soft(page.getByTestId('prediction'), c.id).toBeVisible();
  await tidy(page);
  return before;
}
