/** The regl draw commands of the layer stack and the buffers they own. */
import type REGL from 'regl';
import type { mat4 } from 'gl-matrix';
import { COLORED_FRAG, COLORED_VERT, PANEL_FRAG, PANEL_VERT } from './shaders';
import type { VertexList } from './stack-geometry';

/** Props of one heat-strip panel draw. */
export interface PanelProps {
  viewProj: mat4;
  /** [x0, y0, x1, y1] */
  rect: [number, number, number, number];
  z: number;
  tex: REGL.Texture2D;
  /** 0 = full colour, 1 = background colour (depth cue). */
  dim: number;
  background: [number, number, number];
}

/** Props of a coloured line-list or triangle-list draw. */
export interface ColoredProps {
  viewProj: mat4;
  position: REGL.Buffer;
  color: REGL.Buffer;
  count: number;
}

export interface StackCommands {
  panel: REGL.DrawCommand<REGL.DefaultContext, PanelProps>;
  lines: REGL.DrawCommand<REGL.DefaultContext, ColoredProps>;
  triangles: REGL.DrawCommand<REGL.DefaultContext, ColoredProps>;
}

/** Compiles the three commands. Panels are pushed back by a polygon offset so that lines and
 *  frames lying in the same plane win the depth test. */
export function createCommands(regl: REGL.Regl): StackCommands {
  // Two triangles, inline (not regl.buffer, no elements) so that regl keeps a copy and
  // refills the buffer after a context loss; regl 2.1 does not do that for element buffers.
  const corner = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 0],
    [1, 1],
    [0, 1],
  ];
  const panel = regl<
    {
      viewProj: mat4;
      rect: number[];
      z: number;
      tex: REGL.Texture2D;
      dim: number;
      background: number[];
    },
    { corner: number[][] },
    PanelProps
  >({
    vert: PANEL_VERT,
    frag: PANEL_FRAG,
    attributes: { corner },
    count: 6,
    uniforms: {
      viewProj: regl.prop<PanelProps, 'viewProj'>('viewProj'),
      rect: regl.prop<PanelProps, 'rect'>('rect'),
      z: regl.prop<PanelProps, 'z'>('z'),
      tex: regl.prop<PanelProps, 'tex'>('tex'),
      dim: regl.prop<PanelProps, 'dim'>('dim'),
      background: regl.prop<PanelProps, 'background'>('background'),
    },
    depth: { enable: true },
    cull: { enable: false },
    polygonOffset: { enable: true, offset: { factor: 1, units: 2 } },
  });
  const colored = (primitive: REGL.PrimitiveType) =>
    regl<{ viewProj: mat4 }, { position: REGL.Buffer; color: REGL.Buffer }, ColoredProps>({
      vert: COLORED_VERT,
      frag: COLORED_FRAG,
      attributes: {
        position: regl.prop<ColoredProps, 'position'>('position'),
        color: regl.prop<ColoredProps, 'color'>('color'),
      },
      uniforms: { viewProj: regl.prop<ColoredProps, 'viewProj'>('viewProj') },
      count: regl.prop<ColoredProps, 'count'>('count'),
      primitive,
      depth: { enable: true },
      cull: { enable: false },
    });
  return { panel, lines: colored('lines'), triangles: colored('triangles') };
}

/** A pair of dynamic vertex buffers (positions and colours) refilled from a VertexList. */
export class ColoredBuffers {
  readonly position: REGL.Buffer;
  readonly color: REGL.Buffer;
  count = 0;

  constructor(regl: REGL.Regl) {
    this.position = regl.buffer({ usage: 'dynamic', type: 'float', length: 0 });
    this.color = regl.buffer({ usage: 'dynamic', type: 'float', length: 0 });
  }

  set(list: VertexList): void {
    this.position({ usage: 'dynamic', data: new Float32Array(list.positions) });
    this.color({ usage: 'dynamic', data: new Float32Array(list.colors) });
    this.count = list.count;
  }

  props(viewProj: mat4): ColoredProps {
    return { viewProj, position: this.position, color: this.color, count: this.count };
  }
}
