/**
 * `npm run bench`: build the benchmark page (bench/index.html) into a temporary folder, serve it
 * with `vite preview` on a port of its own, run it in headless Chromium with WebGPU enabled,
 * then write bench/results/latest.json and latest.md and print the table.
 *
 * Options: --runs N (timed calls per case, default 10), --batch N (default 64),
 * --models anomaly,traffic (or none), --backends webgpu,webgl,wasm,cpu; the dataset-wide
 * importance case: --dataset-model anomaly (or none), --dataset-sequences N (0: all),
 * --dataset-batch N, --dataset-runs N, --dataset-single N; --quick (or BENCH_QUICK=1): a few
 * sequences and one run of everything, for CI; --cases clusters,optimization (or none): the
 * analysis cases of bench/cases/ to run (default: all); --results DIR: where latest.json and
 * latest.md go (default bench/results, or bench/results/quick for --quick). When `python3 -c 'import torch'` works the
 * PyTorch peer (bench/peer/torch_peer.py) times the same dataset case on the CPU.
 * Exits 1 when a backend or the peer failed, or when a main-thread task took 50 ms or more.
 */
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, preview, type PreviewServer } from 'vite';
import { WEBGPU_ARGS } from '../playwright.config';
import { BACKEND_ORDER, type BackendName } from '../workers/compute/backend';
import {
  analysisMarkdown,
  analysisResults,
  caseResults,
  datasetMarkdown,
  datasetRows,
  markdown,
  type DatasetRow,
  type Machine,
  type PeerResult,
} from './report';
import { AGREEMENT_TOLERANCE, LONG_TASK_LIMIT_MS, type BenchSettings } from './types';
import { maxRelDiff } from './compare';
import { ANALYSIS_CASES } from './cases';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PORT = 4180;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    batch: { type: 'string' },
    models: { type: 'string' },
    backends: { type: 'string', default: BACKEND_ORDER.join(',') },
    'dataset-model': { type: 'string', default: 'anomaly' },
    'dataset-sequences': { type: 'string' },
    'dataset-batch': { type: 'string' },
    'dataset-runs': { type: 'string' },
    'dataset-single': { type: 'string' },
    cases: { type: 'string' },
    results: { type: 'string' },
  },
});
/** --quick: seconds, not minutes, so that CI runs every case (numbers for people come from a full run). */
const quick = args.quick || ['1', 'true'].includes(process.env.BENCH_QUICK ?? '');
const defaults = quick
  ? { runs: 1, batch: 16, models: 'none', sequences: 16, dsBatch: 16, dsRuns: 1, single: 2 }
  : {
      runs: 10,
      batch: 64,
      models: 'anomaly,traffic',
      sequences: 0,
      dsBatch: 256,
      dsRuns: 3,
      single: 200,
    };
const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
const models = args.models ?? defaults.models;
const settings: BenchSettings = {
  models: models === 'none' ? [] : models.split(','),
  batch: num(args.batch, defaults.batch),
  warmups: 1,
  runs: num(args.runs, defaults.runs),
  dataset:
    args['dataset-model'] === 'none'
      ? null
      : {
          model: args['dataset-model'],
          sequences: num(args['dataset-sequences'], defaults.sequences),
          batch: num(args['dataset-batch'], defaults.dsBatch),
          runs: num(args['dataset-runs'], defaults.dsRuns),
          single: num(args['dataset-single'], defaults.single),
        },
  analysis: [],
  quick,
};
const caseIds = ANALYSIS_CASES.map((c) => c.id);
const chosenCases =
  args.cases === undefined ? caseIds : args.cases === 'none' ? [] : args.cases.split(',');
for (const id of chosenCases) {
  if (!caseIds.includes(id)) throw new Error(`unknown case ${id} (known: ${caseIds.join(', ')})`);
}
settings.analysis = chosenCases;
const backends = args.backends.split(',') as BackendName[];
for (const b of backends) {
  if (!BACKEND_ORDER.includes(b)) throw new Error(`unknown backend ${b}`);
}

async function serve(outDir: string): Promise<{ server: PreviewServer; url: string }> {
  const common = {
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn' as const,
  };
  await build({
    ...common,
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: { input: { bench: join(ROOT, 'bench/index.html') } },
    },
  });
  const server = await preview({
    ...common,
    build: { outDir },
    preview: { host: '127.0.0.1', port: PORT, strictPort: false, open: false },
  });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('vite preview did not report its address');
  return { server, url: new URL('bench/index.html', base).href };
}

