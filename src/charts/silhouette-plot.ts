/**
 * The silhouette score against the number of clusters k (the paper's Fig. 4), with d3: a line
 * through one point per k, the best k labelled, the chosen k marked by a vertical rule and a
 * ring. Clicking anywhere in a k's column picks that k (`onPick`). The SVG is aria-hidden: the
 * caller's element has role="img" and a label.
 */
import { axisBottom, axisLeft, line, scaleLinear } from 'd3';
import { createChartFrame, drawAxes, finiteExtent } from './chart-frame';
import { FONT, UI, categoricalColor } from './palette';

export interface SilhouetteData {
  scores: { k: number; score: number }[];
  /** The best k (labelled), or null. */
  best: number | null;
  /** The chosen k (marked), or null. */
  chosen: number | null;
  title: string;
}

export interface SilhouetteOptions {
  width?: number;
  height?: number;
  /** Called with the k of the clicked column. */
  onPick?: (k: number) => void;
}

/** Draws the plot into el and returns a cleanup that removes it. */
export function renderSilhouettePlot(
  el: HTMLElement,
  data: SilhouetteData,
  opts: SilhouetteOptions = {},
): () => void {
  const f = createChartFrame(el, {
    width: opts.width,
    height: opts.height ?? 240,
    title: data.title,
    xLabel: 'number of clusters k',
    yLabel: 'silhouette',
  });
  const pts = data.scores.filter((s) => Number.isFinite(s.score));
  const ks = data.scores.map((s) => s.k);
  const kLo = Math.min(...ks, 2);
  const kHi = Math.max(...ks, kLo + 1);
  const x = scaleLinear()
    .domain([kLo - 0.5, kHi + 0.5])
    .range([f.plot.left, f.plot.right]);
  const [lo, hi] = finiteExtent(
    pts.map((p) => p.score),
    [0],
  );
  const y = scaleLinear().domain([lo, hi]).nice().range([f.plot.bottom, f.plot.top]);
  const yTicks = y.ticks(5);
  const every = Math.max(1, Math.ceil(((kHi - kLo + 1) * 24) / (f.plot.right - f.plot.left)));
  drawAxes(
    f,
    axisBottom(x)
      .tickValues(ks.filter((k) => (k - kLo) % every === 0))
      .tickFormat((k) => String(k))
      .tickSizeOuter(0),
    axisLeft(y).ticks(5).tickSizeOuter(0),
    yTicks,
    y,
  );
  const color = categoricalColor(0);
  if (data.chosen !== null)
    f.svg
      .append('line')
      .attr('class', 'chosen-k')
      .attr('data-k', data.chosen)
      .attr('x1', x(data.chosen))
      .attr('x2', x(data.chosen))
      .attr('y1', f.plot.top)
      .attr('y2', f.plot.bottom)
      .attr('stroke', UI.highlight)
      .attr('stroke-dasharray', '4 3');
  f.svg
    .append('path')
    .attr('class', 'score-line')
    .attr('fill', 'none')
    .attr('stroke', color)
    .attr('stroke-width', 1.5)
    .attr(
      'd',
      line<{ k: number; score: number }>()
        .x((p) => x(p.k))
        .y((p) => y(p.score))(pts) ?? '',
    );
  f.svg
    .append('g')
    .selectAll('circle')
    .data(pts)
    .join('circle')
    .attr('class', 'k-point')
    .attr('data-k', (p) => p.k)
    .attr('cx', (p) => x(p.k))
    .attr('cy', (p) => y(p.score))
    .attr('r', (p) => (p.k === data.chosen ? 6 : 3))
    .attr('fill', (p) => (p.k === data.chosen ? UI.background : color))
    .attr('stroke', (p) => (p.k === data.chosen ? UI.highlight : color))
    .attr('stroke-width', (p) => (p.k === data.chosen ? 2.5 : 1));
  const best = pts.find((p) => p.k === data.best);
  if (best)
    f.svg
      .append('text')
      .attr('class', 'best-k')
      .attr('x', x(best.k))
      // above the point, or below it when the title's row is too close
      .attr('y', y(best.score) - 10 < f.plot.top + 4 ? y(best.score) + 16 : y(best.score) - 10)
      .attr('text-anchor', 'start')
      .attr('font-size', FONT.legend)
      .attr('fill', UI.text)
      .text(`best k = ${best.k}`);
  const colW = Math.max(1, x(1) - x(0));
  const hits = f.svg
    .append('g')
    .attr('class', 'hits')
    .selectAll('rect')
    .data(ks)
    .join('rect')
    .attr('class', 'k-hit')
    .attr('data-k', (k) => k)
    .attr('x', (k) => x(k) - colW / 2)
    .attr('width', colW)
    .attr('y', f.plot.top)
    .attr('height', f.plot.bottom - f.plot.top)
    .attr('fill', 'transparent')
    .style('cursor', opts.onPick ? 'pointer' : 'default');
  if (opts.onPick) hits.on('click', (_ev, k) => opts.onPick?.(k));
  return () => f.svg.remove();
}
