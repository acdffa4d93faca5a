/**
 * An input and what an optimization made of it, per channel: one small line chart per channel
 * with the original (or random start) and each result drawn on top of each other. The SVGs are
 * aria-hidden: the caller wraps them in an element with role="img" and a label.
 */
import { renderLineChart } from './line-chart';
import { UI, categoricalColor } from './palette';

export interface OverlayData {
  /** [T, C] row-major. */
  start: Float32Array;
  startName: string;
  /** Each [T, C] row-major. */
  results: { name: string; values: Float32Array }[];
  channelNames: string[];
  /** The y-axis label ("value", "change", ...). */
  yLabel: string;
}

/** Values of channel c of a [T, C] row-major array. */
export function channelOf(x: Float32Array, C: number, c: number): Float32Array {
  const T = x.length / C;
  return Float32Array.from({ length: T }, (_, t) => x[t * C + c]);
}

/** Draws one chart per channel into el and returns a cleanup that removes them all. */
export function renderSeriesOverlay(
  el: HTMLElement,
  data: OverlayData,
  opts: { width?: number; height?: number } = {},
): () => void {
  const C = data.channelNames.length;
  const cleanups = data.channelNames.map((name, c) =>
    renderLineChart(
      el,
      {
        series: [
          { name: data.startName, values: channelOf(data.start, C, c), color: UI.mutedText },
          ...data.results.map((r, k) => ({
            name: r.name,
            values: channelOf(r.values, C, c),
            color: categoricalColor(k),
          })),
        ],
        xLabel: 'time step',
        yLabel: data.yLabel,
        title: name,
      },
      { height: opts.height ?? 170, width: opts.width },
    ),
  );
  return () => cleanups.forEach((f) => f());
}
