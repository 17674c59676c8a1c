import { describe, expect, it } from 'vitest';
import { injectableFaults } from '../core/planning/injectable-faults.ts';
import { parseFaultSpecs } from './fault-specs.ts';

const expectedForm = `expected NAME=RATE with NAME one of ${injectableFaults.join(', ')} and RATE a fraction from 0 to 1`;

function refusal(spec: string): string {
  try {
    parseFaultSpecs([spec]);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${spec} was accepted`);
}

describe('parseFaultSpecs', () => {
  it('reads NAME=RATE specs, in order: HTTP exceptions, stream exceptions, drop and stall', () => {
    expect(parseFaultSpecs(['ThrottlingException=0.1', 'modelStreamErrorException=0.25', 'drop=0.02', 'stall=1', 'ServiceUnavailableException=0'])).toEqual([
      { fault: 'ThrottlingException', rate: 0.1 },
      { fault: 'modelStreamErrorException', rate: 0.25 },
      { fault: 'drop', rate: 0.02 },
      { fault: 'stall', rate: 1 },
      { fault: 'ServiceUnavailableException', rate: 0 },
    ]);
    expect(parseFaultSpecs([])).toEqual([]);
  });

  it('names every fault it knows in its refusal', () => {
    expect(injectableFaults).toContain('drop');
    expect(injectableFaults).toContain('throttlingException');
    expect(refusal('nonsense=0.1')).toBe(`invalid fault "nonsense=0.1": ${expectedForm}`);
  });

  it('suggests the fault a prefix of three letters or more stands for, with the rate given', () => {
    expect(refusal('Throttling=0.1')).toBe(`invalid fault "Throttling=0.1" (did you mean ThrottlingException=0.1?): ${expectedForm}`);
    expect(refusal('throttling=0.3')).toBe(`invalid fault "throttling=0.3" (did you mean ThrottlingException=0.3?): ${expectedForm}`);
    expect(refusal('ModelStream=0.1')).toBe(`invalid fault "ModelStream=0.1" (did you mean ModelStreamErrorException=0.1?): ${expectedForm}`);
    expect(refusal('sta')).toBe(`invalid fault "sta" (did you mean stall=0.1?): ${expectedForm}`);
  });

  it('suggests the fault a misspelt name stands for', () => {
    expect(refusal('ThrotlingException=0.1')).toBe(`invalid fault "ThrotlingException=0.1" (did you mean ThrottlingException=0.1?): ${expectedForm}`);
    expect(refusal('dropp=0.2')).toBe(`invalid fault "dropp=0.2" (did you mean drop=0.2?): ${expectedForm}`);
  });

  it('suggests nothing for a prefix shorter than three letters', () => {
    expect(refusal('Th=0.1')).toBe(`invalid fault "Th=0.1": ${expectedForm}`);
  });

  it('refuses a rate missing, outside 0 to 1, or not a number', () => {
    for (const spec of ['drop', 'drop=', 'drop=1.5', 'drop=-0.1', 'drop=often']) expect(refusal(spec), spec).toBe(`invalid fault "${spec}": ${expectedForm}`);
  });

  it('reads a rate strictly: no blanks, hexadecimal or a second =', () => {
    // Number() reads ' ' as 0 and '0x1' as 1.
    for (const spec of ['drop= ', 'drop=0x1', 'drop= 0.5', 'drop=0.1=0.2', 'drop=1e-1']) expect(refusal(spec), spec).toBe(`invalid fault "${spec}": ${expectedForm}`);
  });

  it('stops at the first bad spec of several', () => {
    expect(() => parseFaultSpecs(['drop=0.1', 'stall=2', 'nonsense=0.1'])).toThrow('invalid fault "stall=2": ');
  });
});
