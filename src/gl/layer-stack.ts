/**
 * The network's layer stack in 3-D (regl, WebGL 1): the input in front, each deeper layer as a
 * panel behind the previous one; conv/pool panels show each filter's activation over time
 * as one heat strip per filter, dense/flatten panels one cell per unit. Draws only on demand.
 * Labels are left to the caller's HTML overlay (see projectLabels).
 */
import type REGL from 'regl';
import { mat4 } from 'gl-matrix';
import * as cam from './camera';
import { createStackRegl } from './context';
import { attachOrbitControls } from './orbit-controls';
import { pickUnit } from './picking';
import { highlightFrames, labelAnchors } from './stack-geometry';
import { layoutStack, panelCorners, type PanelRect } from './stack-layout';
import { StackScene } from './stack-scene';
import type { StackLayer, StackSelection } from './stack-types';

export type { StackLayer, StackLayerKind, StackSelection } from './stack-types';

export interface LayerStackOptions {
  /** Pointer moved: the unit under it (null when none), with the pointer's client position. */
  onHover?: (hit: StackSelection | null, clientX: number, clientY: number) => void;
  /** Click without drag: the unit under the pointer, or null on empty space. The renderer does
   *  not change its own selection; call setSelection to show it. */
  onSelect?: (hit: StackSelection | null) => void;
  /** The WebGL context was lost (true) or restored (false); nothing is drawn while lost. */
  onContextLost?: (lost: boolean) => void;
  /** A frame was drawn (camera, data or size changed): re-read projectLabels() here. */
  onViewChange?: () => void;
}

const same = (a: StackSelection | null, b: StackSelection | null) =>
  a === b || (!!a && !!b && a.layer === b.layer && a.unit === b.unit);

export class LayerStackRenderer {
  private readonly regl: REGL.Regl;
  private readonly scene: StackScene;
  private readonly offs: (() => void)[] = [];
  private layers: StackLayer[] = [];
  private panels: PanelRect[] = [];
  private layoutKey = '';
  private selection: StackSelection | null = null;
  private hover: StackSelection | null = null;
  private camera: cam.OrbitState;
  private raf = 0;
  private lost = false;
  private destroyed = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly opts: LayerStackOptions = {},
  ) {
    this.regl = createStackRegl(canvas);
    this.scene = new StackScene(this.regl);
    this.camera = cam.fitPoints([], 1);
    const lost = this.regl.on('lost', () => this.onLost(true));
    const restored = this.regl.on('restore', () => this.onLost(false));
    this.offs.push(
      () => lost.cancel(),
      () => restored.cancel(),
      attachOrbitControls(canvas, {
        rotate: (dy, dp) => this.setCamera(cam.rotate(this.camera, dy, dp)),
        zoom: (f) => this.setCamera(cam.zoom(this.camera, f)),
        reset: () => this.resetView(),
        hover: (x, y) => this.onPointer(x, y),
        leave: () => this.setHover(null, 0, 0),
        click: (x, y) => this.opts.onSelect?.(this.pickAt(x, y)),
      }),
    );
    this.resize();
  }

  /** Shows new activations. The view is kept unless the panels' shapes changed. */
  setData(layers: StackLayer[]): void {
    if (this.destroyed) return;
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

  /** Highlights one unit (filter row, channel or dense cell), or nothing. */
  setSelection(sel: StackSelection | null): void {
    if (same(sel, this.selection)) return;
    this.selection = sel ? { ...sel } : null;
    this.updateFrames();
  }

  /** Matches the drawing buffer to the canvas's CSS size (call after layout changes). */
  resize(): void {
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    const w = Math.max(1, Math.round(this.canvas.clientWidth * dpr));
    const h = Math.max(1, Math.round(this.canvas.clientHeight * dpr));
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== h) this.canvas.height = h;
    this.redraw();
  }

  /** Back to the default view that fits the whole stack. */
  resetView(): void {
    this.camera = cam.fitPoints(panelCorners(this.panels), this.aspect());
    this.redraw();
  }

  /** Each panel's label anchor (above its top-left corner) in CSS pixels of the canvas;
   *  panels whose anchor is off-screen or behind the camera are left out. */
  projectLabels(): { layer: number; x: number; y: number }[] {
    const { clientWidth: w, clientHeight: h } = this.canvas;
    const vp = cam.viewProjection(this.camera, this.aspect());
    return labelAnchors(this.panels).flatMap((p, layer) => {
      const q = cam.projectPoint(vp, p, w, h);
      return q.visible ? [{ layer, x: q.x, y: q.y }] : [];
    });
  }

  /** Frees every regl resource and listener; the renderer cannot be used afterwards. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.offs.splice(0).forEach((off) => off());
    this.regl.destroy();
  }

  private aspect(): number {
    return Math.max(1, this.canvas.clientWidth) / Math.max(1, this.canvas.clientHeight);
  }

  private upload(): void {
    if (this.lost) return; // the restore handler uploads again
    this.scene.setLayers(this.layers, this.panels);
    this.updateFrames();
  }

  private updateFrames(): void {
    if (this.destroyed || this.lost) return;
    this.scene.setFrames(highlightFrames(this.panels, this.selection, this.hover));
    this.redraw();
  }

  private setCamera(next: cam.OrbitState): void {
    this.camera = next;
    this.redraw();
  }

  private pickAt(clientX: number, clientY: number): StackSelection | null {
    const rect = this.canvas.getBoundingClientRect();
    const [nx, ny] = cam.clientToNdc(clientX, clientY, rect);
    const inv = mat4.invert(mat4.create(), cam.viewProjection(this.camera, this.aspect()));
    return inv ? pickUnit(cam.rayFromNdc(inv, nx, ny), this.panels) : null;
  }

  private onPointer(clientX: number, clientY: number): void {
    this.setHover(this.pickAt(clientX, clientY), clientX, clientY);
  }

  private setHover(hit: StackSelection | null, clientX: number, clientY: number): void {
    const changed = !same(hit, this.hover);
    if (changed || hit) this.opts.onHover?.(hit, clientX, clientY);
    if (!changed) return;
    this.hover = hit;
    this.updateFrames();
  }

  private onLost(lost: boolean): void {
    this.lost = lost;
    if (lost && this.raf) cancelAnimationFrame(this.raf);
    if (lost) this.raf = 0;
    else this.upload();
    this.opts.onContextLost?.(lost);
  }

  /** Schedules one frame (at most one pending). */
  private redraw(): void {
    if (this.raf || this.lost || this.destroyed) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.draw();
    });
  }

  private draw(): void {
    if (this.lost || this.destroyed) return;
    this.scene.draw(cam.viewProjection(this.camera, this.aspect()));
    this.opts.onViewChange?.();
  }
}
