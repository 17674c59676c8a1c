import { describe, expect, it } from 'vitest';
import { upstreamTarget } from './upstream-target.ts';

const upstream = new URL('https://bedrock-runtime.us-east-1.amazonaws.com');

describe('upstreamTarget', () => {
  it('keeps the upstream host whatever the path names', () => {
    for (const path of ['//evil.example/x', '/..//evil.example/x', '/.//evil.example/x', '///evil.example/x', '/%2F%2Fevil.example/x', '/\\\\evil.example/x', '//evil.example:443/x?y=1']) {
      const target = upstreamTarget(upstream, `http://127.0.0.1:4010${path}`);
      expect(target.origin, path).toBe(upstream.origin);
      expect(target.hostname, path).toBe('bedrock-runtime.us-east-1.amazonaws.com');
    }
  });

  it('forwards the path and query as the client sent them, escapes kept', () => {
    const target = upstreamTarget(upstream, 'http://127.0.0.1:4010/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Ainference-profile%2Fx/converse?a=1&b=%2F');
    expect(target.href).toBe('https://bedrock-runtime.us-east-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Ainference-profile%2Fx/converse?a=1&b=%2F');
  });

  it('a path that would name a host stays a path on the upstream', () => {
    expect(upstreamTarget(upstream, 'http://127.0.0.1:4010//evil.example/x').pathname).toBe('//evil.example/x');
    expect(upstreamTarget(new URL('http://127.0.0.1:9999/ignored/base'), 'http://127.0.0.1:4010/model/m/invoke').href).toBe('http://127.0.0.1:9999/model/m/invoke');
  });
});
