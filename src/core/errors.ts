/**
 * The one error type the app shows to people. Every expected failure (bad file, bad cell,
 * mismatched window) becomes a TsvizError whose message names the problem and the fix.
 *
 * `message` is the full sentence shown in role="alert"; `name` is "TsvizError:<code>". Across a
 * Comlink boundary the error stays a TsvizError with its code, problem and fix
 * (src/core/error-transfer.ts, installed by the bridge and every worker).
 */
export type TsvizErrorCode =
  | 'csv-empty'
  | 'csv-header-only'
  | 'csv-bad-cell'
  | 'csv-ragged'
  | 'csv-too-large'
  | 'dataset-config'
  | 'dataset-window'
  | 'dataset-channels'
  | 'dataset-label'
  | 'model-json'
  | 'model-topology'
  | 'model-manifest'
  | 'model-shard-missing'
  | 'model-shard-size'
  | 'model-too-large'
  | 'model-graph'
  | 'model-layer'
  | 'model-input'
  | 'backend'
  | 'download'
  | 'no-model'
  | 'no-dataset'
  | 'gpu'
  | 'cancelled'
  | 'internal';

export class TsvizError extends Error {
  readonly code: TsvizErrorCode;
  /** What is wrong, in one sentence. */
  readonly problem: string;
  /** What the user can do about it, in one sentence. */
  readonly fix: string;

  constructor(code: TsvizErrorCode, problem: string, fix: string) {
    super(`${problem} ${fix}`.trim());
    this.code = code;
    this.problem = problem;
    this.fix = fix;
    this.name = `TsvizError:${code}`;
  }
}

/** Recover the code of an error that crossed a worker boundary (only name/message survive). */
export function errorCode(err: unknown): TsvizErrorCode | null {
  if (err instanceof TsvizError) return err.code;
  const name = (err as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && name.startsWith('TsvizError:')) {
    return name.slice('TsvizError:'.length) as TsvizErrorCode;
  }
  return null;
}

/** The one way to turn any thrown value into the sentence shown to a person. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  const message = (err as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && message) return message;
  if (err === undefined || err === null) return 'An unknown error occurred.';
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}
