/**
 * Regenerate every demo model and dataset in public/ (npm run demo:data): the anomaly
 * detector, the traffic forecaster and the ECG200 classifier, one after the other.
 * Each step is seeded, so a rerun on the same backend reproduces the same files.
 */
import { trainAnomaly } from './train-anomaly';
import { trainEcg200 } from './train-ecg200';
import { trainTraffic } from './train-traffic';

const steps = [
  ['anomaly', trainAnomaly],
  ['traffic', trainTraffic],
  ['ecg200', trainEcg200],
] as const;

const start = performance.now();
for (const [name, train] of steps) {
  const t0 = performance.now();
  const { metrics, seconds } = await train();
  const wall = (performance.now() - t0) / 1000;
  console.log(
    `${name}: ${JSON.stringify(metrics)} (training ${seconds.toFixed(1)} s, step ${wall.toFixed(1)} s)`,
  );
}
console.log(`all demos written in ${((performance.now() - start) / 1000).toFixed(1)} s`);
