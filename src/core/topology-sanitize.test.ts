import { describe, expect, it } from 'vitest';
import { anomalyTopology } from './model-fixtures.test-util';
import { sanitizeTopology } from './topology';
import { thrown } from './thrown.test-util';

describe('sanitizeTopology', () => {
  it('strips regularizers and constraints, lists the ones that were set, keeps the rest', () => {
    const original = anomalyTopology();
    const before = JSON.stringify(original);
    const { topology, stripped } = sanitizeTopology(original);
    expect(stripped).toEqual([
      "layer 'conv2': kernel_constraint (MaxNorm)",
      "layer 'logits': activity_regularizer (L1L2)",
      "layer 'logits': bias_regularizer (L1L2)",
    ]);
    const text = JSON.stringify(topology);
    expect(text).not.toMatch(/_regularizer|_constraint/);
    expect(text).toContain('"activation":"sigmoid"');
    expect(text).toContain('"keras_version":"2.15.0"');
    expect(JSON.stringify(original)).toBe(before);
  });

  it('refuses a topology that is not an object or nested absurdly deep', () => {
    expect(thrown(() => sanitizeTopology('x')).code).toBe('model-topology');
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(thrown(() => sanitizeTopology({ a: deep })).code).toBe('model-topology');
  });
});

it('keeps a "__proto__" key from JSON as data, never as a prototype', () => {
  const parsed = JSON.parse(
    '{"class_name":"Sequential","config":{"layers":[]},"__proto__":{"polluted":1}}',
  );
  const { topology } = sanitizeTopology(parsed);
  expect(Object.getPrototypeOf(topology)).toBe(Object.prototype);
  expect(Object.keys(topology)).toContain('__proto__');
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
