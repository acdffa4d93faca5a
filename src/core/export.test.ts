/**
 * CSV export: a cell a spreadsheet would run as a formula is neutralised with a leading
 * apostrophe (OWASP "CSV injection"), numbers stay numbers, RFC 4180 quoting, CRLF rows.
 */
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv, toJson } from './export';

describe('csvCell: formula injection', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['=1+2', "'=1+2"],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['-cmd|calc', "'-cmd|calc"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTAB', "'\tTAB"],
    ['\r=1', `"'\r=1"`],
    ['=', "'="],
    ['-', "'-"],
    ['+', "'+"],
  ])('%j is escaped as %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each([
    ['-1.5', '-1.5'],
    ['+2', '+2'],
    ['-3e-7', '-3e-7'],
    ['-.5', '-.5'],
    ['12', '12'],
  ])('numeric text %j stays a number', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('numbers are written as numbers, negative ones included', () => {
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(-0.000001)).toBe('-0.000001');
    expect(csvCell(1e21)).toBe('1e+21');
  });

  it('non-finite numbers, null and undefined are empty cells', () => {
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(Infinity)).toBe('');
    expect(csvCell(-Infinity)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('text that only contains a formula character later is left alone', () => {
    expect(csvCell('conv1')).toBe('conv1');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('x-1')).toBe('x-1');
    expect(csvCell(' =1')).toBe(' =1');
    expect(csvCell(true)).toBe('true');
  });
});

describe('csvCell: RFC 4180 quoting', () => {
  it.each([
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['"', '""""'],
  ])('%j is quoted as %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('a formula with a comma is both escaped and quoted', () => {
    expect(csvCell('=SUM(A1,B1)')).toBe(`"'=SUM(A1,B1)"`);
  });
});

describe('toCsv', () => {
  it('joins cells with commas and rows with CRLF, ending with CRLF', () => {
    const text = toCsv([
      ['layer', 'filters'],
      ['conv1', 16],
      ['=evil', -2],
    ]);
    expect(text).toBe("layer,filters\r\nconv1,16\r\n'=evil,-2\r\n");
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('keeps a newline inside a quoted cell and still ends rows with CRLF', () => {
    expect(toCsv([['a\nb', 'c']])).toBe('"a\nb",c\r\n');
  });

  it('round-trips through a minimal RFC 4180 reader', () => {
    const rows = [
      ['name', 'note', 'value'],
      ['=1+1', 'he said "x, y"', -4.25],
      ['@a', 'multi\r\nline', 7],
    ];
    expect(readCsv(toCsv(rows))).toEqual([
      ['name', 'note', 'value'],
      ["'=1+1", 'he said "x, y"', '-4.25'],
      ["'@a", 'multi\r\nline', '7'],
    ]);
  });
});

describe('toJson', () => {
  it('writes typed arrays as plain arrays', () => {
    const out = JSON.parse(toJson({ v: new Float32Array([1, -2.5]) })) as { v: number[] };
    expect(out.v).toEqual([1, -2.5]);
  });
});

/** A small RFC 4180 reader for the round trip (quoted fields, doubled quotes, CRLF rows). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
      i++;
    } else {
      cell += ch;
    }
  }
  return rows;
}
