/**
 * Character-level helpers of the CSV tokenizer (csv.ts): finding a cell's end, reading a
 * quoted cell, counting line breaks. Positions are UTF-16 indices into the text.
 */

export const QUOTE = 34;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const TAB = 9;

/** Number of line breaks (LF, CRLF or lone CR) in text. */
export function countLineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR && text.charCodeAt(i + 1) !== LF) n++;
  }
  return n;
}

/**
 * Index of the first line break or separator at or after `from` (text.length if none).
 * `delim` is the separator's char code, or -1 for runs of spaces and tabs.
 */
export function cellEnd(text: string, from: number, delim: number): number {
  const n = text.length;
  let k = from;
  if (delim < 0) {
    while (k < n) {
      const c = text.charCodeAt(k);
      if (c === LF || c === CR || c === SPACE || c === TAB) break;
      k++;
    }
  } else {
    while (k < n) {
      const c = text.charCodeAt(k);
      if (c === LF || c === CR || c === delim) break;
      k++;
    }
  }
  return k;
}

/**
 * Read the quoted cell whose opening quote is at `open`: its content with "" made ", and
 * the index of the closing quote. 'more' when the text ends before that is certain (a final
 * quote could be the first of a doubled pair) and `final` is false; 'unclosed' when `final`
 * and the quote is never closed.
 */
export function readQuoted(
  text: string,
  open: number,
  final: boolean,
): { value: string; close: number } | 'more' | 'unclosed' {
  const n = text.length;
  const parts: string[] = [];
  let seg = open + 1;
  for (;;) {
    const q = text.indexOf('"', seg);
    if (q < 0 || (q + 1 >= n && !final)) return final ? 'unclosed' : 'more';
    if (text.charCodeAt(q + 1) === QUOTE) {
      parts.push(text.slice(seg, q + 1));
      seg = q + 2;
      continue;
    }
    parts.push(text.slice(seg, q));
    return { value: parts.join(''), close: q };
  }
}
