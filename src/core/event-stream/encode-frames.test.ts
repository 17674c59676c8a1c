import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { describe, expect, it } from 'vitest';
import { createFrameMemo, encodeChunkFrame, encodeEventFrame, encodeExceptionFrame } from './encode-frames.ts';
import { padding } from './padding.ts';

const samplesDir = path.resolve(import.meta.dirname, '../../../test/samples');
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

describe('the fast encoder', () => {
  // smithy's full encoder, the reference: every frame we write must be its bytes exactly.
  const reference = new EventStreamCodec(toUtf8, fromUtf8);
  const header = (value: string) => ({ type: 'string' as const, value });
  const events = [
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
    { type: 'content_block_delta', index: 3, delta: { type: 'text_delta', text: 'héllo 🌍 "quoted" \\ back\nslash' } },
    { type: 'message_start', message: { id: 'msg_bdrk_01abc', content: [], usage: { input_tokens: 12 } } },
    {},
    { text: 'x'.repeat(1000) },
  ];

  it.each(events.flatMap((event) => ['', 'ab', padding(37)].map((pad) => [event, pad] as const)))('writes chunk frames as smithy does (%#)', (event, pad) => {
    const bytes = toBase64String(JSON.stringify(event));
    const payload = pad === '' ? `{"bytes":"${bytes}"}` : `{"bytes":"${bytes}","p":"${pad}"}`;
    const expected = reference.encode({ headers: { ':event-type': header('chunk'), ':content-type': header('application/json'), ':message-type': header('event') }, body: fromUtf8(payload) });
    expect(Buffer.from(encodeChunkFrame(event, pad)).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
  });

  it.each(events)('writes event and exception frames as smithy does (%#)', (payload) => {
    const body = fromUtf8(JSON.stringify(payload));
    const event = reference.encode({ headers: { ':event-type': header('contentBlockDelta'), ':content-type': header('application/json'), ':message-type': header('event') }, body });
    const exception = reference.encode({ headers: { ':exception-type': header('throttlingException'), ':content-type': header('application/json'), ':message-type': header('exception') }, body });
    expect(Buffer.from(encodeEventFrame('contentBlockDelta', payload)).toString('hex')).toBe(Buffer.from(event).toString('hex'));
    expect(Buffer.from(encodeExceptionFrame('throttlingException', payload)).toString('hex')).toBe(Buffer.from(exception).toString('hex'));
  });

  it('encodes a repeated frame once and hands out the same bytes, from the memo it is given', () => {
    const event = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'again' } };
    const memo = createFrameMemo();
    expect(encodeChunkFrame(event, 'abc', memo)).toBe(encodeChunkFrame({ ...event }, 'abc', memo));
    expect(encodeChunkFrame(event, 'abc', memo)).not.toBe(encodeChunkFrame(event, 'abcd', memo));
    expect(encodeEventFrame('contentBlockDelta', event, memo)).toBe(encodeEventFrame('contentBlockDelta', { ...event }, memo));
    // Another memo (another emulator's) encodes its own: the same bytes, never the same array.
    const elsewhere = createFrameMemo();
    expect(encodeChunkFrame(event, 'abc', elsewhere)).not.toBe(encodeChunkFrame(event, 'abc', memo));
    expect(encodeChunkFrame(event, 'abc', elsewhere)).toEqual(encodeChunkFrame(event, 'abc', memo));
    expect(encodeEventFrame('contentBlockDelta', event, elsewhere)).not.toBe(encodeEventFrame('contentBlockDelta', event, memo));
    // Without one, every frame is new.
    expect(encodeChunkFrame(event, 'abc')).not.toBe(encodeChunkFrame(event, 'abc'));
  });
});

function toBase64String(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
