/** Creating the WebGL context and regl, with one clear error when that is impossible. */
import createREGL from 'regl';
import type REGL from 'regl';
import { errorMessage } from '../core/errors';

const message = errorMessage;

/**
 * A regl instance on the canvas's WebGL 1 context (antialiased, opaque). The canvas is an
 * OffscreenCanvas: regl runs in the render worker (see render.worker.ts).
 * Throws Error('WebGL is not available: <why>') when the browser gives no context or regl
 * cannot start on it.
 */
export function createStackRegl(canvas: OffscreenCanvas): REGL.Regl {
  let gl: WebGLRenderingContext | null = null;
  let why = 'the browser gave no WebGL context (it may be turned off or unsupported here)';
  try {
    gl = canvas.getContext('webgl', { antialias: true, alpha: false, premultipliedAlpha: false });
  } catch (e) {
    why = message(e);
  }
  if (!gl) throw new Error(`WebGL is not available: ${why}.`);
  if (gl.isContextLost()) throw new Error('WebGL is not available: the context is lost.');
  try {
    // regl listens for context loss on gl.canvas, which an OffscreenCanvas supports.
    return createREGL({ gl });
  } catch (e) {
    throw new Error(`WebGL is not available: ${message(e)}`);
  }
}
