/**
 * What the UI can ask for, by concern: backend.ts, model.ts, dataset.ts, sample.ts, jobs.ts,
 * evaluate.ts. Each action calls the workers through the injected bridge (bridge.ts), keeps the
 * previous model/dataset when something fails, and turns every failure into a role="alert"
 * message (guarded.ts).
 */
export { pageBase, pinLongJobs, refreshLongJobs, startBackend, switchBackend } from './backend';
export { loadDataset } from './dataset';
export { evaluateModel } from './evaluate';
export { runJob } from './jobs';
export { openModelFiles, openModelUrl } from './model';
export { explainInput, selectSample, selectedSource } from './sample';
