/**
 * Sizes a renderer needs without forcing a layout: reading clientWidth or getComputedTextLength
 * right after the DOM changed makes the browser lay the whole page out inside the script's task
 * (a chart per sample, each measuring, took a 54 ms task on CI). Widths come from one shared
 * ResizeObserver instead, and text widths from a canvas's measureText, which never lays out.
 */

const widths = new WeakMap<Element, number>();
const listeners = new WeakMap<Element, Set<(width: number) => void>>();
let observer: ResizeObserver | null = null;

function watch(el: Element): void {
  if (typeof ResizeObserver === 'undefined') return;
  observer ??= new ResizeObserver((entries) => {
    for (const e of entries) {
      const w = Math.round(e.contentRect.width);
      if (widths.get(e.target) === w) continue;
      widths.set(e.target, w);
      for (const fn of listeners.get(e.target) ?? []) fn(w);
    }
  });
  observer.observe(el);
}

/**
 * The content width of el in CSS px (0 while it is hidden). The first call for an element reads
 * clientWidth once; after that the value the ResizeObserver last reported is returned.
 */
export function widthOf(el: HTMLElement): number {
  const known = widths.get(el);
  if (known !== undefined) return known;
  const w = el.clientWidth;
  widths.set(el, w);
  watch(el);
  return w;
}

/** Calls fn with el's new width whenever it changes (e.g. its tab is shown); returns an unsubscribe. */
export function onWidthChange(el: HTMLElement, fn: (width: number) => void): () => void {
  widthOf(el);
  let set = listeners.get(el);
  if (!set) listeners.set(el, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

let context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null | undefined;

/**
 * The width in CSS px of text set in fontPx of the given family, measured on a canvas; without a
 * canvas (tests in Node) an estimate of 0.6 em a character.
 */
export function textWidth(text: string, fontPx: number, family: string): number {
  if (context === undefined) {
    try {
      context =
        typeof OffscreenCanvas !== 'undefined'
          ? new OffscreenCanvas(1, 1).getContext('2d')
          : (document.createElement('canvas').getContext('2d') ?? null);
    } catch {
      context = null;
    }
  }
  if (!context) return text.length * fontPx * 0.6;
  context.font = `${fontPx}px ${family}`;
  return context.measureText(text).width;
}
