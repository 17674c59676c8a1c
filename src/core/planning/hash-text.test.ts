import { describe, expect, it } from 'vitest';
import { hashText } from './hash-text.ts';

describe('hashText', () => {
  it('hashes parts as it hashes their concatenation', () => {
    expect(hashText('abc', '|', '{"system":"Be terse."}')).toBe(hashText('abc|{"system":"Be terse."}'));
    expect(hashText('', 'x')).toBe(hashText('x'));
    expect(hashText('ab', 'c')).not.toBe(hashText('ab', 'd'));
    expect(hashText('You are terse.')).toMatch(/^[0-9a-f]{16}$/);
  });
});
