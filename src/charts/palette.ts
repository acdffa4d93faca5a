/**
 * The one place for visual constants: colours, colormaps, type sizes, margins and the
 * geometry of the 3-D layer stack. Renderers (src/charts, src/gl) read from here only.
 *
 * Colours come in two forms: `RGB` = [r, g, b] with each channel in 0..1 (for WebGL) and CSS
 * strings (for SVG/HTML).
 */
import { interpolateRdBu, interpolateViridis, rgb } from 'd3';

/** [r, g, b], each in 0..1. */
export type RGB = [number, number, number];

/**
 * Categorical palette for clusters, classes and channels (12 entries): the Okabe-Ito colours
 * (minus black and yellow) first, then Paul Tol's "muted" set, then a neutral grey. Both
 * sources are designed to stay distinguishable under the common colour-vision deficiencies;
 * the first entries are the most distinct, so small category counts look best.
 */
export const CATEGORICAL: readonly string[] = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#D55E00', // vermillion
  '#332288', // indigo
  '#999933', // olive
  '#882255', // wine
  '#44AA99', // teal
  '#DDCC77', // sand
  '#777777', // grey
];

/** CSS colour of category i (wraps after 12; negative or fractional i are floored into range). */
export function categoricalColor(i: number): string {
  const n = CATEGORICAL.length;
  const k = ((Math.floor(i) % n) + n) % n;
  return CATEGORICAL[k];
}

/** [r, g, b] in 0..1 of category i. */
export function categoricalRgb(i: number): RGB {
  return cssToRgb(categoricalColor(i));
}

/** Parses any CSS colour d3 understands into [r, g, b] in 0..1 (unknown colours give black). */
export function cssToRgb(css: string): RGB {
  const c = rgb(css);
  if (!Number.isFinite(c.r)) return [0, 0, 0];
  return [c.r / 255, c.g / 255, c.b / 255];
}

/** Formats [r, g, b] in 0..1 as a CSS "rgb(R, G, B)" string. */
export function rgbToCss([r, g, b]: RGB): string {
  const q = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 255);
  return `rgb(${q(r)}, ${q(g)}, ${q(b)})`;
}

/** Entries in each colormap lookup table: odd, so that t = 0.5 (zero on the diverging map)
 *  has an entry of its own. */
export const LUT_SIZE = 257;

/** A LUT_SIZE-entry lookup table: RGBA bytes, 4 per entry (alpha 255). */
function buildLut(interp: (t: number) => string): Uint8Array {
  const lut = new Uint8Array(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    const c = rgb(interp(i / (LUT_SIZE - 1)));
    lut.set([Math.round(c.r), Math.round(c.g), Math.round(c.b), 255], i * 4);
  }
  return lut;
}

let seqLut: Uint8Array | null = null;
let divLut: Uint8Array | null = null;

/** Viridis (perceptually uniform, colour-blind safe; dark = low) as RGBA bytes. */
export function sequentialLut(): Uint8Array {
  return (seqLut ??= buildLut(interpolateViridis));
}

/** Blue (negative) - white (0) - red (positive), i.e. RdBu reversed, as RGBA bytes. */
export function divergingLut(): Uint8Array {
  return (divLut ??= buildLut((t) => interpolateRdBu(1 - t)));
}

/** Index into a LUT for t in [0, 1] (clamped; NaN gives 0). */
export function lutIndex(t: number): number {
  if (!(t > 0)) return 0;
  if (t >= 1) return LUT_SIZE - 1;
  return Math.round(t * (LUT_SIZE - 1));
}

function lutRgb(lut: Uint8Array, t: number): RGB {
  const i = lutIndex(t) * 4;
  return [lut[i] / 255, lut[i + 1] / 255, lut[i + 2] / 255];
}

/** Sequential colormap for activations and saliency: t in [0, 1] -> [r, g, b] in 0..1. */
export function sequentialRgb(t: number): RGB {
  return lutRgb(sequentialLut(), t);
}

/** Sequential colormap as a CSS string. */
export function sequentialCss(t: number): string {
  return rgbToCss(sequentialRgb(t));
}

/**
 * Diverging colormap for signed values, already mapped to t in [0, 1] with 0.5 = zero
 * (see `divergingT`): -> [r, g, b] in 0..1.
 */
export function divergingRgb(t: number): RGB {
  return lutRgb(divergingLut(), t);
}

/** Diverging colormap as a CSS string. */
export function divergingCss(t: number): string {
  return rgbToCss(divergingRgb(t));
}

/** Maps a signed value v to [0, 1] symmetrically around zero: -m -> 0, 0 -> 0.5, m -> 1. */
export function divergingT(v: number, maxAbs: number): number {
  if (!(maxAbs > 0) || !Number.isFinite(v)) return 0.5;
  return Math.min(1, Math.max(0, 0.5 + (0.5 * v) / maxAbs));
}

/** Neutral colours shared by the SVG charts and the WebGL stack. */
export const UI = {
  background: '#ffffff',
  canvasBackground: '#f3f4f6',
  text: '#1f2328',
  mutedText: '#57606a',
  axis: '#57606a',
  grid: '#e5e7eb',
  panelBorder: '#4b5563',
  connector: '#9ca3af',
  /** Cells whose value is NaN or infinite. */
  missing: '#bdbdbd',
  /** Selection is drawn as a dark outer frame with a white inner frame: visible on any colour. */
  selectionOuter: '#000000',
  selectionInner: '#ffffff',
  hover: '#374151',
  highlight: '#000000',
} as const;

/** Type sizes in CSS pixels. */
export const FONT = {
  family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  title: 14,
  axisLabel: 12,
  tick: 11,
  legend: 11,
} as const;

/** Chart margins in CSS pixels (room for the title, tick labels and axis labels). */
export const MARGIN = { top: 28, right: 16, bottom: 42, left: 56 } as const;

/** Default chart size in CSS pixels when neither the options nor the element give one. */
export const CHART_SIZE = { width: 480, height: 240 } as const;

/**
 * Geometry of the 3-D layer stack, in world units. Panels lie in planes z = -index * spacing
 * (the input at z = 0, nearest the default camera); x runs along time, y along filters.
 */
export const STACK = {
  /** Distance between consecutive panels along the depth axis. */
  panelSpacing: 2.2,
  /** Width of the panel with the most time steps; others scale with their step count. */
  maxPanelWidth: 2.4,
  /** Narrowest a panel with several steps may become. */
  minPanelWidth: 0.4,
  /** Height of a conv (or other row-per-unit) panel. */
  convHeight: 1.2,
  /** Pool panels are drawn thinner than conv panels. */
  poolHeight: 0.9,
  /** Height per input channel strip, and the input panel's bounds. */
  inputRowHeight: 0.4,
  inputMinHeight: 0.8,
  inputMaxHeight: 1.4,
  /** Dense / flatten panels: one row of cells. */
  denseHeight: 0.18,
  /** Width of one dense cell (until the row reaches maxPanelWidth). */
  denseCellWidth: 0.22,
  /** Width of the selection frame and hover frame, as a fraction of the panel height. */
  frameWidth: 0.012,
  /** Gap between a panel's top edge and its label anchor. */
  labelGap: 0.06,
} as const;
