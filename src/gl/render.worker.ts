/**
 * The layer stack's render worker: owns regl on the OffscreenCanvas that the main-thread
 * LayerStackRenderer transferred here. regl compiles its draw commands with `new Function`,
 * which the page's CSP forbids on the main thread; a same-origin module worker is not under
 * the document's (meta) policy. Protocol: render-protocol.ts.
 */
import type { FromWorker, ToWorker } from './render-protocol';
import { StackView } from './stack-view';
import { errorMessage } from '../core/errors';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const emit = (msg: FromWorker) => scope.postMessage(msg);
const message = errorMessage;

let view: StackView | null = null;
let failed = false;

function handle(msg: ToWorker): void {
  if (msg.type === 'init') {
    view = new StackView(msg.canvas, msg, emit);
    return;
  }
  if (msg.type === 'destroy') {
    view?.destroy();
    view = null;
    emit({ type: 'destroyed' });
    scope.close();
    return;
  }
  if (!view) return;
  switch (msg.type) {
    case 'setData':
      return view.setData(msg.layers);
    case 'setSelection':
      return view.setSelection(msg.selection);
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

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  if (failed && e.data.type !== 'destroy') return;
  try {
    handle(e.data);
  } catch (err) {
    // One report is enough: after a failure the view is dropped and later messages ignored.
    failed = true;
    try {
      view?.destroy();
    } catch {
      // the context may already be unusable
    }
    view = null;
    emit({ type: 'error', message: message(err) });
  }
};
