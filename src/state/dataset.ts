/**
 * Datasets: parsed in the data worker, which hands the values straight to the compute worker;
 * the page keeps the summary (shape, names, labels) only.
 */
import { batch } from 'solid-js';
import type { DatasetSummary } from '../bridge';
import type { DatasetConfig } from '../core/types';
import { setState, type DatasetMeta } from './app-state';
import { bridge } from './bridge';
import { guarded } from './guarded';
import { runJob } from './jobs';
import { selectSample } from './sample';

/** Numbers the dataset requests; a user's request outranks the start-up demo's. */
let requests = 0;
let adopted = -1;

/** A number for a dataset the user asked for (higher than every earlier one). */
export const userDatasetRequest = (): number => ++requests;
/** The number of what the app loads by itself at start-up: any dataset the user loaded wins. */
export const STARTUP_DATASET_REQUEST = 0;

function metaOf(s: DatasetSummary): DatasetMeta {
  return {
    source: s.source,
    shape: s.shape,
    task: s.task,
    channelNames: s.channelNames,
    classNames: s.classNames,
    labels: s.labels,
    standardization: s.standardization,
    split: s.split,
  };
}

/**
 * Parse (data worker) and adopt (compute worker) a dataset. Resolves false, keeping the
 * previous dataset, when it fails, is cancelled, or a later request was adopted meanwhile.
 */
export async function loadDataset(
  source: File | string,
  config: DatasetConfig,
  name: string,
  request = userDatasetRequest(),
): Promise<boolean> {
  // a config read from the store (or the form) is a proxy, which cannot cross into a worker
  const plainConfig = JSON.parse(JSON.stringify(config)) as DatasetConfig;
  const b = bridge();
  const summary = await runJob(
    'dataset',
    { label: `Reading ${name}`, cancel: (id) => void b.data().cancel(id) },
    (token, progress) => b.data().deliver(source, plainConfig, token, progress),
  );
  if (!summary) return false;
  if (request < adopted) {
    void b.compute().discardDataset(summary.id); // the user chose another dataset meanwhile
    return false;
  }
  const ok = await guarded(`Using ${name}`, () =>
    b.compute().useDataset(summary.id, {
      layout: plainConfig.layout.kind,
      derived: plainConfig.derived,
    }),
  );
  if (!ok) return false;
  adopted = request;
  batch(() => {
    setState('dataset', metaOf(summary));
    setState('sampleIndex', 0);
  });
  await selectSample(0);
  return true;
}
