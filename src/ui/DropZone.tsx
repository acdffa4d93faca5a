import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import { openModelFiles } from '../state/actions';
import { showAlert } from '../state/app-state';
import { openDatasetFile } from '../state/dataset-form';
import { filesFromDrop, sortFiles } from './files';

/** The whole page accepts drops: model files and/or one dataset. */
export function DropZone() {
  const [over, setOver] = createSignal(false);
  const onDragOver = (e: DragEvent) => {
    e.preventDefault();
    setOver(true);
  };
  const onDragLeave = (e: DragEvent) => {
    if (e.relatedTarget === null) setOver(false);
  };
  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (!e.dataTransfer) return;
    const sorted = sortFiles(await filesFromDrop(e.dataTransfer));
    if (sorted.model.length) await openModelFiles(sorted.model);
    if (sorted.datasets.length) await openDatasetFile(sorted.datasets[0]);
    if (!sorted.model.length && !sorted.datasets.length) {
      showAlert(
        `None of the dropped files is a model (model.json + .bin) or a dataset (.csv, .tsv): ${sorted.ignored
          .map((f) => f.name)
          .join(', ')}. Drop those instead.`,
      );
    }
  };
  onMount(() => {
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
  });
  onCleanup(() => {
    window.removeEventListener('dragover', onDragOver);
    window.removeEventListener('dragleave', onDragLeave);
    window.removeEventListener('drop', onDrop);
  });
  return (
    <Show when={over()}>
      <div class="drop-overlay" aria-hidden="true">
        Drop model.json with its .bin shards, a model folder, or a CSV/TSV dataset
      </div>
    </Show>
  );
}
