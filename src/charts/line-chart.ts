/**
 * Line chart of one or more series against their index (time step / position), with d3.
 * The SVG is aria-hidden: the caller wraps it in an element with role="img" and a label.
 */
import { axisBottom, axisLeft, line, scaleLinear } from 'd3';
import { createChartFrame, drawAxes, finiteExtent } from './chart-frame';
import { textWidth } from './measure';
import { FONT, UI, categoricalColor } from './palette';

export interface LineSeries {
  name: string;
  /** values[i] is drawn at x = i; non-finite values leave a gap. */
  values: ArrayLike<number>;
  /** CSS colour; default: the categorical palette by series index. */
  color?: string;
}

export interface LineChartData {
  series: LineSeries[];
  xLabel: string;
  yLabel: string;
  title: string;
}

export interface LineChartOptions {
  /** CSS pixels; width defaults to the element's width (or 480), height to 240. */
  width?: number;
  height?: number;
  /** Marks x = highlightIndex with a rule and a dot on each series. */
  highlightIndex?: number;
}

const LEGEND_ROW = 16;

/** Draws the chart into el and returns a cleanup that removes it. */
export function renderLineChart(
  el: HTMLElement,
  data: LineChartData,
  opts: LineChartOptions = {},
): () => void {
  const legend = data.series.length > 1;
  const f = createChartFrame(el, {
    width: opts.width,
    height: opts.height,
    title: data.title,
    xLabel: data.xLabel,
    yLabel: data.yLabel,
    extraTop: legend ? LEGEND_ROW : 0,
  });
  const n = Math.max(0, ...data.series.map((s) => s.values.length));
  const x = scaleLinear()
    .domain([0, Math.max(1, n - 1)])
    .range([f.plot.left, f.plot.right]);
  const y = scaleLinear()
    .domain(finiteExtent(...data.series.map((s) => s.values)))
    .nice()
    .range([f.plot.bottom, f.plot.top]);
  const plotW = f.plot.right - f.plot.left;
  const plotH = f.plot.bottom - f.plot.top;
  const xTicks = Math.max(2, Math.min(n, Math.floor(plotW / 60)));
  const yCount = Math.max(2, Math.floor(plotH / 32));
  const yTicks = y.ticks(yCount);
  drawAxes(
    f,
    axisBottom(x)
      .ticks(xTicks)
      .tickFormat((d) => (Number.isInteger(+d) ? String(d) : '')),
    axisLeft(y).ticks(yCount).tickSizeOuter(0),
    yTicks,
    y,
  );

  const color = (i: number) => data.series[i].color ?? categoricalColor(i);
  const path = line<number>()
    .defined((v) => Number.isFinite(v))
    .x((_, i) => x(i))
    .y((v) => y(v));
  const lines = f.svg.append('g').attr('class', 'series').attr('fill', 'none');
  data.series.forEach((s, i) => {
    lines
      .append('path')
      .attr('d', path(Array.from(s.values)) ?? '')
      .attr('stroke', color(i))
      .attr('stroke-width', 1.75)
      .attr('stroke-linejoin', 'round');
  });

  const h = opts.highlightIndex;
  if (h !== undefined && h >= 0 && h < n) {
    const g = f.svg.append('g').attr('class', 'highlight');
    g.append('line')
      .attr('x1', x(h))
      .attr('x2', x(h))
      .attr('y1', f.plot.top)
      .attr('y2', f.plot.bottom)
      .attr('stroke', UI.highlight)
      .attr('stroke-dasharray', '3 3');
    data.series.forEach((s, i) => {
      const v = s.values[h];
      if (!Number.isFinite(v)) return;
      g.append('circle').attr('cx', x(h)).attr('cy', y(v)).attr('r', 3.5).attr('fill', color(i));
    });
  }

  if (legend) {
    const g = f.svg
      .append('g')
      .attr('class', 'legend')
      .attr('transform', `translate(${f.plot.left}, ${f.plot.top - LEGEND_ROW + 2})`);
    let dx = 0;
    data.series.forEach((s, i) => {
      const item = g.append('g').attr('transform', `translate(${dx}, 0)`);
      item.append('rect').attr('width', 12).attr('height', 3).attr('y', -4).attr('fill', color(i));
      item
        .append('text')
        .attr('x', 16)
        .attr('font-size', FONT.legend)
        .attr('fill', UI.text)
        .text(s.name);
      dx += 16 + textWidth(s.name, FONT.legend, FONT.family) + 14;
    });
  }

  return () => {
    f.svg.remove();
  };
}
