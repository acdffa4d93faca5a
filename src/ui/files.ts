/**
 * Sorting dropped files into a model (model.json, tsviz.json, .bin shards) and datasets
 * (.csv/.tsv/.txt), including files inside dropped folders. No file is read here.
 */

const MODEL_EXT = /\.(json|bin)$/i;
const DATA_EXT = /\.(csv|tsv|txt|dat)$/i;

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
