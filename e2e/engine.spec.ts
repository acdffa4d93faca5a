/**
 * The compute engine as a person meets it: the evaluation job (progress, Cancel, where it ran,
 * browsing while it runs), models and datasets opened while the app is still starting, and the
 * WGSL filter-importance path end to end. The debug hook (src/bridge/debug.ts) is used only for
 * numbers the screen does not show: the worker's tensor count and the raw importances.
 * The WGSL kernel itself is tested in wgsl.spec.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import { layerNames, repoFile, waitForPrediction, watchErrors } from './helpers';

interface DebugInfluence {
  backend: string;
  shape: [number, number, number];
  target: number[];
  filters: { conv: number; layer: number; importance: number[][]; path: 'gpu' | 'cpu' }[];
}

interface Hook {
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  influence(samples: number[], prefer?: 'auto' | 'cpu'): Promise<DebugInfluence>;
}

async function numTensors(page: Page): Promise<number> {
  return page.evaluate(
    async () => (await (window as unknown as { tsvizDebug: Hook }).tsvizDebug.memory()).numTensors,
  );
}

async function influence(
  page: Page,
  samples: number[],
  prefer?: 'auto' | 'cpu',
): Promise<DebugInfluence> {
  return page.evaluate(
    ([s, p]) => (window as unknown as { tsvizDebug: Hook }).tsvizDebug.influence(s, p),
    [samples, prefer] as const,
  );
}

/**
 * Wait until the worker is idle: the sample is shown and, on a software WebGPU adapter, the
 * one-off backend timing has reported (it holds a batch on the GPU while it runs).
 */
async function idle(page: Page): Promise<void> {
  await waitForPrediction(page);
  await expect(page.getByTestId('backend-timing')).toContainText(/wasm [\d.]+ ms/, {
    timeout: 90_000,
  });
}

const ECG_MODEL = () => [
  repoFile('public/models/ecg200/model.json', 'application/json'),
  repoFile('public/models/ecg200/group1-shard1of1.bin'),
  repoFile('public/models/ecg200/tsviz.json', 'application/json'),
];

