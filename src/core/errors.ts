/**
 * The one error type the app shows to people. Every expected failure (bad file, bad cell,
 * mismatched window) becomes a TsvizError whose message names the problem and the fix.
 *
 * Across a Comlink boundary only `name` and `message` survive, so `name` carries the code
 * ("TsvizError:<code>") and `message` carries the full sentence shown in role="alert".
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

/** The sentence to show a person for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
