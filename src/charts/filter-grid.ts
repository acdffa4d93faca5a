/**
 * A grid of small line charts, one per filter of a layer (the paper's Fig. 3): each filter's
 * activation over positions, drawn in its cluster's colour (palette CATEGORICAL), ordered by
 * cluster then filter. Filters not shown (the "most important filter per cluster" mode) are
 * left out. Each cell is a <g class="filter-cell"> with data-filter and data-cluster. The SVG is
 * aria-hidden: the caller's element has role="img" and a label.
 */
import { line, scaleLinear, select } from 'd3';
import { finiteExtent } from './chart-frame';
import { widthOf } from './measure';
import { FONT, UI, categoricalColor } from './palette';

export interface FilterGridData {
  /** One series per filter (its activation over positions). */
  series: ArrayLike<number>[];
  /** Each filter's cluster (0..k-1). */
  labels: ArrayLike<number>;
  /** [F] 1 = drawn; absent: every filter. */
  shown?: ArrayLike<number>;
  /** Filters marked as their cluster's most important (a heavier line and a star). */
  marked?: ArrayLike<number>;
  /** Scale every cell to its own range (true) or to the layer's range (false). */
  ownScale?: boolean;
}

export interface FilterGridOptions {
  /** CSS pixels of one cell. */
  cellWidth?: number;
  cellHeight?: number;
  /** Total width (default: the element's width, or 640). */
  width?: number;
}

/** Draws the grid into el and returns a cleanup that removes it. */
export function renderFilterGrid(
  el: HTMLElement,
  data: FilterGridData,
  opts: FilterGridOptions = {},
): () => void {
  const cw = opts.cellWidth ?? 96;
  const ch = opts.cellHeight ?? 56;
  const gap = 6;
  const width = Math.max(cw + gap, opts.width ?? (widthOf(el) || 640));
  const cols = Math.max(1, Math.floor((width + gap) / (cw + gap)));
  const order = data.series
    .map((_, f) => f)
    .filter((f) => !data.shown || data.shown[f] !== 0)
    .sort((a, b) => data.labels[a] - data.labels[b] || a - b);
  const rows = Math.max(1, Math.ceil(order.length / cols));
  const height = rows * (ch + gap);
  const svg = select(el)
    .append('svg')
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('aria-hidden', 'true')
    .attr('focusable', 'false')
    .style('display', 'block')
    .style('font-family', FONT.family)
    .style('background', UI.background);
  const layerRange = finiteExtent(...data.series);
  const marked = new Set(Array.from(data.marked ?? []));
  order.forEach((f, i) => {
    const s = data.series[f];
    const c = data.labels[f];
    const color = categoricalColor(c);
    const g = svg
      .append('g')
      .attr('class', 'filter-cell')
      .attr('data-filter', f)
      .attr('data-cluster', c)
      .attr(
        'transform',
        `translate(${(i % cols) * (cw + gap)}, ${Math.floor(i / cols) * (ch + gap)})`,
      );
    g.append('rect')
      .attr('width', cw)
      .attr('height', ch)
      .attr('fill', UI.background)
      .attr('stroke', color)
      .attr('stroke-width', marked.has(f) ? 2 : 1);
    const [lo, hi] = data.ownScale ? finiteExtent(s) : layerRange;
    const x = scaleLinear()
      .domain([0, Math.max(1, s.length - 1)])
      .range([3, cw - 3]);
    const y = scaleLinear()
      .domain([lo, hi])
      .range([ch - 4, 14]);
    g.append('path')
      .attr('class', 'filter-line')
      .attr('fill', 'none')
      .attr('stroke', color)
      .attr('stroke-width', marked.has(f) ? 2 : 1.25)
      .attr(
        'd',
        line<number>()
          .defined((v) => Number.isFinite(v))
          .x((_v, t) => x(t))
          .y((v) => y(v))(Array.from(s)) ?? '',
      );
    g.append('text')
      .attr('x', 4)
      .attr('y', 11)
      .attr('font-size', FONT.legend - 1)
      .attr('fill', UI.text)
      .text(`#${f} · c${c}${marked.has(f) ? ' ★' : ''}`);
  });
  return () => svg.remove();
}
