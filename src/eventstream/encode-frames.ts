import { eventStreamCodec } from './codec.ts';
import { toBase64 } from './base64.ts';

const textEncoder = new TextEncoder();

function stringHeader(value: string) {
  return { type: 'string', value } as const;
}

/**
 * An `event` message: `:event-type`, `:content-type`, `:message-type` in the
 * order of a captured Bedrock frame (REFERENCE §1.3), JSON payload.
 *
 * @example
 * encodeEventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' }, p: 'abcd' })
 */
export function encodeEventFrame(eventType: string, payload: object): Uint8Array {
  return eventStreamCodec.encode({ headers: eventHeaders(eventType), body: textEncoder.encode(JSON.stringify(payload)) });
}

function eventHeaders(eventType: string) {
  return {
    ':event-type': stringHeader(eventType),
    ':content-type': stringHeader('application/json'),
    ':message-type': stringHeader('event'),
  };
}

/**
 * An `exception` message sent after HTTP 200: lowerCamel `:exception-type`
 * (e.g. `modelStreamErrorException`) and the exception's JSON body.
 *
 * @example
 * encodeExceptionFrame('throttlingException', { message: 'Too many requests, please wait before trying again.' })
 */
export function encodeExceptionFrame(exceptionType: string, payload: object): Uint8Array {
  return eventStreamCodec.encode({
    headers: {
      ':exception-type': stringHeader(exceptionType),
      ':content-type': stringHeader('application/json'),
      ':message-type': stringHeader('exception'),
    },
    body: textEncoder.encode(JSON.stringify(payload)),
  });
}

/**
 * The InvokeModelWithResponseStream `chunk` frame: one model-native JSON event,
 * base64 in `bytes`, with Bedrock's `p` padding (REFERENCE §3.1).
 *
 * @example
 * encodeChunkFrame({ type: 'message_stop' }, 'abc')
 */
export function encodeChunkFrame(modelEvent: object, padding: string): Uint8Array {
  const bytes = toBase64(textEncoder.encode(JSON.stringify(modelEvent)));
  // Base64 and the padding alphabet need no JSON escaping: build the payload
  // text directly instead of stringifying a copy of the base64 again.
  const payload = padding === '' ? `{"bytes":"${bytes}"}` : `{"bytes":"${bytes}","p":"${padding}"}`;
  return eventStreamCodec.encode({ headers: eventHeaders('chunk'), body: textEncoder.encode(payload) });
}

/**
 * An `event` message with a raw binary payload, e.g. Lambda's `PayloadChunk`
 * (REFERENCE §7.4), whose payload is the function's bytes as they are.
 *
 * @example
 * encodeBinaryEventFrame('PayloadChunk', new TextEncoder().encode('hello'))
 */
export function encodeBinaryEventFrame(eventType: string, payload: Uint8Array): Uint8Array {
  return eventStreamCodec.encode({
    headers: {
      ':event-type': stringHeader(eventType),
      ':content-type': stringHeader('application/octet-stream'),
      ':message-type': stringHeader('event'),
    },
    body: payload,
  });
}
