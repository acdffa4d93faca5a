/** The part of jsfive (pure-JS HDF5 reader, no bundled types) that keras-files.ts uses. */
declare module 'jsfive' {
  export class Group {
    attrs: Record<string, unknown>;
    keys: string[];
    get(path: string): Group | Dataset;
  }
  export class Dataset {
    attrs: Record<string, unknown>;
    value: ArrayLike<number>;
    shape: number[];
    dtype: unknown;
  }
  export class File extends Group {
    constructor(buffer: ArrayBuffer, filename?: string);
  }
}
