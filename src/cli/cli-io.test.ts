import { describe, expect, it } from 'vitest';
import { plural, stopped, UsageError } from './cli-io.ts';

describe('UsageError', () => {
  it('is an Error named UsageError, carrying its message as given', () => {
    const error = new UsageError('give the answer with --text or --text-file');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('UsageError');
    expect(error.message).toBe('give the answer with --text or --text-file');
  });
});

describe('plural', () => {
  it('counts a noun, singular only for one', () => {
    expect([0, 1, 2, 10].map((count) => plural(count, 'fixture'))).toEqual(['0 fixtures', '1 fixture', '2 fixtures', '10 fixtures']);
  });
});

describe('stopped', () => {
  it('resolves when the signal aborts, not before', async () => {
    const stop = new AbortController();
    let resolved = false;
    const lifetime = stopped(stop.signal).then(() => {
      resolved = true;
    });
    // Every callback already queued runs first: nothing but the abort resolves it.
    await new Promise((resolve) => setImmediate(resolve));
    expect(resolved).toBe(false);
    stop.abort();
    await lifetime;
    expect(resolved).toBe(true);
  });

  it('resolves at once for a signal already aborted', async () => {
    let resolved = false;
    await stopped(AbortSignal.abort()).then(() => {
      resolved = true;
    });
    expect(resolved).toBe(true);
  });
});
