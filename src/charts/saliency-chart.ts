/**
 * Input channels with a saliency heat overlay (the paper's Fig. 1b), with d3: one band per
 * channel, its time steps' background coloured by the (already min-max scaled) saliency on the
 * sequential colormap, the channel's curve drawn over it. Without a heat (a saturated output
 * whose gradients vanished) the curves are drawn on a plain background.
 * The SVG is aria-hidden: the caller wraps it in an element with role="img" and a label.
 */
import { axisBottom, axisLeft, line, scaleBand, scaleLinear } from 'd3';
import { createChartFrame, drawAxes, finiteExtent } from './chart-frame';
import { FONT, UI, categoricalColor, sequentialCss } from './palette';

export interface SaliencyChannel {
  name: string;
  /** The input curve, one value per time step. */
  values: ArrayLike<number>;
  /** Saliency per time step scaled to [0, 1], or null for no overlay. */
  heat: ArrayLike<number> | null;
}

export interface SaliencyChartData {
  channels: SaliencyChannel[];
  title: string;
  xLabel: string;
}

export interface SaliencyChartOptions {
  /** CSS pixels; width defaults to the element's width (or 480), height to 60 + 56 per channel. */
  width?: number;
  height?: number;
}

const LEGEND_ROW = 16;

/** Draws the chart into el and returns a cleanup that removes it. */
export function renderSaliencyChart(
  el: HTMLElement,
  data: SaliencyChartData,
  opts: SaliencyChartOptions = {},
): () => void {
  const nc = data.channels.length;
  const f = createChartFrame(el, {
    width: opts.width,
    height: opts.height ?? 90 + 56 * Math.max(1, nc),
    title: data.title,
    xLabel: data.xLabel,
    yLabel: 'channel',
    extraTop: LEGEND_ROW,
  });
  const n = Math.max(0, ...data.channels.map((c) => c.values.length));
  const x = scaleLinear()
    .domain([-0.5, Math.max(0.5, n - 0.5)])
    .range([f.plot.left, f.plot.right]);
  const bands = scaleBand<string>()
    .domain(data.channels.map((_, i) => String(i)))
    .range([f.plot.top, f.plot.bottom])
    .paddingInner(0.15);
  const xTicks = Math.max(2, Math.min(n, Math.floor((f.plot.right - f.plot.left) / 60)));
  drawAxes(
    f,
    axisBottom(x)
      .ticks(xTicks)
      .tickFormat((d) => (Number.isInteger(+d) ? String(d) : '')),
    axisLeft(scaleLinear().range([f.plot.bottom, f.plot.bottom]))
      .ticks(0)
      .tickSizeOuter(0),
    [],
    () => 0,
  );
  const cell = (f.plot.right - f.plot.left) / Math.max(1, n);
  data.channels.forEach((ch, c) => {
    const top = bands(String(c)) ?? f.plot.top;
    const h = bands.bandwidth();
    const g = f.svg.append('g').attr('class', 'channel');
    if (ch.heat) {
      for (let t = 0; t < ch.values.length; t++) {
        const v = ch.heat[t];
        g.append('rect')
          .attr('x', x(t) - cell / 2)
          .attr('width', cell + 0.5)
          .attr('y', top)
          .attr('height', h)
          .attr('fill', Number.isFinite(v) ? sequentialCss(v) : UI.missing);
      }
    } else {
      g.append('rect')
        .attr('x', f.plot.left)
        .attr('width', f.plot.right - f.plot.left)
        .attr('y', top)
        .attr('height', h)
        .attr('fill', UI.canvasBackground);
    }
    const y = scaleLinear()
      .domain(finiteExtent(ch.values))
      .range([top + h - 3, top + 3]);
    const path = line<number>()
      .defined((v) => Number.isFinite(v))
      .x((_, i) => x(i))
      .y((v) => y(v));
    // a white casing keeps the curve readable on dark and light cells alike
    for (const [stroke, width] of [
      ['#ffffff', 3.5],
      [ch.heat ? UI.text : categoricalColor(c), 1.5],
    ] as const) {
      g.append('path')
        .attr('d', path(Array.from(ch.values)) ?? '')
        .attr('fill', 'none')
        .attr('stroke', stroke)
        .attr('stroke-width', width);
    }
    g.append('text')
      .attr('x', f.plot.left - 6)
      .attr('y', top + h / 2)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .attr('font-size', FONT.tick)
      .attr('fill', UI.text)
      .text(ch.name.length > 8 ? `${ch.name.slice(0, 7)}…` : ch.name);
  });

  // legend: the colormap from low to high saliency
  const legend = f.svg
    .append('g')
    .attr('class', 'legend')
    .attr('transform', `translate(${f.plot.left}, ${f.plot.top - LEGEND_ROW + 2})`);
  if (data.channels.some((c) => c.heat)) {
    const steps = 24;
    for (let i = 0; i < steps; i++)
      legend
        .append('rect')
        .attr('x', 70 + i * 4)
        .attr('y', -9)
        .attr('width', 4)
        .attr('height', 8)
        .attr('fill', sequentialCss(i / (steps - 1)));
    legend
      .append('text')
      .attr('font-size', FONT.legend)
      .attr('fill', UI.text)
      .text('saliency: low');
    legend
      .append('text')
      .attr('x', 70 + steps * 4 + 4)
      .attr('font-size', FONT.legend)
      .attr('fill', UI.text)
      .text('high (scaled per sample)');
  } else {
    legend
      .append('text')
      .attr('font-size', FONT.legend)
      .attr('fill', UI.mutedText)
      .text('no saliency overlay');
  }

  return () => {
    f.svg.remove();
  };
}
