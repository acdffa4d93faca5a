/**
 * The Clusters view's dendrogram (paper Section IV-C) with d3-hierarchy: the complete-linkage
 * merge tree of a layer's filters, leaves (filters) along x in the tree's order, merge heights
 * (DTW distance) up y, and a horizontal cut line the user drags (pointer) to choose the clusters.
 * Links inside a cluster and the leaf markers take the cluster's colour (palette CATEGORICAL);
 * links above the cut are grey. The SVG is aria-hidden: the caller's element has role="img".
 *
 * Moving the cut does not redraw the tree: the returned cleanup has `setCut` to move the line
 * and recolour (so a drag keeps its pointer capture).
 */
import { axisLeft, cluster as clusterLayout, hierarchy, scaleLinear, type HierarchyNode } from 'd3';
import type { Merge } from '../core/linkage';
import { createChartFrame } from './chart-frame';
import { FONT, UI, categoricalColor } from './palette';

export interface DendrogramData {
  /** The merge tree (SciPy linkage rows) over n leaves. */
  merges: Merge[];
  n: number;
  /** Each leaf's cluster at the cut, 0..k-1. */
  labels: ArrayLike<number>;
  /** Height of the cut line (same units as the merge heights). */
  cut: number;
  /** Leaf names (default: the index). */
  leafNames?: string[];
  title: string;
  yLabel: string;
}

export interface DendrogramOptions {
  width?: number;
  height?: number;
  /** Called while the cut line is dragged (and when the plot is clicked), with the new height. */
  onCut?: (height: number) => void;
}

/** A cleanup that also moves the cut line and recolours the tree without redrawing it. */
export type DendrogramHandle = (() => void) & {
  setCut(height: number, labels: ArrayLike<number>): void;
};

/** Room between the plot's edges and the first and last leaf, in pixels. */
const LEAF_PAD = 10;

interface TreeNode {
  id: number;
  height: number;
  children?: TreeNode[];
}

/** The merge tree as nested nodes (the root is the last merge). */
export function treeOf(merges: Merge[], n: number): TreeNode {
  if (n === 1 || merges.length === 0) return { id: 0, height: 0 };
  const nodes = new Map<number, TreeNode>();
  const node = (id: number): TreeNode => nodes.get(id) ?? { id, height: 0 };
  merges.forEach((m, i) => {
    nodes.set(n + i, { id: n + i, height: m.height, children: [node(m.a), node(m.b)] });
  });
  return node(n + merges.length - 1);
}

