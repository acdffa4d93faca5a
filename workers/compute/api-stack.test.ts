/**
 * The layer stack's data path in Node (cpu backend): a sample's panels go to the render port
 * (copies, transferred), the page's SampleView carries summaries only, and one unit's curve and
 * every activation can be asked for by the sample's id.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFromText } from '../../src/core/dataset';
import type { StackPanelsMessage } from '../../src/core/protocol';
import type { Sidecar } from '../../src/core/types';
import { api } from './api';

const ROOT = join(import.meta.dirname, '../..');
const file = (rel: string) =>
  new File([readFileSync(join(ROOT, rel))], rel.split('/').pop() ?? rel);

/** The render worker's end: every panels message it got, in order. */
function renderEnd() {
  const channel = new MessageChannel();
  const got: StackPanelsMessage[] = [];
  const waiters: (() => void)[] = [];
  channel.port1.onmessage = (e: MessageEvent<StackPanelsMessage>) => {
    got.push(e.data);
    waiters.splice(0).forEach((w) => w());
  };
  const next = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (got.length >= n ? resolve() : waiters.push(check));
      check();
    });
  return { channel, got, next };
}

describe('layer stack data path (cpu backend)', () => {
  const ends: MessagePort[] = [];
  beforeAll(async () => {
    await api.init('cpu', '');
    await api.loadModelFiles(
      ['model.json', 'group1-shard1of1.bin', 'tsviz.json'].map((f) =>
        file(`public/models/anomaly/${f}`),
      ),
    );
    const side = JSON.parse(
      readFileSync(join(ROOT, 'public/models/anomaly/tsviz.json'), 'utf8'),
    ) as Sidecar;
    await api.setDataset(
      datasetFromText(
        readFileSync(join(ROOT, 'public/data/anomaly-test.csv'), 'utf8'),
        side.dataset,
        'anomaly-test.csv',
      ),
    );
  });
  afterAll(() => {
    api.connectRenderPort(null);
    api.connectRenderPort(null, 'second');
    ends.forEach((p) => p.close());
  });

  it('sends the panels to the render port and gives the page summaries only', async () => {
    const end = renderEnd();
    ends.push(end.channel.port1);
    api.connectRenderPort(end.channel.port2);
    const view = await api.sample(3);
    expect(Object.keys(view).sort()).toEqual(
      ['id', 'index', 'label', 'output', 'panels', 'shape', 'x'].sort(),
    );
    await end.next(1);
    const msg = end.got[end.got.length - 1];
    expect(msg.type).toBe('panels');
    expect(msg.sample).toBe(view.id);
    expect(msg.panels.map((p) => p.name)).toEqual(view.panels.map((p) => p.name));
    expect(msg.panels[0]).toMatchObject({ name: 'input', kind: 'input', steps: 50, units: 3 });
    expect(Array.from(msg.panels[0].values)).toEqual(Array.from(view.x));
    const k = view.panels.findIndex((p) => p.name === 'conv1');
    expect(view.panels[k]).toMatchObject({ kind: 'conv', shape: [50, 16] });
    expect(msg.panels[k]).toMatchObject({ kind: 'conv', steps: 50, units: 16 });
    // the summary is that of the values sent
    const conv = msg.panels[k].values;
    expect(view.panels[k].max).toBe(Math.max(...conv));
    expect(view.panels[k].min).toBe(Math.min(...conv));
  });

  it('gives one unit over steps and every activation by sample id', async () => {
    const view = await api.sample(5);
    const k = view.panels.findIndex((p) => p.name === 'conv1');
    const acts = api.stackActivations(view.id);
    expect(acts?.map((a) => a.name)).toEqual(view.panels.slice(1).map((p) => p.name));
    const conv1 = acts?.find((a) => a.name === 'conv1');
    expect([conv1?.steps, conv1?.units]).toEqual([50, 16]);
    const unit3 = api.unitSeries(view.id, k, 3);
    expect(unit3?.length).toBe(50);
    expect(unit3?.[7]).toBe(conv1?.values[7 * 16 + 3]);
    expect(Array.from(api.unitSeries(view.id, 0, 2) ?? [])).toEqual(
      Array.from({ length: 50 }, (_, t) => view.x[t * 3 + 2]),
    );
    expect(api.unitSeries(view.id, k, 16)).toBeNull();
    expect(api.unitSeries(view.id, 99, 0)).toBeNull();
    // the output is the logits layer through the sigmoid
    const logits = acts?.find((a) => a.name === 'logits');
    expect(1 / (1 + Math.exp(-(logits?.values[0] ?? NaN)))).toBeCloseTo(view.output[0], 5);
  });

  it('keeps the last few samples and sends the latest to a new render port', async () => {
    const first = await api.sample(0);
    for (let i = 1; i <= 3; i++) await api.sample(i);
    expect(api.unitSeries(first.id, 0, 0)).toBeNull();
    expect(api.stackActivations(first.id)).toBeNull();
    const last = await api.sample(4);
    const end = renderEnd();
    ends.push(end.channel.port1);
    api.connectRenderPort(end.channel.port2);
    await end.next(1);
    expect(end.got[0].sample).toBe(last.id);
    expect(end.got[0].panels).toHaveLength(last.panels.length);
  });

  it('sends every sample to each connected render port; a disconnected one gets no more', async () => {
    const a = renderEnd();
    const b = renderEnd();
    ends.push(a.channel.port1, b.channel.port1);
    api.connectRenderPort(a.channel.port2);
    api.connectRenderPort(b.channel.port2, 'second');
    await Promise.all([a.next(1), b.next(1)]); // the latest sample, at once
    const view = await api.sample(6);
    await Promise.all([a.next(2), b.next(2)]);
    expect(a.got[1].sample).toBe(view.id);
    expect(b.got[1].sample).toBe(view.id);
    expect(b.got[1].panels.map((p) => p.name)).toEqual(a.got[1].panels.map((p) => p.name));
    // each port got its own copy (transferred)
    expect(Array.from(b.got[1].panels[0].values)).toEqual(Array.from(a.got[1].panels[0].values));
    api.connectRenderPort(null, 'second');
    const later = await api.sample(7);
    await a.next(3);
    expect(a.got[2].sample).toBe(later.id);
    await new Promise((r) => setTimeout(r, 50));
    expect(b.got).toHaveLength(2);
  });
});
