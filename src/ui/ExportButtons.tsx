import { toCsv, toJson } from '../core/export';
import { downloadText } from './download';

export interface ExportPayload {
  /** Base file name without extension, e.g. "overview-sample-3". */
  name: string;
  json: () => unknown;
  /** Header row first. */
  csv: () => (string | number | null)[][];
}

/** The "Export JSON" and "Export CSV" buttons every view has. */
export function ExportButtons(props: { payload: () => ExportPayload | null }) {
  const run = (kind: 'json' | 'csv') => {
    const p = props.payload();
    if (!p) return;
    if (kind === 'json') downloadText(`${p.name}.json`, toJson(p.json()), 'application/json');
    else downloadText(`${p.name}.csv`, toCsv(p.csv()), 'text/csv');
  };
  return (
    <div class="export-buttons">
      <button type="button" disabled={!props.payload()} onClick={() => run('json')}>
        Export JSON
      </button>
      <button type="button" disabled={!props.payload()} onClick={() => run('csv')}>
        Export CSV
      </button>
    </div>
  );
}
