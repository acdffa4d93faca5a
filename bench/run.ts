/**
 * `npm run bench`: build the benchmark page (bench/index.html) into a temporary folder, serve it
 * with `vite preview` on a port of its own, run it in headless Chromium with WebGPU enabled,
 * then write bench/results/latest.json and latest.md and print the table.
 *
 * Options: --runs N (timed calls per case, default 10), --batch N (default 64),
 * --models anomaly,traffic, --backends webgpu,webgl,wasm,cpu.
 */
import { chromium } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, preview, type PreviewServer } from 'vite';
import { WEBGPU_ARGS } from '../playwright.config';
import { BACKEND_ORDER, type BackendName } from '../workers/compute/backend';
import { caseResults, markdown, type Machine } from './report';
import type { BenchSettings } from './types';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PORT = 4180;

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    batch: { type: 'string', default: '64' },
    models: { type: 'string', default: 'anomaly,traffic' },
    backends: { type: 'string', default: BACKEND_ORDER.join(',') },
  },
});
const settings: BenchSettings = {
  models: args.models.split(','),
  batch: Number(args.batch),
  warmups: 1,
  runs: Number(args.runs),
};
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
    const md = markdown(machine, settings, cases, result);
    const dir = join(ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const json = { machine, settings, backends: backendRuns, cases };
    writeFileSync(join(dir, 'latest.json'), JSON.stringify(json, null, 2) + '\n');
    writeFileSync(join(dir, 'latest.md'), `# Benchmark: latest run\n\n${md}`);
    console.log(`\n${md}\nwrote bench/results/latest.json and latest.md`);
    console.log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    if (result.runs.some((r) => 'error' in r)) process.exitCode = 1;
  } finally {
    await browser.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
