/**
 * Turn the page's raw timings into latest.json rows and a Markdown report (Node side).
 */
import {
  AGREEMENT_TOLERANCE,
  OPERATIONS,
  OPERATION_TEXT,
  type BenchSettings,
  type CaseResult,
  type PageCase,
  type PageResult,
} from './types';

/** Linear-interpolated quantile q in [0, 1] of unsorted values. */
export function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

const round = (v: number) => Math.round(v * 1000) / 1000;

export function caseResults(page: PageResult): CaseResult[] {
  const rows: CaseResult[] = [];
  for (const run of page.runs) {
    if ('error' in run) continue;
    for (const c of run.cases as PageCase[]) {
      rows.push({
        model: c.model,
        backend: run.name,
        operation: c.operation,
        batch: c.batch,
        runs: c.timesMs.length,
        medianMs: round(quantile(c.timesMs, 0.5)),
        p10Ms: round(quantile(c.timesMs, 0.1)),
        p90Ms: round(quantile(c.timesMs, 0.9)),
        warmupMs: round(c.warmupMs),
        ratioToFastest: 1,
        maxRelDiffVsCpu: c.maxRelDiffVsCpu,
        agreesWithCpu: c.maxRelDiffVsCpu === null || c.maxRelDiffVsCpu <= AGREEMENT_TOLERANCE,
        leakedTensors: c.leakedTensors,
        detail: c.detail ?? null,
      });
    }
  }
  for (const r of rows) {
    const peers = rows.filter((p) => p.model === r.model && p.operation === r.operation);
    r.ratioToFastest = round(r.medianMs / Math.min(...peers.map((p) => p.medianMs)));
  }
  return rows;
}

export interface Machine {
  date: string;
  chromium: string;
  userAgent: string;
  /** navigator.hardwareConcurrency in the page, and os.cpus() in Node. */
  cores: { browser: number; node: number };
  cpuModel: string;
  platform: string;
  node: string;
  tfjs: string;
  /** 1-minute load average (os.loadavg) when the run started and ended: other work skews times. */
  loadAverage: { start: number; end: number };
  adapter: { vendor: string; architecture: string; description: string; software: boolean } | null;
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
function diff(r: CaseResult): string {
  if (r.maxRelDiffVsCpu === null) return r.backend === 'cpu' ? '(reference)' : '(no cpu run)';
  return `${r.maxRelDiffVsCpu.toExponential(1)}${r.agreesWithCpu ? '' : ' **DISAGREES**'}`;
}

export function markdown(
  machine: Machine,
  settings: BenchSettings,
  rows: CaseResult[],
  page: PageResult,
): string {
  const a = machine.adapter;
  const adapter = a
    ? `${a.vendor} ${a.architecture}${a.description ? ` (${a.description})` : ''}` +
      (a.software ? ', a **software** adapter (CPU emulation): compare ratios, not times' : '')
    : 'none';
  const lines = [
    `Measured ${machine.date} on Chromium ${machine.chromium} (headless), ${machine.cores.browser} cores ` +
      `(${machine.cpuModel}), ${machine.platform}, Node ${machine.node}, tfjs ${machine.tfjs}.`,
    `WebGPU adapter: ${adapter}. Load average (1 min) ${machine.loadAverage.start.toFixed(1)} at the ` +
      `start, ${machine.loadAverage.end.toFixed(1)} at the end.`,
    `Each case: ${settings.warmups} untimed warm-up call(s) (the first one's time is shown), ` +
      `then ${settings.runs} timed calls; one fresh worker per backend.`,
  ];
  const notes = page.runs.flatMap((run) => {
    if ('error' in run) return [`- ${run.requested}: **failed**: ${run.error}`];
    if (run.name === run.requested) return [];
    return [`- ${run.requested}: not measured, fell back to ${run.name} (${run.fallbackReason})`];
  });
  if (notes.length) lines.push('', ...notes);
  const backends = [...new Set(rows.map((r) => r.backend))];
  lines.push(
    '',
    `Median ms (× the fastest backend) per call:`,
    '',
    `| model | operation | batch | ${backends.join(' | ')} |`,
    `| --- | --- | --- | ${backends.map(() => '---:').join(' | ')} |`,
  );
  const models = [...new Set(rows.map((r) => r.model))];
  for (const model of models) {
    for (const op of OPERATIONS) {
      const cells = backends.map((b) => {
        const r = rows.find((x) => x.model === model && x.operation === op && x.backend === b);
        return r ? `${ms(r.medianMs)} (×${r.ratioToFastest.toFixed(1)})` : '–';
      });
      const batch = rows.find((x) => x.model === model && x.operation === op)?.batch ?? '';
      if (cells.some((c) => c !== '–'))
        lines.push(`| ${model} | ${op} | ${batch} | ${cells.join(' | ')} |`);
    }
  }
  lines.push(
    '',
    'Every case:',
    '',
    '| model | operation | backend | batch | runs | median ms | p10 ms | p90 ms | × fastest | warm-up ms | max rel. diff vs cpu | leaked tensors |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of rows) {
    lines.push(
      `| ${r.model} | ${r.operation} | ${r.backend} | ${r.batch} | ${r.runs} | ${ms(r.medianMs)} | ` +
        `${ms(r.p10Ms)} | ${ms(r.p90Ms)} | ${r.ratioToFastest.toFixed(2)} | ${ms(r.warmupMs)} | ` +
        `${diff(r)} | ${r.leakedTensors} |`,
    );
  }
  const bad = rows.filter((r) => !r.agreesWithCpu);
  lines.push(
    '',
    bad.length
      ? `**${bad.length} case(s) disagree with cpu** by more than ${AGREEMENT_TOLERANCE} (max |x - cpu| / max |cpu|): ` +
          bad.map((r) => `${r.backend} ${r.model} ${r.operation}`).join(', ') +
          '.'
      : rows.some((r) => r.maxRelDiffVsCpu !== null)
        ? `Every backend agrees with cpu within ${AGREEMENT_TOLERANCE} (max |x - cpu| / max |cpu|).`
        : 'Nothing was compared with cpu.',
  );
  const details = rows.filter((r) => r.detail);
  if (details.length) {
    lines.push('', 'How the cases ran:', '');
    for (const r of details) lines.push(`- ${r.backend} ${r.model} ${r.operation}: ${r.detail}.`);
  }
  lines.push('', 'Operations:', '');
  for (const op of OPERATIONS) lines.push(`- \`${op}\`: ${OPERATION_TEXT[op]}.`);
  return lines.join('\n') + '\n';
}
