import { getPath } from 'hono/utils/url';
import { describe, expect, it } from 'vitest';
import { addressOrLoopback, pathSpellings } from './control-guard.ts';

describe('pathSpellings', () => {
  it('always includes the path the router matches (Hono’s own getPath), escapes and all', () => {
    const paths = [
      '/_emulator/reset',
      '/%5Femulator/reset',
      '/%5F%65mulator/fixtures?x=%5F',
      '/_emulator%2Freset',
      '/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/invoke',
      '/bad%E0%A4%A/then%5F',
      '/%25%5Femulator',
      '/%2F%E0%A4%A%ff%23%25..',
      '/_emulator/health#x',
      '/%5Femulator/calls#frag?x',
      '/',
    ];
    for (const path of paths) {
      const url = `http://127.0.0.1:8000${path}`;
      expect(pathSpellings(url), path).toContain(getPath(new Request(url)));
    }
  });

  it('includes the path as the @connections app decodes it, %2F included', () => {
    expect(pathSpellings('http://127.0.0.1:8000/prod%2F@connections/abc')).toContain('/prod/@connections/abc');
    expect(pathSpellings('http://127.0.0.1:8000/prod%2F%40connections%2Fabc')).toContain('/prod/@connections/abc');
  });
});

describe('addressOrLoopback', () => {
  it('accepts loopback names and any IP address, never another name', () => {
    for (const host of ['localhost', 'app.localhost', '127.0.0.1', '::1', '[::1]', '192.168.1.20', '10.0.0.5', '[fe80::1]', '0.0.0.0']) expect(addressOrLoopback(host), host).toBe(true);
    for (const host of ['evil.example', '127.0.0.1.nip.io', 'localhost.evil.example', '', 'devbox']) expect(addressOrLoopback(host), host).toBe(false);
  });
});
