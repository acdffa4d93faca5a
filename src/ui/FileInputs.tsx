import { openModelFiles } from '../state/actions';
import { openDatasetFile } from '../state/dataset-form';

/** The "Open model" and "Open dataset" file inputs. */
export function FileInputs() {
  return (
    <div class="file-inputs">
      <label class="file-button">
        Open model
        <input
          type="file"
          multiple
          accept=".json,.bin,.h5,.hdf5,.keras"
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            e.currentTarget.value = '';
            if (files.length) void openModelFiles(files);
          }}
        />
      </label>
      <label class="file-button">
        Open dataset
        <input
          type="file"
          accept=".csv,.tsv,.txt,.dat,.ts,.arff,text/csv,text/tab-separated-values"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void openDatasetFile(file);
          }}
        />
      </label>
    </div>
  );
}
