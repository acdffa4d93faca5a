/**
 * One conv layer's filter importances as bars scaled to the layer's largest (0..1), with d3.
 * Highlighted filters (the top p%) in the first categorical colour, the other active ones pale,
 * inactive (dead) filters as a short grey stub marked "×" instead of a bar of noise.
 * The SVG is aria-hidden: the caller wraps it in an element with role="img" and a label.
 */
import { axisBottom, axisLeft, scaleBand, scaleLinear } from 'd3';
import { createChartFrame, drawAxes } from './chart-frame';
import { textWidth } from './measure';
import { FONT, UI, categoricalColor } from './palette';

export interface ImportanceBar {
  /** importance / the layer's largest, in [0, 1]. */
  scaled: number;
  inactive: boolean;
  highlighted: boolean;
  /** Hover text of the bar (its numbers). */
  tip?: string;
}

export interface ImportanceBarsData {
  bars: ImportanceBar[];
  title: string;
}

export interface ImportanceBarsOptions {
  width?: number;
  height?: number;
  /** Outlines this filter. */
  selected?: number | null;
  onBarClick?: (filter: number) => void;
}

/** Colours of the bar kinds (also used by the view's legend). */
export const IMPORTANCE_COLORS = {
  highlighted: categoricalColor(0),
  other: '#b8cfe0',
  inactive: UI.missing,
} as const;

const TICK_PX = 24;
const LEGEND_ROW = 16;

/** Draws the chart into el and returns a cleanup that removes it. */
export function renderImportanceBars(
  el: HTMLElement,
  data: ImportanceBarsData,
  opts: ImportanceBarsOptions = {},
): () => void {
  const f = createChartFrame(el, {
    width: opts.width,
    height: opts.height ?? 200,
    title: data.title,
    xLabel: 'filter',
    yLabel: 'importance / layer max',
    extraTop: LEGEND_ROW,
  });
  const n = data.bars.length;
  const keys = data.bars.map((_, i) => String(i));
  const x = scaleBand<string>()
    .domain(keys)
    .range([f.plot.left, f.plot.right])
    .paddingInner(n > 32 ? 0.1 : 0.2)
    .paddingOuter(0.1);
  const y = scaleLinear().domain([0, 1]).range([f.plot.bottom, f.plot.top]);
  const every = Math.max(1, Math.ceil((n * TICK_PX) / Math.max(1, f.plot.right - f.plot.left)));
  drawAxes(
    f,
    axisBottom(x)
      .tickValues(keys.filter((_, i) => i % every === 0))
      .tickSizeOuter(0),
    axisLeft(y).ticks(4).tickSizeOuter(0),
    y.ticks(4),
    y,
  );
  const bw = x.bandwidth();
  const g = f.svg.append('g').attr('class', 'bars');
  data.bars.forEach((b, i) => {
    const left = x(keys[i]) ?? 0;
    const stub = 6;
    const top = b.inactive ? f.plot.bottom - stub : y(Math.max(0, Math.min(1, b.scaled)));
    const bar = g
      .append('rect')
      .attr('x', left)
      .attr('width', bw)
      .attr('y', top)
      .attr('height', Math.max(1, f.plot.bottom - top))
      .attr(
        'fill',
        b.inactive
          ? IMPORTANCE_COLORS.inactive
          : b.highlighted
            ? IMPORTANCE_COLORS.highlighted
            : IMPORTANCE_COLORS.other,
      );
    if (b.inactive)
      g.append('text')
        .attr('x', left + bw / 2)
        .attr('y', f.plot.bottom - stub - 2)
        .attr('text-anchor', 'middle')
        .attr('font-size', Math.min(FONT.tick, Math.max(7, bw)))
        .attr('fill', UI.mutedText)
        .text('×');
    if (i === opts.selected) bar.attr('stroke', UI.highlight).attr('stroke-width', 2);
    // the whole column is the click target: tiny bars stay clickable
    if (opts.onBarClick)
      g.append('rect')
        .attr('class', 'hit')
        .attr('data-filter', i)
        .attr('x', left)
        .attr('width', bw)
        .attr('y', f.plot.top)
        .attr('height', f.plot.bottom - f.plot.top)
        .attr('fill', 'transparent')
        .style('cursor', 'pointer')
        .on('click', () => opts.onBarClick?.(i))
        .append('title')
        .text(b.tip ?? `filter ${i}`);
  });

  const legend = f.svg
    .append('g')
    .attr('class', 'legend')
    .attr('transform', `translate(${f.plot.left}, ${f.plot.top - LEGEND_ROW + 2})`);
  let dx = 0;
  for (const [label, color] of [
    ['top filters', IMPORTANCE_COLORS.highlighted],
    ['others', IMPORTANCE_COLORS.other],
    ['× inactive', IMPORTANCE_COLORS.inactive],
  ] as const) {
    legend
      .append('rect')
      .attr('x', dx)
      .attr('y', -9)
      .attr('width', 10)
      .attr('height', 8)
      .attr('fill', color);
    legend
      .append('text')
      .attr('x', dx + 14)
      .attr('font-size', FONT.legend)
      .attr('fill', UI.text)
      .text(label);
    dx += 14 + textWidth(label, FONT.legend, FONT.family) + 14;
  }

  return () => {
    f.svg.remove();
  };
}
