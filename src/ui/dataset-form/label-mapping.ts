/**
 * The dataset form's label mapping (pure): when a dataset's labels are not the model's class
 * values (-1/1 for a model of classes 0/1, or class names), each label is given a class of
 * the model, one label per class, and the mapping becomes the config's `classValues` (the
 * file label of each class index) and `classNames` (the model's names).
 */

/** One class of the model: the label value its data uses, and its display name. */
export interface ModelClass {
  value: string;
  name: string;
}

/** label -> class index, or null for a label that maps to no class (its rows are refused). */
export type LabelMap = Record<string, number | null>;

const asNumber = (s: string) =>
  /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(s) ? Number(s) : NaN;

/** Is `label` the value `v` (same text, or the same number: "1.0" is "1")? */
export function sameLabel(label: string, v: string): boolean {
  if (label.trim() === v.trim()) return true;
  const a = asNumber(label);
  return !Number.isNaN(a) && a === asNumber(v);
}

/**
 * The model's classes: `count` classes (2 for a single sigmoid output), their data values from
 * the sidecar's `classValues` (else "0", "1", ...) and names from its `classNames` (else the values).
 */
export function modelClasses(
  count: number,
  classValues?: readonly string[],
  classNames?: readonly string[],
): ModelClass[] {
  return Array.from({ length: count }, (_, k) => {
    const value = classValues?.[k] ?? String(k);
    return { value, name: classNames?.[k] ?? value };
  });
}

/** True when some label is not a class value of the model (then the mapping is offered). */
export function labelsDiffer(labels: readonly string[], classes: readonly ModelClass[]): boolean {
  return labels.some((l) => !classes.some((c) => sameLabel(l, c.value)));
}

/**
 * The first mapping: a label named as a class (case aside) gets that class; the others, in
 * their order, the classes still free in index order (so -1, 1 -> 0, 1). One label per class.
 */
export function defaultMapping(
  labels: readonly string[],
  classes: readonly ModelClass[],
): LabelMap {
  const map: LabelMap = {};
  const used = new Set<number>();
  for (const l of labels) {
    const k = classes.findIndex(
      (c) => c.name.trim().toLowerCase() === l.trim().toLowerCase() || sameLabel(l, c.value),
    );
    if (k >= 0 && !used.has(k)) {
      map[l] = k;
      used.add(k);
    }
  }
  for (const l of labels) {
    if (l in map) continue;
    const k = classes.findIndex((_, i) => !used.has(i));
    map[l] = k >= 0 ? k : null;
    if (k >= 0) used.add(k);
  }
  return map;
}

/**
 * Give `label` the class `k` (null: none); a label that had class k gets `label`'s old class,
 * so the mapping stays one label per class.
 */
export function assign(map: LabelMap, label: string, k: number | null): LabelMap {
  const next = { ...map };
  const old = next[label] ?? null;
  if (k !== null) {
    for (const [l, c] of Object.entries(next)) if (c === k && l !== label) next[l] = old;
  }
  next[label] = k;
  return next;
}

/** Text that never is a label (so a class without a label stays empty). */
const unused = (c: ModelClass, k: number) => `(no label for class ${k}: ${c.name})`;

/** The config's classValues and classNames for a mapping. */
export function mappingConfig(
  map: LabelMap,
  classes: readonly ModelClass[],
): { classValues: string[]; classNames: string[] } {
  const classValues = classes.map((c, k) => {
    const hit = Object.entries(map).find(([, v]) => v === k);
    return hit ? hit[0] : unused(c, k);
  });
  return { classValues, classNames: classes.map((c) => c.name) };
}
