/**
 * Bar chart with one bar per filter (importance, or its dataset mean), optionally with
 * min..max whiskers (the paper's Fig. 9), with d3. Bars grow from zero, so signed values work.
 * The SVG is aria-hidden: the caller wraps it in an element with role="img" and a label.
 */
import { axisBottom, axisLeft, scaleBand, scaleLinear } from 'd3';
import { createChartFrame, drawAxes, finiteExtent } from './chart-frame';
import { UI, categoricalColor } from './palette';

export interface BarChartData {
  /** Bar heights, one per filter (e.g. the mean importance). Non-finite values draw no bar. */
  values: ArrayLike<number>;
  /** Optional whiskers from min[i] to max[i] (same length as values). */
  whiskers?: { min: ArrayLike<number>; max: ArrayLike<number> };
  /** Tick label per bar; default: the index. */
  labels?: string[];
  /** Bar colour: one CSS colour, one per bar (e.g. by cluster), or a function of the index. */
  color?: string | string[] | ((i: number) => string);
  xLabel: string;
  yLabel: string;
  title: string;
}

export interface BarChartOptions {
  /** CSS pixels; width defaults to the element's width (or 480), height to 240. */
  width?: number;
  height?: number;
  /** Outlines this bar. */
  highlightIndex?: number;
  /** Called with the bar's index when a bar is clicked (a pointer convenience only). */
  onBarClick?: (index: number) => void;
}

/** Minimum horizontal pixels per tick label before labels are thinned out. */
const TICK_PX = 26;

/** Draws the chart into el and returns a cleanup that removes it. */
export function renderBarChart(
  el: HTMLElement,
  data: BarChartData,
  opts: BarChartOptions = {},
): () => void {
  const f = createChartFrame(el, {
    width: opts.width,
    height: opts.height,
    title: data.title,
    xLabel: data.xLabel,
    yLabel: data.yLabel,
  });
  const n = data.values.length;
  const names = Array.from({ length: n }, (_, i) => data.labels?.[i] ?? String(i));
  const keys = names.map((_, i) => String(i));
  const x = scaleBand<string>()
    .domain(keys)
    .range([f.plot.left, f.plot.right])
    .paddingInner(n > 32 ? 0.1 : 0.2)
    .paddingOuter(0.1);
  const w = data.whiskers;
  const [lo, hi] = finiteExtent(data.values, ...(w ? [w.min, w.max] : []), [0]);
  const y = scaleLinear()
    .domain([Math.min(0, lo), Math.max(0, hi)])
    .nice()
    .range([f.plot.bottom, f.plot.top]);
  const yCount = Math.max(2, Math.floor((f.plot.bottom - f.plot.top) / 32));
  const yTicks = y.ticks(yCount);
  const every = Math.max(1, Math.ceil((n * TICK_PX) / Math.max(1, f.plot.right - f.plot.left)));
  drawAxes(
    f,
    axisBottom(x)
      .tickValues(keys.filter((_, i) => i % every === 0))
      .tickFormat((k) => names[+k])
      .tickSizeOuter(0),
    axisLeft(y).ticks(yCount).tickSizeOuter(0),
    yTicks,
    y,
  );

  const c = data.color;
  const color = (i: number) =>
    typeof c === 'function'
      ? c(i)
      : Array.isArray(c)
        ? (c[i] ?? categoricalColor(0))
        : (c ?? categoricalColor(0));
  const bw = x.bandwidth();
  const bars = f.svg.append('g').attr('class', 'bars');
  for (let i = 0; i < n; i++) {
    const v = data.values[i];
    if (!Number.isFinite(v)) continue;
    const bar = bars
      .append('rect')
      .attr('x', x(keys[i]) ?? 0)
      .attr('width', bw)
      .attr('y', Math.min(y(v), y(0)))
      .attr('height', Math.abs(y(v) - y(0)))
      .attr('fill', color(i));
    if (i === opts.highlightIndex) {
      bar.attr('stroke', UI.highlight).attr('stroke-width', 2);
    }
    if (opts.onBarClick) bar.style('cursor', 'pointer').on('click', () => opts.onBarClick?.(i));
  }

  if (w) {
    const g = f.svg.append('g').attr('class', 'whiskers').attr('stroke', UI.text);
    const cap = Math.max(2, bw * 0.25);
    for (let i = 0; i < n; i++) {
      const [a, b] = [w.min[i], w.max[i]];
      if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
      const cx = (x(keys[i]) ?? 0) + bw / 2;
      g.append('line').attr('x1', cx).attr('x2', cx).attr('y1', y(a)).attr('y2', y(b));
      for (const v of [a, b]) {
        g.append('line')
          .attr('x1', cx - cap)
          .attr('x2', cx + cap)
          .attr('y1', y(v))
          .attr('y2', y(v));
      }
    }
  }

  if (y.domain()[0] < 0) {
    f.svg
      .append('line')
      .attr('x1', f.plot.left)
      .attr('x2', f.plot.right)
      .attr('y1', y(0))
      .attr('y2', y(0))
      .attr('stroke', UI.axis);
  }

  return () => {
    f.svg.remove();
  };
}
