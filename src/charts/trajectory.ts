/**
 * The live trajectory of an optimization: the tracked prediction (class probability or
 * forecast) and the loss against the step, one line per run, in two panels over one step axis.
 * The SVGs are aria-hidden: the caller wraps them in an element with role="img" and a label.
 */
import { axisBottom, axisLeft, line, scaleLinear } from 'd3';
import { createChartFrame, drawAxes, finiteExtent } from './chart-frame';
import { FONT, UI, categoricalColor } from './palette';

export interface TrajectoryRun {
  name: string;
  /** prediction[i] and loss[i] at step steps[i]. */
  prediction: ArrayLike<number>;
  loss: ArrayLike<number>;
}

export interface TrajectoryData {
  /** Steps of the trace points, increasing. */
  steps: ArrayLike<number>;
  runs: TrajectoryRun[];
  /** The step axis ends here (the run's t, so a live chart does not rescale as it grows). */
  total: number;
  predictionLabel: string;
  lossLabel: string;
}

export interface TrajectoryOptions {
  width?: number;
  /** Height of each of the two panels (default 180). */
  height?: number;
}

const LEGEND_ROW = 16;

/** One panel: `pick(run)` against the step. */
function panel(
  el: HTMLElement,
  data: TrajectoryData,
  pick: (r: TrajectoryRun) => ArrayLike<number>,
  title: string,
  yLabel: string,
  opts: TrajectoryOptions,
): () => void {
  const legend = data.runs.length > 1;
  const f = createChartFrame(el, {
    width: opts.width,
    height: opts.height ?? 180,
    title,
    xLabel: 'step',
    yLabel,
    extraTop: legend ? LEGEND_ROW : 0,
  });
  const steps = Array.from(data.steps);
  const x = scaleLinear()
    .domain([0, Math.max(1, data.total)])
    .range([f.plot.left, f.plot.right]);
  const y = scaleLinear()
    .domain(finiteExtent(...data.runs.map(pick)))
    .nice()
    .range([f.plot.bottom, f.plot.top]);
  const yCount = Math.max(2, Math.floor((f.plot.bottom - f.plot.top) / 32));
  drawAxes(
    f,
    axisBottom(x).ticks(Math.max(2, Math.floor((f.plot.right - f.plot.left) / 70))),
    axisLeft(y).ticks(yCount).tickSizeOuter(0),
    y.ticks(yCount),
    y,
  );
  const g = f.svg.append('g').attr('class', 'series').attr('fill', 'none');
  data.runs.forEach((r, k) => {
    const values = Array.from(pick(r));
    const path = line<number>()
      .defined((v) => Number.isFinite(v))
      .x((_, i) => x(steps[i]))
      .y((v) => y(v));
    g.append('path')
      .attr('d', path(values) ?? '')
      .attr('stroke', categoricalColor(k))
      .attr('stroke-width', 1.75);
    const last = values.length - 1;
    if (last >= 0 && Number.isFinite(values[last]))
      g.append('circle')
        .attr('cx', x(steps[last]))
        .attr('cy', y(values[last]))
        .attr('r', 3)
        .attr('fill', categoricalColor(k));
  });
  if (legend) {
    const lg = f.svg
      .append('g')
      .attr('class', 'legend')
      .attr('transform', `translate(${f.plot.left}, ${f.plot.top - LEGEND_ROW + 2})`);
    let dx = 0;
    data.runs.forEach((r, k) => {
      const item = lg.append('g').attr('transform', `translate(${dx}, 0)`);
      item
        .append('rect')
        .attr('width', 12)
        .attr('height', 3)
        .attr('y', -4)
        .attr('fill', categoricalColor(k));
      item
        .append('text')
        .attr('x', 16)
        .attr('font-size', FONT.legend)
        .attr('fill', UI.text)
        .text(r.name);
      dx += 16 + r.name.length * FONT.legend * 0.6 + 14;
    });
  }
  return () => f.svg.remove();
}

/** Draws both panels into el and returns a cleanup that removes them. */
export function renderTrajectory(
  el: HTMLElement,
  data: TrajectoryData,
  opts: TrajectoryOptions = {},
): () => void {
  const a = panel(el, data, (r) => r.prediction, data.predictionLabel, 'prediction', opts);
  const b = panel(el, data, (r) => r.loss, data.lossLabel, 'loss', opts);
  return () => {
    a();
    b();
  };
}
