import { createEffect, createMemo, createSignal, For, Show } from 'solid-js';
import { createStore } from 'solid-js/store';
import { numberedGroups } from '../../core/layout-guess';
import type { Sidecar } from '../../core/types';
import { checkAgainstModel } from '../../core/model-check';
import { errorMessage } from '../../core/errors';
import { state } from '../../state/app-state';
import {
  cancelDatasetForm,
  submitDatasetForm,
  type PendingDataset,
} from '../../state/dataset-form';
import { createStagedReveal } from '../staged';
import { downloadText } from '../download';
import {
  channelColumnsOf,
  configFromFields,
  fieldProblems,
  fieldsFromConfig,
  sampleShape,
  type FormFields,
} from './config';
import { NumberField } from './NumberField';
import { PreviewTable } from './PreviewTable';
import { SplitFields } from './SplitFields';
import { guessSplitColumn, splitProblem, withSplit } from './split-fields';
import { ArchiveDetails } from './ArchiveDetails';

/**
 * Confirm how a table becomes samples: layout, label, value columns, channels, window,
 * derived, scaling. A new pending file gets a new form, started from its own proposal.
 */
/** Column checkboxes drawn per task (a 150-column file drawn at once took a 60 ms task). */
const COLUMN_CHUNK = 48;

export function DatasetForm(props: { pending: PendingDataset }) {
  return (
    <Show when={props.pending} keyed>
      {(p) => <Form pending={p} />}
    </Show>
  );
}

const byIndex = (a: number, b: number) => a - b;