const float32 = (bytes: Buffer) =>
  new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));

/**
 * The PyTorch peer on the same model, sequences and batch as the dataset case, after the
 * browser's work (never at the same time), compared with the tfjs cpu backend's values.
 */
function runPeer(
  ds: NonNullable<BenchSettings['dataset']>,
  rows: DatasetRow[],
  cpuValues: Float32Array | null,
  tmp: string,
): PeerResult {
  // `python3` first; then Debian's own, which python3-torch installs into, when a pyenv or
  // virtualenv python3 shadows it on the PATH; BENCH_PYTHON names another.
  const candidates = [
    ...new Set([process.env.BENCH_PYTHON ?? 'python3', 'python3', '/usr/bin/python3']),
  ];
  let python: string | null = null;
  const why: string[] = [];
  for (const p of candidates) {
    const probe = spawnSync(p, ['-c', 'import torch'], { encoding: 'utf8' });
    if (!probe.error && probe.status === 0) {
      python = p;
      break;
    }
    why.push(`${p}: ${probe.error ? probe.error.message : probe.stderr.trim().split('\n').pop()}`);
  }
  if (!python) return { available: false, reason: `no python3 imports torch (${why.join('; ')})` };
  const modelJson = join(ROOT, 'public/models', ds.model, 'model.json');
  const sidecar = JSON.parse(readFileSync(join(dirname(modelJson), 'tsviz.json'), 'utf8')) as {
    datasetUrl: string;
  };
  const csv = join(dirname(modelJson), sidecar.datasetUrl);
  const valuesPath = join(tmp, 'peer-values.f32');
  const argv = [
    join(ROOT, 'bench/peer/torch_peer.py'),
    modelJson,
    csv,
    String(ds.batch),
    ...['--runs', String(ds.runs), '--single', String(ds.single)],
    // threads 0: the peer tries 1 and every core and keeps the faster
    ...['--sequences', String(ds.sequences), '--threads', '0'],
    ...['--values', valuesPath],
  ];
  console.log(`PyTorch peer: ${python} ${argv.map((a) => a.replace(ROOT + '/', '')).join(' ')}`);
  const r = spawnSync(python, argv, { encoding: 'utf8', timeout: 600_000 });
  if (r.error || r.status !== 0) {
    throw new Error(`the PyTorch peer failed: ${r.error?.message ?? r.stderr.trim()}`);
  }
  const out = JSON.parse(r.stdout) as {
    torch: string;
    python: string;
    threads: number;
    cpuCount: number;
    sequences: number;
    batch: number;
    singleSequences: number;
    filterLayers: number[];
    warmupMs: number;
    batchedMs: number[];
    singleMs: number[];
  };
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const batchedPerS = (out.sequences * 1000) / median(out.batchedMs);
  const singlePerS = (out.singleSequences * 1000) / median(out.singleMs);
  const peer = readFileSync(valuesPath);
  const values = float32(peer);
  let blocks: number[] = [];
  if (cpuValues) {
    if (cpuValues.length !== values.length) {
      blocks = [Number.POSITIVE_INFINITY];
    } else {
      const sizes = out.filterLayers.map((f) => f * out.sequences);
      sizes.push(values.length - sizes.reduce((s, n) => s + n, 0));
      let offset = 0;
      blocks = sizes.map((n) => {
        const d = maxRelDiff(
          values.subarray(offset, offset + n),
          cpuValues.subarray(offset, offset + n),
        );
        offset += n;
        return d;
      });
    }
  }
  const maxRelDiffVsCpu = cpuValues ? Math.max(...blocks) : null;
  const best = [...rows].sort((a, b) => b.batchedPerS - a.batchedPerS)[0];
  return {
    available: true,
    torch: out.torch,
    python: out.python,
    threads: out.threads,
    cpuCount: out.cpuCount,
    sequences: out.sequences,
    batch: out.batch,
    runs: out.batchedMs.length,
    batchedPerS: Math.round(batchedPerS * 1000) / 1000,
    batchedMs: out.batchedMs,
    singleSequences: out.singleSequences,
    singlePerS: Math.round(singlePerS * 1000) / 1000,
    singleMs: out.singleMs,
    batchedOverSingle: batchedPerS / singlePerS,
    warmupMs: out.warmupMs,
    maxRelDiffVsCpu,
    blockRelDiffVsCpu: blocks,
    agreesWithCpu: maxRelDiffVsCpu === null || maxRelDiffVsCpu <= AGREEMENT_TOLERANCE,
    appOverPeer: best
      ? {
          backend: best.backend,
          batched: best.batchedPerS / batchedPerS,
          single: best.singlePerS / singlePerS,
        }
      : null,
  };
}

