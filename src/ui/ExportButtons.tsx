import { createSignal } from 'solid-js';
import { errorMessage } from '../core/errors';
import { toCsv, toJson } from '../core/export';
import { showAlert } from '../state/app-state';
import { downloadText } from './download';

type Rows = (string | number | null)[][];

export interface ExportPayload {
  /** Base file name without extension, e.g. "overview-sample-3". */
  name: string;
  /** May be async (data fetched from a worker at export time). */
  json: () => unknown;
  /** Header row first. May be async. */
  csv: () => Rows | Promise<Rows>;
}

/** The "Export JSON" and "Export CSV" buttons every view has. */
export function ExportButtons(props: { payload: () => ExportPayload | null }) {
  const [busy, setBusy] = createSignal(false);
  const run = async (kind: 'json' | 'csv') => {
    const p = props.payload();
    if (!p || busy()) return;
    setBusy(true);
    try {
      if (kind === 'json')
        downloadText(`${p.name}.json`, toJson(await p.json()), 'application/json');
      else downloadText(`${p.name}.csv`, toCsv(await p.csv()), 'text/csv');
    } catch (e) {
      showAlert(`Export failed: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="export-buttons">
      <button type="button" disabled={!props.payload()} onClick={() => void run('json')}>
        Export JSON
      </button>
      <button type="button" disabled={!props.payload()} onClick={() => void run('csv')}>
        Export CSV
      </button>
    </div>
  );
}
