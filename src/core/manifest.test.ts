import { describe, expect, it } from 'vitest';
import { checkShards, parseModelJson } from './manifest';
import {
  ANOMALY_BYTES,
  anomalyManifest,
  anomalyModelJson,
  anomalyTopology,
} from './model-fixtures.test-util';
import { thrown } from './thrown.test-util';

const one = (bytes: number) => new Map([['group1-shard1of1.bin', bytes]]);

describe('parseModelJson', () => {
  it('reads a layers model', () => {
    const p = parseModelJson(anomalyModelJson(), 'model.json');
    expect(p.format).toBe('layers-model');
    expect(p.modelTopology.class_name).toBe('Sequential');
    expect(p.weightsManifest[0].weights).toHaveLength(6);
  });

  it('refuses text that is not JSON, with line and column', () => {
    const e = thrown(() => parseModelJson('{\n  "a": 1,\n  "b": }\n', 'model.json'));
    expect(e.code).toBe('model-json');
    expect(e.problem).toMatch(/^model.json is not valid JSON at line 3, column 8/);
    expect(thrown(() => parseModelJson('{"modelTopology": {', 'm.json')).problem).toContain(
      'm.json is not valid JSON',
    );
    expect(thrown(() => parseModelJson('  ', 'm.json')).problem).toBe('m.json is empty.');
    expect(thrown(() => parseModelJson('[1, 2]', 'm.json')).code).toBe('model-json');
  });

  it('refuses graph models as not supported yet', () => {
    const graph = JSON.stringify({
      format: 'graph-model',
      modelTopology: { node: [] },
      weightsManifest: [],
    });
    const e = thrown(() => parseModelJson(graph, 'model.json'));
    expect(e.code).toBe('model-graph');
    expect(e.problem).toContain('not supported yet');
    const nodes = JSON.stringify({ modelTopology: { node: [{ name: 'x' }] }, weightsManifest: [] });
    expect(thrown(() => parseModelJson(nodes, 'model.json')).code).toBe('model-graph');
  });

  it('refuses a missing topology or manifest', () => {
    const noTopo = JSON.stringify({ weightsManifest: anomalyManifest() });
    expect(thrown(() => parseModelJson(noTopo, 'model.json')).code).toBe('model-topology');
    const noClass = JSON.stringify({ modelTopology: { layers: [] }, weightsManifest: [] });
    expect(thrown(() => parseModelJson(noClass, 'model.json')).code).toBe('model-topology');
    const noManifest = JSON.stringify({ modelTopology: anomalyTopology() });
    const e = thrown(() => parseModelJson(noManifest, 'model.json'));
    expect(e.code).toBe('model-manifest');
    expect(e.problem).toContain('"weightsManifest"');
    const badWeights = JSON.stringify({
      modelTopology: anomalyTopology(),
      weightsManifest: [{ paths: ['a'], weights: [{ name: 'w', shape: 'x', dtype: 'float32' }] }],
    });
    expect(thrown(() => parseModelJson(badWeights, 'model.json')).problem).toContain(
      "weight 'w' no valid shape",
    );
  });

  it('accepts a Keras model_config wrapper', () => {
    const text = JSON.stringify({
      modelTopology: { model_config: anomalyTopology() },
      weightsManifest: [],
    });
    expect(parseModelJson(text, 'model.json').weightsManifest).toEqual([]);
  });
});