function Form(props: { pending: PendingDataset }) {
  // one form per pending file (keyed above), so the props are read once
  const pending = props.pending;
  const sniff = pending.inspect.sniff;
  const colName = (i: number) => sniff.header?.[i] ?? `column ${i + 1}`;
  const columns = Array.from({ length: sniff.columnCount }, (_, i) => i);
  const named = numberedGroups(sniff) ?? [];
  // The form is drawn over several tasks: the file's description and the layout first, the
  // value columns and the rest next, then a wide file's column checkboxes COLUMN_CHUNK at a time.
  const formStage = createStagedReveal(
    () => columns,
    () => 1,
  );
  const shownChunks = createStagedReveal(
    () => (formStage() >= 1 ? columns : null),
    (cols) => Math.ceil(cols.length / COLUMN_CHUNK),
    1,
  );
  const [f, setF] = createStore<FormFields>(
    fieldsFromConfig(pending.initial, sniff.columnCount, named),
  );
  /**
   * Number fields whose text is not a valid number now (the browser refuses to submit them
   * too, with its own message, since they carry min and step).
   */
  const [badNumbers, setBadNumbers] = createStore<Record<string, boolean>>({});
  // a plain copy (reading every field, so the memo follows them all; and cloneable for the worker)
  const fields = createMemo(() => JSON.parse(JSON.stringify(f)) as FormFields);
  const [split, setSplit] = createSignal(pending.initial.split);
  const config = createMemo(() => withSplit(configFromFields(fields()), split()));
  const shape = () => sampleShape(fields());
  const problems = () => fieldProblems(fields());
  const canLoad = () =>
    problems().length === 0 &&
    !Object.values(badNumbers).some(Boolean) &&
    splitProblem(config()) === null;
  /** The fit check the compute worker will make (src/core/model-check), as a sentence, or null. */
  const misfit = (): string | null => {
    const info = state.model?.info;
    if (!info) return null;
    const [T, C] = shape();
    try {
      checkAgainstModel([1, T ?? info.inputShape[0] ?? 1, C], info.inputShape, {
        layout: f.layout,
        derived: f.diff ? ['diff'] : [],
        modelName: info.name,
      });
      return null;
    } catch (e) {
      return errorMessage(e);
    }
  };
  const mismatch = () => misfit() !== null;

  // one Set per change of the ticked columns: includes() on the store array, once per checkbox,
  // was quadratic through the store's proxy (a 150-column file took a 60 ms task to show)
  const tickedSet = createMemo(() => new Set(f.valueColumns));
  const ticked = (c: number) => tickedSet().has(c);
  const partly = (cols: number[]) => !cols.every(ticked) && cols.some(ticked);
  const setTicked = (cols: number[], on: boolean) => {
    const drop = new Set(cols);
    setF('valueColumns', (v) =>
      on
        ? [...new Set([...v, ...cols.filter((c) => c !== f.labelColumn)])].sort(byIndex)
        : v.filter((x) => !drop.has(x)),
    );
  };
  const setGroup = (cols: number[], on: boolean) => {
    setTicked(cols, on);
    // channels by name: as many channels as named groups ticked, when that splits
    if (f.layout !== 'channel-groups') return;
    const used = named.filter((g) => g.columns.some(ticked)).length;
    if (used > 0 && channelColumnsOf({ ...fields(), channels: used })) setF('channels', used);
  };
  const setLabel = (v: string) => {
    const label = v === '' ? null : Number(v);
    setF({ labelColumn: label, valueColumns: f.valueColumns.filter((c) => c !== label) });
  };
  const sidecar = (): Sidecar => {
    const c = config();
    const info = state.model?.info;
    return {
      version: 1,
      name: info?.name ?? pending.name,
      task: c.task,
      classNames: c.classNames,
      channelNames: c.channelNames ?? [],
      windowLength:
        c.layout.kind === 'series' ? c.layout.windowLength : (shape()[0] ?? sniff.columnCount),
      dataset: c,
    };
  };
  const numberField = (key: 'windowLength' | 'stride' | 'channels', label: string, min: number) => (
    <NumberField
      label={label}
      value={f[key]}
      min={min}
      onChange={(v) => setF(key, v)}
      onValidity={(ok) => setBadNumbers(key, !ok)}
    />
  );

  return (
    <form
      class="dataset-form"
      aria-label="Dataset form"
      onSubmit={(e) => {
        e.preventDefault();
        if (canLoad()) void submitDatasetForm(config());
      }}
    >
      <h2>How should {pending.name} become samples?</h2>
      <p>
        Detected: {sniff.columnCount} columns, delimiter “
        {sniff.delimiter === '\t' ? 'tab' : sniff.delimiter}”,
        {sniff.hasHeader ? ' a header row' : ' no header row'}.
      </p>
      <PreviewTable header={sniff.header} rows={sniff.previewRows.slice(0, 5)} />
      <ArchiveDetails
        inspect={pending.inspect}
        labelColumn={f.labelColumn}
        task={f.task}
        onClasses={(classValues, classNames) => setF({ classValues, classNames })}
        initialClasses={{
          classValues: pending.initial.classValues,
          classNames: pending.initial.classNames,
        }}
      />
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
      <Show when={f.layout !== 'series'}>
        <label>
          Label column
          <select value={f.labelColumn ?? ''} onChange={(e) => setLabel(e.currentTarget.value)}>
            <option value="">None</option>
            {/* fixed options: a plain map, no reactive root per option */}
            {columns.map((c) => (
              <option value={c}>{colName(c)}</option>
            ))}
          </select>
        </label>
      </Show>
      <Show when={formStage() >= 1}>
        <fieldset class="value-columns">
          <legend>
            {f.layout === 'series'
              ? 'Value columns (one channel each)'
              : f.layout === 'rows'
                ? 'Value columns (the time steps)'
                : 'Value columns (split into the channels)'}
          </legend>
          <div class="form-buttons">
            <span data-testid="ticked-count">
              {f.valueColumns.length} of {sniff.columnCount} columns ticked
            </span>
            <button type="button" onClick={() => setTicked(columns, true)}>
              All
            </button>
            <button type="button" onClick={() => setTicked(columns, false)}>
              None
            </button>
          </div>
          <Show when={named.length > 0}>
            <div role="group" aria-label="Column groups">
              <For each={named}>
                {(g) => (
                  <label class="inline">
                    <input
                      type="checkbox"
                      checked={g.columns.every(ticked)}
                      ref={(el) => createEffect(() => (el.indeterminate = partly(g.columns)))}
                      onChange={(e) => setGroup(g.columns, e.currentTarget.checked)}
                    />
                    {g.stem}: {colName(g.columns[0])} … {colName(g.columns[g.columns.length - 1])} (
                    {g.columns.length} columns)
                  </label>
                )}
              </For>
            </div>
          </Show>
          <div
            class="table-scroll"
            role="group"
            aria-label="Columns"
            style={{ 'max-height': '9rem' }}
          >
            <For each={columns.slice(0, shownChunks() * COLUMN_CHUNK)}>
              {(c) => (
                <label class="inline">
                  <input
                    type="checkbox"
                    checked={ticked(c)}
                    disabled={c === f.labelColumn}
                    onChange={(e) => setTicked([c], e.currentTarget.checked)}
                  />
                  {colName(c)}
                  {c === f.labelColumn ? ' (label)' : ''}
                </label>
              )}
            </For>
          </div>
        </fieldset>
        <Show when={f.layout === 'series'}>
          {numberField('windowLength', 'Window length', 2)}
          {numberField('stride', 'Stride', 1)}
        </Show>
        <Show when={f.layout === 'channel-groups'}>{numberField('channels', 'Channels', 1)}</Show>
        <For each={problems()}>
          {(p) => (
            <p class="form-error" role="alert">
              {p}
            </p>
          )}
        </For>
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
            onChange={(e) =>
              setF('standardize', e.currentTarget.value as FormFields['standardize'])
            }
          >
            <option value="none">None (use values as they are)</option>
            <option value="fit">Fit mean and std on this file (its training rows, if split)</option>
            <Show when={f.given}>
              <option value="given">The model's training statistics</option>
            </Show>
          </select>
        </label>
        <SplitFields
          columns={columns}
          colName={colName}
          header={sniff.header}
          initial={pending.initial.split}
          guessedColumn={guessSplitColumn(sniff.header, sniff.previewRows)}
          config={() => configFromFields(fields())}
          onChange={(rule) => setSplit(() => rule)}
          onColumn={(c) => setTicked([c], false)}
        />
      </Show>
      <p class="form-shape" classList={{ mismatch: mismatch() }} data-testid="form-shape">
        Samples of {shape()[0] ?? '?'} steps × {shape()[1]} channel{shape()[1] === 1 ? '' : 's'}
        <Show when={state.model}>
          {(m) => (
            <>
              ; the model takes {m().info.inputShape[0] ?? 'any'} × {m().info.inputShape[1]}
              {mismatch() ? ' — change the settings above to match.' : '.'}
              <Show when={misfit()}>
                <span class="form-misfit"> {misfit()}</span>
              </Show>
            </>
          )}
        </Show>
      </p>
      <div class="form-buttons">
        <button type="submit" disabled={problems().length > 0}>
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
