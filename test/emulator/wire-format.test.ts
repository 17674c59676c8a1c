import http from 'node:http';
import http2 from 'node:http2';
import { describe, expect, it } from 'vitest';
import { chunkEvent, readEventStream } from '../support/event-stream.ts';
import { claudeBody, haiku, useEmulator } from '../support/emulator.ts';

const server = await useEmulator([{ match: { lastUserMessage: 'hello' }, response: { text: 'Hello there, friend.' }, timing: 'instant' }]);
const paddingAlphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

async function stream(path: string, init: RequestInit = {}) {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', body: claudeBody('hello'), ...init });
  return { response, messages: response.body === null ? [] : await readEventStream(response.body, performance.now()) };
}

describe('InvokeModelWithResponseStream on the wire', () => {
  it('answers 200 with the event-stream content type and Bedrock\'s headers', async () => {
    const { response } = await stream(`/model/${haiku}/invoke-with-response-stream`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    expect(response.headers.get('x-amzn-bedrock-content-type')).toBe('application/json');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sends CRC-checked chunk frames with the captured header order, base64 bytes and p padding', async () => {
    const { messages } = await stream(`/model/${haiku}/invoke-with-response-stream`);
    expect(messages.length).toBeGreaterThanOrEqual(7);
    for (const message of messages) {
      expect(message.headerOrder).toEqual([':event-type', ':content-type', ':message-type']);
      expect(message.headers).toEqual({ ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' });
      expect(Object.keys(message.payload)).toEqual(['bytes', 'p']);
      const padding = String(message.payload['p']);
      expect(padding.length).toBeGreaterThanOrEqual(2);
      expect(paddingAlphabet.startsWith(padding)).toBe(true);
    }
    expect(new Set(messages.map((message) => String(message.payload['p']).length)).size).toBeGreaterThan(1);
    const events = messages.map(chunkEvent);
    expect(events.map((event) => event['type'])).toEqual([
      'message_start',
      'content_block_start',
      ...events.slice(2, -3).map(() => 'content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[1]).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
  });

  it.each([
    ['percent-encoded like the AWS SDK (%3A, %2F)', encodeURIComponent(`arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${haiku}`)],
    ['with a raw ":" like the Anthropic SDK', `arn:aws:bedrock:us-east-1:123456789012:inference-profile%2Fus.${haiku}`],
    ['a profile id with a raw ":"', `us.${haiku}`],
    ['a profile id with %3A', encodeURIComponent(`global.${haiku}`)],
  ])('accepts the model id %s', async (_label, encoded) => {
    const { response, messages } = await stream(`/model/${encoded}/invoke-with-response-stream`);
    expect(response.status).toBe(200);
    const start = chunkEvent(messages[0] ?? { atMs: 0, headers: {}, headerOrder: [], payload: {} });
    expect((start['message'] as { model: string }).model).toBe('claude-3-5-haiku-20241022');
  });

  it('does not require a Content-Type header (botocore sends none)', async () => {
    const body = claudeBody('hello');
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.request(`${server.url}/model/${haiku}/invoke`, { method: 'POST', headers: { 'content-length': Buffer.byteLength(body) } }, (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on('error', reject);
      expect(request.getHeader('content-type')).toBeUndefined();
      request.end(body);
    });
    expect(status).toBe(200);
    expect((JSON.parse(text) as { content: unknown }).content).toEqual([{ type: 'text', text: 'Hello there, friend.' }]);
  });

  it('serves h2c (prior knowledge) on the same port as HTTP/1.1', async () => {
    const session = http2.connect(server.url);
    try {
      const request = session.request({ ':method': 'POST', ':path': `/model/${encodeURIComponent(haiku)}/invoke-with-response-stream` });
      request.end(claudeBody('hello'));
      const headers = await new Promise<http2.IncomingHttpHeaders>((resolve) => request.once('response', resolve));
      expect(headers[':status']).toBe(200);
      expect(headers['content-type']).toBe('application/vnd.amazon.eventstream');
      const messages = await readEventStream(request, performance.now());
      expect(chunkEvent(messages.at(-1) ?? { atMs: 0, headers: {}, headerOrder: [], payload: {} })['type']).toBe('message_stop');
    } finally {
      session.close();
    }
  });
});
