/** Types of the train/test split that cross between the page and the workers. */
export type { SplitPart, SplitRule, SplitSummary } from './split';

/**
 * Which rows an evaluation scored: the test rows when the dataset has a split ('test', `count`
 * of `of` samples), else all of them ('all', count = of).
 */
export interface EvaluatedRows {
  part: 'test' | 'all';
  count: number;
  of: number;
}
