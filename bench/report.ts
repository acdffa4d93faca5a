/**
 * Turn the page's raw timings into latest.json rows and a Markdown report (Node side).
 */
import type { CaseRow } from './cases/types';
import type { BackendName } from '../workers/compute/backend';
import {
  AGREEMENT_TOLERANCE,
  LONG_TASK_LIMIT_MS,
  OPERATIONS,
  OPERATION_TEXT,
  type BenchSettings,
  type CaseResult,
  type MainThreadTasks,
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

/** One backend's dataset-wide importance, as latest.json holds it. */
export interface DatasetRow {
  backend: BackendName;
  model: string;
  sequences: number;
  batch: number;
  /** Timed batched passes over all sequences. */
  runs: number;
  /** Sequences per second of the median batched pass. */
  batchedPerS: number;
  batchedMedianMs: number;
  singleSequences: number;
  /** Sequences per second one influence() call each. */
  singlePerS: number;
  /** batchedPerS / singlePerS. */
  batchedOverSingle: number;
  warmupMs: number;
  /** batchedPerS over the best backend's. */
  shareOfBest: number;
  maxRelDiffVsCpu: number | null;
  agreesWithCpu: boolean;
  /** One-at-a-time importances against the batched ones for the same sequences. */
  singleVsBatched: number;
  leakedTensors: number;
  detail: string;
}

const perS = (sequences: number, ms: number) => (ms > 0 ? (sequences * 1000) / ms : 0);

export function datasetRows(page: PageResult): DatasetRow[] {
  const rows: DatasetRow[] = [];
  for (const run of page.runs) {
    if ('error' in run || !run.dataset) continue;
    const d = run.dataset;
    const batchedMedianMs = quantile(d.batchedMs, 0.5);
    const batchedPerS = perS(d.sequences, batchedMedianMs);
    const singlePerS = perS(d.singleSequences, quantile(d.singleMs, 0.5));
    rows.push({
      backend: run.name,
      model: d.model,
      sequences: d.sequences,
      batch: d.batch,
      runs: d.batchedMs.length,
      batchedPerS: round(batchedPerS),
      batchedMedianMs: round(batchedMedianMs),
      singleSequences: d.singleSequences,
      singlePerS: round(singlePerS),
      batchedOverSingle: round(batchedPerS / singlePerS),
      warmupMs: round(d.warmupMs),
      shareOfBest: 1,
      maxRelDiffVsCpu: d.maxRelDiffVsCpu,
      agreesWithCpu: d.maxRelDiffVsCpu === null || d.maxRelDiffVsCpu <= AGREEMENT_TOLERANCE,
      singleVsBatched: d.singleVsBatched,
      leakedTensors: d.leakedTensors,
      detail: d.detail,
    });
  }
  const best = Math.max(...rows.map((r) => r.batchedPerS));
  for (const r of rows) r.shareOfBest = round(r.batchedPerS / best);
  return rows;
}

/** The PyTorch peer (bench/peer/torch_peer.py), or why it did not run. */
export type PeerResult =
  | { available: false; reason: string }
  | {
      available: true;
      torch: string;
      python: string;
      /** torch.get_num_threads(): the faster of 1 and every core in a short trial. */
      threads: number;
      cpuCount: number;
      sequences: number;
      batch: number;
      runs: number;
      batchedPerS: number;
      batchedMs: number[];
      singleSequences: number;
      singlePerS: number;
      singleMs: number[];
      batchedOverSingle: number;
      warmupMs: number;
      /** Against the tfjs cpu backend's batched results: per block (each layer, saliency). */
      maxRelDiffVsCpu: number | null;
      blockRelDiffVsCpu: number[];
      agreesWithCpu: boolean;
      /** The best app backend's batched sequences/s over PyTorch's, and one at a time. */
      appOverPeer: { backend: BackendName; batched: number; single: number } | null;
    };

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

const rate = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const ratio = (v: number) => (v >= 10 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toPrecision(2));

/** The dataset-importance section of the report: backends, the peer, the main thread. */
export function datasetMarkdown(
  rows: DatasetRow[],
  peer: PeerResult | null,
  mainThread: MainThreadTasks,
  /** A quick (CI) run reports a long task without failing on it. */
  quick = false,
): string[] {
  const fails = quick ? 'a full run would fail' : 'the run FAILS';
  const lines: string[] = [];
  const first = rows[0];
  if (first) {
    lines.push(
      `Dataset-wide importance (\`influence()\`: output saliency and every filter layer's ` +
        `importance, one backward pass per call) over the first ${first.sequences} sequences of ` +
        `the ${first.model} demo's dataset: batches of ${first.batch} (median of ${first.runs} ` +
        `pass(es)) and one sequence per call (the first ${first.singleSequences}, one pass). ` +
        `Sequences per second:`,
      '',
      '| backend | batched /s | one at a time /s | batched ÷ one at a time | × best batched | warm-up ms | max rel. diff vs cpu | one-at-a-time vs batched | leaked tensors |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const r of rows) {
      const d =
        r.maxRelDiffVsCpu === null
          ? r.backend === 'cpu'
            ? '(reference)'
            : '(no cpu run)'
          : `${r.maxRelDiffVsCpu.toExponential(1)}${r.agreesWithCpu ? '' : ' **DISAGREES**'}`;
      lines.push(
        `| ${r.backend} | ${rate(r.batchedPerS)} | ${rate(r.singlePerS)} | ` +
          `${ratio(r.batchedOverSingle)} | ${r.shareOfBest.toFixed(3)} | ${ms(r.warmupMs)} | ${d} | ` +
          `${r.singleVsBatched.toExponential(1)} | ${r.leakedTensors} |`,
      );
    }
    if (peer?.available) {
      const d =
        peer.maxRelDiffVsCpu === null
          ? '(no cpu run)'
          : `${peer.maxRelDiffVsCpu.toExponential(1)}${peer.agreesWithCpu ? '' : ' **DISAGREES**'}`;
      lines.push(
        `| PyTorch ${peer.torch} CPU (${peer.threads} threads) | ${rate(peer.batchedPerS)} | ` +
          `${rate(peer.singlePerS)} | ${ratio(peer.batchedOverSingle)} | – | ${ms(peer.warmupMs)} | ` +
          `${d} | – | – |`,
      );
    }
    lines.push('');
    const best = [...rows].sort((a, b) => b.batchedPerS - a.batchedPerS)[0];
    lines.push(
      `Best app backend batched: **${best.backend}** (${rate(best.batchedPerS)} sequences/s).`,
    );
    if (peer === null) lines.push('PyTorch peer: not run.');
    else if (!peer.available) lines.push(`PyTorch peer: not available (${peer.reason}).`);
    else {
      if (peer.appOverPeer) {
        lines.push(
          `App best ÷ PyTorch: **${ratio(peer.appOverPeer.batched)}** batched ` +
            `(${peer.appOverPeer.backend} ${rate(best.batchedPerS)}/s against ` +
            `${rate(peer.batchedPerS)}/s), ${ratio(peer.appOverPeer.single)} one at a time ` +
            `(${peer.appOverPeer.backend}).`,
        );
      }
      lines.push(
        `PyTorch ${peer.torch} (Python ${peer.python}) on the CPU with ${peer.threads} thread(s), the faster of 1 and ${peer.cpuCount} in a trial; the same weights and sequences, batches of ${peer.batch} ` +
          `(median of ${peer.runs}), one at a time over the first ${peer.singleSequences}; ` +
          `max rel. diff vs tfjs cpu per block (each conv layer's importances, then the ` +
          `saliency): ${peer.blockRelDiffVsCpu.map((v) => v.toExponential(1)).join(', ') || '–'}.`,
      );
    }
  }
  lines.push(
    '',
    mainThread.supported
      ? `Longest main-thread task on the bench page during the run: ` +
          (mainThread.count === 0
            ? `**none of ${LONG_TASK_LIMIT_MS} ms or more** (PerformanceObserver 'longtask' reported 0 tasks).`
            : `**${mainThread.longestMs.toFixed(0)} ms** (${mainThread.count} task(s) of ` +
              `${LONG_TASK_LIMIT_MS} ms or more: ${fails}).`)
      : `PerformanceObserver 'longtask' is not supported by this browser: the main thread was not checked (${fails}).`,
  );
  return lines;
}

export function markdown(
  machine: Machine,
  settings: BenchSettings,
  rows: CaseResult[],
  page: PageResult,
  dataset: string[] = [],
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
  if (dataset.length) lines.push('', ...dataset);
  const backends = [...new Set(rows.map((r) => r.backend))];
  if (rows.length === 0) return lines.join('\n') + '\n';
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

/** One analysis case on one backend, as latest.json holds it. */
export interface AnalysisResult {
  id: string;
  title: string;
  backend: string;
  rows: CaseRow[];
  error: string | null;
  seconds: number;
}

/** The analysis cases of every backend run (bench/cases/), flattened. */
export function analysisResults(page: PageResult): AnalysisResult[] {
  return page.runs.flatMap((run) =>
    'error' in run
      ? []
      : run.analysis.map((a) => ({
          id: a.id,
          title: a.title,
          backend: run.name,
          rows: a.rows,
          error: a.error,
          seconds: Math.round(a.ms) / 1000,
        })),
  );
}

const figure = (v: number) =>
  Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-2 && v !== 0)
    ? v.toExponential(2)
    : v.toLocaleString('en-US', { maximumFractionDigits: Math.abs(v) >= 100 ? 0 : 2 });

/** One table per analysis case: a row per variant, a column per backend, then the details. */
export function analysisMarkdown(results: AnalysisResult[]): string[] {
  const lines: string[] = [];
  for (const id of [...new Set(results.map((r) => r.id))]) {
    const of = results.filter((r) => r.id === id);
    lines.push('', `### ${of[0].title}`, '');
    for (const r of of.filter((r) => r.error)) lines.push(`- ${r.backend}: **failed**: ${r.error}`);
    const ok = of.filter((r) => !r.error);
    if (!ok.length) continue;
    if (of.some((r) => r.error)) lines.push('');
    lines.push(
      `| variant | unit | ${ok.map((r) => r.backend).join(' | ')} |`,
      `| --- | --- | ${ok.map(() => '---:').join(' | ')} |`,
    );
    const variants = [...new Set(ok.flatMap((r) => r.rows.map((row) => row.variant)))];
    for (const v of variants) {
      const unit = ok.flatMap((r) => r.rows).find((row) => row.variant === v)?.unit ?? '';
      const cells = ok.map((r) => {
        const row = r.rows.find((x) => x.variant === v);
        return row ? figure(row.value) : '–';
      });
      lines.push(`| ${v} | ${unit} | ${cells.join(' | ')} |`);
    }
    const details = ok.flatMap((r) =>
      r.rows.flatMap((row) => {
        const parts = [
          row.detail ?? '',
          row.maxRelDiff === undefined || row.maxRelDiff === null
            ? ''
            : `max rel. diff ${row.maxRelDiff.toExponential(1)}`,
        ].filter(Boolean);
        return parts.length ? [`- ${r.backend}, ${row.variant}: ${parts.join('; ')}`] : [];
      }),
    );
    if (details.length) lines.push('', ...details);
    lines.push(
      '',
      `Case time per backend: ${ok.map((r) => `${r.backend} ${r.seconds} s`).join(', ')}.`,
    );
  }
  return lines;
}
