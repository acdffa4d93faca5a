/**
 * Save several files one after another (the pruned model's model.json, weights.bin and
 * tsviz.json) through temporary object URLs: no zip library, nothing leaves the machine.
 */
export interface FileToSave {
  name: string;
  data: string | ArrayBuffer;
  mime: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Click a download link per file, a short pause between them (browsers drop bursts). */
export async function saveFiles(files: readonly FileToSave[], gapMs = 300): Promise<void> {
  for (const [i, f] of files.entries()) {
    if (i > 0) await pause(gapMs);
    const url = URL.createObjectURL(new Blob([f.data], { type: f.mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = f.name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 5000);
  }
}
