/**
 * Types of the archive dataset formats (.ts, ARFF, UCR .txt) that cross between the data
 * worker and the page (see src/core/format-load.ts).
 */
import type { ArchiveFormat } from './format-archive';
import type { InspectResult } from './protocol';

/** What the page learns of an archive file when it is inspected. */
export interface ArchiveInfo {
  format: ArchiveFormat;
  /** "UEA/sktime .ts", "ARFF", "UCR whitespace text". */
  formatName: string;
  cases: number;
  channels: number;
  /** Time steps per channel after padding. */
  steps: number;
  /** Shortest and longest series in the file (time steps). */
  shortest: number;
  longest: number;
  /** Skipped lines, padding: shown in the dataset form. */
  notes: string[];
  /**
   * Classification: the file's labels (declared ones in their order, then any others found),
   * as the dataset form's label mapping lists them; null without class labels.
   */
  labels: string[] | null;
}

/** `inspect` of the data worker: an archive file also says what it is. */
export interface ArchiveInspectResult extends InspectResult {
  archive?: ArchiveInfo;
}
