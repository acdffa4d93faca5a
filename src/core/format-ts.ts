/**
 * The UEA/sktime .ts format: `#` comment lines, `@tag value` header lines (@problemName,
 * @timeStamps, @missing, @univariate, @dimensions, @equalLength, @seriesLength,
 * @classLabel true a b c | false, @targetLabel true | false), then `@data` and one case per
 * line: each channel's values separated by `,`, channels separated by `:`, the class label
 * (or regression target) last. `?` or NaN is a missing value. Series may differ in length.
 * Time-stamped data (`@timeStamps true`) is refused.
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

interface TsHeader {
  classLabels: string[] | null;
  hasClass: boolean;
  hasTarget: boolean;
  dimensions: number | null;
}

function truth(v: string | undefined): boolean {
  return (v ?? '').trim().toLowerCase() === 'true';
}

function headerError(source: string, line: number, problem: string, fix?: string): TsvizError {
  return formatError(
    source,
    line,
    problem,
    fix ?? 'Check the file is a UEA/sktime .ts file (see the sktime documentation of the format).',
  );
}

/** Parse one data line into a case (throws a TsvizError naming the line). */
function parseCase(text: string, line: number, h: TsHeader, source: string): ArchiveCase {
  const parts = text.split(':');
  const labelled = h.hasClass || h.hasTarget;
  if (labelled && parts.length < 2) {
    throw headerError(
      source,
      line,
      `${shortLine(text)} has no label: a case is its channels separated by ":" with the label last.`,
    );
  }
  const rawLabel = labelled ? (parts.pop() as string) : null;
  const channels = parts.map((p, c) => {
    if (p.trim() === '') {
      throw headerError(
        source,
        line,
        `channel ${c + 1} is empty.`,
        'Give every channel of a case at least one value.',
      );
    }
    if (p.includes('(')) {
      throw headerError(
        source,
        line,
        'it holds time stamps "(t, value)", which this app does not read.',
        'Save the data without time stamps (@timeStamps false).',
      );
    }
    return p.split(',').map((cell, t) => {
      const v = parseValue(cell);
      if (v === null) {
        throw headerError(
          source,
          line,
          `value ${t + 1} of channel ${c + 1} is ${shortLine(cell)}, which is not a number.`,
          'Write values as numbers (a dot as decimal point), ? for a missing one.',
        );
      }
      return v;
    });
  });
  if (h.dimensions !== null && channels.length !== h.dimensions) {
    throw headerError(
      source,
      line,
      `the case has ${channels.length} channel${channels.length === 1 ? '' : 's'}, but the header says @dimensions ${h.dimensions}.`,
      'Give every case the same channels, separated by ":".',
    );
  }
  let label: string | null = null;
  if (rawLabel !== null) {
    label = h.hasTarget ? rawLabel.trim() : normalLabel(rawLabel);
    if (h.hasTarget && parseValue(label) === null) {
      throw headerError(
        source,
        line,
        `the target ${shortLine(label)} is not a number (@targetLabel true).`,
        'Write regression targets as numbers.',
      );
    }
    if (label === '') throw headerError(source, line, 'the label is blank.', 'Fill in the label.');
    if (h.classLabels && !h.classLabels.includes(label)) {
      throw headerError(
        source,
        line,
        `the label ${shortLine(label)} is not one of the classes of @classLabel (${h.classLabels.join(', ')}).`,
        'Correct the label, or add it to the @classLabel line.',
      );
    }
  }
  return { values: channels, label, line };
}

/** Parse a whole .ts file. Throws a TsvizError naming the line for anything malformed. */
export function parseTsFile(text: string, source: string): ArchiveSeries {
  const lines = text.split(/\r\n|\r|\n/);
  const h: TsHeader = { classLabels: null, hasClass: false, hasTarget: false, dimensions: null };
  let i = 0;
  let data = false;
  for (; i < lines.length && !data; i++) {
    const l = lines[i].trim();
    if (l === '' || l.startsWith('#')) continue;
    if (!l.startsWith('@')) {
      throw headerError(
        source,
        i + 1,
        `${shortLine(l)} comes before @data but is not a @tag line.`,
        'A .ts file starts with @tag lines (@problemName, @classLabel, ...) and @data before the cases.',
      );
    }
    const [tag, ...rest] = l.slice(1).split(/\s+/);
    const key = tag.toLowerCase();
    if (key === 'data') data = true;
    else if (key === 'classlabel') {
      h.hasClass = truth(rest[0]);
      h.classLabels = h.hasClass && rest.length > 1 ? rest.slice(1).map(normalLabel) : null;
    } else if (key === 'targetlabel') h.hasTarget = truth(rest[0]);
    else if (key === 'timestamps' && truth(rest[0])) {
      throw headerError(
        source,
        i + 1,
        'the data has time stamps (@timeStamps true), which this app does not read.',
        'Save the data without time stamps (@timeStamps false).',
      );
    } else if (key === 'dimensions') {
      const d = Number(rest[0]);
      if (!Number.isInteger(d) || d < 1) {
        throw headerError(
          source,
          i + 1,
          `@dimensions ${shortLine(rest.join(' '))} is not a count.`,
        );
      }
      h.dimensions = d;
    }
  }
  if (!data) {
    throw new TsvizError(
      'csv-empty',
      `${source} has no @data line, so it holds no cases.`,
      'Check the file is a whole UEA/sktime .ts file: the cases follow a line "@data".',
    );
  }
  if (h.hasClass && h.hasTarget) {
    throw new TsvizError(
      'csv-bad-cell',
      `${source} says both @classLabel true and @targetLabel true.`,
      'Keep one: classes or regression targets.',
    );
  }
  const cases: ArchiveCase[] = [];
  const trailing = new TrailingText();
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() === '' || l.trim().startsWith('#')) continue;
    let k: ArchiveCase;
    try {
      k = parseCase(l, i + 1, h, source);
      if (cases.length > 0 && k.values.length !== cases[0].values.length) {
        throw headerError(
          source,
          i + 1,
          `the case has ${k.values.length} channels, but the first case (line ${cases[0].line}) has ${cases[0].values.length}.`,
          'Give every case the same channels, separated by ":".',
        );
      }
    } catch (e) {
      if (!(e instanceof TsvizError)) throw e;
      trailing.fail(i + 1, l, e);
      continue;
    }
    trailing.ok();
    cases.push(k);
  }
  if (cases.length === 0 && trailing.first) throw trailing.first;
  const C = cases[0]?.values.length ?? h.dimensions ?? 1;
  const a: ArchiveSeries = {
    format: 'ts',
    channelNames: C === 1 ? ['value'] : Array.from({ length: C }, (_, c) => `dim${c}`),
    cases,
    labels: h.hasClass ? 'classes' : h.hasTarget ? 'targets' : null,
    classLabels: h.classLabels,
    notes: trailing.notes(source),
  };
  checkHasCases(a, source);
  return a;
}
