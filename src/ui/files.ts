/**
 * Sorting dropped files into a model (model.json, tsviz.json, .bin shards, or a Keras .h5/.keras) and datasets
 * (.csv/.tsv/.txt/.ts/.arff), including files inside dropped folders. No file is read here.
 */

/** tfjs model.json, shards and sidecar; Keras .h5/.hdf5 (Keras 1, 2) and .keras (Keras 3). */
const MODEL_EXT = /\.(json|bin|h5|hdf5|keras)$/i;
/** Tables, and the archive formats (.ts, .arff, UCR files without extension such as ECG200_TEST). */
const DATA_EXT = /\.(csv|tsv|txt|dat|ts|arff)$|^[^.]+_(TRAIN|TEST)$/i;

export interface SortedFiles {
  model: File[];
  datasets: File[];
  ignored: File[];
}

export function sortFiles(files: File[]): SortedFiles {
  const out: SortedFiles = { model: [], datasets: [], ignored: [] };
  for (const f of files) {
    if (MODEL_EXT.test(f.name)) out.model.push(f);
    else if (DATA_EXT.test(f.name)) out.datasets.push(f);
    else out.ignored.push(f);
  }
  return out;
}

function readEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, out: File[], depth: number): Promise<void> {
  if (entry.isFile) {
    out.push(await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej)));
  } else if (entry.isDirectory && depth < 4) {
    for (const child of await readEntries(entry as FileSystemDirectoryEntry)) {
      await walk(child, out, depth + 1);
    }
  }
}

/** All files of a drop, folders expanded (up to 4 levels). */
export async function filesFromDrop(dt: DataTransfer): Promise<File[]> {
  const entries = Array.from(dt.items)
    .map((item) => item.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => Boolean(e));
  if (entries.length === 0) return Array.from(dt.files);
  const out: File[] = [];
  for (const e of entries) await walk(e, out, 0);
  return out;
}
