/**
 * Write the demo datasets with their training rows and the split in each sidecar, without
 * training: the models (model.json, weights) are not touched. The data is regenerated exactly
 * as the training scripts made it (same seeds, same source files, same code), and the script
 * checks that
 * - the test rows are the ones shipped before (the file's test lines equal the old file's),
 * - the training rows are what training used (anomaly: the generator's first training
 *   sequences; traffic and ECG200: the source files' training lines),
 * - the model scores on the file's test rows as its sidecar says.
 *
 * Run: npx tsx scripts/make-demo-data.ts   (npm run demo:data retrains and writes the same files)
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { datasetFromText } from '../src/core/dataset';
import { splitCounts } from '../src/core/split';
import type { Dataset, Sidecar } from '../src/core/types';
import { initTrainingBackend } from './lib/backend';
import { accuracy, mse, partOf, predictAll } from './lib/evaluate';
import { loadSavedModel } from './lib/load-saved-model';
import { isMain, PUBLIC_DIR } from './lib/paths';
import {
  ANOMALY_CSV_PATH,
  ANOMALY_DATASET,
  ANOMALY_SHIPPED_ROWS,
  anomalyData,
  anomalyDemoCsv,
  SHIPPED_TRAIN,
} from './train-anomaly';
import { ECG_DATASET, ECG_SHIPPED_ROWS, ECG_TSV_PATH, ecgDemoTsv, ecgLines } from './train-ecg200';
import { TRAFFIC_CSV_PATH, trafficDataset, trafficDemoCsv, trafficLines } from './train-traffic';

const dataLines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim() !== '');

function same(what: string, a: string[], b: string[]): void {
  const i = a.findIndex((l, k) => l !== b[k]);
  if (a.length !== b.length || i >= 0) {
    throw new Error(`${what}: ${a.length} vs ${b.length} lines, first difference at line ${i + 1}`);
  }
}

/** The old file's lines, or the lines with the last cell removed when it was written already. */
function withoutSplit(lines: string[], delimiter: string): string[] {
  return lines.map((l) => l.slice(0, l.lastIndexOf(delimiter)));
}

async function sidecarOf(name: string): Promise<{ dir: string; sidecar: Sidecar }> {
  const dir = path.join(PUBLIC_DIR, 'models', name);
  const sidecar = JSON.parse(await readFile(path.join(dir, 'tsviz.json'), 'utf8')) as Sidecar;
  return { dir, sidecar };
}

async function saveSidecar(dir: string, sidecar: Sidecar): Promise<void> {
  await writeFile(path.join(dir, 'tsviz.json'), JSON.stringify(sidecar, null, 2) + '\n');
}

function counts(ds: Dataset): string {
  const c = splitCounts(ds.split, ds.shape[0]);
  return `${c.train} train, ${c.test} test, ${c.neither} neither`;
}

async function anomaly(): Promise<string> {
  const old = dataLines(await readFile(ANOMALY_CSV_PATH, 'utf8'));
  const { data } = anomalyData();
  const text = anomalyDemoCsv(data);
  const lines = dataLines(text);
  // the old file: header + 2,000 test lines (no split column), or this file already
  const oldTest = old[0].endsWith(',split') ? withoutSplit(old.slice(0, 2001), ',') : old;
  same('anomaly test rows', withoutSplit(lines.slice(0, 2001), ','), oldTest);
  await writeFile(ANOMALY_CSV_PATH, text);
  const { dir, sidecar } = await sidecarOf('anomaly');
  sidecar.dataset = ANOMALY_DATASET;
  sidecar.provenance = { ...sidecar.provenance, shippedRows: ANOMALY_SHIPPED_ROWS };
  await saveSidecar(dir, sidecar);

  const ds = datasetFromText(text, ANOMALY_DATASET, 'anomaly-test.csv');
  const train = partOf(ds, 'train');
  // the training rows are the generator's first training sequences (3 decimals in the file)
  const per = train.shape[1] * train.shape[2];
  let worst = 0;
  for (let i = 0; i < SHIPPED_TRAIN * per; i++)
    worst = Math.max(worst, Math.abs(train.x[i] - data.x[i]));
  if (worst > 5.001e-4) throw new Error(`anomaly training rows differ by ${worst}`);
  if (train.y!.some((v, i) => v !== data.y[i])) throw new Error('anomaly training labels differ');
  const test = partOf(ds, 'test');
  const model = await loadSavedModel(dir);
  const acc = accuracy(predictAll(model, test.x, test.shape), test.y!, 1);
  model.dispose();
  if (Math.abs(acc - sidecar.metrics!.accuracy) > 5e-5)
    throw new Error(`anomaly accuracy ${acc}, sidecar ${sidecar.metrics!.accuracy}`);
  return `anomaly: ${counts(ds)}; training rows within ${worst.toExponential(2)} of the generator; test accuracy ${acc} (sidecar ${sidecar.metrics!.accuracy})`;
}

