/**
 * The layer stack's GPU scene, orbit camera, picking and draw-on-demand loop, as they run in
 * the render worker: no DOM, an OffscreenCanvas, the canvas's CSS size given in messages.
 * Everything the main thread must know goes out through `emit` (see render-protocol.ts).
 */
import type REGL from 'regl';
import { mat4 } from 'gl-matrix';
import * as cam from './camera';
import { unitSeries } from '../core/stack-panels';
import { createStackRegl } from './context';
import type { PanelEmphasis } from './emphasis';
import { pickUnit } from './picking';
import type { FromWorker, LabelPos, ViewSize } from './render-protocol';
import { highlightFrames, labelAnchors } from './stack-geometry';
import { layoutStack, panelCorners, type PanelRect } from './stack-layout';
import { StackScene } from './stack-scene';
import type { StackLayer, StackSelection } from './stack-types';

const same = (a: StackSelection | null, b: StackSelection | null) =>
  a === b || (!!a && !!b && a.layer === b.layer && a.unit === b.unit);

/** Runs cb before the next frame (requestAnimationFrame where the worker has it, else a
 *  16 ms timer); returns its cancel function. */
function nextFrame(cb: () => void): () => void {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(cb);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(cb, 16);
  return () => clearTimeout(id);
}

export class StackView {
  private readonly regl: REGL.Regl;
  private readonly scene: StackScene;
  private readonly offs: (() => void)[] = [];
  private layers: StackLayer[] = [];
  private emphasis: PanelEmphasis[] | null = null;
  private panels: PanelRect[] = [];
  private layoutKey = '';
  private selection: StackSelection | null = null;
  private hover: StackSelection | null = null;
  private camera: cam.OrbitState;
  private size: ViewSize;
  private cancelFrame: (() => void) | null = null;
  private lost = false;
  private destroyed = false;

  /** Throws Error('WebGL is not available: ...') when no context can be made. */
  constructor(
    private readonly canvas: OffscreenCanvas,
    size: ViewSize,
    private readonly emit: (msg: FromWorker) => void,
  ) {
    this.regl = createStackRegl(canvas);
    this.scene = new StackScene(this.regl);
    this.size = size;
    this.camera = cam.fitPoints([], this.aspect());
    const lost = this.regl.on('lost', () => this.onLost(true));
    const restored = this.regl.on('restore', () => this.onLost(false));
    this.offs.push(
      () => lost.cancel(),
      () => restored.cancel(),
    );
    this.resize(size);
  }

  setData(layers: StackLayer[]): void {
    this.layers = layers;
    this.panels = layoutStack(layers);
    this.hover = null;
    this.upload();
    const key = JSON.stringify(this.panels);
    if (key !== this.layoutKey) {
      this.layoutKey = key;
      this.resetView();
    } else this.redraw();
  }

  /** Tints the listed panels' units (emphasis.ts); null: plain heat colours. Kept across
   *  samples until replaced. */
  setEmphasis(emphasis: PanelEmphasis[] | null): void {
    this.emphasis = emphasis;
    if (this.layers.length) this.upload();
  }

  setSelection(sel: StackSelection | null): void {
    if (same(sel, this.selection)) return;
    this.selection = sel;
    this.updateFrames();
  }

  resize(size: ViewSize): void {
    this.size = size;
    const w = Math.max(1, Math.round(size.width * size.dpr));
    const h = Math.max(1, Math.round(size.height * size.dpr));
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== h) this.canvas.height = h;
    this.redraw();
  }

  resetView(): void {
    this.camera = cam.fitPoints(panelCorners(this.panels), this.aspect());
    this.redraw();
  }

  rotate(dYaw: number, dPitch: number): void {
    this.camera = cam.rotate(this.camera, dYaw, dPitch);
    this.redraw();
  }

  zoom(factor: number): void {
    this.camera = cam.zoom(this.camera, factor);
    this.redraw();
  }

  /** The pointer is at (x, y) CSS px of the canvas; clientX / clientY are echoed back. */
  pointer(x: number, y: number, clientX: number, clientY: number): void {
    this.setHover(this.pickAt(x, y), clientX, clientY);
  }

  leave(): void {
    this.setHover(null, 0, 0);
  }

  click(x: number, y: number): void {
    this.emit({ type: 'select', hit: this.pickAt(x, y) });
  }

  /** Frees every regl resource (textures, buffers, shaders) and lets the context go. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.cancelFrame?.();
    this.cancelFrame = null;
    this.offs.splice(0).forEach((off) => off());
    const gl = this.regl._gl;
    this.regl.destroy();
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }

  private aspect(): number {
    return Math.max(1, this.size.width) / Math.max(1, this.size.height);
  }

  private upload(): void {
    if (this.lost) return; // the restore handler uploads again
    this.scene.setLayers(this.layers, this.panels, this.emphasis);
    this.updateFrames();
  }

  private updateFrames(): void {
    if (this.destroyed || this.lost) return;
    this.scene.setFrames(highlightFrames(this.panels, this.selection, this.hover));
    this.redraw();
  }

  private pickAt(x: number, y: number): StackSelection | null {
    const rect = { left: 0, top: 0, width: this.size.width, height: this.size.height };
    const [nx, ny] = cam.clientToNdc(x, y, rect);
    const inv = mat4.invert(mat4.create(), cam.viewProjection(this.camera, this.aspect()));
    return inv ? pickUnit(cam.rayFromNdc(inv, nx, ny), this.panels) : null;
  }

  private setHover(hit: StackSelection | null, clientX: number, clientY: number): void {
    const changed = !same(hit, this.hover);
    if (changed || hit)
      this.emit({ type: 'hover', hit, clientX, clientY, series: this.series(hit) });
    if (!changed) return;
    this.hover = hit;
    this.updateFrames();
  }

  /** The unit's values over steps, as drawn (null for none, or a single step). */
  private series(hit: StackSelection | null): Float32Array | null {
    const layer = hit ? this.layers[hit.layer] : undefined;
    if (!hit || !layer || layer.steps < 2 || hit.unit >= layer.units) return null;
    return unitSeries(layer, hit.unit);
  }

  private onLost(lost: boolean): void {
    this.lost = lost;
    if (lost) {
      this.cancelFrame?.();
      this.cancelFrame = null;
    } else this.upload();
    this.emit({ type: 'contextlost', lost });
  }

  /** Schedules one frame (at most one pending). */
  private redraw(): void {
    if (this.cancelFrame || this.lost || this.destroyed) return;
    this.cancelFrame = nextFrame(() => {
      this.cancelFrame = null;
      this.draw();
    });
  }

  private draw(): void {
    if (this.lost || this.destroyed) return;
    const vp = cam.viewProjection(this.camera, this.aspect());
    this.scene.draw(vp);
    this.emit({ type: 'labels', labels: this.labels(vp) });
  }

  /** Each panel's label anchor in CSS px; anchors off-screen or behind the eye are left out. */
  private labels(vp: mat4): LabelPos[] {
    const { width, height } = this.size;
    return labelAnchors(this.panels).flatMap((p, layer) => {
      const q = cam.projectPoint(vp, p, width, height);
      return q.visible ? [{ layer, x: q.x, y: q.y }] : [];
    });
  }
}
