import { describe, expect, it } from 'vitest';
import { assign, defaultMapping, labelsDiffer, mappingConfig, modelClasses } from './label-mapping';

const binary = modelClasses(2, ['0', '1'], ['abnormal', 'normal']);

describe('label mapping', () => {
  it('is offered only when a label is not a class value', () => {
    expect(labelsDiffer(['0', '1'], binary)).toBe(false);
    expect(labelsDiffer(['1.0', '0'], binary)).toBe(false);
    expect(labelsDiffer(['-1', '1'], binary)).toBe(true);
    expect(labelsDiffer(['normal'], binary)).toBe(true);
  });

  it('maps -1/1 to 0/1 by order, names to their class', () => {
    expect(defaultMapping(['-1', '1'], binary)).toEqual({ '-1': 0, '1': 1 });
    expect(defaultMapping(['normal', 'abnormal'], binary)).toEqual({ normal: 1, abnormal: 0 });
    // "1" is the value of class 1, so -1 gets the free class 0
    expect(defaultMapping(['1', '-1'], binary)).toEqual({ '1': 1, '-1': 0 });
    expect(defaultMapping(['a', 'b', 'c'], binary)).toEqual({ a: 0, b: 1, c: null });
  });

  it('keeps one label per class when a class is reassigned', () => {
    const m = assign({ '-1': 0, '1': 1 }, '-1', 1);
    expect(m).toEqual({ '-1': 1, '1': 0 });
    expect(assign(m, '1', null)).toEqual({ '-1': 1, '1': null });
  });

  it('becomes classValues in class order and the model names', () => {
    expect(mappingConfig({ '-1': 0, '1': 1 }, binary)).toEqual({
      classValues: ['-1', '1'],
      classNames: ['abnormal', 'normal'],
    });
    const c = mappingConfig({ x: 1 }, binary);
    expect(c.classValues[1]).toBe('x');
    expect(c.classValues[0]).toMatch(/no label for class 0/);
  });
});
