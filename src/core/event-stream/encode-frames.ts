import { Crc32 } from '@smithy/core/checksum';
import { HeaderMarshaller } from '@smithy/eventstream-codec';
import { writeBase64, base64Length } from './base64.ts';
import { createFrameCache, type FrameCache } from './frame-cache.ts';

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** smithy's header encoding, the same the AWS SDK decodes with; used once per distinct header set. */
const headerMarshaller = new HeaderMarshaller((bytes: Uint8Array) => textDecoder.decode(bytes), (text: string) => textEncoder.encode(text));

const stringHeader = (value: string) => ({ type: 'string', value }) as const;

/** Encoded header blocks by their key: a Bedrock stream repeats the same few. */
const headerBlocks = new Map<string, Uint8Array>();
const maxHeaderBlocks = 256;

function headerBlock(key: string, headers: () => Parameters<HeaderMarshaller['format']>[0]): Uint8Array {
  const cached = headerBlocks.get(key);
  if (cached !== undefined) return cached;
  const block = headerMarshaller.format(headers());
  if (headerBlocks.size < maxHeaderBlocks) headerBlocks.set(key, block);
  return block;
}

/** `:event-type`, `:content-type`, `:message-type`, in the order of a captured Bedrock frame (docs/protocol/event-stream.md#message-types-and-bedrocks-headers). */
const eventHeaders = (eventType: string, contentType: string): Uint8Array =>
  headerBlock(`event\u0000${eventType}\u0000${contentType}`, () => ({
    ':event-type': stringHeader(eventType),
    ':content-type': stringHeader(contentType),
    ':message-type': stringHeader('event'),
  }));

const exceptionHeaders = (exceptionType: string): Uint8Array =>
  headerBlock(`exception\u0000${exceptionType}`, () => ({
    ':exception-type': stringHeader(exceptionType),
    ':content-type': stringHeader('application/json'),
    ':message-type': stringHeader('exception'),
  }));

/**
 * One event-stream message (docs/protocol/event-stream.md#message-layout): total length, headers length,
 * prelude CRC, headers, payload, message CRC. The payload is written by
 * `writePayload` straight into the frame, so nothing is copied twice.
 */
function frame(headers: Uint8Array, payloadLength: number, writePayload: (out: Uint8Array, offset: number) => void): Uint8Array {
  const total = 16 + headers.length + payloadLength;
  const out = new Uint8Array(total);
  writeUint32(out, 0, total);
  writeUint32(out, 4, headers.length);
  const crc = new Crc32();
  crc.update(out.subarray(0, 8));
  writeUint32(out, 8, crc.digestSync());
  out.set(headers, 12);
  writePayload(out, 12 + headers.length);
  // The message CRC covers everything before it, the prelude CRC included: continue from the prelude's.
  crc.update(out.subarray(8, total - 4));
  writeUint32(out, total - 4, crc.digestSync());
  return out;
}

/** A big-endian uint32, written without a DataView (one per frame would cost more than the frame's CRC). */
function writeUint32(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value >>> 24;
  out[offset + 1] = (value >>> 16) & 0xff;
  out[offset + 2] = (value >>> 8) & 0xff;
  out[offset + 3] = value & 0xff;
}

const bytesFrame = (headers: Uint8Array, payload: Uint8Array): Uint8Array => frame(headers, payload.length, (out, offset) => out.set(payload, offset));

/**
 * Where frames that repeat — the same delta of the same fixture, call after
 * call — are kept, encoded once: an encoded frame depends only on its event
 * and padding. Each emulator makes its own (`createFrameMemo`), so two never
 * hand out the same bytes; a frame encoded without one is new.
 */
export type FrameMemo = { readonly chunks: FrameCache; readonly events: FrameCache };

/**
 * A frame memo of its own.
 *
 * @example
 * const memo = createFrameMemo();
 * encodeChunkFrame(event, 'abc', memo) === encodeChunkFrame(event, 'abc', memo) // true
 */
