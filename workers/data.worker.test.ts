/**
 * The data worker through real Comlink over a MessageChannel in Node: inspect and load a File,
 * progress, cancellation and typed errors across the boundary.
 */
import * as Comlink from 'comlink';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataApi } from './data.worker';

const ROOT = join(import.meta.dirname, '..');
let api: Comlink.Remote<DataApi>;

beforeAll(async () => {
  // the worker module exposes itself on the global scope: make that scope one end of a channel
  const { port1, port2 } = new MessageChannel();
  const g = globalThis as unknown as Record<string, unknown>;
  g.addEventListener = port1.addEventListener.bind(port1);
  g.removeEventListener = port1.removeEventListener.bind(port1);
  g.postMessage = port1.postMessage.bind(port1);
  port1.start();
  api = Comlink.wrap<DataApi>(port2 as unknown as Comlink.Endpoint);
  await import('./data.worker');
});

const trafficText = readFileSync(join(ROOT, 'public/data/traffic-test.csv'), 'utf8');

describe('data worker', () => {
  it('inspects a series file and loads its windows with progress', async () => {
    const file = new File([trafficText], 'traffic.csv');
    const ins = await api.inspect(file, { windowLength: 50, channels: 2 });
    expect(ins.sniff.hasHeader).toBe(true);
    expect(ins.config.layout.kind).toBe('series');
    const seen: number[] = [];
    const ds = await api.load(
      file,
      ins.config,
      { id: 'load-1' },
      Comlink.proxy((done: number) => void seen.push(done)),
    );
    const rows = trafficText.trim().split('\n').length - 1;
    expect(ds.shape[1]).toBe(50);
    expect(ds.shape[0]).toBe(rows - 50);
    expect(ds.x.length).toBe(ds.shape[0] * ds.shape[1] * ds.shape[2]);
    // progress is reported about every 50 ms: a file this small may finish before the first report
    expect(seen.every((d) => d >= 0)).toBe(true);
  });

  it('reports progress on a long load, and cancels it with a cancelled error', async () => {
    const body = trafficText.split('\n').slice(1).join('\n');
    const big = new File([trafficText, ...Array.from({ length: 200 }, () => body)], 'big.csv');
    const ins = await api.inspect(big, { windowLength: 50 });
    const p = api.load(
      big,
      ins.config,
      { id: 'load-2' },
      Comlink.proxy(() => void api.cancel('load-2')),
    );
    await expect(p).rejects.toMatchObject({ name: 'TsvizError:cancelled' });
  });

  it('names the row and column of a bad cell across the boundary', async () => {
    const bad = new File(['a,b\n1,2\n3,x\n4,5\n'], 'bad.csv');
    const p = api.load(bad, {
      layout: { kind: 'series', valueColumns: [0, 1], windowLength: 1, stride: 1, targetColumn: 0 },
      task: 'regression',
      derived: [],
      standardize: 'none',
    });
    await expect(p).rejects.toMatchObject({ name: 'TsvizError:csv-bad-cell' });
    await expect(p).rejects.toThrow(/[Rr]ow 3, column 2/);
  });
});
