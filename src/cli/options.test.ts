import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { authModesOption, integer, nonNegativeNumber, portNumber, positiveInteger } from './options.ts';

/** The message a parser refuses a value with; commander prints it after "argument '…' is invalid." */
function refusal(parse: (value: string) => unknown, value: string): string {
  try {
    parse(value);
  } catch (error) {
    // An InvalidArgumentError, which commander turns into its one-line error (any other error escapes it).
    expect(error, value).toBeInstanceOf(InvalidArgumentError);
    return (error as Error).message;
  }
  throw new Error(`${value} was accepted`);
}

describe('portNumber', () => {
  it('reads a port from 0 (a free one) to 65535', () => {
    expect(['0', '1', '4010', '65535'].map(portNumber)).toEqual([0, 1, 4010, 65535]);
  });

  it('refuses anything else, saying the range', () => {
    for (const value of ['65536', '-1', '80.5', 'eighty', 'NaN', 'Infinity']) expect(refusal(portNumber, value), value).toBe('expected an integer from 0 to 65535.');
  });
});

describe('nonNegativeNumber', () => {
  it('reads zero, fractions and whole numbers', () => {
    expect(['0', '0.5', '2', '10'].map(nonNegativeNumber)).toEqual([0, 0.5, 2, 10]);
  });

  it('refuses a negative number, a word and infinity', () => {
    for (const value of ['-0.1', '-1', 'fast', 'Infinity']) expect(refusal(nonNegativeNumber, value), value).toBe('expected a number >= 0.');
  });
});

describe('positiveInteger', () => {
  it('reads whole numbers from 1', () => {
    expect(['1', '128', '29000'].map(positiveInteger)).toEqual([1, 128, 29000]);
  });

  it('refuses zero, negatives, fractions and words', () => {
    for (const value of ['0', '-3', '1.5', 'many', '']) expect(refusal(positiveInteger, value), value).toBe('expected an integer >= 1.');
  });
});

describe('integer', () => {
  it('reads any whole number, negative ones too', () => {
    expect(['-7', '0', '42'].map(integer)).toEqual([-7, 0, 42]);
  });

  it('refuses fractions and words', () => {
    for (const value of ['1.5', 'seed', 'NaN']) expect(refusal(integer, value), value).toBe('expected an integer.');
  });
});

describe('authModesOption', () => {
  it('reads any as no check, and one or both modes, each once, in the order given', () => {
    expect(authModesOption('any')).toEqual([]);
    expect(authModesOption('sigv4')).toEqual(['sigv4']);
    expect(authModesOption('api-key')).toEqual(['api-key']);
    expect(authModesOption('sigv4,api-key')).toEqual(['sigv4', 'api-key']);
    expect(authModesOption(' api-key , sigv4 ')).toEqual(['api-key', 'sigv4']);
    expect(authModesOption('sigv4,sigv4')).toEqual(['sigv4']);
  });

  it('refuses another mode, an empty one, and any mixed with a mode', () => {
    for (const value of ['oauth', 'SIGV4', '', 'sigv4,', 'any,sigv4', 'none']) expect(refusal(authModesOption, value), value).toBe('expected any, sigv4, api-key, or sigv4,api-key.');
  });
});
