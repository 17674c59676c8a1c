import { getPath } from 'hono/utils/url';
import { describe, expect, it } from 'vitest';
import { routedPath } from './control-guard.ts';

describe('routedPath', () => {
  it('is the path the router matches (Hono’s own getPath), escapes and all', () => {
    const paths = [
      '/_emulator/reset',
      '/%5Femulator/reset',
      '/%5F%65mulator/fixtures?x=%5F',
      '/_emulator%2Freset',
      '/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke',
      '/bad%E0%A4%A/then%5F',
      '/%25%5Femulator',
      '/',
    ];
    for (const path of paths) {
      const url = `http://127.0.0.1:8000${path}`;
      expect(routedPath(url), path).toBe(getPath(new Request(url)));
    }
  });
});