test.describe('evaluation job', () => {
  test('evaluates on WASM, on pinned WebGPU while browsing, and cancels cleanly', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    const errors = watchErrors(page);
    await page.goto('./');
    await idle(page);
    await expect(page.getByText('anomaly-test.csv (4000 samples)')).toBeVisible();
    const section = page.getByRole('region', { name: 'Evaluation' });
    const evaluate = section.getByRole('button', { name: 'Evaluate on the dataset' });
    const bar = section.locator('.progress[data-job="evaluate"]');
    const result = section.getByTestId('evaluation');
    const status = page.getByRole('status');
    await expect(status).toContainText('Backend: webgpu');

    // 1. default place on a software adapter: WASM, in a worker of its own
    await evaluate.click();
    // the bar and its Cancel button show while the job runs (the first WASM job also starts
    // its worker and hands it the model and the dataset: a second or more)
    await expect(bar).toBeVisible();
    await expect(bar.getByRole('button', { name: 'Cancel' })).toBeVisible();
    await expect(result).toBeVisible({ timeout: 120_000 });
    await expect(bar).toBeHidden();
    await expect(result).toContainText('Over 2000 samples');
    const acc = Number.parseFloat(await result.getByTestId('accuracy').innerText());
    expect(acc).toBeGreaterThanOrEqual(98);
    await expect(result.getByTestId('evaluation-backend')).toHaveText('wasm');
    await expect(result.getByTestId('loss')).toHaveText(/\d/);
    await expect(result.getByRole('table', { name: /Confusion matrix/ })).toBeVisible();
    await expect(section.getByTestId('long-jobs')).toContainText('WASM');

    // 2. pinned to WebGPU (SwiftShader: slow): browsing stays served between chunks.
    // First the predictions of the next samples, read while nothing else runs.
    const sample = page.getByLabel('Sample', { exact: true });
    const prediction = page.getByTestId('prediction');
    const next = page.getByRole('button', { name: 'Next', exact: true });
    const previous = page.getByRole('button', { name: 'Previous', exact: true });
    await expect(sample).toHaveValue('0');
    const expected: string[] = [await prediction.innerText()];
    for (let i = 1; i <= 2; i++) {
      await next.click();
      await expect(sample).toHaveValue(String(i));
      await expect(prediction).not.toHaveText(expected[i - 1]);
      expected.push(await prediction.innerText());
    }
    for (let i = 1; i >= 0; i--) {
      await previous.click();
      await expect(prediction).toHaveText(expected[i]);
    }
    await section.getByLabel('Run long jobs on WebGPU').check();
    await expect(section.getByTestId('long-jobs')).toContainText('WebGPU, as you chose');
    await evaluate.click();
    await expect(bar).toBeVisible();
    await expect(bar.getByRole('button', { name: 'Cancel' })).toBeVisible();
    for (let i = 1; i <= 2; i++) {
      await next.click();
      await expect(sample).toHaveValue(String(i));
      // the new sample's prediction arrives while the evaluation still runs
      await expect(prediction).toHaveText(expected[i], { timeout: 10_000 });
      await expect(bar).toBeVisible();
    }
    // the WASM score stays on screen until the new one replaces it
    await expect(result.getByTestId('evaluation-backend')).toHaveText('webgpu', {
      timeout: 120_000,
    });
    await expect(bar).toBeHidden();
    await expect(result).toContainText('Over 2000 samples');
    const accGpu = Number.parseFloat(await result.getByTestId('accuracy').innerText());
    expect(Math.abs(accGpu - acc)).toBeLessThanOrEqual(0.1);

    // 3. Cancel: the bar goes, no alert, no new result, and the worker frees what the job held
    await expect.poll(() => numTensors(page)).toBeGreaterThan(0);
    const baseline = await numTensors(page);
    const alerts = page.getByRole('alert');
    const alertsBefore = await alerts.count();
    const gpuScore = await result.innerText();
    await evaluate.click();
    await expect(bar).toBeVisible();
    // let it get going (a chunk or two) before cancelling
    await expect(bar.locator('progress[max]')).toBeVisible();
    await bar.getByRole('button', { name: 'Cancel' }).click();
    await expect(bar).toBeHidden({ timeout: 30_000 });
    await expect(evaluate).toBeEnabled();
    await page.waitForTimeout(1_000);
    await expect(alerts).toHaveCount(alertsBefore);
    // no new score: the last finished one stays as it was
    expect(await result.innerText()).toBe(gpuScore);
    await expect.poll(() => numTensors(page), { timeout: 30_000 }).toBe(baseline);
    expect(errors).toEqual([]); // none is expected, not even a 404
  });
});

