/**
 * Messages between the main-thread LayerStackRenderer proxy and src/gl/render.worker.ts, which
 * owns regl on an OffscreenCanvas (so that regl's `new Function` never runs under the page's
 * CSP). Positions are CSS pixels relative to the canvas's top-left corner.
 */
import type { StackLayer, StackSelection } from './stack-types';

/** A panel's label anchor in CSS pixels of the canvas (see LayerStackRenderer.projectLabels). */
export interface LabelPos {
  layer: number;
  x: number;
  y: number;
}

/** The canvas's CSS size and the device pixel ratio of its drawing buffer. */
export interface ViewSize {
  width: number;
  height: number;
  dpr: number;
}

/** Main thread -> worker. */
export type ToWorker =
  | ({ type: 'init'; canvas: OffscreenCanvas } & ViewSize)
  | { type: 'setData'; layers: StackLayer[] }
  | { type: 'setSelection'; selection: StackSelection | null }
  | ({ type: 'resize' } & ViewSize)
  | { type: 'resetView' }
  | { type: 'rotate'; dYaw: number; dPitch: number }
  | { type: 'zoom'; factor: number }
  /** The pointer moved over the canvas at (x, y); clientX / clientY are echoed in the reply. */
  | { type: 'pointer'; x: number; y: number; clientX: number; clientY: number }
  | { type: 'leave' }
  | { type: 'click'; x: number; y: number }
  | { type: 'destroy' };

/** Worker -> main thread. */
export type FromWorker =
  | { type: 'hover'; hit: StackSelection | null; clientX: number; clientY: number }
  | { type: 'select'; hit: StackSelection | null }
  /** Sent after every drawn frame. */
  | { type: 'labels'; labels: LabelPos[] }
  | { type: 'contextlost'; lost: boolean }
  | { type: 'error'; message: string }
  /** Every regl resource is freed; the worker closes itself next. */
  | { type: 'destroyed' };
