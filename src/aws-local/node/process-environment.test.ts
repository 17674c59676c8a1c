import { afterEach, describe, expect, it } from 'vitest';
import { setProcessEnvironment } from './process-environment.ts';

const names = ['PE_TEST_A', 'PE_TEST_B', 'PE_TEST_C'];
afterEach(() => {
  for (const name of names) delete process.env[name];
});

describe('setProcessEnvironment', () => {
  it('sets variables, fills defaults only where unset, and puts everything back', () => {
    process.env['PE_TEST_B'] = 'mine';
    const restore = setProcessEnvironment({ PE_TEST_A: 'a' }, { PE_TEST_B: 'default', PE_TEST_C: 'c' });
    expect([process.env['PE_TEST_A'], process.env['PE_TEST_B'], process.env['PE_TEST_C']]).toEqual(['a', 'mine', 'c']);
    restore();
    expect([process.env['PE_TEST_A'], process.env['PE_TEST_B'], process.env['PE_TEST_C']]).toEqual([undefined, 'mine', undefined]);
  });

  it('leaves nothing behind when layers are removed in any order', () => {
    const first = setProcessEnvironment({ PE_TEST_A: 'first' });
    const second = setProcessEnvironment({ PE_TEST_A: 'second' }, { PE_TEST_B: 'b' });
    expect(process.env['PE_TEST_A']).toBe('second');
    first();
    expect(process.env['PE_TEST_A']).toBe('second');
    second();
    expect([process.env['PE_TEST_A'], process.env['PE_TEST_B']]).toEqual([undefined, undefined]);
  });

  it('gives the later layer the last word, and the earlier one back when the later goes', () => {
    process.env['PE_TEST_A'] = 'shell';
    const first = setProcessEnvironment({ PE_TEST_A: 'first' });
    const second = setProcessEnvironment({ PE_TEST_A: 'second' });
    second();
    expect(process.env['PE_TEST_A']).toBe('first');
    second();
    first();
    expect(process.env['PE_TEST_A']).toBe('shell');
  });
});
