import { describe, expect, it } from 'vitest';
import { showValue, unresolved } from './template-value.ts';

/** What a problem showed before: the whole JSON, then cut. */
const cutJson = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

describe('showValue', () => {
  it.each([
    ['nodejs18.x'],
    [30],
    [null],
    [['a', 'b', 'c']],
    [{ Ref: 'Table', 'Fn::If': unresolved }],
    [['a', unresolved]],
    [{ Statement: [{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }] }],
    ['x'.repeat(100)],
    [{ ['k'.repeat(100)]: 1 }],
  ])('shows %j as JSON.stringify writes it, cut at 60 characters', (value) => {
    expect(showValue(value)).toBe(cutJson(value));
  });

  it('names an unresolved value', () => {
    expect(showValue(unresolved)).toBe('an unresolved value');
  });

  it('reads no more of a long list than it shows', () => {
    const names = Array.from({ length: 200_000 }, () => 'name');
    const list = new Proxy(names, {
      get(target, property, receiver) {
        if (typeof property === 'string' && /^\d+$/.test(property) && Number(property) > 20) throw new Error(`read item ${property}, past what is shown`);
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    expect(showValue(list)).toBe(cutJson(names));
  });
});
