/**
 * The compute worker's dataset calls. A dataset comes straight from the data worker over a
 * MessagePort (`connectDataPort`; the page only learns its summary), or, in tests and from the
 * long-job worker's owner, through `setDataset`. Fit checks happen here, in one place.
 */
import * as Comlink from 'comlink';
import { TsvizError } from '../../src/core/errors';
import { checkAgainstModel, type FitContext } from '../../src/core/model-check';
import type { ModelInfo } from '../../src/core/model-graph';
import type { Dataset } from '../../src/core/types';
import { session } from './session';

/** Throws when the dataset's [T, C] does not fit the model input (see src/core/model-check). */
export function checkFit(info: ModelInfo, ds: Dataset, context: FitContext = {}): void {
  const modelClasses = info.task === 'classification' ? Math.max(2, info.outputUnits) : undefined;
  checkAgainstModel(ds.shape, info.inputShape, {
    ...context,
    datasetClasses: ds.task === 'classification' ? ds.classNames : undefined,
    modelClasses,
    modelName: info.name,
    channelNames: ds.channelNames,
  });
}

export function requireDataset(): Dataset {
  if (!session.dataset)
    throw new TsvizError('no-dataset', 'No dataset is loaded.', 'Open a dataset.');
  return session.dataset;
}

/** Datasets delivered by the data worker, waiting for the page to adopt them, by id. */
const delivered = new Map<string, Dataset>();
const waiting = new Map<string, (ds: Dataset) => void>();

/** What the data worker calls over its port. */
const receiver = {
  receive(id: string, ds: Dataset): void {
    const wake = waiting.get(id);
    if (wake) {
      waiting.delete(id);
      wake(ds);
    } else delivered.set(id, ds);
  },
};
export type DatasetReceiver = typeof receiver;

function take(id: string): Promise<Dataset> {
  const ds = delivered.get(id);
  if (ds) {
    delivered.delete(id);
    return Promise.resolve(ds);
  }
  return new Promise((resolve) => waiting.set(id, resolve));
}

function adoptDataset(
  ds: Dataset,
  context: FitContext,
): { n: number; shape: [number, number, number] } {
  if (session.current) checkFit(session.current.info, ds, context);
  session.dataset = ds;
  session.version.dataset += 1;
  return { n: ds.shape[0], shape: ds.shape };
}

export const datasetApi = {
  /** The data worker's end of a channel: datasets arrive on it without passing the page. */
  connectDataPort(port: MessagePort): void {
    Comlink.expose(receiver, port);
  },

  /**
   * Adopt the dataset the data worker delivered under `id`. Throws, keeping the previous
   * dataset, when it does not fit the model.
   */
  async useDataset(
    id: string,
    context: FitContext = {},
  ): Promise<{ n: number; shape: [number, number, number] }> {
    return adoptDataset(await take(id), context);
  },

  /** Drop a delivered dataset the page decided not to use. */
  discardDataset(id: string): void {
    delivered.delete(id);
    waiting.delete(id);
  },

  /** Adopt a dataset given directly (transferred in). Throws, keeping the previous one, when it does not fit. */
  async setDataset(
    ds: Dataset,
    context: FitContext = {},
  ): Promise<{ n: number; shape: [number, number, number] }> {
    return adoptDataset(ds, context);
  },
};
