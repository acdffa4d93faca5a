/** Data types of the 3-D layer stack, shared by the renderer, its layout and its picking. */

/** What a panel stands for; decides its shape (see stack-layout.ts). */
export type StackLayerKind = 'input' | 'conv' | 'pool' | 'dense' | 'other';

/**
 * One layer of the network for one sample.
 * - input: steps = T, units = C (one strip per channel)
 * - conv/pool: steps = positions T_l, units = filters F_l (one strip per filter)
 * - dense/flatten: steps = 1, units = size (one cell per unit)
 */
export interface StackLayer {
  name: string;
  kind: StackLayerKind;
  steps: number;
  units: number;
  /** Raw activations, shape [steps, units], row-major (values[s * units + u]). */
  values: Float32Array;
}

/** A layer index (into the array given to setData) and a unit (filter, channel or cell). */
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
