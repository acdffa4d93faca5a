import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TsvizError } from './errors';
import { jsonErrorOffset } from './json-position';
import { checkShards, parseModelJson } from './manifest';
import { ANOMALY_BYTES, anomalyModelJson } from './model-fixtures.test-util';
import { describeLayers, sanitizeTopology } from './topology';

/** The whole model check as the compute worker runs it; returns a summary or the error code. */
function pipeline(text: string, shards: Map<string, number>): string {
  try {
    const parsed = parseModelJson(text, 'model.json');
    const { topology } = sanitizeTopology(parsed.modelTopology);
    const info = describeLayers(topology);
    const plan = checkShards(parsed.weightsManifest, shards);
    const sum = plan.shards.reduce((a, s) => a + s.byteLength, 0);
    expect(plan.totalBytes).toBe(sum);
    let at = 0;
    for (const w of plan.weightSpecs) {
      expect(w.offset).toBe(at);
      at += w.byteLength;
    }
    return `ok ${info.layers.length}`;
  } catch (e) {
    if (e instanceof TsvizError) return e.code;
    throw e;
  }
}

const valid = anomalyModelJson();
const shards = new Map([['group1-shard1of1.bin', ANOMALY_BYTES]]);
const jsonChars = fc.constantFrom(
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '0',
  '-',
  'e',
  '.',
  ' ',
  'n',
  'null',
  'true',
  '1e999',
  'x',
);

function mutate(text: string, ms: { at: number; op: number; s: string }[]): string {
  for (const { at, op, s } of ms) {
    const i = at % (text.length + 1);
    text = text.slice(0, i) + (op === 2 ? '' : s) + text.slice(op === 1 ? i : i + 1);
  }
  return text;
}
const mutation = fc.record({ at: fc.nat(), op: fc.integer({ min: 0, max: 2 }), s: jsonChars });

/** Replace the value at a random path of a JSON value. */
function replaceAt(value: unknown, path: number[], by: unknown): unknown {
  if (path.length === 0 || typeof value !== 'object' || value === null) return by;
  const keys = Object.keys(value);
  if (keys.length === 0) return by;
  const key = keys[path[0] % keys.length];
  const copy: Record<string, unknown> = Array.isArray(value)
    ? ([...value] as unknown as Record<string, unknown>)
    : { ...value };
  copy[key] = replaceAt((value as Record<string, unknown>)[key], path.slice(1), by);
  return copy;
}

describe('model.json properties', () => {
  it('the valid fixture passes the whole pipeline', () => {
    expect(pipeline(valid, shards)).toBe('ok 7');
  });

  it('finds a JSON error position exactly when JSON.parse fails', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.json(), fc.string({ unit: jsonChars, maxLength: 30 })),
        fc.array(mutation, { maxLength: 3 }),
        (base, ms) => {
          const text = mutate(base, ms);
          let ok = true;
          try {
            JSON.parse(text);
          } catch {
            ok = false;
          }
          expect(jsonErrorOffset(text) === null).toBe(ok);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('byte mutations of a valid model.json give a model or a TsvizError', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (ms) => {
        expect(pipeline(mutate(valid, ms), shards)).toMatch(/^(ok|model-)/);
      }),
      { numRuns: 3000 },
    );
  });

  it('replacing any part of model.json with any value gives a model or a TsvizError', () => {
    const base = JSON.parse(valid) as unknown;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            path: fc.array(fc.nat(), { maxLength: 8 }),
            by: fc.jsonValue({ maxDepth: 3 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        fc.dictionary(
          fc.constantFrom('group1-shard1of1.bin', 'x.bin', 'a/b.bin'),
          fc.oneof(fc.nat(), fc.constant(ANOMALY_BYTES)),
        ),
        (edits, sizes) => {
          const json = edits.reduce((v, e) => replaceAt(v, e.path, e.by), base);
          expect(pipeline(JSON.stringify(json) ?? '', new Map(Object.entries(sizes)))).toMatch(
            /^(ok|model-)/,
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('random manifests are checked without allocating: plan or TsvizError', () => {
    const dim = fc.oneof(
      fc.integer({ min: 0, max: 50 }),
      fc.constantFrom(-1, 0.5, 1e6, 2 ** 40, Number.NaN),
    );
    const weight = fc.record({
      name: fc.string({ maxLength: 4 }),
      shape: fc.array(dim, { maxLength: 4 }),
      dtype: fc.constantFrom(
        'float32',
        'int32',
        'bool',
        'uint8',
        'float16',
        'string',
        'complex64',
        'x',
      ),
      quantization: fc.option(
        fc.record({ dtype: fc.constantFrom('uint8', 'uint16', 'float16', 'int4') }),
        { nil: undefined },
      ),
    });
    const group = fc.record({
      paths: fc.array(fc.constantFrom('a.bin', 'b.bin', 'c.bin'), { maxLength: 3 }),
      weights: fc.array(weight, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(
        fc.array(group, { maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom('a.bin', 'b.bin', 'c.bin'),
          fc.integer({ min: 0, max: 20000 }),
        ),
        (manifest, sizes) => {
          try {
            const plan = checkShards(manifest, new Map(Object.entries(sizes)));
            for (const w of plan.weightSpecs)
              expect(w.pieces.reduce((a, p) => a + p.end - p.start, 0)).toBe(w.byteLength);
          } catch (e) {
            if (!(e instanceof TsvizError)) throw e;
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
