import { createEffect, For, Match, Show, Switch } from 'solid-js';
import { createStore } from 'solid-js/store';
import { describeRule, type SplitRule } from '../../core/split';
import type { DatasetConfig } from '../../core/types';
import { NumberField } from './NumberField';
import {
  ruleFromSplitFields,
  splitFieldsFrom,
  splitProblem,
  withSplit,
  type SplitFieldsState,
} from './split-fields';

/**
 * Which rows train and which test: none (all test), a split column, a row range, or a seeded
 * random fraction. Reports the rule with `onChange` (undefined: no split) and a chosen split
 * column with `onColumn` (the form unticks it among the value columns).
 */
export function SplitFields(props: {
  /** Column indices of the file and their names. */
  columns: number[];
  colName: (c: number) => string;
  /** The file's header, when it has one (names the split column in the rule's words). */
  header: string[] | null;
  /** The rule the form starts from (the model's sidecar when it fits the file). */
  initial: SplitRule | undefined;
  /** A column that looks like a split column, or null. */
  guessedColumn: number | null;
  /** The form's config without the split (to check the split against). */
  config: () => DatasetConfig;
  onChange: (rule: SplitRule | undefined) => void;
  onColumn: (column: number) => void;
}) {
  // the props are read once: one form per pending file
  const [s, setS] = createStore<SplitFieldsState>(
    splitFieldsFrom(props.initial, props.guessedColumn),
  );
  const rule = () => ruleFromSplitFields({ ...s });
  const series = () => props.config().layout.kind === 'series';
  const problem = () => splitProblem(withSplit(props.config(), rule()));
  createEffect(() => props.onChange(rule()));
  createEffect(() => {
    if (s.kind === 'column') props.onColumn(s.column);
  });
  const setKind = (kind: SplitFieldsState['kind']) => setS('kind', kind);
  return (
    <fieldset class="split-fields" aria-label="Training and test rows">
      <legend>Training and test rows</legend>
      <label>
        Split
        <select
          value={s.kind}
          onChange={(e) => setKind(e.currentTarget.value as SplitFieldsState['kind'])}
        >
          <option value="none">None: every row is a test row</option>
          <option value="column">A split column names each row's part</option>
          <option value="range">A row range</option>
          <option value="random" disabled={series()}>
            A seeded random fraction{series() ? ' (not for one long series)' : ''}
          </option>
        </select>
      </label>
      <Switch>
        <Match when={s.kind === 'column'}>
          <label>
            Split column
            <select
              value={s.column}
              onChange={(e) => setS('column', Number(e.currentTarget.value))}
            >
              <For each={props.columns}>{(c) => <option value={c}>{props.colName(c)}</option>}</For>
            </select>
          </label>
          <label>
            Training values
            <input
              type="text"
              value={s.trainValues}
              onInput={(e) => setS('trainValues', e.currentTarget.value)}
            />
          </label>
          <label>
            Test values
            <input
              type="text"
              value={s.testValues}
              onInput={(e) => setS('testValues', e.currentTarget.value)}
            />
          </label>
        </Match>
        <Match when={s.kind === 'range'}>
          <label>
            The first rows are
            <select
              value={s.first}
              onChange={(e) => setS('first', e.currentTarget.value as 'train' | 'test')}
            >
              <option value="train">training rows (the rest test)</option>
              <option value="test">test rows (the rest training)</option>
            </select>
          </label>
          <NumberField
            label={series() ? 'Rows (series steps)' : 'Rows'}
            value={s.rows}
            min={1}
            onChange={(v) => setS('rows', v)}
          />
        </Match>
        <Match when={s.kind === 'random'}>
          <label>
            Test fraction
            <input
              type="number"
              min="0.01"
              max="0.99"
              step="0.01"
              value={s.testFraction}
              onInput={(e) => {
                const v = e.currentTarget.valueAsNumber;
                if (Number.isFinite(v)) setS('testFraction', v);
              }}
            />
          </label>
          <NumberField label="Seed" value={s.seed} min={0} onChange={(v) => setS('seed', v)} />
        </Match>
      </Switch>
      <p class="split-rule" data-testid="split-rule">
        {describeRule(rule(), props.header)}
        {series() && s.kind !== 'none'
          ? '; a window is in a part when all its rows and its target are'
          : ''}
        .
      </p>
      <Show when={problem()}>
        {(p) => (
          <p class="form-error" role="alert">
            {p()}
          </p>
        )}
      </Show>
    </fieldset>
  );
}
