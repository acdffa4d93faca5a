import { expect, test, type Page } from '@playwright/test';
import { layerNames, waitForPrediction, watchErrors } from './helpers';

test('the demo opens on the WebGPU backend with its layers, prediction and layer stack', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./');
  const status = page.getByRole('status');
  await expect(status).toContainText('Backend: webgpu', { timeout: 60_000 });
  await expect(status).toContainText('software fallback adapter');
  await expect(status).toContainText(/WASM is usually much faster|wasm is [\d.]+× faster/);

  const table = page.getByRole('table', { name: 'Layers' });
  await expect(table).toBeVisible();
  const rows = table.locator('tbody tr');
  const convRows = rows.filter({ has: page.locator('td', { hasText: /^Conv1D$/ }) });
  await expect(convRows).toHaveCount(3);
  const filters = await convRows.locator('td:nth-child(4)').allInnerTexts();
  expect(filters).toEqual(['16', '32', '64']);
  expect(await layerNames(page)).toContain('output');

  await waitForPrediction(page);
  await expect(page.getByTestId('prediction')).toContainText(/normal|anomalous/);
  await expect(page.getByTestId('label')).toContainText(/normal|anomalous/);
  await expect(page.getByRole('img', { name: 'Layer stack' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Input sample' })).toBeVisible();
  // the stack's numbers as a table: the input and one row per layer
  await page.getByText('Layer stack: numbers').click();
  const stackTable = page.getByRole('table', { name: 'Layer stack' });
  await expect(stackTable.locator('tbody tr')).toHaveCount(12);
  await expect(stackTable.locator('tbody tr').nth(1)).toContainText('[50, 16]');
  // the training-only activity regularizer was stripped and the user told so
  await expect(page.getByRole('list', { name: 'Notes' })).toContainText('activity_regularizer');
  // the faster backend on this machine is named from a real measurement of this model
  await expect(page.getByTestId('backend-timing')).toContainText(
    /webgpu [\d.]+ ms, wasm [\d.]+ ms/,
    {
      timeout: 90_000,
    },
  );
  expect(errors).toEqual([]);
});

test('next/previous and class selection change the sample and the prediction', async ({ page }) => {
  await page.goto('./');
  await waitForPrediction(page);
  const sample = page.getByLabel('Sample', { exact: true });
  await expect(sample).toHaveValue('0');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(sample).toHaveValue('1');
  await page.getByLabel('Next of class').selectOption({ label: 'anomalous' });
  await expect(page.getByTestId('label')).toHaveText('anomalous');
  await page.getByLabel('Next of class').selectOption({ label: 'normal' });
  await expect(page.getByTestId('label')).toHaveText('normal');
});

test('hovering a filter in the layer stack shows its activation curve', async ({ page }) => {
  await page.goto('./');
  await waitForPrediction(page);
  const canvas = page.getByRole('img', { name: 'Layer stack' });
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas box');
  const tip = page.getByRole('img', { name: 'Filter activation' });
  // the render worker reports panel label positions after its first frame
  await expect(page.locator('.stack-label').first()).toBeVisible();
  let shown = false;
  for (let fx = 0.1; fx <= 0.9 && !shown; fx += 0.05) {
    for (let fy = 0.2; fy <= 0.8 && !shown; fy += 0.1) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      // the pick answer comes back from the render worker asynchronously
      shown = await tip
        .waitFor({ state: 'visible', timeout: 400 })
        .then(() => true)
        .catch(() => false);
    }
  }
  expect(shown).toBe(true);
  await expect(tip.locator('svg path').first()).toBeVisible();
  // a click where the mouse is selects that unit: its curve and numbers, for this sample and the next
  await page.mouse.down();
  await page.mouse.up();
  const chart = page.getByRole('img', { name: 'Selected filter activation' });
  await expect(chart.locator('svg path').first()).toBeVisible();
  const rows = page.getByRole('table', { name: 'Selected filter activation' }).locator('tbody tr');
  await page.getByText('Selected filter activation: numbers').click();
  const n = await rows.count();
  expect(n).toBeGreaterThan(0);
  const first = await rows.allInnerTexts();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByLabel('Sample', { exact: true })).toHaveValue('1');
  await expect.poll(() => rows.allInnerTexts()).not.toEqual(first);
  await expect(rows).toHaveCount(n);
});

test('the Overview exports download JSON and CSV with the layers', async ({ page }) => {
  await page.goto('./');
  await waitForPrediction(page);
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  const parsed = JSON.parse(
    await (await json.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()),
  );
  expect(parsed.layers.some((l: { name: string }) => l.name === 'conv1')).toBe(true);
  expect(parsed.sample.activations.length).toBeGreaterThan(3);
  const conv1 = parsed.sample.activations.find((a: { layer: string }) => a.layer === 'conv1');
  expect(conv1.shape).toEqual([50, 16]);
  expect(conv1.values).toHaveLength(50 * 16);
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const text = Buffer.concat(await (await csv.createReadStream()).toArray()).toString();
  expect(text.split('\r\n')[0]).toBe('layer,type,output_shape,filters,parameters');
  expect(text).toContain('conv1,Conv1D,50x16,16,');
});

/**
 * Everything the page receives from its workers, recorded before the app starts: for each
 * message, the Float32Array bytes in it and its object keys. The activations go from the
 * compute worker to the render worker directly; the page gets each sample's input, output and
 * per-panel summaries only.
 */
