import { describe, expect, it } from 'vitest';
import { BedrockException } from './bedrock-exception.ts';
import { validateWithin } from './validate-within.ts';

describe('validateWithin', () => {
  it('returns what the validation returns', () => {
    expect(validateWithin(() => ({ success: true, data: 42 }))).toEqual({ success: true, data: 42 });
  });

  it('turns the stack running out into a ValidationException that says why', () => {
    // A real overflow, as a validator recursing over a million bad blocks meets it.
    const recurse = (depth: number): number => recurse(depth + 1) + 1;
    let thrown: unknown;
    try {
      validateWithin(() => recurse(0));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BedrockException);
    const exception = thrown as BedrockException;
    expect({ name: exception.name, status: exception.status, message: exception.message }).toEqual({
      name: 'ValidationException',
      status: 400,
      message: 'The request has more invalid values than can be listed; check the shape of its content blocks.',
    });
  });

  it('passes any other error on as it is', () => {
    const bug = new TypeError('a bug of ours');
    expect(() => validateWithin(() => {
      throw bug;
    })).toThrow(bug);
    const exception = new BedrockException('ValidationException', 'already in Bedrock’s words');
    expect(() => validateWithin(() => {
      throw exception;
    })).toThrow(exception);
  });
});
