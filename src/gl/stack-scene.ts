/**
 * The GPU side of the layer stack: one heat texture per layer, the line and frame buffers,
 * and the draw of one frame. Knows nothing of cameras or input.
 */
import type REGL from 'regl';
import type { mat4 } from 'gl-matrix';
import { UI, cssToRgb } from '../charts/palette';
import { ColoredBuffers, createCommands, type StackCommands } from './draw-commands';
import { emphasisOf, type PanelEmphasis } from './emphasis';
import { heatTexture } from './heat-texture';
import { stackLines, type VertexList } from './stack-geometry';
import type { PanelRect } from './stack-layout';
import type { StackLayer } from './stack-types';

/** Deeper panels fade this much toward the background (depth cue). */
const MAX_DIM = 0.15;

export class StackScene {
  private readonly cmds: StackCommands;
  private readonly lineBuf: ColoredBuffers;
  private readonly frameBuf: ColoredBuffers;
  private textures: REGL.Texture2D[] = [];
  private panels: readonly PanelRect[] = [];

  constructor(private readonly regl: REGL.Regl) {
    this.cmds = createCommands(regl);
    this.lineBuf = new ColoredBuffers(regl);
    this.frameBuf = new ColoredBuffers(regl);
  }

  /** Uploads a texture per layer (reusing existing ones), tinted by `emphasis` where it lists
   *  the layer, and the panels' line geometry. */
  setLayers(
    layers: readonly StackLayer[],
    panels: readonly PanelRect[],
    emphasis: readonly PanelEmphasis[] | null = null,
  ): void {
    const max = this.regl.limits.maxTextureSize;
    const old = this.textures;
    this.textures = layers.map((layer, i) => {
      const { data, width, height } = heatTexture(layer, max, emphasisOf(emphasis, i));
      const opts: REGL.Texture2DOptions = { data, width, height, min: 'nearest', mag: 'nearest' };
      return old[i] ? old[i](opts) : this.regl.texture(opts);
    });
    old.slice(layers.length).forEach((t) => t.destroy());
    this.panels = panels;
    this.lineBuf.set(stackLines(panels, layers));
  }

  /** Replaces the highlight triangles (see stack-geometry highlightFrames). */
  setFrames(frames: VertexList): void {
    this.frameBuf.set(frames);
  }

  /** Clears and draws panels, then lines and frames on top, with world-to-clip matrix vp. */
  draw(vp: mat4): void {
    const background = cssToRgb(UI.canvasBackground);
    this.regl.poll();
    this.regl.clear({ color: [...background, 1], depth: 1 });
    const n = Math.max(1, this.panels.length - 1);
    this.cmds.panel(
      this.panels.map((p, i) => ({
        viewProj: vp,
        rect: [p.x0, p.y0, p.x1, p.y1] as [number, number, number, number],
        z: p.z,
        tex: this.textures[i],
        dim: (MAX_DIM * i) / n,
        background,
      })),
    );
    if (this.lineBuf.count) this.cmds.lines(this.lineBuf.props(vp));
    if (this.frameBuf.count) this.cmds.triangles(this.frameBuf.props(vp));
  }
}
