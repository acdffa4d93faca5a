import { For } from 'solid-js';
import { state } from '../../state/app-state';
import {
  chosenConv,
  clusterSettings as s,
  runClusters,
  setClusterSettings as set,
} from '../../state/clusters';
import { jobRunning } from '../../state/jobs';
import { Progress } from '../../ui/Progress';

/** Which layer, min-max scaling, the Cluster button with its progress, and the display mode. */
export function ClusterControls() {
  const layers = () =>
    (state.model?.info.filterLayers ?? []).map((f) => ({
      conv: f.conv,
      filters: f.filters,
      name: state.model?.info.layers[f.conv]?.name ?? `layer ${f.conv}`,
    }));
  return (
    <div class="importance-controls cluster-controls">
      <label>
        Layer
        <select
          value={String(chosenConv() ?? '')}
          onChange={(e) => set('conv', Number(e.currentTarget.value))}
        >
          <For each={layers()}>
            {(l) => (
              <option value={l.conv}>
                {l.name} ({l.filters} filters)
              </option>
            )}
          </For>
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          checked={s.scale}
          onChange={(e) => set('scale', e.currentTarget.checked)}
        />
        Min-max scale each activation
      </label>
      <label>
        DTW window
        <input
          type="number"
          min="0"
          step="1"
          placeholder="full"
          value={s.window ?? ''}
          onChange={(e) => {
            const v = Number(e.currentTarget.value);
            const w =
              e.currentTarget.value === '' || !Number.isFinite(v)
                ? null
                : Math.max(0, Math.round(v));
            e.currentTarget.value = w === null ? '' : String(w);
            set('window', w);
          }}
        />
      </label>
      <button
        type="button"
        disabled={!state.model || !state.sample || chosenConv() === null || jobRunning('clusters')}
        onClick={() => void runClusters()}
      >
        Cluster
      </button>
      <Progress kinds={['clusters']} />
      <label>
        <input
          type="checkbox"
          checked={s.onlyMostImportant}
          onChange={(e) => set('onlyMostImportant', e.currentTarget.checked)}
        />
        Most important filter per cluster
      </label>
    </div>
  );
}
