/** Data types of the 3-D layer stack, shared by the renderer, its layout and its picking. */

/**
 * One layer of the network for one sample, and what it stands for (src/core/protocol.ts): the
 * compute worker sends them to the render worker (StackPanelsMessage).
 */
export type { StackPanel as StackLayer, StackPanelKind as StackLayerKind } from '../core/protocol';

/** A panel index (0 = the input; SampleView.panels order) and a unit (filter, channel or cell). */
export interface StackSelection {
  layer: number;
  unit: number;
}

/** A 3-vector [x, y, z]. */
export type Vec3 = [number, number, number];

/** A ray origin + t * dir (dir need not be normalised; t >= 0 is in front of the origin). */
export interface Ray {
  origin: Vec3;
  dir: Vec3;
}
