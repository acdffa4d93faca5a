import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TsvizError } from './errors';
import type { ArchiveFormat, ArchiveSeries } from './format-archive';
import { archiveDataset, inspectArchive, parseArchive } from './format-load';
import { num, writeArff, writeTs, writeUcr, type WrittenCase } from './format-writers.test-util';

const value = fc
  .double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
  .map((v) => (Object.is(v, -0) ? 0 : v));
const label = fc.constantFrom('a', 'b', 'walk', '-1', '1', '2');

/** Cases of C channels; equal lengths within a case, lengths differ between cases when `vary`. */
function cases(C: number, vary: boolean) {
  return fc
    .integer({ min: 1, max: 8 })
    .chain((T) =>
      fc.array(
        fc.record({
          t: vary ? fc.integer({ min: 1, max: T }) : fc.constant(T),
          values: fc.array(fc.array(value, { minLength: T, maxLength: T }), {
            minLength: C,
            maxLength: C,
          }),
          label,
        }),
        { minLength: 1, maxLength: 6 },
      ),
    )
    .map((list) =>
      list.map((k): WrittenCase => ({
        values: k.values.map((v) => v.slice(0, k.t)),
        label: k.label,
      })),
    );
}

const classes = (cs: WrittenCase[]) => [...new Set(cs.map((k) => k.label as string))];

function expectSame(a: ArchiveSeries, written: WrittenCase[], round = (v: number) => v) {
  expect(a.cases.length).toBe(written.length);
  a.cases.forEach((k, i) => {
    expect(k.values).toEqual(written[i].values.map((v) => v.map(round)));
    expect(k.label).toBe(written[i].label);
  });
}

describe('archive parsers: what was written is read back', () => {
  it('.ts, any channels and lengths', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.boolean(), (C, vary) => {
        fc.assert(
          fc.property(cases(C, vary), (cs) => {
            const a = parseArchive('ts', writeTs(cs, classes(cs)), 'p.ts');
            expectSame(a, cs);
            expect(a.notes).toEqual([]);
          }),
          { numRuns: 10 },
        );
      }),
      { numRuns: 12 },
    );
  });

  it('ARFF, univariate and relational (shorter series padded with ? come back shorter)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.boolean(), (C, vary) => {
        fc.assert(
          fc.property(cases(C, vary), (cs) => {
            const a = parseArchive('arff', writeArff(cs, classes(cs)), 'p.arff');
            a.cases.forEach((k) => {
              k.values = k.values.map((v) => v.filter((x) => !Number.isNaN(x)));
            });
            expectSame(a, cs);
          }),
          { numRuns: 10 },
        );
      }),
      { numRuns: 12 },
    );
  });

  it('UCR text in scientific notation, labels as whole numbers', () => {
    const ucrCases = cases(1, true).map((cs) =>
      cs.map((k, i) => ({ ...k, label: String((i % 3) - 1) })),
    );
    fc.assert(
      fc.property(ucrCases, (cs) => {
        const a = parseArchive('ucr', writeUcr(cs), 'p.txt');
        expectSame(a, cs, (v) => Number(num(v, true)));
      }),
      { numRuns: 100 },
    );
  });

  it('the dataset holds the values, padded by repeating the last one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), (C) => {
        fc.assert(
          fc.property(cases(C, true), (cs) => {
            const text = writeTs(cs, classes(cs));
            const r = inspectArchive('ts', text, 'p.ts');
            const { dataset } = archiveDataset('ts', text, r.config, 'p.ts');
            const T = r.archive.steps;
            expect(dataset.shape).toEqual([cs.length, T, C]);
            cs.forEach((k, i) =>
              k.values.forEach((v, c) => {
                for (let t = 0; t < T; t++) {
                  const want = Math.fround(v[Math.min(t, v.length - 1)]);
                  expect(dataset.x[(i * T + t) * C + c]).toBe(want);
                }
              }),
            );
          }),
          { numRuns: 8 },
        );
      }),
      { numRuns: 6 },
    );
  });
});

/** A mutation of a text: delete, insert or replace a character, duplicate or cut a line. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    ch: fc.constantFrom(
      ',',
      ':',
      '@',
      '?',
      "'",
      '"',
      '\\',
      '{',
      '(',
      '\n',
      ' ',
      'x',
      '1',
      '-',
      '%',
      '#',
    ),
  }),
  fc.record({ kind: fc.constant('dupline' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
);

function mutate(text: string, ms: { kind: string; at: number; ch?: string }[]): string {
  let t = text;
  for (const m of ms) {
    const at = m.at % (t.length + 1);
    if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + 1);
    else if (m.kind === 'insert') t = t.slice(0, at) + m.ch + t.slice(at);
    else if (m.kind === 'cut') t = t.slice(0, at);
    else {
      const lines = t.split('\n');
      const i = at % lines.length;
      lines.splice(i, 0, lines[i]);
      t = lines.join('\n');
    }
  }
  return t;
}

describe('archive parsers: a mutated file gives data or a TsvizError, never a crash', () => {
  const formats: ArchiveFormat[] = ['ts', 'arff', 'ucr'];
  it.each(formats)('%s', (format) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }).chain((C) => cases(format === 'ucr' ? 1 : C, true)),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (cs, ms) => {
          const labelled = format === 'ucr' ? cs.map((k) => ({ ...k, label: '1' })) : cs;
          const text =
            format === 'ts'
              ? writeTs(labelled, classes(labelled))
              : format === 'arff'
                ? writeArff(labelled, classes(labelled))
                : writeUcr(labelled);
          const bad = mutate(text, ms);
          try {
            const r = inspectArchive(format, bad, 'm');
            archiveDataset(format, bad, r.config, 'm');
          } catch (e) {
            if (!(e instanceof TsvizError)) throw e;
            expect(e.problem.length).toBeGreaterThan(0);
            expect(e.fix.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
