/** Every analysis bench case, in the order the report prints them (see types.ts). */
import { clustersCase } from './clusters';
import { clustersDemoCase } from './clusters-demo';
import { optimizationCase } from './optimization';
import { pruningCase } from './pruning';
import type { AnalysisCase } from './types';

export const ANALYSIS_CASES: AnalysisCase[] = [
  clustersCase,
  clustersDemoCase,
  optimizationCase,
  pruningCase,
];
