/**
 * Pointer, wheel and keyboard input of the orbit camera, turned into abstract actions.
 * Drag (mouse or one finger) rotates, wheel or a two-finger pinch zooms, double-click resets,
 * a press that moves less than CLICK_SLOP pixels is a click. Keys (when the element has
 * focus): arrows rotate (as a drag in that direction would), + / = zoom in, - / _ zoom out, 0 / Home reset.
 */

export interface OrbitActions {
  /** Radians to add to yaw and pitch. */
  rotate(dYaw: number, dPitch: number): void;
  /** Multiply the camera distance by factor (< 1 = closer). */
  zoom(factor: number): void;
  reset(): void;
  /** The pointer moved over the element without dragging. */
  hover(clientX: number, clientY: number): void;
  /** The pointer left the element (or a drag started). */
  leave(): void;
  click(clientX: number, clientY: number): void;
}

const CLICK_SLOP = 4;
const RAD_PER_PX = 0.006;
const KEY_STEP = 0.12;
const KEY_ZOOM = 1.15;

/** Wires the listeners onto el and returns a function that removes every one of them. */
export function attachOrbitControls(el: HTMLElement, act: OrbitActions): () => void {
  const pointers = new Map<number, { x: number; y: number }>();
  let downAt: { x: number; y: number } | null = null;
  let dragged = false;
  let pinch = 0;

  const spread = () => {
    const [a, b] = [...pointers.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0;
  };

  const onDown = (e: PointerEvent) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    el.setPointerCapture?.(e.pointerId);
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    downAt = pointers.size === 1 ? { x: e.clientX, y: e.clientY } : null;
    dragged = pointers.size > 1;
    pinch = spread();
  };

  const onMove = (e: PointerEvent) => {
    const prev = pointers.get(e.pointerId);
    if (!prev) {
      if (e.pointerType !== 'touch') act.hover(e.clientX, e.clientY);
      return;
    }
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.size >= 2) {
      const d = spread();
      if (pinch > 0 && d > 0) act.zoom(pinch / d);
      pinch = d;
      return;
    }
    if (downAt && Math.hypot(e.clientX - downAt.x, e.clientY - downAt.y) > CLICK_SLOP) {
      if (!dragged) act.leave();
      dragged = true;
    }
    if (dragged) act.rotate(-(e.clientX - prev.x) * RAD_PER_PX, (e.clientY - prev.y) * RAD_PER_PX);
  };

  const onUp = (e: PointerEvent) => {
    if (!pointers.delete(e.pointerId)) return;
    if (pointers.size === 0) {
      if (!dragged && e.type === 'pointerup') act.click(e.clientX, e.clientY);
      downAt = null;
      dragged = false;
    }
    pinch = spread();
  };

  const onWheel = (e: WheelEvent) => {
    e.preventDefault();
    const px = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaMode === 2 ? e.deltaY * 400 : e.deltaY;
    act.zoom(Math.exp(Math.max(-200, Math.min(200, px)) * 0.0015));
  };

  const onKey = (e: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowLeft: () => act.rotate(KEY_STEP, 0),
      ArrowRight: () => act.rotate(-KEY_STEP, 0),
      ArrowUp: () => act.rotate(0, -KEY_STEP),
      ArrowDown: () => act.rotate(0, KEY_STEP),
      '+': () => act.zoom(1 / KEY_ZOOM),
      '=': () => act.zoom(1 / KEY_ZOOM),
      '-': () => act.zoom(KEY_ZOOM),
      _: () => act.zoom(KEY_ZOOM),
      '0': () => act.reset(),
      Home: () => act.reset(),
    };
    const run = keys[e.key];
    if (!run || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    run();
  };

  const onDbl = (e: MouseEvent) => {
    e.preventDefault();
    act.reset();
  };
  const onLeave = (e: PointerEvent) => {
    if (!pointers.has(e.pointerId)) act.leave();
  };

  const prevTouch = el.style.touchAction;
  el.style.touchAction = 'none';
  const on = <K extends keyof HTMLElementEventMap>(
    type: K,
    fn: (e: HTMLElementEventMap[K]) => void,
    opts?: AddEventListenerOptions,
  ) => {
    el.addEventListener(type, fn, opts);
    return () => el.removeEventListener(type, fn, opts);
  };
  const offs = [
    on('pointerdown', onDown),
    on('pointermove', onMove),
    on('pointerup', onUp),
    on('pointercancel', onUp),
    on('pointerleave', onLeave),
    on('wheel', onWheel, { passive: false }),
    on('keydown', onKey),
    on('dblclick', onDbl),
  ];
  return () => {
    offs.forEach((off) => off());
    el.style.touchAction = prevTouch;
  };
}
