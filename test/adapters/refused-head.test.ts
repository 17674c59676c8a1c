import http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../src/adapters/http/listen.ts';

/**
 * A fetch handler that answers with a header Node will not write on HTTP/2
 * (and does not ask `headRefusal` first): the adapter must fail that one
 * response, not the process.
 */
describe('a response whose head Node refuses to write', () => {
  const warnings: string[] = [];
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen((request) => (new URL(request.url).pathname === '/refused' ? new Response('x', { headers: { 'transfer-encoding': 'chunked' } }) : new Response('fine')), { onWarning: (line) => warnings.push(line) });
  });
  afterAll(() => server.close());

  it('over HTTP/2: resets just that stream, says so once, and the session serves on', async () => {
    const session = http2.connect(server.url);
    session.on('error', () => undefined);
    const refused = session.request({ ':path': '/refused' });
    refused.on('error', () => undefined);
    refused.resume();
    const code = await new Promise<number>((resolve) => refused.once('close', () => resolve(refused.rstCode ?? -1)));
    expect(code).toBe(http2.constants.NGHTTP2_INTERNAL_ERROR);
    expect(warnings.filter((line) => line.startsWith('bedrock-emulator: a response could not be written'))).toHaveLength(1);
    const fine = session.request({ ':path': '/fine' });
    fine.setEncoding('utf8');
    let body = '';
    for await (const chunk of fine) body += chunk as string;
    expect(body).toBe('fine');
    session.close();
  });
});
