/**
 * The paper's Fig. 10 for one conv layer: test loss against the number of filters pruned, the
 * least-important-first curve against the most-important-first contrast, with d3 (on the line
 * chart). The SVG is aria-hidden: the caller wraps it in an element with role="img" and a label.
 */
import { renderLineChart } from './line-chart';
import { CATEGORICAL } from './palette';

/** Least-first in the palette's blue, most-first in its vermillion (colour-blind safe). */
const LEAST_FIRST = CATEGORICAL[0];
const MOST_FIRST = CATEGORICAL[5];

export interface PruningSweepData {
  /** The conv layer's name. */
  layer: string;
  /** Test loss after 0, 1, 2, ... filters pruned, least important first. */
  leastFirst: ArrayLike<number>;
  /** The same, most important first. */
  mostFirst: ArrayLike<number>;
  /** What the y values are ("test loss (binary cross-entropy)"). */
  yLabel: string;
  /** Fine-tuning epochs after each step (0: none), for the title. */
  epochs: number;
}

/** Draws one layer's sweep into el and returns a cleanup that removes it. */
export function renderPruningSweep(
  el: HTMLElement,
  data: PruningSweepData,
  opts: { width?: number; height?: number } = {},
): () => void {
  const tuned =
    data.epochs > 0 ? `, ${data.epochs} epochs of fine-tuning per step` : ', no fine-tuning';
  return renderLineChart(
    el,
    {
      series: [
        { name: 'least important first', values: data.leastFirst, color: LEAST_FIRST },
        { name: 'most important first', values: data.mostFirst, color: MOST_FIRST },
      ],
      xLabel: 'filters pruned',
      yLabel: data.yLabel,
      title: `${data.layer}: pruning sweep${tuned}`,
    },
    { width: opts.width, height: opts.height ?? 220 },
  );
}
