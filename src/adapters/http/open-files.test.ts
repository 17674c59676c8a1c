import { describe, expect, it } from 'vitest';
import { parseOpenFileLimit } from './open-files.ts';

const limits = (openFiles: string): string =>
  [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max cpu time              unlimited            unlimited            seconds   ',
    `Max open files            ${openFiles}                files     `,
    'Max processes             63704                63704                processes ',
  ].join('\n');

describe('parseOpenFileLimit', () => {
  it('reads the soft limit of the open files line', () => {
    expect(parseOpenFileLimit(limits('1024                 524288             '))).toBe(1024);
    expect(parseOpenFileLimit(limits('20000                20000              '))).toBe(20_000);
  });

  it('has no limit to report when it is unlimited or missing', () => {
    expect(parseOpenFileLimit(limits('unlimited            unlimited          '))).toBeUndefined();
    expect(parseOpenFileLimit('Max processes 10 10 processes')).toBeUndefined();
  });
});
