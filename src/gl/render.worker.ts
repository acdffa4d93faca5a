/**
 * The layer stack's render worker: owns regl on the OffscreenCanvas that the main-thread
 * LayerStackRenderer transferred here. regl compiles its draw commands with `new Function`,
 * which the page's CSP forbids on the main thread; a same-origin module worker is not under
 * the document's (meta) policy. Protocol: render-protocol.ts.
 *
 * The panels come from the compute worker over the `source` port, under a sample id; the main
 * thread says which sample to draw (`show`). The last few are kept, as they may arrive before
 * or after the main thread names them.
 */
import type { StackPanelsMessage } from '../core/protocol';
import type { FromWorker, RenderInput } from './render-protocol';
import type { StackLayer } from './stack-types';
import { StackView } from './stack-view';
import { errorMessage } from '../core/errors';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const emit = (msg: FromWorker) => scope.postMessage(msg);
const message = errorMessage;

let view: StackView | null = null;
let failed = false;
let source: MessagePort | null = null;

/** Panels by sample id, oldest first; at most KEEP. */
const KEEP = 3;
const panels = new Map<number, StackLayer[]>();
/** The sample the main thread wants drawn, and the one drawn. */
let wanted: number | null = null;
let drawn: number | null = null;

function drawWanted(): void {
  const layers = wanted === null ? undefined : panels.get(wanted);
  if (!view || !layers || drawn === wanted) return;
  drawn = wanted;
  view.setData(layers);
}

function handle(msg: RenderInput): void {
  if (msg.type === 'init') {
    source = msg.source;
    // the compute worker's end: panels only
    source.onmessage = (e: MessageEvent<StackPanelsMessage>) => {
      if (e.data?.type === 'panels') receive(e.data);
    };
    view = new StackView(msg.canvas, msg, emit);
    return;
  }
  if (msg.type === 'destroy') {
    source?.close();
    source = null;
    panels.clear();
    view?.destroy();
    view = null;
    emit({ type: 'destroyed' });
    scope.close();
    return;
  }
  if (msg.type === 'panels') {
    panels.delete(msg.sample);
    panels.set(msg.sample, msg.panels);
    for (const id of panels.keys()) if (panels.size > KEEP) panels.delete(id);
    return drawWanted();
  }
  if (msg.type === 'show') {
    wanted = msg.sample;
    return drawWanted();
  }
  if (!view) return;
  switch (msg.type) {
    case 'setSelection':
      return view.setSelection(msg.selection);
    case 'emphasis':
      return view.setEmphasis(msg.panels);
    case 'resize':
      return view.resize(msg);
    case 'resetView':
      return view.resetView();
    case 'rotate':
      return view.rotate(msg.dYaw, msg.dPitch);
    case 'zoom':
      return view.zoom(msg.factor);
    case 'pointer':
      return view.pointer(msg.x, msg.y, msg.clientX, msg.clientY);
    case 'leave':
      return view.leave();
    case 'click':
      return view.click(msg.x, msg.y);
  }
}

function receive(msg: RenderInput): void {
  if (failed && msg.type !== 'destroy') return;
  try {
    handle(msg);
  } catch (err) {
    // One report is enough: after a failure the view is dropped and later messages ignored.
    failed = true;
    try {
      view?.destroy();
    } catch {
      // the context may already be unusable
    }
    view = null;
    source?.close();
    source = null;
    panels.clear();
    emit({ type: 'error', message: message(err) });
  }
}

scope.onmessage = (e: MessageEvent<RenderInput>) => receive(e.data);