test.describe('start-up race (issue item 9c)', () => {
  test('a model opened before the demo has loaded wins and stays', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('./');
    // immediately: the demo is still loading (the backend may not even be ready)
    await page.getByLabel('Open model').setInputFiles(ECG_MODEL());
    const line = page.locator('.model-line');
    await expect(line).toContainText('input 96 × 1', { timeout: 120_000 });
    await expect(line).toContainText('ECG200');
    await expect.poll(() => layerNames(page)).toContain('conv1');
    await expect.poll(() => layerNames(page)).not.toContain('lrelu1');
    const alerts = page.getByRole('alert');
    await expect(alerts.filter({ hasText: 'has not yet been initialized' })).toHaveCount(0);
    // the demo, still loading in the background, must not take over afterwards
    await page.waitForTimeout(8_000);
    await expect(line).toContainText('input 96 × 1', { timeout: 5_000 });
    await expect(line).toContainText('ECG200', { timeout: 5_000 });
    expect(await layerNames(page)).not.toContain('lrelu1');
    await expect(page.getByLabel('Demo')).toHaveValue('');
    await expect(alerts).toHaveCount(0);
    expect(errors).toEqual([]); // none is expected, not even a 404
  });

  test('a dataset opened while the app starts keeps its form through the demo load', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.goto('./');
    await page
      .getByLabel('Open dataset')
      .setInputFiles(repoFile('public/data/ecg200-test.tsv', 'text/tab-separated-values'));
    const form = page.getByRole('form', { name: 'Dataset form' });
    await expect(form).toBeVisible({ timeout: 60_000 });
    await expect(form).toContainText('ecg200-test.tsv');
    // the start-up demo finishes meanwhile; the user's form is still there
    await waitForPrediction(page);
    await page.waitForTimeout(5_000);
    await expect(form).toBeVisible();
    await expect(form).toContainText('ecg200-test.tsv');
    await expect(form.getByRole('button', { name: 'Load dataset' })).toBeVisible();
    // and it still works: with the ECG200 model open, the form loads the file
    await page.getByLabel('Open model').setInputFiles(ECG_MODEL());
    await expect(page.locator('.model-line')).toContainText('input 96 × 1');
    await form.getByRole('button', { name: 'Load dataset' }).click();
    await expect(form).toBeHidden();
    await expect(page.getByText('ecg200-test.tsv (200 samples)')).toBeVisible();
    await waitForPrediction(page);
    // the anomaly dataset did not fit ECG200 (the app said so); nothing else went wrong
    const alerts = await page.getByRole('alert').allInnerTexts();
    expect(alerts.filter((a) => !a.includes('does not fit the model'))).toEqual([]);
    expect(errors).toEqual([]); // none is expected, not even a 404
  });
});

test.describe('filter importance', () => {
  test('the WGSL path on WebGPU equals the CPU reduction; WASM reduces on the CPU', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.goto('./');
    await idle(page);
    await expect(page.getByRole('status')).toContainText('Backend: webgpu');
    const samples = [0, 1, 7];
    const gpu = await influence(page, samples);
    const cpu = await influence(page, samples, 'cpu');
    expect(gpu.backend).toBe('webgpu');
    expect(gpu.filters.length).toBeGreaterThan(0);
    expect(gpu.filters.map((f) => f.path)).toEqual(gpu.filters.map(() => 'gpu'));
    expect(cpu.filters.map((f) => f.path)).toEqual(cpu.filters.map(() => 'cpu'));
    expect(cpu.filters.length).toBe(gpu.filters.length);
    for (const [k, f] of gpu.filters.entries()) {
      const c = cpu.filters[k];
      expect(f.layer).toBe(c.layer);
      expect(f.importance.length).toBe(samples.length);
      let scale = 0;
      for (const row of c.importance) for (const v of row) scale = Math.max(scale, Math.abs(v));
      expect(scale, `layer ${f.layer} has non-zero importance`).toBeGreaterThan(0);
      for (const [i, row] of f.importance.entries()) {
        expect(row.length).toBe(c.importance[i].length);
        for (const [j, v] of row.entries()) {
          const w = c.importance[i][j];
          // relative 1e-4, measured against the layer's largest importance for values near 0
          expect(
            Math.abs(v - w),
            `layer ${f.layer}, sample ${samples[i]}, filter ${j}: ${v} vs ${w}`,
          ).toBeLessThanOrEqual(1e-4 * Math.max(Math.abs(w), scale * 1e-3) + 1e-12);
        }
      }
    }

    await page.getByLabel('Backend').selectOption('wasm');
    await expect(page.getByRole('status')).toContainText('Backend: wasm', { timeout: 60_000 });
    await waitForPrediction(page);
    const wasm = await influence(page, samples);
    expect(wasm.backend).toBe('wasm');
    expect(wasm.filters.map((f) => f.path)).toEqual(wasm.filters.map(() => 'cpu'));
    expect(errors).toEqual([]); // none is expected, not even a 404
  });
});
