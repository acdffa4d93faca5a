/** GLSL ES 1.00 (WebGL 1) shaders of the layer stack. */

/**
 * Heat-strip panel: a unit-square corner in [0, 1]^2 is stretched onto the panel rectangle
 * rect = (x0, y0, x1, y1) at depth z. Texture row 0 is the top of the panel.
 */
export const PANEL_VERT = `
precision highp float;
attribute vec2 corner;
uniform mat4 viewProj;
uniform vec4 rect;
uniform float z;
varying vec2 uv;
void main() {
  vec2 xy = mix(rect.xy, rect.zw, corner);
  uv = vec2(corner.x, 1.0 - corner.y);
  gl_Position = viewProj * vec4(xy, z, 1.0);
}
`;

export const PANEL_FRAG = `
precision mediump float;
uniform sampler2D tex;
uniform float dim;
uniform vec3 background;
varying vec2 uv;
void main() {
  vec3 c = texture2D(tex, uv).rgb;
  gl_FragColor = vec4(mix(c, background, dim), 1.0);
}
`;

/** Lines and triangles with a colour per vertex. */
export const COLORED_VERT = `
precision highp float;
attribute vec3 position;
attribute vec3 color;
uniform mat4 viewProj;
varying vec3 vColor;
void main() {
  vColor = color;
  gl_Position = viewProj * vec4(position, 1.0);
}
`;

export const COLORED_FRAG = `
precision mediump float;
varying vec3 vColor;
void main() {
  gl_FragColor = vec4(vColor, 1.0);
}
`;