async function ecg200(): Promise<string> {
  const old = dataLines(await readFile(ECG_TSV_PATH, 'utf8'));
  const testLines = await ecgLines('TEST');
  const oldTest = old.length === 100 ? old : withoutSplit(old.slice(0, 100), '\t');
  same('ECG200 test rows', testLines, oldTest);
  const text = await ecgDemoTsv();
  const lines = dataLines(text);
  same('ECG200 training rows', withoutSplit(lines.slice(100), '\t'), await ecgLines('TRAIN'));
  await writeFile(ECG_TSV_PATH, text);
  const { dir, sidecar } = await sidecarOf('ecg200');
  sidecar.dataset = ECG_DATASET;
  sidecar.provenance = { ...sidecar.provenance, shippedRows: ECG_SHIPPED_ROWS };
  await saveSidecar(dir, sidecar);

  const ds = datasetFromText(text, ECG_DATASET, 'ecg200-test.tsv');
  const model = await loadSavedModel(dir);
  const score = (d: Dataset) => accuracy(predictAll(model, d.x, d.shape), d.y!, 2);
  const acc = score(partOf(ds, 'test'));
  const trainAcc = score(partOf(ds, 'train'));
  model.dispose();
  if (Math.abs(acc - sidecar.metrics!.accuracy) > 5e-5)
    throw new Error(`ECG200 accuracy ${acc}, sidecar ${sidecar.metrics!.accuracy}`);
  if (Math.abs(trainAcc - sidecar.metrics!.trainAccuracy) > 5e-5)
    throw new Error(
      `ECG200 training accuracy ${trainAcc}, sidecar ${sidecar.metrics!.trainAccuracy}`,
    );
  return `ecg200: ${counts(ds)}; test accuracy ${acc}, training accuracy ${trainAcc} (sidecar ${sidecar.metrics!.accuracy}, ${sidecar.metrics!.trainAccuracy})`;
}

async function traffic(): Promise<string> {
  const source = await trafficLines();
  const old = dataLines(await readFile(TRAFFIC_CSV_PATH, 'utf8'));
  const text = trafficDemoCsv(source);
  const lines = dataLines(text);
  const bare = withoutSplit(lines, ',');
  // old file: header + rows 14,000..17,999; the new one: header + rows 0..17,999
  const oldTest = old[0].endsWith(',"split"') ? withoutSplit(old, ',').slice(14_001) : old.slice(1);
  same('traffic test rows', bare.slice(14_001), oldTest);
  same('traffic training rows', bare.slice(0, 14_001), source.slice(0, 14_001));
  await writeFile(TRAFFIC_CSV_PATH, text);
  const { dir, sidecar } = await sidecarOf('traffic');
  const given = sidecar.dataset.standardize as { mean: number[]; std: number[] };
  const config = trafficDataset(given.mean[0], given.std[0], true);
  sidecar.dataset = config;
  sidecar.provenance = {
    ...sidecar.provenance,
    shippedRows:
      'rows 0..13999 (split 0) and 14000..17999 (split 1); windows across row 14000 in neither part',
  };
  await saveSidecar(dir, sidecar);

  const ds = datasetFromText(text, config, 'traffic-test.csv');
  const test = partOf(ds, 'test');
  const [n, t, c] = test.shape;
  const model = await loadSavedModel(dir);
  const m = mse(predictAll(model, test.x, test.shape), test.y!);
  model.dispose();
  const last = mse(
    Float32Array.from({ length: n }, (_, i) => test.x[(i * t + t - 1) * c]),
    test.y!,
  );
  const train = partOf(ds, 'train');
  // the training windows are exactly those training cut from rows 0..13,999 alone
  const trainText = source.slice(0, 14_001).join('\n');
  const trained = datasetFromText(trainText, trafficDataset(given.mean[0], given.std[0]), 'train');
  if (
    trained.x.length !== train.x.length ||
    trained.x.some((v, i) => v !== train.x[i]) ||
    trained.y!.some((v, i) => v !== train.y![i])
  )
    throw new Error('traffic training windows differ from those training used');
  if (n !== sidecar.metrics!.windows) throw new Error(`traffic: ${n} test windows`);
  if (train.shape[0] !== sidecar.provenance.trainWindows)
    throw new Error(`traffic: ${train.shape[0]} training windows`);
  return `traffic: ${counts(ds)}; test MSE ${m.toFixed(7)} (sidecar ${sidecar.metrics!.mse}), last value ${last.toFixed(7)} (sidecar ${sidecar.metrics!.lastValueMse})`;
}

export async function makeDemoData(): Promise<string[]> {
  await initTrainingBackend('cpu');
  await tf.ready();
  return [await anomaly(), await ecg200(), await traffic()];
}

if (isMain(import.meta.url)) {
  for (const line of await makeDemoData()) console.log(line);
}
