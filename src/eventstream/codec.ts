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
export const eventStreamCodec = new EventStreamCodec(
  (bytes: Uint8Array) => textDecoder.decode(bytes),
  (text: string) => textEncoder.encode(text),
);

export type EventStreamMessage = Parameters<EventStreamCodec['encode']>[0];
