/**
 * ARFF (Weka's attribute-relation file format) as the UCR/UEA archives write it:
 * - univariate: `@attribute att1 numeric` ... one numeric attribute per time step and a nominal
 *   class attribute (`@attribute target {-1,1}`); one case per `@data` line, comma-separated;
 * - multivariate (UEA): one `relational` attribute whose inner numeric attributes are the time
 *   steps (closed by `@end name`), and the class; each case's relational value is quoted, its
 *   channels separated by `\n` (backslash n): `'1,2,3\n4,5,6',walking`.
 * `%` starts a comment; `?` is a missing value (trailing ones make a shorter series); names and
 * values may be quoted with ' or ". Sparse rows ({...}), string and date attributes are refused.
 */
import {
  checkHasCases,
  formatError,
  normalLabel,
  parseValue,
  shortLine,
  TrailingText,
  type ArchiveCase,
  type ArchiveSeries,
} from './format-archive';
import { TsvizError } from './errors';

type AttrType =
  | { kind: 'numeric' }
  | { kind: 'nominal'; values: string[] }
  | { kind: 'relational'; inner: number }
  | { kind: 'other'; name: string };

interface Attribute {
  name: string;
  type: AttrType;
  line: number;
}

const FIX = 'Check the file is an ARFF file of the UCR/UEA archive (numeric or relational).';

/**
 * Split `text` at `sep` outside quotes; quotes are removed and `\x` escapes resolved (`\n` to
 * a newline). Throws on an unclosed quote. `quoted[i]` says whether part i was quoted.
 */
export function splitArff(text: string, sep = ','): { parts: string[]; quoted: boolean[] } | null {
  const parts: string[] = [];
  const quoted: boolean[] = [];
  let cur = '';
  let q: string | null = null;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '\\' && i + 1 < text.length) {
        const nx = text[++i];
        cur += nx === 'n' ? '\n' : nx === 't' ? '\t' : nx;
      } else if (ch === q) q = null;
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      if (cur.trim() !== '') return null;
      cur = '';
      q = ch;
      wasQuoted = true;
    } else if (ch === sep) {
      parts.push(wasQuoted ? cur : cur.trim());
      quoted.push(wasQuoted);
      cur = '';
      wasQuoted = false;
    } else if (!(wasQuoted && /\s/.test(ch))) {
      if (wasQuoted) return null;
      cur += ch;
    }
  }
  if (q) return null;
  parts.push(wasQuoted ? cur : cur.trim());
  quoted.push(wasQuoted);
  return { parts, quoted };
}

/** `@attribute name type` -> name and the rest (the type text). */
function attributeParts(rest: string): { name: string; type: string } | null {
  const r = rest.trim();
  const q = r[0];
  if (q === "'" || q === '"') {
    const end = r.indexOf(q, 1);
    if (end < 0) return null;
    return { name: r.slice(1, end), type: r.slice(end + 1).trim() };
  }
  const m = /^(\S+)\s+(.*)$/.exec(r);
  return m ? { name: m[1], type: m[2].trim() } : null;
}

function typeOf(t: string): AttrType | null {
  const lower = t.toLowerCase();
  if (/^(numeric|real|integer)$/.test(lower)) return { kind: 'numeric' };
  if (lower === 'relational') return { kind: 'relational', inner: 0 };
  if (t.startsWith('{')) {
    const end = t.lastIndexOf('}');
    if (end < 0) return null;
    const s = splitArff(t.slice(1, end));
    if (!s) return null;
    return { kind: 'nominal', values: s.parts.map(normalLabel).filter((v) => v !== '') };
  }
  return { kind: 'other', name: t.split(/\s+/)[0] };
}

interface Header {
  attrs: Attribute[];
  /** Index of the line after @data. */
  dataStart: number;
}

