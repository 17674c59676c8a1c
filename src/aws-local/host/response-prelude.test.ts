import { describe, expect, it } from 'vitest';
import { createPreludeSplitter, indexOfDelimiter, maxPreludeBytes, parseMetadata } from './response-prelude.ts';

const bytes = (...parts: (string | number[])[]): Uint8Array => {
  const encoded = parts.map((part) => (typeof part === 'string' ? new TextEncoder().encode(part) : new Uint8Array(part)));
  const joined = new Uint8Array(encoded.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of encoded) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
};
const nul8 = [0, 0, 0, 0, 0, 0, 0, 0];
const text = (value: Uint8Array): string => new TextDecoder().decode(value);

describe('the prelude splitter', () => {
  it('splits the metadata from the body at 8 NUL bytes', () => {
    const split = createPreludeSplitter().feed(bytes('{"statusCode":201,"headers":{"X-A":"1"},"cookies":["a=1"]}', nul8, 'body'));
    expect(split.kind === 'prelude' && { metadata: split.metadata, rest: text(split.rest) }).toEqual({ metadata: { statusCode: 201, headers: { 'X-A': '1' }, cookies: ['a=1'] }, rest: 'body' });
  });

  it.each([
    ['the delimiter split over two chunks', [bytes('{}', [0, 0, 0]), bytes([0, 0, 0, 0, 0], 'x')], 'x'],
    ['the metadata in several chunks', [bytes('{"status'), bytes('Code":202}'), bytes(nul8)], ''],
  ])('waits for more with %s', (_name, chunks, rest) => {
    const splitter = createPreludeSplitter();
    const states = chunks.map((chunk) => splitter.feed(chunk));
    expect(states.slice(0, -1).every((state) => state.kind === 'need-more')).toBe(true);
    const last = states.at(-1);
    expect(last?.kind === 'prelude' && text(last.rest)).toBe(rest);
  });

  it('reports a stream that ended without a delimiter, with what it held', () => {
    const splitter = createPreludeSplitter();
    splitter.feed(bytes('partial'));
    const end = splitter.end();
    expect(end.kind === 'no-prelude' && text(end.bytes)).toBe('partial');
    expect(createPreludeSplitter().end()).toEqual({ kind: 'no-prelude', bytes: new Uint8Array() });
  });

  it.each([
    ['metadata that is not JSON', bytes('nope', nul8), /^the prelude is not JSON/],
    ['metadata that is not an object', bytes('[1]', nul8), /^the prelude is not a JSON object$/],
    ['no delimiter in the first 16 KB', bytes('x'.repeat(maxPreludeBytes + 1)), /no 8-NUL delimiter within the first 16384 bytes/],
  ])('refuses %s', (_name, chunk, reason) => {
    const split = createPreludeSplitter().feed(chunk);
    expect(split.kind).toBe('invalid');
    expect(split.kind === 'invalid' && split.reason).toMatch(reason);
  });
});

describe('indexOfDelimiter', () => {
  it.each([
    [bytes('ab', nul8), 2],
    [bytes([0, 0, 0, 0, 0, 0, 0, 1], nul8), 8],
    [bytes(nul8.slice(1)), -1],
  ])('finds the first run of 8 NULs (%#)', (input, at) => {
    expect(indexOfDelimiter(input)).toBe(at);
  });
});

describe('parseMetadata', () => {
  it('defaults the status to 200 and stringifies header values', () => {
    expect(parseMetadata('{"headers":{"X-N":5},"cookies":[1]}')).toEqual({ statusCode: 200, headers: { 'X-N': '5' }, cookies: ['1'] });
  });
});
