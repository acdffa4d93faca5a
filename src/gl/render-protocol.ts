/**
 * Messages between the main-thread LayerStackRenderer proxy and src/gl/render.worker.ts, which
 * owns regl on an OffscreenCanvas (so that regl's `new Function` never runs under the page's
 * CSP). Positions are CSS pixels relative to the canvas's top-left corner.
 *
 * The panels' values do not come from the main thread: the compute worker sends them over the
 * `source` port (StackPanelsMessage, src/core/protocol.ts) under a sample id, and the main
 * thread says which sample to draw (`show`).
 */
import type { StackPanelsMessage } from '../core/protocol';
import type { PanelEmphasis } from './emphasis';
import type { StackSelection } from './stack-types';

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
  /** `source`: the port on which the compute worker sends StackPanelsMessages. */
  | ({ type: 'init'; canvas: OffscreenCanvas; source: MessagePort } & ViewSize)
  /** Draw the panels of this sample (SampleView.id) as soon as they are here. */
  | { type: 'show'; sample: number }
  | { type: 'setSelection'; selection: StackSelection | null }
  /** Tint the listed panels' units by weight, fade those not shown (emphasis.ts); null: none. */
  | { type: 'emphasis'; panels: PanelEmphasis[] | null }
  | ({ type: 'resize' } & ViewSize)
  | { type: 'resetView' }
  | { type: 'rotate'; dYaw: number; dPitch: number }
  | { type: 'zoom'; factor: number }
  /** The pointer moved over the canvas at (x, y); clientX / clientY are echoed in the reply. */
  | { type: 'pointer'; x: number; y: number; clientX: number; clientY: number }
  | { type: 'leave' }
  | { type: 'click'; x: number; y: number }
  | { type: 'destroy' };

/** What the render worker handles: the main thread's messages and the compute worker's. */
export type RenderInput = ToWorker | StackPanelsMessage;

/** Worker -> main thread. */
export type FromWorker =
  /** `series`: the hovered unit's values over steps (as drawn), null for none or one step. */
  | {
      type: 'hover';
      hit: StackSelection | null;
      clientX: number;
      clientY: number;
      series: Float32Array | null;
    }
  | { type: 'select'; hit: StackSelection | null }
  /** Sent after every drawn frame. */
  | { type: 'labels'; labels: LabelPos[] }
  | { type: 'contextlost'; lost: boolean }
  | { type: 'error'; message: string }
  /** Every regl resource is freed; the worker closes itself next. */
  | { type: 'destroyed' };