describe('checkShards', () => {
  it('returns the weights in order with their byte ranges', () => {
    const plan = checkShards(anomalyManifest(), one(ANOMALY_BYTES));
    expect(plan.totalBytes).toBe(ANOMALY_BYTES);
    expect(plan.weightSpecs.map((w) => [w.name, w.offset, w.byteLength])).toEqual([
      ['conv1/kernel', 0, 576],
      ['conv1/bias', 576, 64],
      ['conv2/kernel', 640, 6144],
      ['conv2/bias', 6784, 128],
      ['logits/kernel', 6912, 3200],
      ['logits/bias', 10112, 4],
    ]);
  });

  it('splits weights across shards and matches paths by file name', () => {
    const manifest = anomalyManifest(['./w/shard1.bin', './w/shard2.bin']);
    const plan = checkShards(
      manifest,
      new Map([
        ['shard1.bin', 6000],
        ['shard2.bin', ANOMALY_BYTES - 6000],
      ]),
    );
    expect(plan.shards.map((s) => [s.path, s.file, s.offset, s.byteLength])).toEqual([
      ['./w/shard1.bin', 'shard1.bin', 0, 6000],
      ['./w/shard2.bin', 'shard2.bin', 6000, ANOMALY_BYTES - 6000],
    ]);
    expect(plan.weightSpecs[2].pieces).toEqual([
      { path: './w/shard1.bin', start: 640, end: 6000 },
      { path: './w/shard2.bin', start: 0, end: 784 },
    ]);
  });

  it('names missing shards and says to open them with model.json', () => {
    const manifest = anomalyManifest(['a.bin', 'b.bin', 'c.bin']);
    const e = thrown(() => checkShards(manifest, new Map([['a.bin', 10]])));
    expect(e.code).toBe('model-shard-missing');
    expect(e.problem).toBe('model.json names 2 weight files that were not given: b.bin, c.bin.');
    expect(e.fix).toContain('together with model.json');
  });

  it('refuses a short or long shard with expected and given bytes', () => {
    const short = thrown(() => checkShards(anomalyManifest(), one(ANOMALY_BYTES - 4)));
    expect(short.code).toBe('model-shard-size');
    expect(short.problem).toContain('has 10,112 bytes');
    expect(short.problem).toContain('need 10,116 bytes: the shards are short by 4 bytes');
    const long = thrown(() => checkShards(anomalyManifest(), one(ANOMALY_BYTES + 1)));
    expect(long.problem).toContain('long by 1 bytes');
  });

  it('counts bytes by dtype: a dtype that does not match the bytes is refused', () => {
    const m = anomalyManifest();
    (m[0].weights as { dtype: string }[])[4].dtype = 'bool'; // 800 values x 1 byte, not 4
    const e = thrown(() => checkShards(m, one(ANOMALY_BYTES)));
    expect(e.code).toBe('model-shard-size');
    expect(e.problem).toContain('need 7,716 bytes');
    expect(checkShards(m, one(ANOMALY_BYTES - 2400)).weightSpecs[4].dtype).toBe('bool');
  });

  it('uses the quantized dtype size, and refuses unquantized uint8 and string weights', () => {
    const m = anomalyManifest();
    const w = (m[0].weights as Record<string, unknown>[])[4];
    w.quantization = { dtype: 'uint8', scale: 0.1, min: -1 };
    const plan = checkShards(m, one(ANOMALY_BYTES - 2400));
    expect(plan.weightSpecs[4]).toMatchObject({
      dtype: 'float32',
      byteLength: 800,
      quantization: { dtype: 'uint8' },
    });
    w.quantization = undefined;
    w.dtype = 'uint8';
    expect(thrown(() => checkShards(m, one(ANOMALY_BYTES - 2400))).code).toBe('model-manifest');
    w.dtype = 'string';
    expect(thrown(() => checkShards(m, one(ANOMALY_BYTES))).code).toBe('model-manifest');
  });

  it('refuses 10^12 elements and impossible dimensions before looking at shards', () => {
    const huge = [
      { paths: ['x.bin'], weights: [{ name: 'big', shape: [1e6, 1e6], dtype: 'float32' }] },
    ];
    const e = thrown(() => checkShards(huge, new Map()));
    expect(e.code).toBe('model-too-large');
    expect(e.problem).toContain('1,000,000,000,000 weight values');
    for (const shape of [[-1, 3], [2.5], [Infinity]]) {
      const m = [{ paths: ['x.bin'], weights: [{ name: 'w', shape, dtype: 'float32' }] }];
      expect(thrown(() => checkShards(m, new Map([['x.bin', 4]]))).code).toBe('model-too-large');
    }
    const many = [
      {
        paths: ['x.bin'],
        weights: Array.from({ length: 3 }, (_, i) => ({
          name: `w${i}`,
          shape: [2 ** 30],
          dtype: 'float32',
        })),
      },
    ];
    expect(thrown(() => checkShards(many, new Map())).code).toBe('model-too-large');
  });
});
