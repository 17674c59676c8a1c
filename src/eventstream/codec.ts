import { EventStreamCodec } from '@smithy/eventstream-codec';

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/**
 * The one event-stream codec of the emulator: smithy's, the same code the AWS SDK
 * decodes with, wired to the web-standard UTF-8 coders so this layer stays pure.
 *
 * @example
 * const bytes = eventStreamCodec.encode({ headers: {}, body: new Uint8Array() });
 */
export const eventStreamCodec = new EventStreamCodec((bytes: Uint8Array) => textDecoder.decode(bytes), encodeHeaderText);

const headerTextCache = new Map<string, Uint8Array>();
const maxCachedHeaderTexts = 256;

/**
 * UTF-8 for header names and values. A Bedrock frame repeats the same few
 * (`:event-type`, `chunk`, `application/json`…) and the codec copies what it
 * gets, so short ones are encoded once and reused: encoding them afresh was a
 * tenth of the time spent per frame.
 */
function encodeHeaderText(text: string): Uint8Array {
  const cached = headerTextCache.get(text);
  if (cached !== undefined) return cached;
  const bytes = textEncoder.encode(text);
  if (text.length <= 64 && headerTextCache.size < maxCachedHeaderTexts) headerTextCache.set(text, bytes);
  return bytes;
}

export type EventStreamMessage = Parameters<EventStreamCodec['encode']>[0];
