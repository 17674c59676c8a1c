import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.ts';

describe('closestName', () => {
  it('suggests within an edit or two, case aside', () => {
    expect(closestName('timout', ['Timeout', 'MemorySize'])).toBe('Timeout');
    expect(closestName('Layers', ['Timeout', 'MemorySize'])).toBeUndefined();
  });

  it.each([
    ['a letter changed', 'lastUserMassage', 'lastUserMessage'],
    ['a letter missing', 'lastUserMesage', 'lastUserMessage'],
    ['a letter too many', 'lastUserMesssage', 'lastUserMessage'],
    ['two letters swapped (two edits)', 'lastUesrMessage', 'lastUserMessage'],
  ])('counts %s as within reach of a long name', (_case, name, known) => {
    expect(closestName(name, ['system', known])).toBe(known);
  });

  it('allows one edit per four letters of the known name, at least one', () => {
    expect(closestName('tol', ['tool'])).toBe('tool');
    expect(closestName('tl', ['tool'])).toBeUndefined();
    expect(closestName('lstUsrMssage', ['lastUserMessage'])).toBe('lastUserMessage');
    expect(closestName('lstUsrMssge', ['lastUserMessage'])).toBeUndefined();
  });

  it('takes the closest, and the first of equally close ones', () => {
    expect(closestName('lastUserMesage', ['lastUserMassages', 'lastUserMessage'])).toBe('lastUserMessage');
    expect(closestName('tex', ['text', 'tax', 'tee'])).toBe('text');
  });

  it('stops comparing once its budget is spent, and takes from it what it compares', () => {
    const budget = { cells: 100 };
    expect(closestName('Timout', ['Timeout'], budget)).toBe('Timeout');
    expect(budget.cells).toBe(100 - 7 * 8);
    expect(closestName('Timout', ['Timeout'], budget)).toBeUndefined();
  });

  it('spends nothing on names whose lengths are too far apart to be close', () => {
    const budget = { cells: 100 };
    expect(closestName('Timout', ['TimeoutInSecondsForTheWholeRun', 'Timeout'], budget)).toBe('Timeout');
    expect(budget.cells).toBe(100 - 7 * 8);
  });
});
