/**
 * Default names of the base channels when the config gives none.
 */
import type { DatasetLayout } from './types';

/** "temp_0", "temp_1", ... -> "temp"; otherwise null. */
function commonStem(names: string[]): string | null {
  const stems = new Set(names.map((n) => n.replace(/[\s_.\-[\]()]*\d+[\])]*$/, '').trim()));
  const [stem] = stems;
  return stems.size === 1 && stem ? stem : null;
}

/**
 * series: the value columns' header names; rows: "value"; channel-groups: the common stem of
 * each group's header names ("temp" for temp_0..temp_49), else "channel 1", "channel 2", ...
 * Columns without a header are "column N" (1-based).
 */
export function defaultChannelNames(layout: DatasetLayout, header: string[] | null): string[] {
  const name = (col: number) => header?.[col] || `column ${col + 1}`;
  if (layout.kind === 'series') return layout.valueColumns.map(name);
  if (layout.kind === 'rows') return ['value'];
  return layout.channelColumns.map(
    (g, c) => (header ? commonStem(g.map(name)) : null) ?? `channel ${c + 1}`,
  );
}
