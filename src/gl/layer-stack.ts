/**
 * The network's layer stack in 3-D (regl, WebGL 1): the input in front, each deeper layer as a
 * panel behind the previous one; conv/pool panels show each filter's activation over time
 * as one heat strip per filter, dense/flatten panels one cell per unit. Draws only on demand.
 * Labels are left to the caller's HTML overlay (see projectLabels).
 *
 * This class is the main-thread side only: the canvas is handed to render.worker.ts as an
 * OffscreenCanvas, where regl (which compiles with `new Function`, forbidden by the page's
 * CSP), the camera, picking and drawing live (stack-view.ts). Here: input listeners, message
 * passing, and the last label positions the worker reported.
 *
 * The activations never pass through here: the constructor makes a MessageChannel and hands
 * one end to the render worker and the other to `opts.connectSource`, for the compute worker
 * to send each analysed sample's panels on (StackPanelsMessage); `show(id)` picks the sample.
 */
import { attachOrbitControls } from './orbit-controls';
import type { PanelEmphasis } from './emphasis';
import type { FromWorker, LabelPos, ToWorker, ViewSize } from './render-protocol';
import type { StackSelection } from './stack-types';
import { errorMessage } from '../core/errors';

export type { StackLayer, StackLayerKind, StackSelection } from './stack-types';
export type { PanelEmphasis } from './emphasis';

export interface LayerStackOptions {
  /** Called once, from the constructor, with the port on which the render worker takes
   *  StackPanelsMessages (give it to the compute worker, transferred). */
  connectSource?: (port: MessagePort) => void;
  /** Pointer moved: the unit under it (null when none), with the pointer's client position,
   *  and the unit's values over steps as drawn (null for none or a single step). */
  onHover?: (
    hit: StackSelection | null,
    clientX: number,
    clientY: number,
    series: Float32Array | null,
  ) => void;
  /** Click without drag: the unit under the pointer, or null on empty space. The renderer does
   *  not change its own selection; call setSelection to show it. */
  onSelect?: (hit: StackSelection | null) => void;
  /** The WebGL context was lost (true) or restored (false); nothing is drawn while lost. */
  onContextLost?: (lost: boolean) => void;
  /** A frame was drawn (camera, data or size changed): re-read projectLabels() here. */
  onViewChange?: () => void;
  /** The worker could not draw (e.g. 'WebGL is not available: ...'); nothing more is drawn. */
  onError?: (message: string) => void;
}

/** How long destroy() waits for the worker to free its GPU resources before terminating it. */
const DESTROY_GRACE_MS = 2000;

const message = errorMessage;

export class LayerStackRenderer {
  private readonly worker: Worker;
  private readonly offControls: () => void;
  private labels: LabelPos[] = [];
  private failed = false;
  private destroyed = false;