function readHeader(lines: string[], source: string): Header {
  const attrs: Attribute[] = [];
  let inRelation: Attribute | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (l === '' || l.startsWith('%')) continue;
    if (!l.startsWith('@')) {
      throw formatError(
        source,
        i + 1,
        `${shortLine(l)} comes before @data but is not an @ line.`,
        FIX,
      );
    }
    const m = /^@(\w+)\s*(.*)$/.exec(l);
    const key = m?.[1].toLowerCase() ?? '';
    const rest = m?.[2] ?? '';
    if (key === 'data') {
      if (inRelation) {
        throw formatError(
          source,
          i + 1,
          `the relational attribute ${shortLine(inRelation.name)} has no @end.`,
          FIX,
        );
      }
      return { attrs, dataStart: i + 1 };
    }
    if (key === 'end') {
      if (!inRelation)
        throw formatError(source, i + 1, '@end without a relational attribute.', FIX);
      inRelation = null;
      continue;
    }
    if (key !== 'attribute') continue; // @relation and others
    const p = attributeParts(rest);
    const type = p && typeOf(p.type);
    if (!p || !type) {
      throw formatError(source, i + 1, `the attribute ${shortLine(rest)} cannot be read.`, FIX);
    }
    if (inRelation) {
      if (type.kind !== 'numeric') {
        throw formatError(
          source,
          i + 1,
          `the relational attribute ${shortLine(inRelation.name)} holds the ${type.kind === 'other' ? type.name : type.kind} attribute ${shortLine(p.name)}; only numeric time steps are read.`,
          FIX,
        );
      }
      (inRelation.type as { inner: number }).inner++;
      continue;
    }
    const attr = { name: p.name, type, line: i + 1 };
    attrs.push(attr);
    if (type.kind === 'relational') inRelation = attr;
  }
  throw new TsvizError(
    'csv-empty',
    `${source} has no @data line, so it holds no cases.`,
    'Check the file is a whole ARFF file: the cases follow a line "@data".',
  );
}

/** Which attributes are values, which is the label; refuses what is not a time series. */
function roles(attrs: Attribute[], source: string) {
  const relational = attrs.filter((a) => a.type.kind === 'relational');
  const nominal = attrs.filter((a) => a.type.kind === 'nominal');
  const other = attrs.find((a) => a.type.kind === 'other');
  if (other) {
    throw formatError(
      source,
      other.line,
      `the attribute ${shortLine(other.name)} is of type ${(other.type as { name: string }).name}; this app reads numeric, nominal (the class) and relational attributes.`,
      'Remove that attribute from the file.',
    );
  }
  if (relational.length > 1) {
    throw formatError(
      source,
      relational[1].line,
      'the file has more than one relational attribute; the UEA layout has one (its rows are the channels).',
      FIX,
    );
  }
  if (nominal.length > 1) {
    throw formatError(
      source,
      nominal[0].line,
      `the file has ${nominal.length} nominal attributes; one (the class) is read.`,
      'Keep only the class attribute among the nominal ones.',
    );
  }
  const label = nominal[0] ?? null;
  const values = attrs.filter((a) => a !== label);
  if (relational.length === 1 && values.length !== 1) {
    throw formatError(
      source,
      relational[0].line,
      'besides its relational attribute the file has numeric attributes; the UEA layout has the relational one and the class only.',
      FIX,
    );
  }
  if (values.length === 0) {
    throw formatError(
      source,
      attrs[0]?.line ?? 1,
      'the file has no numeric attributes (time steps).',
      FIX,
    );
  }
  return { relational: relational[0] ?? null, label, values };
}

