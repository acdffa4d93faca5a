import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer } from './csv';
import { sniff } from './csv-sniff';
import { TsvizError } from './errors';
import type { CsvDelimiter } from './types';

type Row = { cells: string[]; row: number };

/** Parse with the text cut at the given points; returns the records or the error code. */
function parseSplit(text: string, d: CsvDelimiter, cuts: number[] = []): Row[] | string {
  const out: Row[] = [];
  const tok = new CsvTokenizer(d, (cells, row) => out.push({ cells, row }));
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  let at = 0;
  try {
    for (const p of [...points, text.length]) {
      tok.push(text.slice(at, p));
      at = p;
    }
    tok.finish();
  } catch (e) {
    if (e instanceof TsvizError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return out;
}

const special = fc.constantFrom(
  ',',
  ';',
  '\t',
  '|',
  '"',
  '\r',
  '\n',
  ' ',
  'a',
  '1',
  '.',
  '-',
  'é',
  '\uFEFF',
);
const cell = fc.string({
  unit: fc.oneof(special, fc.string({ minLength: 1, maxLength: 1 })),
  maxLength: 8,
});
const delimiter = fc.constantFrom<CsvDelimiter>(',', ';', '\t', '|');

function quote(c: string, d: string): string {
  const needs =
    c === '' || /["\r\n]/.test(c) || c.includes(d) || /^[ \t]/.test(c) || c.startsWith('\uFEFF');
  return needs ? `"${c.replace(/"/g, '""')}"` : c;
}

describe('CSV tokenizer properties', () => {
  it('round-trips any table written with RFC 4180 quoting, for any chunking', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((cols) =>
          fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), {
            minLength: 1,
            maxLength: 8,
          }),
        ),
        delimiter,
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        (table, d, eol, bom, cuts) => {
          const text =
            (bom ? '\uFEFF' : '') +
            table.map((r) => r.map((c) => quote(c, d)).join(d)).join(eol) +
            eol;
          const whole = parseSplit(text, d);
          expect(whole).not.toBeTypeOf('string');
          expect((whole as Row[]).map((r) => r.cells)).toEqual(table);
          expect(parseSplit(text, d, cuts)).toEqual(whole);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads whitespace-separated tables with any runs of spaces and tabs', () => {
    const word = fc.stringMatching(/^[a-z0-9.+-]{1,5}$/);
    const gap = fc.stringMatching(/^[ \t]{1,3}$/);
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(word, gap), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (rows, cuts) => {
          const text = rows.map((r) => ' ' + r.map(([w, g]) => w + g).join('')).join('\n');
          const got = parseSplit(text, 'whitespace', cuts);
          expect((got as Row[]).map((r) => r.cells)).toEqual(rows.map((r) => r.map(([w]) => w)));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('on any text, returns records or a TsvizError, the same for any chunking', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.oneof(special, fc.string({ maxLength: 1 })), maxLength: 60 }),
        fc.constantFrom<CsvDelimiter>(',', ';', '\t', '|', 'whitespace'),
        fc.array(fc.nat(), { maxLength: 8 }),
        (text, d, cuts) => {
          expect(parseSplit(text, d, cuts)).toEqual(parseSplit(text, d));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('sniff returns a description or a TsvizError for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: special, maxLength: 80 }), fc.boolean(), (text, complete) => {
        try {
          const s = sniff(text, { complete });
          expect(s.columnNames).toHaveLength(s.columnCount);
          expect(s.previewRows.length).toBeLessThanOrEqual(20);
        } catch (e) {
          if (!(e instanceof TsvizError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
