import { tryParseJson } from '../../core/fixtures/try-parse-json.ts';
import type { RecordedReader } from '../../core/recording/recorded-answer.ts';
import { claudeReader } from './claude/read-recorded.ts';

const decoder = new TextDecoder();

/**
 * InvokeModel's answer read back from a recording: a `chunk` event carries
 * the model's own event, base64 in `bytes`; the whole answer is the model's
 * own body. Claude's is the family recorded (the others are forwarded, not
 * recorded yet).
 *
 * @example
 * invokeModelReader.readEvent('chunk', { bytes: btoa(JSON.stringify(event)) }, 120, builder);
 */
export const invokeModelReader: RecordedReader = {
  readEvent(eventType, payload, atMs, builder) {
    if (eventType !== 'chunk' || typeof payload.bytes !== 'string') return;
    const bytes = Uint8Array.from(atob(payload.bytes), (character) => character.charCodeAt(0));
    const event = tryParseJson(decoder.decode(bytes)) as Record<string, unknown> | undefined;
    if (event !== undefined) claudeReader.readEvent(typeof event.type === 'string' ? event.type : '', event, atMs, builder);
  },
  readBody: (body, builder) => claudeReader.readBody(body, builder),
};
