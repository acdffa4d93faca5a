import { createMemo, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { Sidecar } from '../../core/types';
import { state } from '../../state/app-state';
import {
  cancelDatasetForm,
  submitDatasetForm,
  type PendingDataset,
} from '../../state/dataset-form';
import { downloadText } from '../download';
import {
  configFromFields,
  fieldsFromConfig,
  sampleShape,
  splitGroups,
  type FormFields,
} from './config';
import { PreviewTable } from './PreviewTable';

/** Confirm how a table becomes samples: layout, label, channels, window, derived, scaling. */
export function DatasetForm(props: { pending: PendingDataset }) {
  const sniff = props.pending.inspect.sniff;
  const colName = (i: number) => sniff.header?.[i] ?? `column ${i + 1}`;
  const columns = Array.from({ length: sniff.columnCount }, (_, i) => i);
  const [f, setF] = createStore<FormFields>(
    fieldsFromConfig(props.pending.initial, sniff.columnCount),
  );
  const config = createMemo(() => configFromFields({ ...f, valueColumns: [...f.valueColumns] }));
  const shape = () => sampleShape(f);
  const mismatch = () => {
    const m = state.model?.info.inputShape;
    if (!m) return false;
    const [T, C] = shape();
    return C !== m[1] || (m[0] !== null && T !== null && T !== m[0]);
  };
  const groupsOk = () =>
    f.layout !== 'channel-groups' || splitGroups(f.valueColumns, f.channels) !== null;

  const setLabel = (v: string) => {
    const label = v === '' ? null : Number(v);
    setF({ labelColumn: label, valueColumns: columns.filter((c) => c !== label) });
  };
  const sidecar = (): Sidecar => {
    const c = config();
    const info = state.model?.info;
    return {
      version: 1,
      name: info?.name ?? props.pending.name,
      task: c.task,
      classNames: c.classNames,
      channelNames: c.channelNames ?? [],
      windowLength: c.layout.kind === 'series' ? c.layout.windowLength : sniff.columnCount,
      dataset: c,
    };
  };

  return (
    <form
      class="dataset-form"
      aria-label="Dataset form"
      onSubmit={(e) => {
        e.preventDefault();
        if (groupsOk()) void submitDatasetForm(config());
      }}
    >
      <h2>How should {props.pending.name} become samples?</h2>
      <p>
        Detected: {sniff.columnCount} columns, delimiter “
        {sniff.delimiter === '\t' ? 'tab' : sniff.delimiter}”,
        {sniff.hasHeader ? ' a header row' : ' no header row'}.
      </p>
      <PreviewTable header={sniff.header} rows={sniff.previewRows.slice(0, 5)} />
      <label>
        Layout
        <select
          value={f.layout}
          onChange={(e) => setF('layout', e.currentTarget.value as FormFields['layout'])}
        >
          <option value="series">One long series per column (sliding windows)</option>
          <option value="rows">One sequence per row (label + values)</option>
          <option value="channel-groups">Several channels per row (column groups)</option>
        </select>
      </label>
      <label>
        Task
        <select
          value={f.task}
          onChange={(e) => setF('task', e.currentTarget.value as FormFields['task'])}
        >
          <option value="classification">Classification</option>
          <option value="regression">Regression</option>
        </select>
      </label>
      <Show when={f.layout === 'series'}>
        <fieldset>
          <legend>Value columns (channels)</legend>
          <For each={columns}>
            {(c) => (
              <label class="inline">
                <input
                  type="checkbox"
                  checked={f.valueColumns.includes(c)}
                  onChange={(e) =>
                    setF('valueColumns', (v) =>
                      e.currentTarget.checked
                        ? [...v, c].sort((a, b) => a - b)
                        : v.filter((x) => x !== c),
                    )
                  }
                />
                {colName(c)}
              </label>
            )}
          </For>
        </fieldset>
        <label>
          Window length
          <input
            type="number"
            min="2"
            value={f.windowLength}
            onInput={(e) => setF('windowLength', Number(e.currentTarget.value))}
          />
        </label>
        <label>
          Stride
          <input
            type="number"
            min="1"
            value={f.stride}
            onInput={(e) => setF('stride', Number(e.currentTarget.value))}
          />
        </label>
      </Show>
      <Show when={f.layout !== 'series'}>
        <label>
          Label column
          <select value={f.labelColumn ?? ''} onChange={(e) => setLabel(e.currentTarget.value)}>
            <option value="">None</option>
            <For each={columns}>{(c) => <option value={c}>{colName(c)}</option>}</For>
          </select>
        </label>
      </Show>
      <Show when={f.layout === 'channel-groups'}>
        <label>
          Channels
          <input
            type="number"
            min="1"
            value={f.channels}
            onInput={(e) => setF('channels', Number(e.currentTarget.value))}
          />
        </label>
        <Show when={!groupsOk()}>
          <p class="form-error" role="alert">
            {f.valueColumns.length} value columns do not split into {f.channels} equal channel
            groups. Change the number of channels or the label column.
          </p>
        </Show>
      </Show>
      <label class="inline">
        <input
          type="checkbox"
          checked={f.diff}
          onChange={(e) => setF('diff', e.currentTarget.checked)}
        />
        Add the first difference of each channel (as the paper's forecaster)
      </label>
      <label>
        Standardisation
        <select
          value={f.standardize}
          onChange={(e) => setF('standardize', e.currentTarget.value as FormFields['standardize'])}
        >
          <option value="none">None (use values as they are)</option>
          <option value="fit">Fit mean and std on this file</option>
          <Show when={f.given}>
            <option value="given">The model's training statistics</option>
          </Show>
        </select>
      </label>
      <p class="form-shape" classList={{ mismatch: mismatch() }} data-testid="form-shape">
        Samples of {shape()[0] ?? '?'} steps × {shape()[1]} channel{shape()[1] === 1 ? '' : 's'}
        <Show when={state.model}>
          {(m) => (
            <>
              ; the model takes {m().info.inputShape[0] ?? 'any'} × {m().info.inputShape[1]}
              {mismatch() ? ' — change the settings above to match.' : '.'}
            </>
          )}
        </Show>
      </p>
      <div class="form-buttons">
        <button type="submit" disabled={!groupsOk()}>
          Load dataset
        </button>
        <button
          type="button"
          onClick={() =>
            downloadText('tsviz.json', JSON.stringify(sidecar(), null, 2), 'application/json')
          }
        >
          Download tsviz.json
        </button>
        <button type="button" onClick={() => cancelDatasetForm()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