  /** Throws Error('WebGL is not available: ...') when the canvas cannot be handed to a worker
   *  (no OffscreenCanvas); a WebGL failure in the worker arrives later through onError. */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly opts: LayerStackOptions = {},
  ) {
    if (
      typeof OffscreenCanvas === 'undefined' ||
      typeof canvas.transferControlToOffscreen !== 'function'
    ) {
      throw new Error('WebGL is not available: this browser cannot draw from a worker.');
    }
    let offscreen: OffscreenCanvas;
    try {
      offscreen = canvas.transferControlToOffscreen();
      this.worker = new Worker(new URL('./render.worker.ts', import.meta.url), {
        type: 'module',
      });
    } catch (e) {
      throw new Error(`WebGL is not available: ${message(e)}`);
    }
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.fail(e.message || 'the drawing worker failed.');
    };
    const channel = new MessageChannel();
    this.post({ type: 'init', canvas: offscreen, source: channel.port1, ...this.viewSize() }, [
      offscreen,
      channel.port1,
    ]);
    opts.connectSource?.(channel.port2);
    this.offControls = attachOrbitControls(canvas, {
      rotate: (dYaw, dPitch) => this.post({ type: 'rotate', dYaw, dPitch }),
      zoom: (factor) => this.post({ type: 'zoom', factor }),
      reset: () => this.resetView(),
      hover: (clientX, clientY) =>
        this.post({ type: 'pointer', ...this.local(clientX, clientY), clientX, clientY }),
      leave: () => this.post({ type: 'leave' }),
      click: (clientX, clientY) => this.post({ type: 'click', ...this.local(clientX, clientY) }),
    });
  }

  /** Draws the panels the compute worker sent for sample `id` (SampleView.id), once they are
   *  there. The view is kept unless the panels' shapes changed. */
  show(id: number): void {
    this.post({ type: 'show', sample: id });
  }

  /** Highlights one unit (filter row, channel or dense cell), or nothing. */
  setSelection(sel: StackSelection | null): void {
    this.post({
      type: 'setSelection',
      selection: sel ? { layer: sel.layer, unit: sel.unit } : null,
    });
  }

  /** Tints the listed panels' units by weight in [0, 1] and fades those not shown
   *  (emphasis.ts), on this and later samples; null: plain heat colours. The arrays are copied. */
  setEmphasis(panels: readonly PanelEmphasis[] | null): void {
    this.post({
      type: 'emphasis',
      panels: panels
        ? panels.map((p) => ({
            layer: p.layer,
            weights: Float32Array.from(p.weights),
            shown: Uint8Array.from(p.shown),
            ...(p.colors ? { colors: Uint8Array.from(p.colors) } : {}),
          }))
        : null,
    });
  }

  /** Matches the drawing buffer to the canvas's CSS size (call after layout changes). */
  resize(): void {
    this.post({ type: 'resize', ...this.viewSize() });
  }

  /** Back to the default view that fits the whole stack. */
  resetView(): void {
    this.post({ type: 'resetView' });
  }

  /** Each panel's label anchor (above its top-left corner) in CSS pixels of the canvas, as of
   *  the last drawn frame; panels whose anchor is off-screen or behind the camera are left out. */
  projectLabels(): { layer: number; x: number; y: number }[] {
    return this.labels;
  }

  /** Removes the listeners, has the worker free every regl resource, then ends the worker. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.offControls();
    this.labels = [];
    const worker = this.worker;
    const timer = setTimeout(() => worker.terminate(), DESTROY_GRACE_MS);
    worker.onerror = null;
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      if (e.data.type !== 'destroyed') return;
      clearTimeout(timer);
      worker.terminate();
    };
    if (this.failed) {
      clearTimeout(timer);
      worker.terminate();
    } else worker.postMessage({ type: 'destroy' } satisfies ToWorker);
  }

  private post(msg: ToWorker, transfer: Transferable[] = []): void {
    if (!this.destroyed && !this.failed) this.worker.postMessage(msg, transfer);
  }

  private viewSize(): ViewSize {
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    return { width: this.canvas.clientWidth, height: this.canvas.clientHeight, dpr };
  }

  /** A client position in CSS px of the canvas's content box (the worker's coordinates). */
  private local(clientX: number, clientY: number): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    const sx = this.canvas.clientWidth / Math.max(1, r.width);
    const sy = this.canvas.clientHeight / Math.max(1, r.height);
    return { x: (clientX - r.left) * sx, y: (clientY - r.top) * sy };
  }

  private receive(msg: FromWorker): void {
    if (this.destroyed) return;
    switch (msg.type) {
      case 'hover':
        return this.opts.onHover?.(msg.hit, msg.clientX, msg.clientY, msg.series);
      case 'select':
        return this.opts.onSelect?.(msg.hit);
      case 'labels':
        this.labels = msg.labels;
        return this.opts.onViewChange?.();
      case 'contextlost':
        return this.opts.onContextLost?.(msg.lost);
      case 'error':
        return this.fail(msg.message);
    }
  }

  /** The worker cannot draw: report once and end it (it holds no usable context any more). */
  private fail(text: string): void {
    if (this.failed || this.destroyed) return;
    this.failed = true;
    this.worker.terminate();
    this.labels = [];
    this.opts.onError?.(text);
  }
}
