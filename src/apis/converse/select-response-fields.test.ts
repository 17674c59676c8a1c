import { describe, expect, it } from 'vitest';
import { selectResponseFields } from './select-response-fields.ts';

describe('selectResponseFields', () => {
  const body = { stop_sequence: null, usage: { input_tokens: 9, output_tokens: 3 }, 'a/b': { '~x': 1 }, content: [{ type: 'text' }] };

  it('selects JSON Pointers with their nesting, null values included', () => {
    expect(selectResponseFields(body, ['/stop_sequence', '/usage/input_tokens'])).toEqual({ stop_sequence: null, usage: { input_tokens: 9 } });
  });

  it('unescapes ~1 and ~0, reads arrays by index, and leaves out paths that name nothing', () => {
    expect(selectResponseFields(body, ['/a~1b/~0x', '/content/0/type', '/missing', '/usage/none'])).toEqual({ 'a/b': { '~x': 1 }, content: { 0: { type: 'text' } } });
  });
});
