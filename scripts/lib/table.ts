/** Number formatting for the demo data files (they are parsed by src/core's CSV reader). */

/** A number with at most `digits` decimals and no trailing zeros ("-0" becomes "0"). */
export function formatNumber(v: number, digits: number): string {
  const s = v.toFixed(digits).replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}
