import { EventStreamCodec } from '@smithy/eventstream-codec';
import { getChunkedStream } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/** The AWS SDK's own decoder: its splitter and its codec, which checks both CRCs. */
const codec = new EventStreamCodec(toUtf8, fromUtf8);

export type ReceivedMessage = {
  /** ms after `startedAt` when the message's last byte arrived. */
  readonly atMs: number;
  readonly headers: Record<string, string>;
  /** Header names in wire order. */
  readonly headerOrder: readonly string[];
  readonly payload: Record<string, unknown>;
};

/**
 * Reads an event-stream body the way the AWS SDK does and timestamps each
 * message on arrival.
 *
 * @example
 * const messages = await readEventStream(response.body!, performance.now());
 */
export async function readEventStream(body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>, startedAt: number): Promise<ReceivedMessage[]> {
  const messages: ReceivedMessage[] = [];
  for await (const bytes of getChunkedStream(body as AsyncIterable<Uint8Array>)) {
    const atMs = performance.now() - startedAt;
    const message = codec.decode(bytes);
    const headers = Object.fromEntries(Object.entries(message.headers).map(([name, header]) => [name, String(header.value)]));
    messages.push({ atMs, headers, headerOrder: Object.keys(message.headers), payload: JSON.parse(toUtf8(message.body)) as Record<string, unknown> });
  }
  return messages;
}

/** The model event a `chunk` message carries. */
export function chunkEvent(message: ReceivedMessage): Record<string, unknown> {
  const bytes = message.payload['bytes'];
  if (typeof bytes !== 'string') throw new Error(`chunk without bytes: ${JSON.stringify(message.payload)}`);
  return JSON.parse(Buffer.from(bytes, 'base64').toString('utf8')) as Record<string, unknown>;
}
