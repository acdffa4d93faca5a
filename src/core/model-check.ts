/**
 * Does a dataset fit a model's input? Compares [N, T, C] with the model's input shape.
 */
import { TsvizError } from './errors';
import type { DatasetLayout, DerivedChannel } from './types';

export interface FitContext {
  /** The dataset's layout kind, to word the fix. */
  layout?: DatasetLayout['kind'];
  /** The dataset's derived channels, to word the fix. */
  derived?: readonly DerivedChannel[];
  /** Classification: the dataset's classes (Dataset.classNames) ... */
  datasetClasses?: readonly string[];
  /** ... and how many classes the model tells apart (2 for a single sigmoid output). */
  modelClasses?: number;
  /** The model's name, to say which model (e.g. "Anomaly detector"). */
  modelName?: string;
  /** The dataset's channel names (length C), to say which channels it has. */
  channelNames?: readonly string[];
}

const theModel = (c: FitContext) => (c.modelName ? `The model "${c.modelName}"` : 'The model');
const channelList = (c: FitContext) =>
  c.channelNames?.length ? ` (${c.channelNames.slice(0, 8).join(', ')})` : '';

/**
 * Throws `dataset-window` when the time steps differ, `dataset-channels` when the channels
 * differ, `model-input` when the model input is not [T, C] (with or without the batch
 * dimension first), `dataset-label` when the dataset has more classes than the model (given
 * both in `context`). A null (free) model dimension accepts any size.
 *
 * @param datasetShape [N, T, C] of the dataset
 * @param modelInputShape [batch, T, C] or [T, C]; null for a free dimension
 */
export function checkAgainstModel(
  datasetShape: readonly [number, number, number],
  modelInputShape: readonly (number | null)[],
  context: FitContext = {},
): void {
  const dims = modelInputShape.length === 3 ? modelInputShape.slice(1) : [...modelInputShape];
  if (dims.length !== 2) {
    throw new TsvizError(
      'model-input',
      `The model takes inputs of shape [${modelInputShape.map((d) => d ?? 'any').join(', ')}], not [time steps, channels].`,
      'Open a 1-D convolutional time-series model (Conv1D layers on [time, channels] inputs).',
    );
  }
  const [mT, mC] = dims;
  const [, T, C] = datasetShape;
  if (mT !== null && mT !== T) {
    const fix =
      context.layout === 'series'
        ? `Set the window length to ${mT} in the dataset form.`
        : context.layout === undefined
          ? `Set the window length to ${mT} in the dataset form (series), or choose ${mT} value columns per channel (rows).`
          : `Choose ${mT} value columns per channel in the dataset form, or use a dataset whose sequences have ${mT} steps.`;
    throw new TsvizError(
      'dataset-window',
      `${theModel(context)} expects ${mT} time steps per sample, but the dataset's samples have ${T}.`,
      fix,
    );
  }
  if (mC !== null && mC !== C) {
    const hasDiff = context.derived?.includes('diff') ?? false;
    let fix = `Choose ${mC} channel${mC === 1 ? '' : 's'} in total (value channels plus derived ones) in the dataset form.`;
    if (!hasDiff && mC === 2 * C) {
      fix = "Add the derived channel 'diff' (first difference) in the dataset form.";
    } else if (hasDiff && 2 * mC === C) {
      fix = "Remove the derived channel 'diff' in the dataset form.";
    }
    throw new TsvizError(
      'dataset-channels',
      `${theModel(context)} expects ${mC} channel${mC === 1 ? '' : 's'} per time step, but the dataset has ${C}${channelList(context)}.`,
      fix,
    );
  }
  const found = context.datasetClasses;
  const m = context.modelClasses;
  if (found && m !== undefined && found.length > m) {
    const list = found
      .slice(0, 6)
      .map((c) => JSON.stringify(c))
      .join(', ');
    throw new TsvizError(
      'dataset-label',
      `The dataset has ${found.length} classes (${list}${found.length > 6 ? ', ...' : ''}), but the model tells ${m} apart.`,
      `In the dataset form, list the model's ${m} class values (rows with other labels are then reported), or choose the matching label column.`,
    );
  }
}
