import { describe, expect, it } from 'vitest';
import { CsvTokenizer, parseCsvText } from './csv';
import { isNumberCell, parseNumberCell } from './csv-number';
import { sniff, sniffSampleEnd, SNIFF_CHARS } from './csv-sniff';
import { thrown } from './thrown.test-util';

const cells = (text: string, d: Parameters<typeof parseCsvText>[1] = ',') =>
  parseCsvText(text, d).map((r) => r.cells);

describe('CsvTokenizer', () => {
  it('splits plain rows with LF, CRLF and lone CR', () => {
    expect(cells('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(cells('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(cells('a,b\r1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('drops a byte-order mark and skips blank and trailing blank lines', () => {
    expect(cells('\uFEFFx,y\n1,2\n\n  \n3,4\n\n')).toEqual([
      ['x', 'y'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('numbers rows by the line they start on, blank lines included', () => {
    const rows = parseCsvText('a\n\n1\n"x\ny"\n2\n', ',');
    expect(rows.map((r) => r.row)).toEqual([1, 3, 4, 6]);
  });

  it('handles RFC 4180 quoting: doubled quotes, delimiters and newlines inside', () => {
    expect(cells('"a ""q"", b","line1\r\nline2",c\n')).toEqual([
      ['a "q", b', 'line1\r\nline2', 'c'],
    ]);
    expect(cells('"",x\n')).toEqual([['', 'x']]);
    expect(cells(' "a" ,b\n')).toEqual([['a', 'b']]);
  });

  it('keeps empty cells, including a trailing one', () => {
    expect(cells('1,,3\n4,5,\n')).toEqual([
      ['1', '', '3'],
      ['4', '5', ''],
    ]);
  });

  it('supports ; tab | and whitespace runs', () => {
    expect(cells('1;2\n', ';')).toEqual([['1', '2']]);
    expect(cells('1\t2\t\n', '\t')).toEqual([['1', '2', '']]);
    expect(cells('1|2\n', '|')).toEqual([['1', '2']]);
    expect(cells('  1   2\t3  \n\n4 5 6', 'whitespace')).toEqual([
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
    expect(cells('"a b" c\n', 'whitespace')).toEqual([['a b', 'c']]);
  });

  it('gives the same records for any chunking (CR/LF and quotes split)', () => {
    const text = '\uFEFFa,"b""\r\nc"\r\n1,2\r\n\r\n3,"4"\r\n';
    const whole = cells(text);
    for (let size = 1; size <= 5; size++) {
      const out: string[][] = [];
      const t = new CsvTokenizer(',', (c) => out.push(c));
      for (let i = 0; i < text.length; i += size) t.push(text.slice(i, i + size));
      t.finish();
      expect(out).toEqual(whole);
    }
  });

  it('refuses a quote that is never closed, naming row and column', () => {
    const e = thrown(() => parseCsvText('a,b\n1,"2\n3,4\n', ',', 'data.csv'));
    expect(e.code).toBe('csv-bad-cell');
    expect(e.problem).toContain('Row 2, column 2 of data.csv');
  });
});

describe('number cells', () => {
  it('accepts numbers with spaces around and refuses the rest', () => {
    expect(parseNumberCell(' -1.5e3 ')).toBe(-1500);
    expect(parseNumberCell('\t.5')).toBe(0.5);
    expect(parseNumberCell('7.')).toBe(7);
    for (const bad of ['', ' ', 'NaN', 'Infinity', '-inf', '0x10', '1,5', '1e39', 'abc', '1 2']) {
      expect(isNumberCell(bad), bad).toBe(false);
    }
  });
});

describe('sniff', () => {
  it('detects comma and a header over a quoted timestamp column (B5M layout)', () => {
    const s = sniff(
      '"Time","Traffic"\n"2004-11-19 09:30:00",4838.665\n"2004-11-19 09:35:00",4845.1\n',
    );
    expect(s.delimiter).toBe(',');
    expect(s.hasHeader).toBe(true);
    expect(s.header).toEqual(['Time', 'Traffic']);
    expect(s.columnCount).toBe(2);
    expect(s.previewRows[0]).toEqual(['2004-11-19 09:30:00', '4838.665']);
    expect(s.columns[0].numeric).toBe(false);
    expect(s.columns[1].numeric).toBe(true);
  });

  it('detects tab without a header (UCR layout)', () => {
    const s = sniff('1\t0.5\t0.25\n-1\t0.1\t0.2\n');
    expect(s).toMatchObject({ delimiter: '\t', hasHeader: false, header: null, columnCount: 3 });
    expect(s.columnNames).toEqual(['column 1', 'column 2', 'column 3']);
    expect(s.columns[0]).toMatchObject({ integer: true, distinct: 2 });
  });

  it('detects ; | and whitespace', () => {
    expect(sniff('a;b\n1;2\n3;4\n').delimiter).toBe(';');
    expect(sniff('2020-01-01 10:00;1.5\n2020-01-01 10:05;1.6\n').delimiter).toBe(';');
    expect(sniff('a|b\n1|2\n').delimiter).toBe('|');
    expect(sniff('1  2  3\n4 5 6\n').delimiter).toBe('whitespace');
  });

  it('refuses an empty file and a header-only file', () => {
    expect(thrown(() => sniff('', { source: 'e.csv' })).code).toBe('csv-empty');
    expect(thrown(() => sniff('\uFEFF\r\n\r\n')).code).toBe('csv-empty');
    const e = thrown(() => sniff('a,b,c\n', { source: 'h.csv' }));
    expect(e.code).toBe('csv-header-only');
    expect(e.problem).toContain('h.csv');
  });

  it('refuses binary or UTF-16 content', () => {
    const e = thrown(() => sniff('a\u0000,\u0000b\u0000\n', { source: 'u16.csv' }));
    expect(e.code).toBe('csv-bad-cell');
    expect(e.problem).toContain('u16.csv is not CSV text');
  });

  it('does not call a truncated sample header-only', () => {
    const s = sniff('a,b,c\n', { complete: false });
    expect(s.hasHeader).toBe(true);
    expect(s.previewRows).toEqual([]);
  });

  it('looks past 64 KiB when the first lines are longer', () => {
    const row = Array.from({ length: 20000 }, (_, i) => String(i % 10)).join(',');
    const text = `${row}\n${row}\n${row}\n`;
    expect(sniffSampleEnd(text.slice(0, SNIFF_CHARS + 5), false)).toBeNull();
    expect(sniffSampleEnd(text, false)).toBe(2 * (row.length + 1));
    expect(sniff(text).columnCount).toBe(20000);
  });
});
