/**
 * The archive formats in the dataset pipeline: which format a file is (by name and content),
 * what the dataset form shows for it (`inspectArchive`), and the Dataset it makes
 * (`archiveDataset`, through the same `DatasetBuilder` as CSV). Pure: the data worker gives
 * the whole text.
 */
import { columnStats } from './csv-columns';
import { PREVIEW_ROWS, type SniffResult } from './csv-sniff';
import { checkTableText } from './csv-content';
import { DatasetBuilder } from './dataset-builder';
import { checkConfig } from './dataset-config';
import {
  archiveTable,
  ARCHIVE_FORMAT_NAMES,
  longestSeries,
  paddingNotes,
  seriesLength,
  type ArchiveFormat,
  type ArchiveSeries,
} from './format-archive';
import { parseArffFile } from './format-arff';
import { parseTsFile } from './format-ts';
import { looksLikeUcrLine, parseUcrFile } from './format-ucr';
import type { ArchiveInfo } from './protocol-formats';
import type { Dataset, DatasetConfig } from './types';

/** Rows the form's column statistics are taken from. */
const SAMPLE_ROWS = 200;

const TS_TAGS =
  /^@(problemname|timestamps|missing|univariate|dimensions|equallength|serieslength|classlabel|targetlabel)\b/i;
const ARFF_TAGS = /^@(relation|attribute)\b/i;

/**
 * The archive format of a file from its name and its first characters, or null for a CSV/TSV
 * table. `.ts` and `.arff` go by name; any file whose first line is a .ts or ARFF tag by
 * content; a `.txt`/`.dat` file (or one without extension) whose first line is
 * whitespace-separated numbers, a whole number first, is UCR text.
 */
export function archiveFormatOf(name: string, head: string): ArchiveFormat | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  if (ext === 'ts') return 'ts';
  if (ext === 'arff') return 'arff';
  const first = head
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#') && !l.startsWith('%'));
  if (!first) return null;
  if (TS_TAGS.test(first)) return 'ts';
  if (ARFF_TAGS.test(first)) return 'arff';
  if ((ext === '' || ext === 'txt' || ext === 'dat') && looksLikeUcrLine(first)) return 'ucr';
  return null;
}

/** Parse a whole archive file of the given format. */
export function parseArchive(format: ArchiveFormat, text: string, source: string): ArchiveSeries {
  checkTableText(text.slice(0, 65_536), source);
  if (format === 'ts') return parseTsFile(text, source);
  if (format === 'arff') return parseArffFile(text, source);
  return parseUcrFile(text, source);
}

/** Labels for the form: the declared ones in order, then the others found (sorted). */
function labelsOf(a: ArchiveSeries): string[] | null {
  if (a.labels !== 'classes') return null;
  const declared = a.classLabels ?? [];
  const found = new Set(a.cases.map((k) => k.label ?? ''));
  const others = [...found].filter((l) => !declared.includes(l));
  const num = others.every((l) => !Number.isNaN(Number(l)));
  others.sort(num ? (x, y) => Number(x) - Number(y) : undefined);
  return [...declared, ...others];
}

export interface ArchiveInspection {
  sniff: SniffResult;
  config: DatasetConfig;
  archive: ArchiveInfo;
}

/**
 * What the dataset form needs for an archive file: its table's columns (label first, then
 * `${channel}_${t}` per channel), a preview, a proposal (rows for one channel, channel-groups
 * for several; classification unless the file has regression targets) and what was found.
 *
 * @param padTo the model's time steps when a model is loaded (shorter series are padded to it)
 */
export function inspectArchive(
  format: ArchiveFormat,
  text: string,
  source: string,
  padTo = 0,
): ArchiveInspection {
  const a = parseArchive(format, text, source);
  const table = archiveTable(a, source, padTo);
  const sample = table.rows.slice(0, SAMPLE_ROWS);
  const sniff: SniffResult = {
    delimiter: ',',
    hasHeader: true,
    header: table.header,
    columnNames: table.header,
    columnCount: table.header.length,
    previewRows: table.rows.slice(0, PREVIEW_ROWS),
    columns: columnStats(sample, table.header),
    sampledRows: sample.length,
  };
  const C = a.channelNames.length;
  const config: DatasetConfig = {
    csv: { delimiter: ',', hasHeader: true },
    layout:
      C === 1
        ? { kind: 'rows', labelColumn: table.labelColumn, valueColumns: table.channelColumns[0] }
        : {
            kind: 'channel-groups',
            labelColumn: table.labelColumn,
            channelColumns: table.channelColumns,
          },
    task: a.labels === 'targets' ? 'regression' : 'classification',
    derived: [],
    standardize: 'none',
    channelNames: [...a.channelNames],
  };
  let shortest = Infinity;
  for (const k of a.cases) for (const v of k.values) shortest = Math.min(shortest, seriesLength(v));
  return {
    sniff,
    config,
    archive: {
      format,
      formatName: ARCHIVE_FORMAT_NAMES[format],
      cases: a.cases.length,
      channels: C,
      steps: table.steps,
      shortest,
      longest: longestSeries(a),
      notes: [...a.notes, ...paddingNotes(a, table)],
      labels: labelsOf(a),
    },
  };
}

/** Time steps per channel a non-series config reads (0 for a series layout). */
function configSteps(config: DatasetConfig): number {
  const l = config.layout;
  if (l.kind === 'rows') return l.valueColumns.length;
  if (l.kind === 'channel-groups') return l.channelColumns[0]?.length ?? 0;
  return 0;
}

/**
 * Build the Dataset of an archive file with the form's config (column indices into the table
 * `inspectArchive` showed; series shorter than the config's steps are padded to them). Errors
 * name the file line of the case.
 */
export function archiveDataset(
  format: ArchiveFormat,
  text: string,
  config: DatasetConfig,
  source: string,
): { dataset: Dataset; notes: string[] } {
  checkConfig(config);
  const a = parseArchive(format, text, source);
  const table = archiveTable(a, source, configSteps(config));
  const b = new DatasetBuilder(
    { ...config, csv: { delimiter: ',', hasHeader: true } },
    source,
    true,
  );
  b.addRow(table.header, 0);
  table.rows.forEach((r, i) => b.addRow(r, table.lines[i]));
  return { dataset: b.finish(), notes: [...a.notes, ...paddingNotes(a, table)] };
}