/** Draws the dendrogram into el; see DendrogramHandle. */
export function renderDendrogram(
  el: HTMLElement,
  data: DendrogramData,
  opts: DendrogramOptions = {},
): DendrogramHandle {
  const f = createChartFrame(el, {
    width: opts.width,
    height: opts.height ?? 300,
    title: data.title,
    xLabel: 'filter (leaves in tree order)',
    yLabel: data.yLabel,
  });
  const root = hierarchy(treeOf(data.merges, data.n));
  // evenly spaced leaves (d3's default puts cousins twice as far apart as siblings)
  clusterLayout<TreeNode>()
    .size([Math.max(1, f.plot.right - f.plot.left - 2 * LEAF_PAD), 1])
    .separation(() => 1)(root);
  const top = Math.max(0, ...data.merges.map((m) => m.height));
  const y = scaleLinear()
    .domain([0, top > 0 ? top * 1.08 : 1])
    .range([f.plot.bottom - 18, f.plot.top]);
  const x = (d: HierarchyNode<TreeNode>) => f.plot.left + LEAF_PAD + (d.x ?? 0);
  const yOf = (d: HierarchyNode<TreeNode>) => y(d.data.height);

  f.svg
    .append('g')
    .attr('class', 'y-axis')
    .attr('transform', `translate(${f.plot.left - 6}, 0)`)
    .call(axisLeft(y).ticks(5).tickSizeOuter(0))
    .call((g) => {
      g.attr('font-size', FONT.tick);
      g.selectAll('path, line').attr('stroke', UI.axis);
      g.selectAll('text').attr('fill', UI.mutedText);
    });

  const leaves = root.leaves();
  const links = f.svg
    .append('g')
    .attr('class', 'links')
    .attr('fill', 'none')
    .attr('stroke-width', 1.5)
    .selectAll('path')
    .data(root.links())
    .join('path')
    .attr('class', 'link')
    .attr('d', (l) => `M${x(l.target)},${yOf(l.target)}V${yOf(l.source)}H${x(l.source)}`);
  const markers = f.svg
    .append('g')
    .attr('class', 'leaves')
    .selectAll('circle')
    .data(leaves)
    .join('circle')
    .attr('class', 'leaf')
    .attr('cx', x)
    .attr('cy', (d) => yOf(d) + 5)
    .attr('r', 4);
  const small = leaves.length > 40;
  f.svg
    .append('g')
    .attr('class', 'leaf-names')
    .selectAll('text')
    .data(leaves)
    .join('text')
    .attr('x', x)
    .attr('y', (d) => yOf(d) + 18)
    .attr('text-anchor', 'middle')
    .attr('font-size', small ? 8 : FONT.tick)
    .attr('fill', UI.mutedText)
    .text((d) => data.leafNames?.[d.data.id] ?? String(d.data.id));

  const cutG = f.svg.append('g').attr('class', 'cut');
  const cutLine = cutG
    .append('line')
    .attr('class', 'cut-line')
    .attr('x1', f.plot.left)
    .attr('x2', f.plot.right)
    .attr('stroke', UI.highlight)
    .attr('stroke-width', 1.5)
    .attr('stroke-dasharray', '6 3');
  const cutHit = cutG
    .append('line')
    .attr('class', 'cut-hit')
    .attr('x1', f.plot.left)
    .attr('x2', f.plot.right)
    .attr('stroke', 'transparent')
    .attr('stroke-width', 14)
    .style('cursor', 'ns-resize');

  /** The one cluster of every leaf under a node, or -1 when they differ. */
  const uniform = (labels: ArrayLike<number>) => {
    const memo = new Map<HierarchyNode<TreeNode>, number>();
    return (d: HierarchyNode<TreeNode>): number => {
      let v = memo.get(d);
      if (v === undefined) {
        const ls = d.leaves().map((l) => labels[l.data.id]);
        v = ls.every((c) => c === ls[0]) ? ls[0] : -1;
        memo.set(d, v);
      }
      return v;
    };
  };

  const setCut = (height: number, labels: ArrayLike<number>) => {
    const [lo, hi] = y.domain();
    const yy = y(Math.min(hi, Math.max(lo, height)));
    cutLine.attr('y1', yy).attr('y2', yy).attr('data-height', height);
    cutHit.attr('y1', yy).attr('y2', yy);
    const of = uniform(labels);
    links
      .attr('stroke', (l) => {
        const c = of(l.source);
        return c >= 0 ? categoricalColor(c) : UI.connector;
      })
      .attr('data-cluster', (l) => of(l.source));
    markers
      .attr('fill', (d) => categoricalColor(labels[d.data.id]))
      .attr('data-cluster', (d) => labels[d.data.id]);
  };
  setCut(data.cut, data.labels);

  // dragging: anywhere on the plot moves the cut there, then follows the pointer
  const svgEl = f.svg.node() as SVGSVGElement;
  let dragging: number | null = null;
  const heightAt = (ev: PointerEvent) => {
    const box = svgEl.getBoundingClientRect();
    const sy = ((ev.clientY - box.top) * f.height) / Math.max(1, box.height);
    const [lo, hi] = y.domain();
    return Math.min(hi, Math.max(lo, y.invert(sy)));
  };
  const down = (ev: PointerEvent) => {
    if (!opts.onCut || ev.button !== 0) return;
    dragging = ev.pointerId;
    svgEl.setPointerCapture?.(ev.pointerId);
    ev.preventDefault();
    opts.onCut(heightAt(ev));
  };
  const move = (ev: PointerEvent) => {
    if (dragging === ev.pointerId) opts.onCut?.(heightAt(ev));
  };
  const up = (ev: PointerEvent) => {
    if (dragging !== ev.pointerId) return;
    dragging = null;
    svgEl.releasePointerCapture?.(ev.pointerId);
  };
  svgEl.addEventListener('pointerdown', down);
  svgEl.addEventListener('pointermove', move);
  svgEl.addEventListener('pointerup', up);
  svgEl.addEventListener('pointercancel', up);
  svgEl.style.touchAction = 'none';

  const cleanup = () => {
    svgEl.removeEventListener('pointerdown', down);
    svgEl.removeEventListener('pointermove', move);
    svgEl.removeEventListener('pointerup', up);
    svgEl.removeEventListener('pointercancel', up);
    f.svg.remove();
  };
  return Object.assign(cleanup, { setCut });
}
