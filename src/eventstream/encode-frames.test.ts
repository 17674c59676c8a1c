import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { describe, expect, it } from 'vitest';
import { encodeChunkFrame, encodeEventFrame, encodeExceptionFrame } from './encode-frames.ts';
import { padding } from './padding.ts';

const samplesDir = path.resolve(import.meta.dirname, '../../test/samples');
const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(samplesDir, `${name}.bin`)));
// Decoded the way the AWS SDK decodes: smithy's codec with the SDK's UTF-8 helpers.
const clientCodec = new EventStreamCodec(toUtf8, fromUtf8);

describe('encodeEventFrame', () => {
  it('reproduces the reference ConverseStream contentBlockDelta frame byte for byte', () => {
    const frame = encodeEventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hello' }, p: 'abcd' });
    expect(Buffer.from(frame).toString('hex')).toBe(Buffer.from(sample('converse-stream-content-block-delta')).toString('hex'));
  });

  it('writes the headers in the captured order with a 70 + len(event-type) header block', () => {
    const frame = encodeEventFrame('messageStart', { role: 'assistant' });
    const message = clientCodec.decode(frame);
    expect(Object.keys(message.headers)).toEqual([':event-type', ':content-type', ':message-type']);
    expect(new DataView(frame.buffer, frame.byteOffset).getUint32(4)).toBe(70 + 'messageStart'.length);
    expect(JSON.parse(toUtf8(message.body))).toEqual({ role: 'assistant' });
  });
});

describe('encodeChunkFrame', () => {
  it('reproduces the reference InvokeModelWithResponseStream message_stop chunk', () => {
    const frame = encodeChunkFrame(
      {
        type: 'message_stop',
        'amazon-bedrock-invocationMetrics': { inputTokenCount: 10, outputTokenCount: 15, invocationLatency: 1798, firstByteLatency: 1507 },
      },
      '',
    );
    expect(Buffer.from(frame).toString('hex')).toBe(Buffer.from(sample('imwrs-chunk-anthropic-message-stop')).toString('hex'));
  });

  it('carries the model event as base64 in bytes, with the p padding', () => {
    const event = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'héllo 👋' } };
    const message = clientCodec.decode(encodeChunkFrame(event, padding(7)));
    const payload = JSON.parse(toUtf8(message.body)) as { bytes: string; p: string };
    expect(payload.p).toBe('abcdefg');
    expect(JSON.parse(Buffer.from(payload.bytes, 'base64').toString('utf8'))).toEqual(event);
    expect(message.headers[':event-type']).toEqual({ type: 'string', value: 'chunk' });
  });
});

describe('encodeExceptionFrame', () => {
  it('reproduces the reference throttlingException frame byte for byte', () => {
    const frame = encodeExceptionFrame('throttlingException', { message: 'Too many requests, please wait before trying again.' });
    expect(Buffer.from(frame).toString('hex')).toBe(Buffer.from(sample('throttling-exception')).toString('hex'));
  });
});

describe('padding', () => {
  it('is a prefix of the alphabet Bedrock uses, clamped to its length', () => {
    expect(padding(2)).toBe('ab');
    expect(padding(30)).toBe('abcdefghijklmnopqrstuvwxyzABCD');
    expect(padding(100)).toHaveLength(62);
    expect(padding(-1)).toBe('');
  });
});
