import { createEffect, createMemo, createSignal, For, Show } from 'solid-js';
import type { ArchiveInspectResult } from '../../core/protocol-formats';
import type { InspectResult } from '../../core/protocol';
import { state } from '../../state/app-state';
import {
  assign,
  defaultMapping,
  labelsDiffer,
  mappingConfig,
  modelClasses,
  type LabelMap,
} from './label-mapping';

/**
 * In the dataset form: what an archive file (.ts, ARFF, UCR text) held and what the reader did
 * (skipped lines, padding), and, when the file's labels are not the model's class values, a
 * mapping from each label to a class of the model (sets the form's classValues/classNames).
 */
export function ArchiveDetails(props: {
  inspect: InspectResult;
  labelColumn: number | null;
  task: 'classification' | 'regression';
  onClasses: (classValues: string[] | undefined, classNames: string[] | undefined) => void;
  /** The form's classes before any mapping: restored when the mapping stops being offered. */
  initialClasses?: { classValues?: string[]; classNames?: string[] };
}) {
  const archive = () => (props.inspect as ArchiveInspectResult).archive;
  /** The file's labels: all of an archive file; for a table, those of its preview rows. */
  const labels = createMemo((): string[] => {
    if (props.task !== 'classification' || props.labelColumn === null) return [];
    const a = archive();
    if (a) return a.labels ?? [];
    const col = props.labelColumn;
    return [...new Set(props.inspect.sniff.previewRows.map((r) => (r[col] ?? '').trim()))]
      .filter((l) => l !== '')
      .sort();
  });
  const classes = createMemo(() => {
    const m = state.model;
    if (!m || m.info.task !== 'classification') return [];
    const side = m.sidecar;
    return modelClasses(
      Math.max(2, m.info.outputUnits),
      side?.dataset.classValues,
      side?.classNames,
    );
  });
  // no mapping without the model's classes (none loaded, or one loading meanwhile)
  const offered = createMemo(
    () => labels().length > 0 && classes().length > 0 && labelsDiffer(labels(), classes()),
  );
  const [map, setMap] = createSignal<LabelMap>({});
  createEffect(() => {
    if (offered()) setMap(defaultMapping(labels(), classes()));
  });
  let mapped = false;
  createEffect(() => {
    if (!offered()) {
      // a mapping made for another model's classes must not outlive it
      if (mapped) {
        const i = props.initialClasses;
        props.onClasses(i?.classValues, i?.classNames);
      }
      mapped = false;
      return;
    }
    const c = mappingConfig(map(), classes());
    mapped = true;
    props.onClasses(c.classValues, c.classNames);
  });

  return (
    <>
      <Show when={archive()}>
        {(a) => (
          <div class="archive-details" data-testid="archive-details">
            <p>
              Read as {a().formatName}: {a().cases} case{a().cases === 1 ? '' : 's'}, {a().channels}{' '}
              channel{a().channels === 1 ? '' : 's'},{' '}
              {a().shortest === a().longest
                ? `${a().longest} steps`
                : `${a().shortest} to ${a().longest} steps`}
              {a().steps > a().longest || a().shortest < a().longest
                ? ` (padded to ${a().steps} by repeating each series' last value)`
                : ''}
              .
            </p>
            <Show when={a().notes.length > 0}>
              <ul data-testid="dataset-notes">
                <For each={a().notes}>{(n) => <li>{n}</li>}</For>
              </ul>
            </Show>
          </div>
        )}
      </Show>
      <Show when={offered()}>
        <fieldset class="label-mapping" data-testid="label-mapping">
          <legend>
            The file's labels are not the model's classes: choose the class of each label
            {archive() ? '' : ' (labels of the first rows)'}
          </legend>
          <For each={labels()}>
            {(l) => (
              <label class="inline">
                Label “{l}” is class
                <select
                  aria-label={`Class of label ${l}`}
                  value={map()[l] ?? ''}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setMap(assign(map(), l, v === '' ? null : Number(v)));
                  }}
                >
                  <For each={classes()}>
                    {(c, k) => (
                      <option value={k()}>
                        {k()}: {c.name}
                      </option>
                    )}
                  </For>
                  <option value="">none (its rows are refused)</option>
                </select>
              </label>
            )}
          </For>
        </fieldset>
      </Show>
    </>
  );
}
