import { describe, expect, it } from 'vitest';
import { BedrockException } from '../../core/errors/bedrock-exception.ts';
import { maxBodyBytes, parseJsonBytes, readJsonBody, utf8Length } from './read-json-body.ts';

const post = (body: string): Request => new Request('http://emulator.test/model/x/invoke', { method: 'POST', body });

describe('utf8Length', () => {
  it('counts what TextEncoder would encode', () => {
    for (const text of ['', 'plain', 'héllo 👋', '天気は晴れ', '\u0080\u07ff\u0800\uffff', '\ud83d\udc4b\ud83d', 'a\udc00b']) {
      expect(utf8Length(text), JSON.stringify(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});

describe('readJsonBody', () => {
  it('parses a large body as it parses a small one, taking turns in between', async () => {
    const text = 'é'.repeat(3_000_000);
    await expect(readJsonBody(post(JSON.stringify({ text })), undefined)).resolves.toEqual({ text });
    await expect(parseJsonBytes(new TextEncoder().encode(JSON.stringify({ text })))).resolves.toEqual({ text });
    await expect(readJsonBody(post(JSON.stringify({ text: 'short' })), undefined)).resolves.toEqual({ text: 'short' });
  });

  it('counts the bytes of a long text, not its characters, against Bedrock\'s limit', async () => {
    // 12,600,000 characters of two bytes each: 25.2 MB, over the limit though fewer characters.
    const over = JSON.stringify({ text: 'é'.repeat(12_600_000) });
    await expect(readJsonBody(post(over), undefined)).rejects.toThrow(`The request body is larger than ${maxBodyBytes} bytes, Bedrock's limit.`);
    const within = JSON.stringify({ text: 'é'.repeat(12_000_000) });
    await expect(readJsonBody(post(within), undefined)).resolves.toEqual({ text: 'é'.repeat(12_000_000) });
  });

  it('refuses a body of unknown length as soon as it passes the limit, without reading the rest', async () => {
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1_000_000).fill(0x20));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request('http://emulator.test/model/x/invoke', { method: 'POST', body: endless, duplex: 'half' });
    await expect(readJsonBody(request, undefined)).rejects.toThrow(`The request body is larger than ${maxBodyBytes} bytes, Bedrock's limit.`);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(30);
  });

  it('says where a large body breaks, or that it nests too deep', async () => {
    const broken = readJsonBody(post(`{"text": "${'x'.repeat(2_000_000)}"`), undefined);
    await expect(broken).rejects.toBeInstanceOf(BedrockException);
    await expect(broken).rejects.toThrow(/the request body is not valid JSON/);
    await expect(readJsonBody(post(`{"text": "${'x'.repeat(2_000_000)}", "deep": ${'['.repeat(200)}${']'.repeat(200)}}`), undefined)).rejects.toThrow(/nests deeper than 100 levels/);
  });
});