async function main(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'tsviz-bench-'));
  let server: PreviewServer | null = null;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: WEBGPU_ARGS });
  try {
    const t0 = Date.now();
    const served = await serve(outDir);
    server = served.server;
    console.log(`built and serving ${served.url} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.text().startsWith('[bench]') || m.type() === 'error') console.log(m.text());
    });
    page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
    await page.goto(served.url);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    const loadStart = loadavg()[0]; // after the build, which loads the machine itself
    console.log(
      `settings${quick ? ' (quick)' : ''}: ${JSON.stringify(settings)}, backends ${backends.join(',')}`,
    );
    const result = await page.evaluate(([s, b]) => window.runBench!(s, b), [
      settings,
      backends,
    ] as const);
    const adapter = result.runs.flatMap((r) => ('adapter' in r && r.adapter ? [r.adapter] : []))[0];
    const tfjsPkg = JSON.parse(
      readFileSync(join(ROOT, 'node_modules/@tensorflow/tfjs/package.json'), 'utf8'),
    ) as { version: string };
    const machine: Machine = {
      date: new Date().toISOString(),
      chromium: browser.version(),
      userAgent: result.userAgent,
      cores: { browser: result.hardwareConcurrency, node: cpus().length },
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
      platform: `${process.platform} ${process.arch}`,
      node: process.version,
      tfjs: tfjsPkg.version,
      loadAverage: { start: loadStart, end: loadavg()[0] },
      adapter: adapter
        ? {
            vendor: adapter.vendor,
            architecture: adapter.architecture,
            description: adapter.description,
            software: adapter.isFallbackAdapter,
          }
        : null,
    };
    const cases = caseResults(result);
    const dataset = datasetRows(result);
    let peer: PeerResult | null = null;
    let peerFailed = false;
    if (settings.dataset) {
      const cpuValues = result.cpuDatasetValues
        ? float32(Buffer.from(result.cpuDatasetValues, 'base64'))
        : null;
      try {
        peer = runPeer(settings.dataset, dataset, cpuValues, outDir);
      } catch (e) {
        peerFailed = true;
        peer = { available: false, reason: e instanceof Error ? e.message : String(e) };
      }
    }
    const mainThread = result.mainThread;
    const backendRuns = result.runs.map((r) =>
      'error' in r
        ? r
        : {
            requested: r.requested,
            name: r.name,
            initMs: Math.round(r.initMs),
            fallbackReason: r.fallbackReason,
          },
    );
    const analysis = analysisResults(result);
    const md = markdown(machine, settings, cases, result, [
      ...(settings.dataset ? datasetMarkdown(dataset, peer, mainThread, quick) : []),
      ...analysisMarkdown(analysis),
    ]);
    // a quick run (CI) must not replace the committed full results; nor must a partial one
    // (--results bench/results/analysis)
    const dir = resolve(ROOT, args.results ?? (quick ? 'bench/results/quick' : 'bench/results'));
    mkdirSync(dir, { recursive: true });
    const json = {
      machine,
      settings: { ...settings, quick },
      backends: backendRuns,
      mainThread: { ...mainThread, limitMs: LONG_TASK_LIMIT_MS },
      dataset,
      peer,
      cases,
      analysis,
    };
    writeFileSync(join(dir, 'latest.json'), JSON.stringify(json, null, 2) + '\n');
    writeFileSync(join(dir, 'latest.md'), `# Benchmark: latest run\n\n${md}`);
    console.log(`\n${md}\nwrote ${dir.replace(ROOT + '/', '')}/latest.json and latest.md`);
    console.log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const failures = [
      ...result.runs.flatMap((r) => ('error' in r ? [`${r.requested} failed`] : [])),
      ...(peerFailed ? ['the PyTorch peer failed'] : []),
      ...analysis.flatMap((a) => (a.error ? [`${a.id} on ${a.backend} failed: ${a.error}`] : [])),
      ...(!mainThread.supported
        ? ["PerformanceObserver 'longtask' is not supported: the main thread was not checked"]
        : mainThread.count > 0 && !quick // CI's quick run reports it; a full run fails on it
          ? [
              `a main-thread task took ${mainThread.longestMs.toFixed(0)} ms (limit ${LONG_TASK_LIMIT_MS})`,
            ]
          : []),
    ];
    if (failures.length) {
      console.log(`FAILED: ${failures.join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
