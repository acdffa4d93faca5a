import { createSignal, For, onMount, Show } from 'solid-js';
import { startup } from './state/startup';
import { selectSample } from './state/sample';
import { pending } from './state/dataset-form';
import { state } from './state/app-state';
import { Alerts } from './ui/Alerts';
import { BackendSelect } from './ui/BackendSelect';
import { DatasetForm } from './ui/dataset-form/DatasetForm';
import { DemoPicker } from './ui/DemoPicker';
import { DropZone } from './ui/DropZone';
import { FileInputs } from './ui/FileInputs';
import { Progress } from './ui/Progress';
import { StatusBar } from './ui/StatusBar';
import { Tabs, type TabDef } from './ui/Tabs';
import { ClustersView } from './views/clusters/ClustersView';
import { ImportanceView } from './views/importance/ImportanceView';
import { OptimizationView } from './views/optimization/OptimizationView';
import { OverviewView } from './views/overview/OverviewView';
import { PruningView } from './views/pruning/PruningView';
import { DatasetSplit } from './ui/DatasetSplit';

const TABS: TabDef[] = [
  { id: 'overview', label: 'Overview', render: () => <OverviewView /> },
  { id: 'importance', label: 'Importance', render: () => <ImportanceView /> },
  { id: 'clusters', label: 'Clusters', render: () => <ClustersView /> },
  { id: 'optimization', label: 'Optimization', render: () => <OptimizationView /> },
  { id: 'pruning', label: 'Pruning', render: () => <PruningView /> },
];

export function App() {
  const [active, setActive] = createSignal('overview');
  onMount(() => void startup());
  return (
    <div class="app">
      <header>
        <h1>TSViz</h1>
        <p class="tagline">
          Explaining 1-D convolutional time-series models, in your browser. Nothing leaves this
          machine.
        </p>
        <div class="toolbar">
          <DemoPicker />
          <FileInputs />
          <BackendSelect />
        </div>
        <StatusBar />
      </header>
      <Alerts />
      <Progress kinds={['dataset']} />
      <DropZone />
      <Show when={pending()}>{(p) => <DatasetForm pending={p()} />}</Show>
      <Show when={state.model}>
        {(m) => (
          <p class="model-line">
            Model: <strong>{m().info.name}</strong> ({m().info.task}, input{' '}
            {m().info.inputShape[0] ?? 'any'} × {m().info.inputShape[1]}) · Dataset:{' '}
            <strong>
              {state.dataset
                ? `${state.dataset.source} (${state.dataset.shape[0]} samples)`
                : 'none'}
            </strong>
            <DatasetSplit />
          </p>
        )}
      </Show>
      <Show when={state.explained}>
        {(e) => (
          <p class="explained-line" data-testid="explained">
            The views explain <strong>{e().name}</strong>, not a dataset sample.{' '}
            <button type="button" onClick={() => void selectSample(state.sampleIndex)}>
              Back to sample {state.sampleIndex}
            </button>
          </p>
        )}
      </Show>
      <nav>
        <Tabs tabs={TABS} active={active()} onChange={setActive} />
      </nav>
      <main>
        <For each={TABS}>
          {(t) => (
            <div
              role="tabpanel"
              id={`panel-${t.id}`}
              aria-labelledby={`tab-${t.id}`}
              hidden={active() !== t.id}
            >
              {t.render()}
            </div>
          )}
        </For>
      </main>
    </div>
  );
}
