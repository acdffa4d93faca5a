/**
 * What every d3 chart here shares: an aria-hidden SVG sized in CSS pixels, a title, the two
 * axis labels, the plot rectangle, and styled axes with light horizontal grid lines.
 */
import { select, type Axis, type NumberValue, type Selection } from 'd3';
import { widthOf } from './measure';
import { CHART_SIZE, FONT, MARGIN, UI } from './palette';

export interface ChartFrame {
  svg: Selection<SVGSVGElement, unknown, null, undefined>;
  width: number;
  height: number;
  /** The plot area in SVG pixels. */
  plot: { left: number; top: number; right: number; bottom: number };
}

export interface FrameSpec {
  width?: number;
  height?: number;
  title: string;
  xLabel: string;
  yLabel: string;
  /** Extra room under the title (e.g. for a legend row), in pixels. */
  extraTop?: number;
}

/** Appends the SVG to el (the caller's wrapper carries role="img" and the label). */
export function createChartFrame(el: HTMLElement, spec: FrameSpec): ChartFrame {
  const width = Math.max(120, spec.width ?? (widthOf(el) || CHART_SIZE.width));
  const height = Math.max(90, spec.height ?? CHART_SIZE.height);
  const plot = {
    left: MARGIN.left,
    top: MARGIN.top + (spec.extraTop ?? 0),
    right: width - MARGIN.right,
    bottom: height - MARGIN.bottom,
  };
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
  svg
    .append('text')
    .attr('class', 'chart-title')
    .attr('x', 8)
    .attr('y', FONT.title + 4)
    .attr('fill', UI.text)
    .attr('font-size', FONT.title)
    .attr('font-weight', 600)
    .text(spec.title);
  svg
    .append('text')
    .attr('class', 'x-label')
    .attr('x', (plot.left + plot.right) / 2)
    .attr('y', height - 6)
    .attr('text-anchor', 'middle')
    .attr('fill', UI.mutedText)
    .attr('font-size', FONT.axisLabel)
    .text(spec.xLabel);
  svg
    .append('text')
    .attr('class', 'y-label')
    .attr('transform', `translate(14, ${(plot.top + plot.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('fill', UI.mutedText)
    .attr('font-size', FONT.axisLabel)
    .text(spec.yLabel);
  return { svg, width, height, plot };
}

/** Draws the bottom and left axes and a grid line at each y tick. */
export function drawAxes(
  f: ChartFrame,
  xAxis: Axis<NumberValue> | Axis<string>,
  yAxis: Axis<NumberValue>,
  yTicks: number[],
  y: (v: number) => number,
): void {
  const grid = f.svg.append('g').attr('class', 'grid');
  for (const t of yTicks) {
    grid
      .append('line')
      .attr('x1', f.plot.left)
      .attr('x2', f.plot.right)
      .attr('y1', y(t))
      .attr('y2', y(t))
      .attr('stroke', UI.grid);
  }
  const style = (g: Selection<SVGGElement, unknown, null, undefined>) => {
    g.attr('font-size', FONT.tick).attr('font-family', FONT.family);
    g.selectAll('path, line').attr('stroke', UI.axis);
    g.selectAll('text').attr('fill', UI.mutedText);
  };
  f.svg
    .append('g')
    .attr('class', 'x-axis')
    .attr('transform', `translate(0, ${f.plot.bottom})`)
    .call(xAxis as Axis<NumberValue>)
    .call(style);
  f.svg
    .append('g')
    .attr('class', 'y-axis')
    .attr('transform', `translate(${f.plot.left}, 0)`)
    .call(yAxis)
    .call(style);
}

/** [min, max] of the finite values of several arrays (with [-1, 1] when there are none and
 *  a small symmetric pad when they are all equal). */
export function finiteExtent(...arrays: ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays)
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    }
  if (lo > hi) return [-1, 1];
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    return [lo - pad, hi + pad];
  }
  return [lo, hi];
}
