/** Every analysis bench case, in the order the report prints them (see types.ts). */
import type { AnalysisCase } from './types';

export const ANALYSIS_CASES: AnalysisCase[] = [];
