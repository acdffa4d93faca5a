/**
 * The Overview's calls to the compute worker for the layer stack: join it to the render worker,
 * and ask for one unit's curve or every activation of an analysed sample (by SampleView.id).
 */
import * as Comlink from 'comlink';
import { latestWins, type LayerActivation } from '../../bridge';
import { bridge } from '../../state/bridge';

/** Give the compute worker the port the render worker takes panels on (null: stop sending). */
export function connectRenderPort(port: MessagePort | null): void {
  const compute = bridge().compute();
  const done = port
    ? compute.connectRenderPort(Comlink.transfer(port, [port]))
    : compute.connectRenderPort(null);
  done.catch(() => undefined); // no compute worker: nothing to draw anyway
}

/** One unit's values over steps of panel `panel` (0 = input) of sample `id`; latest call wins
 *  (stale answers and samples no longer kept give null). */
export const fetchUnitSeries = latestWins(
  (id: number, panel: number, unit: number): Promise<Float32Array | null> =>
    bridge().compute().unitSeries(id, panel, unit),
);

/** Every layer's activation of sample `id` (model.layers order); throws when it is gone. */
export async function fetchActivations(id: number): Promise<LayerActivation[]> {
  const acts = await bridge().compute().stackActivations(id);
  if (!acts) throw new Error('The sample changed while exporting. Export again.');
  return acts;
}
