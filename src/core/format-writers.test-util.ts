/**
 * Test helper (not a test file): write archive files (.ts, ARFF, UCR text) from cases, as the
 * archives and sktime/Weka write them, so the parsers can be checked against what wrote them.
 */

export interface WrittenCase {
  /** [C][T_i] */
  values: number[][];
  label: string | null;
}

/** `v` as the archives print it: plain, or scientific like the UCR text files. */
export function num(v: number, scientific = false): string {
  if (Number.isNaN(v)) return scientific ? 'NaN' : '?';
  return scientific ? v.toExponential(7) : String(v);
}

/** A UEA/sktime .ts file; `classes` null for no labels. */
export function writeTs(cases: WrittenCase[], classes: string[] | null, name = 'Test'): string {
  const C = cases[0]?.values.length ?? 1;
  const equal = cases.every((k) => k.values.every((v) => v.length === cases[0].values[0].length));
  const lines = [
    '# written by format-writers.test-util.ts',
    `@problemName ${name}`,
    '@timeStamps false',
    `@univariate ${C === 1}`,
    ...(C > 1 ? [`@dimensions ${C}`] : []),
    `@equalLength ${equal}`,
    classes ? `@classLabel true ${classes.join(' ')}` : '@classLabel false',
    '@data',
  ];
  for (const k of cases) {
    const dims = k.values.map((v) => v.map((x) => num(x)).join(','));
    lines.push([...dims, ...(k.label !== null ? [k.label] : [])].join(':'));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * An ARFF file: univariate (one numeric attribute per step) when every case has one channel
 * and `relational` is false, else the UEA relational layout. All cases must be T long
 * (shorter ones are padded with ?).
 */
export function writeArff(
  cases: WrittenCase[],
  classes: string[] | null,
  relational = (cases[0]?.values.length ?? 1) > 1,
): string {
  const T = Math.max(...cases.flatMap((k) => k.values.map((v) => v.length)));
  const pad = (v: number[]) => [...v.map((x) => num(x)), ...Array(T - v.length).fill('?')];
  const steps = Array.from({ length: T }, (_, t) => `@attribute t${t + 1} numeric`);
  const lines = ['% written by format-writers.test-util.ts', '@relation Test', ''];
  if (relational)
    lines.push('@attribute series relational', ...steps.map((s) => `  ${s}`), '@end series');
  else lines.push(...steps);
  if (classes) lines.push(`@attribute target {${classes.join(',')}}`);
  lines.push('', '@data');
  for (const k of cases) {
    const label = k.label !== null ? [k.label] : [];
    if (relational) {
      const rel = k.values.map((v) => pad(v).join(',')).join('\\n');
      lines.push([`'${rel}'`, ...label].join(','));
    } else lines.push([...pad(k.values[0]), ...label].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** An old UCR text file: label first, values in scientific notation, spaces between. */
export function writeUcr(cases: WrittenCase[]): string {
  return cases
    .map((k) => `  ${[Number(k.label), ...k.values[0]].map((x) => num(x, true)).join('  ')}`)
    .join('\n')
    .concat('\n');
}
