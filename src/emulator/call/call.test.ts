import { describe, expect, it } from 'vitest';
import { eitherAborted } from './call.ts';

describe('eitherAborted', () => {
  it('aborts with the reason of whichever signal aborts first, once', () => {
    const first = new AbortController();
    const second = new AbortController();
    const either = eitherAborted(first.signal, second.signal);
    let aborts = 0;
    either.addEventListener('abort', () => (aborts += 1));
    expect(either.aborted).toBe(false);
    second.abort('the client went away');
    first.abort('later');
    expect(either.aborted).toBe(true);
    expect(either.reason).toBe('the client went away');
    expect(aborts).toBe(1);
  });

  it('is an already aborted signal when one of them is', () => {
    const gone = AbortSignal.abort('gone');
    expect(eitherAborted(new AbortController().signal, gone)).toBe(gone);
    expect(eitherAborted(gone, new AbortController().signal)).toBe(gone);
  });
});