export function createFrameMemo(): FrameMemo {
  return { chunks: createFrameCache(), events: createFrameCache() };
}

const chunkPrefix = textEncoder.encode('{"bytes":"');
const chunkMiddle = textEncoder.encode('","p":"');
const chunkEnd = textEncoder.encode('"}');
const quoteBrace = textEncoder.encode('"}');

/**
 * An `event` message: `:event-type`, `:content-type`, `:message-type`, JSON
 * payload. Kept in `memo` for reuse when given one (not for a frame new every call).
 *
 * @example
 * encodeEventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' }, p: 'abcd' })
 */
export function encodeEventFrame(eventType: string, payload: object, memo?: FrameMemo): Uint8Array {
  const json = JSON.stringify(payload);
  const encode = (): Uint8Array => bytesFrame(eventHeaders(eventType, 'application/json'), textEncoder.encode(json));
  if (memo === undefined) return encode();
  const key = `${eventType}\u0000${json}`;
  return memo.events.get(key) ?? memo.events.set(key, encode());
}

/**
 * An `exception` message sent after HTTP 200: lowerCamel `:exception-type`
 * (e.g. `modelStreamErrorException`) and the exception's JSON body.
 *
 * @example
 * encodeExceptionFrame('throttlingException', { message: 'Too many requests, please wait before trying again.' })
 */
export function encodeExceptionFrame(exceptionType: string, payload: object): Uint8Array {
  return bytesFrame(exceptionHeaders(exceptionType), textEncoder.encode(JSON.stringify(payload)));
}

/**
 * The InvokeModelWithResponseStream `chunk` frame: one model-native JSON event,
 * base64 in `bytes`, with Bedrock's `p` padding (docs/protocol/response-stream.md#the-chunk-event). Kept in
 * `memo` for reuse when given one (not for a frame new every call).
 *
 * @example
 * encodeChunkFrame({ type: 'message_stop' }, 'abc')
 */
export function encodeChunkFrame(modelEvent: object, padding: string, memo?: FrameMemo): Uint8Array {
  const json = JSON.stringify(modelEvent);
  if (memo === undefined) return chunkFrame(json, padding);
  const key = `${padding}\u0000${json}`;
  return memo.chunks.get(key) ?? memo.chunks.set(key, chunkFrame(json, padding));
}

function chunkFrame(json: string, padding: string): Uint8Array {
  const event = textEncoder.encode(json);
  // Base64 and the padding alphabet need no JSON escaping: the payload is written as it goes out.
  const encodedLength = base64Length(event.length);
  const paddingBytes = padding === '' ? undefined : textEncoder.encode(padding);
  const payloadLength = chunkPrefix.length + encodedLength + (paddingBytes === undefined ? quoteBrace.length : chunkMiddle.length + paddingBytes.length + chunkEnd.length);
  return frame(eventHeaders('chunk', 'application/json'), payloadLength, (out, start) => {
    let offset = start;
    out.set(chunkPrefix, offset);
    offset = writeBase64(event, out, offset + chunkPrefix.length);
    if (paddingBytes === undefined) {
      out.set(quoteBrace, offset);
      return;
    }
    out.set(chunkMiddle, offset);
    out.set(paddingBytes, offset + chunkMiddle.length);
    out.set(chunkEnd, offset + chunkMiddle.length + paddingBytes.length);
  });
}

/**
 * An `event` message with a raw binary payload, e.g. Lambda's `PayloadChunk`
 * (docs/protocol/lambda-streaming.md#invokewithresponsestream), whose payload is the function's bytes as they are.
 *
 * @example
 * encodeBinaryEventFrame('PayloadChunk', new TextEncoder().encode('hello'))
 */
export function encodeBinaryEventFrame(eventType: string, payload: Uint8Array): Uint8Array {
  return bytesFrame(eventHeaders(eventType, 'application/octet-stream'), payload);
}