/** Parse a whole ARFF file. Throws a TsvizError naming the line for anything malformed. */
export function parseArffFile(text: string, source: string): ArchiveSeries {
  const lines = text.split(/\r\n|\r|\n/);
  const { attrs, dataStart } = readHeader(lines, source);
  const { relational, label } = roles(attrs, source);
  const classLabels = label ? (label.type as { values: string[] }).values : null;
  const cases: ArchiveCase[] = [];
  const trailing = new TrailingText();
  let C: number | null = null;
  for (let i = dataStart; i < lines.length; i++) {
    const l = lines[i];
    const t = l.trim();
    if (t === '' || t.startsWith('%')) continue;
    try {
      const k = parseRow(t, i + 1, attrs, relational, label, classLabels, source);
      if (C !== null && k.values.length !== C) {
        throw formatError(
          source,
          i + 1,
          `the case has ${k.values.length} channels, but the first case has ${C}.`,
          'Give every case the same channels.',
        );
      }
      C = k.values.length;
      cases.push(k);
    } catch (e) {
      if (!(e instanceof TsvizError)) throw e;
      trailing.fail(i + 1, l, e);
      continue;
    }
    trailing.ok();
  }
  if (cases.length === 0 && trailing.first) throw trailing.first;
  const channels = C ?? 1;
  const a: ArchiveSeries = {
    format: 'arff',
    channelNames:
      channels === 1 ? ['value'] : Array.from({ length: channels }, (_, c) => `dim${c}`),
    cases,
    labels: label ? 'classes' : null,
    classLabels,
    notes: trailing.notes(source),
  };
  checkHasCases(a, source);
  return a;
}

function numbers(cells: string[], line: number, what: string, source: string): number[] {
  return cells.map((cell, t) => {
    const v = parseValue(cell);
    if (v === null) {
      throw formatError(
        source,
        line,
        `value ${t + 1}${what} is ${shortLine(cell)}, which is not a number.`,
        'Write values as numbers (a dot as decimal point), ? for a missing one.',
      );
    }
    return v;
  });
}

function parseRow(
  t: string,
  line: number,
  attrs: Attribute[],
  relational: Attribute | null,
  label: Attribute | null,
  classLabels: string[] | null,
  source: string,
): ArchiveCase {
  if (t.startsWith('{')) {
    throw formatError(
      source,
      line,
      'it is a sparse row ({index value, ...}), which this app does not read.',
      'Save the data as dense ARFF rows.',
    );
  }
  const split = splitArff(t);
  if (!split)
    throw formatError(source, line, `${shortLine(t)} has a quote that is not closed.`, FIX);
  const cells = split.parts;
  if (cells.length !== attrs.length) {
    throw formatError(
      source,
      line,
      `the row has ${cells.length} values, but the header declares ${attrs.length} attributes.`,
      'Give every row one value per @attribute.',
    );
  }
  let values: number[][] = [];
  let rawLabel: string | null = null;
  const numeric: string[] = [];
  attrs.forEach((a, j) => {
    if (a === label) rawLabel = cells[j];
    else if (a === relational) {
      const inner = (a.type as { inner: number }).inner;
      values = cells[j].split('\n').map((row, c) => {
        const r = splitArff(row);
        const v = numbers(r?.parts ?? [row], line, ` of channel ${c + 1}`, source);
        if (v.length !== inner) {
          throw formatError(
            source,
            line,
            `channel ${c + 1} has ${v.length} values, but the relational attribute declares ${inner} time steps.`,
            'Give every channel one value per time step, ? for a missing one.',
          );
        }
        return v;
      });
    } else numeric.push(cells[j]);
  });
  if (!relational) values = [numbers(numeric, line, '', source)];
  let lab: string | null = null;
  if (rawLabel !== null) {
    lab = normalLabel(rawLabel);
    if (lab === '' || lab === '?') {
      throw formatError(
        source,
        line,
        'the class is missing.',
        'Fill in the class or delete the row.',
      );
    }
    if (classLabels && !classLabels.includes(lab)) {
      throw formatError(
        source,
        line,
        `the class ${shortLine(lab)} is not one of ${classLabels.join(', ')} (its @attribute).`,
        'Correct the class, or add it to the nominal attribute.',
      );
    }
  }
  return { values, label: lab, line };
}