async function recordWorkerMessages(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: { floatBytes: number; keys: string[] }[] = [];
    (window as unknown as { __workerMessages: typeof log }).__workerMessages = log;
    const record = (data: unknown) => {
      let floatBytes = 0;
      const keys = new Set<string>();
      const seen = new Set<unknown>();
      const walk = (v: unknown, depth: number) => {
        if (depth > 12 || v === null || typeof v !== 'object' || seen.has(v)) return;
        seen.add(v);
        if (v instanceof Float32Array) {
          floatBytes += v.byteLength;
          return;
        }
        if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return;
        for (const [k, x] of Object.entries(v)) {
          if (!Array.isArray(v)) keys.add(k);
          walk(x, depth + 1);
        }
      };
      walk(data, 0);
      log.push({ floatBytes, keys: [...keys] });
    };
    const add = Worker.prototype.addEventListener;
    const remove = Worker.prototype.removeEventListener;
    const wrappers = new WeakMap<object, EventListener>();
    const wrap = (listener: EventListenerOrEventListenerObject): EventListener => {
      let w = wrappers.get(listener);
      if (!w) {
        w = function (this: Worker, e: Event) {
          record((e as MessageEvent).data);
          return typeof listener === 'function' ? listener.call(this, e) : listener.handleEvent(e);
        };
        wrappers.set(listener, w);
      }
      return w;
    };
    Worker.prototype.addEventListener = function (
      this: Worker,
      type: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | AddEventListenerOptions,
    ) {
      const l = type === 'message' && listener ? wrap(listener) : listener;
      return add.call(this, type, l as EventListenerOrEventListenerObject, options);
    } as typeof Worker.prototype.addEventListener;
    Worker.prototype.removeEventListener = function (
      this: Worker,
      type: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | EventListenerOptions,
    ) {
      const l = (listener && wrappers.get(listener)) ?? listener;
      return remove.call(this, type, l as EventListenerOrEventListenerObject, options);
    } as typeof Worker.prototype.removeEventListener;
    const onmessage = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
    Object.defineProperty(Worker.prototype, 'onmessage', {
      configurable: true,
      get() {
        return onmessage?.get?.call(this);
      },
      set(fn: ((e: MessageEvent) => unknown) | null) {
        onmessage?.set?.call(
          this,
          fn &&
            function (this: Worker, e: MessageEvent) {
              record(e.data);
              return fn.call(this, e);
            },
        );
      },
    });
  });
}

const workerMessages = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { __workerMessages: { floatBytes: number; keys: string[] }[] })
        .__workerMessages,
  );

test('the page receives a sample without its activations: they go to the render worker', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await recordWorkerMessages(page);
  await page.goto('./');
  await waitForPrediction(page);
  await expect(page.getByTestId('backend-timing')).toContainText(/wasm [\d.]+ ms/, {
    timeout: 90_000,
  });
  // the recorder sees the app's messages (the first sample's answer among them)
  const before = await workerMessages(page);
  expect(before.some((m) => m.keys.includes('panels') && m.keys.includes('output'))).toBe(true);

  const sample = page.getByLabel('Sample', { exact: true });
  for (let i = 1; i <= 3; i++) {
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(sample).toHaveValue(String(i));
    await expect(page.getByTestId('prediction')).toContainText(/normal|anomalous/);
  }
  // and the stack still shows each sample: its table has the input and every layer
  await page.getByText('Layer stack: numbers').click();
  await expect(page.getByRole('table', { name: 'Layer stack' }).locator('tbody tr')).toHaveCount(
    12,
  );
  const all = await workerMessages(page);
  const after = all.slice(before.length);
  const answers = after.filter((m) => m.keys.includes('panels') && m.keys.includes('output'));
  expect(answers.length).toBeGreaterThanOrEqual(3);
  for (const m of all) {
    expect(m.keys).not.toContain('activations');
    expect(m.keys).not.toContain('values');
  }
  // per sample: x [50, 3] and the output (1 unit), never the layers' [steps, units] values
  const bytes = after.reduce((n, m) => n + m.floatBytes, 0);
  expect(bytes).toBeLessThanOrEqual(3 * (50 * 3 + 1) * 4);
  expect(errors).toEqual([]);
});

test('without WebGL in the render worker the stack says so; its numbers, charts and export work', async ({
  page,
}) => {
  // the render worker's script, with no WebGL context to be had
  await page.route(/render\.worker-[^/]*\.js$/, async (route) => {
    const response = await route.fetch();
    const body = `OffscreenCanvas.prototype.getContext = () => null;\n${await response.text()}`;
    await route.fulfill({ response, body });
  });
  await page.goto('./');
  await waitForPrediction(page);
  await expect(page.getByRole('alert').filter({ hasText: 'cannot be drawn' })).toContainText(
    'WebGL is not available',
  );
  await page.getByText('Layer stack: numbers').click();
  const stackRows = page.getByRole('table', { name: 'Layer stack' }).locator('tbody tr');
  await expect(stackRows).toHaveCount(12);
  const first = await stackRows.allInnerTexts();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByLabel('Sample', { exact: true })).toHaveValue('1');
  await expect.poll(() => stackRows.allInnerTexts()).not.toEqual(first);
  await expect(page.getByRole('img', { name: 'Input sample' })).toBeVisible();
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  const parsed = JSON.parse(
    Buffer.concat(await (await json.createReadStream()).toArray()).toString(),
  );
  expect(parsed.sample.index).toBe(1);
  expect(parsed.sample.activations.length).toBe(11);
});
