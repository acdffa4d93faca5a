import * as tf from '@tensorflow/tfjs';
import { expect, test } from '@playwright/test';
import { layerNames, waitForPrediction, watchErrors } from './helpers';

/**
 * A model whose weights are tiny but whose first layer's output for ONE sample needs 2 GiB
 * (2^20 steps x 512 filters x 4 bytes): more than this GPU's largest buffer. Made in Node with
 * tfjs (nothing is allocated for activations), handed over as files.
 */
async function hugeActivationModel(): Promise<{ json: string; bin: Buffer }> {
  const m = tf.sequential();
  m.add(tf.layers.conv1d({ inputShape: [2 ** 20, 1], filters: 512, kernelSize: 1, name: 'wide' }));
  m.add(tf.layers.globalAveragePooling1d({ name: 'gap' }));
  m.add(tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'out' }));
  let json = '';
  let bin = Buffer.alloc(0);
  await m.save(
    tf.io.withSaveHandler(async (a) => {
      json = JSON.stringify({
        format: 'layers-model',
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['huge.bin'], weights: a.weightSpecs }],
      });
      bin = Buffer.from(a.weightData as ArrayBuffer);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  m.dispose();
  return { json, bin };
}

test('a model too large for the GPU gets a message and the previous model stays', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./');
  await waitForPrediction(page);
  await expect(page.getByRole('status')).toContainText('Backend: webgpu');
  const before = await layerNames(page);
  const { json, bin } = await hugeActivationModel();
  await page.getByLabel('Open model').setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(json) },
    { name: 'huge.bin', mimeType: 'application/octet-stream', buffer: bin },
  ]);
  const alert = page.getByRole('alert').first();
  await expect(alert).toContainText(
    /needs 2048\.0 MiB in one GPU buffer, more than this GPU allows/,
  );
  await expect(alert).toContainText(/WASM or CPU backend/);
  expect(await layerNames(page)).toEqual(before);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByLabel('Sample', { exact: true })).toHaveValue('1');
  await expect(page.getByTestId('prediction')).toBeVisible();
  expect(errors).toEqual([]);
});
