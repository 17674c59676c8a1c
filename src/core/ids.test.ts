import { describe, expect, it } from 'vitest';
import { apiIdFor, randomId, shortId } from './ids.ts';

describe('randomId', () => {
  it('is the prefix and that many letters and digits, new each call', () => {
    const ids = Array.from({ length: 50 }, () => randomId('msg_bdrk_01', 22));
    for (const id of ids) expect(id).toMatch(/^msg_bdrk_01[A-Za-z0-9]{22}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('shortId', () => {
  it("is API Gateway's 16 characters: 11 random bytes in base64, ending in one =", () => {
    const ids = Array.from({ length: 50 }, shortId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('decodes to 11 bytes', () => {
    expect(atob(shortId())).toHaveLength(11);
  });
});

describe('apiIdFor', () => {
  it('is ten lower-case letters and digits, the same for a name every run', () => {
    // Pinned: the id is in every local URL and event, so it must not change between versions either.
    expect(['chat', 'http-api', 'rest-api', 'websocket-api'].map(apiIdFor)).toEqual(['0uv1g18pck', '1vevw0pw1h', '14scx16aqo', '061b51w6d9']);
  });

  it('differs between names', () => {
    const names = Array.from({ length: 200 }, (_, index) => `api-${index}`);
    const ids = names.map(apiIdFor);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]{10}$/);
    expect(new Set(ids).size).toBe(names.length);
  });
});
