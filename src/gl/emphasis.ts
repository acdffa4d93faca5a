/**
 * Emphasis of a layer stack's units (the Importance view, paper view 2): each listed panel's
 * units are tinted by a weight in [0, 1] (a filter's importance / its layer's largest) and a
 * shown flag (the top p% of the layer). Pure colour maths, no WebGL.
 *
 * - A unit's strip keeps its heat colours, mixed toward the background the less it weighs
 *   (weight 1: full colour; weight → 0: MIN_STRENGTH of it).
 * - An inactive unit (weight ≤ INACTIVE_WEIGHT, or not finite) is drawn grey (UI.missing, as
 *   the importance bars draw inactive filters).
 * - A unit not shown is faded almost to the background (HIDDEN_FADE).
 */
import { UI, cssToRgb, type RGB } from '../charts/palette';

/** One panel's emphasis (render-protocol 'emphasis'). */
export interface PanelEmphasis {
  /** Panel index (0 = the input; SampleView.panels order). */
  layer: number;
  /** [units] in [0, 1]: importance / the layer's largest (0: inactive). */
  weights: Float32Array;
  /** [units] 1 = in the top p% of its layer, 0 = faded out. */
  shown: Uint8Array;
  /** [units * 3] 0..255: each unit's cluster colour (the Clusters view), mixed into its heat
   *  colours by CLUSTER_TINT before the weight and shown flag apply; absent: plain heat. */
  colors?: Uint8Array;
}

/** How much of a unit's cluster colour replaces its heat colour (the rest keeps the heat). */
export const CLUSTER_TINT = 0.65;

/** One cell's heat colour tinted toward its unit's cluster colour (0..255, rounded). */
export function clusterTint(rgb: ArrayLike<number>, color: ArrayLike<number>): RGB {
  return [0, 1, 2].map((i) => Math.round(mix(rgb[i], color[i], CLUSTER_TINT))) as RGB;
}

/** A weight at most this counts as inactive (grey). */
export const INACTIVE_WEIGHT = 1e-6;
/** How much of its heat colour a unit of (almost) no weight keeps. */
export const MIN_STRENGTH = 0.25;
/** How far a unit that is not shown fades toward the background. */
export const HIDDEN_FADE = 0.88;

const to255 = (rgb: RGB): RGB => rgb.map((c) => Math.round(c * 255)) as RGB;
/** The inactive grey and the stack's background, 0..255. */
export const INACTIVE_RGB: RGB = to255(cssToRgb(UI.missing));
export const BACKGROUND_RGB: RGB = to255(cssToRgb(UI.canvasBackground));

const mix = (a: number, b: number, t: number) => a + (b - a) * t;

/**
 * One cell's colour under emphasis (all colours 0..255, rounded): see the module comment.
 * @param rgb the cell's heat colour
 */
export function emphasize(
  rgb: ArrayLike<number>,
  weight: number,
  shown: boolean,
  background: RGB = BACKGROUND_RGB,
  grey: RGB = INACTIVE_RGB,
): RGB {
  const out: RGB = [0, 0, 0];
  const inactive = !Number.isFinite(weight) || weight <= INACTIVE_WEIGHT;
  const strength = MIN_STRENGTH + (1 - MIN_STRENGTH) * Math.min(1, Math.max(0, weight));
  for (let i = 0; i < 3; i++) {
    let c = inactive ? grey[i] : mix(background[i], rgb[i], strength);
    if (!shown) c = mix(c, background[i], HIDDEN_FADE);
    out[i] = Math.round(Math.min(255, Math.max(0, c)));
  }
  return out;
}

/** The emphasis of one panel's units, or null when it has none (units beyond the arrays are
 *  drawn as they are). */
export function emphasisOf(
  all: readonly PanelEmphasis[] | null,
  layer: number,
): PanelEmphasis | null {
  return all?.find((e) => e.layer === layer) ?? null;
}
