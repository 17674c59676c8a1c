import { describe, expect, it } from 'vitest';
import { compileOutputSchema, conformanceProblem, exampleFor } from './structured-output.ts';

const weather = {
  type: 'object',
  properties: {
    city: { type: 'string', minLength: 2 },
    unit: { enum: ['celsius', 'fahrenheit'] },
    days: { type: 'integer', minimum: 1 },
    at: { type: 'string', format: 'date-time' },
    alerts: { type: 'array', items: { type: 'string' }, minItems: 2 },
    windy: { type: ['boolean', 'null'] },
  },
  required: ['city', 'unit'],
  additionalProperties: false,
};

describe('conformanceProblem', () => {
  it('accepts JSON that conforms, and says where JSON does not', () => {
    const output = { schema: weather, name: 'weather' };
    expect(conformanceProblem('{"city":"Paris","unit":"celsius"}', output)).toBeUndefined();
    expect(conformanceProblem('{"city":"Paris","unit":"kelvin"}', output)).toMatch(/^at unit: /);
    expect(conformanceProblem('{"city":"Paris"}', output)).toMatch(/^at unit: /);
    expect(conformanceProblem('{"city":"Paris","unit":"celsius","extra":1}', output)).toMatch(/^at the top level: /);
    expect(conformanceProblem('Sunny in Paris', output)).toBe('it is not JSON: "Sunny in Paris"');
  });
});

describe('exampleFor', () => {
  it('makes up a value that conforms: every property, the first enum value, the smallest allowed', () => {
    const example = exampleFor(weather);
    expect(example).toEqual({ city: 'string', unit: 'celsius', days: 1, at: '2026-01-01T00:00:00Z', alerts: ['string', 'string'], windy: false });
    expect(conformanceProblem(JSON.stringify(example), { schema: weather, name: undefined })).toBeUndefined();
  });

  it('takes const, the first branch of anyOf, and pads or cuts strings to their lengths', () => {
    expect(exampleFor({ const: 42 })).toBe(42);
    expect(exampleFor({ anyOf: [{ type: 'number', exclusiveMinimum: 3 }, { type: 'string' }] })).toBe(4);
    expect(exampleFor({ type: 'string', minLength: 9 })).toBe('strings'.padEnd(9, 's').replace('strings', 'strings'));
    expect(exampleFor({ type: 'string', maxLength: 3 })).toBe('str');
  });
});

describe('compileOutputSchema', () => {
  it('refuses what is not a JSON Schema object', () => {
    expect(compileOutputSchema([1, 2]).kind).toBe('invalid');
    expect(compileOutputSchema({ type: 'object' }).kind).toBe('compiled');
  });
});

describe('schemas from requests cannot stall or crash the emulator', () => {
  it('makes up at most a bounded answer for lists nested in lists', () => {
    let schema: object = { type: 'string' };
    for (let depth = 0; depth < 8; depth += 1) schema = { type: 'array', minItems: 8, items: schema };
    // Unbounded, this would build 8^8 values (the test's timeout would end it).
    const example = JSON.stringify(exampleFor(schema));
    // Cut short where the budget ran out: a null where a string was due, eight lists deep.
    expect(conformanceProblem(example, { schema: schema as Record<string, unknown>, name: undefined })).toMatch(/^at (\d+\.){7}\d+: Invalid input: expected string, received null$/);
  });

  it('refuses a schema that refers to itself without end, at compile time', () => {
    expect(compileOutputSchema({ $defs: { a: { $ref: '#/$defs/a' } }, $ref: '#/$defs/a' })).toEqual({ kind: 'invalid', reason: 'it refers to itself without end' });
    const tree = { type: 'object', properties: { children: { type: 'array', items: { $ref: '#' } } } };
    expect(conformanceProblem('{"children":[{"children":[]}]}', { schema: tree, name: undefined })).toBeUndefined();
  });

  it('never runs a request’s regular expression', () => {
    const schema = { type: 'object', properties: { word: { type: 'string', pattern: '^(a+)+$' } } };
    // Run, this pattern would backtrack for hours on this text (the test's timeout would end it).
    expect(conformanceProblem(JSON.stringify({ word: `${'a'.repeat(40)}!` }), { schema, name: undefined })).toBeUndefined();
  });
});
