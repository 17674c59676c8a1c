import { describe, expect, it } from 'vitest';
import type { InvocationOutput, InvocationRequest } from '../host/invocation.ts';
import { systemClock } from '../../core/playback/clock.ts';
import { createRuntimeApi } from './runtime-api.ts';

const base = 'http://runtime/2018-06-01/runtime';
const request = (requestId: string): InvocationRequest => ({ requestId, event: { hello: 'world' }, deadlineMs: 1_900_000_000_000, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', signal: new AbortController().signal });

/** Hands an invocation to the API and takes it as the runtime would, with `GET …/next`. */
async function handOut(maxBufferedBytes = 100) {
  const api = createRuntimeApi({ maxBufferedBytes, clock: systemClock });
  const output = api.invoke(request('req-1'));
  const next = await api.app.request(`${base}/invocation/next`);
  return { api, output, next };
}

describe('the Runtime API', () => {
  it('hands out the invocation with Lambda\'s headers', async () => {
    const { next } = await handOut();
    expect(next.status).toBe(200);
    expect(await next.json()).toEqual({ hello: 'world' });
    expect({
      id: next.headers.get('lambda-runtime-aws-request-id'),
      deadline: next.headers.get('lambda-runtime-deadline-ms'),
      arn: next.headers.get('lambda-runtime-invoked-function-arn'),
      trace: next.headers.get('lambda-runtime-trace-id'),
    }).toEqual({ id: 'req-1', deadline: '1900000000000', arn: 'arn:aws:lambda:us-east-1:123456789012:function:f', trace: expect.stringMatching(/^Root=1-[0-9a-f]+-req1;Parent=req1;Sampled=0$/) });
  });

  it.each<[string, RequestInit & { path: string }, number, InvocationOutput['kind'] | undefined]>([
    ['a buffered response', { path: 'req-1/response', body: '{"ok":true}' }, 202, 'buffered'],
    ['an error', { path: 'req-1/error', body: '{"errorType":"TypeError","errorMessage":"x"}' }, 202, 'error'],
    ['a response over the limit', { path: 'req-1/response', body: 'x'.repeat(101) }, 413, 'error'],
    ['a response for another request id', { path: 'req-2/response', body: '{}' }, 400, undefined],
    ['an unknown response mode', { path: 'req-1/response', body: '{}', headers: { 'Lambda-Runtime-Function-Response-Mode': 'sideways' } }, 400, undefined],
  ])('takes %s', async (_name, { path, ...init }, status, kind) => {
    const { api, output } = await handOut();
    const response = await api.app.request(`${base}/invocation/${path}`, { method: 'POST', ...init });
    expect(response.status).toBe(status);
    const settled = await Promise.race([output, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 20))]);
    expect(settled?.kind).toBe(kind);
  });

  it('passes a streamed response on as it arrives', async () => {
    const { api, output } = await handOut();
    const reply = api.app.request(`${base}/invocation/req-1/response`, { method: 'POST', body: 'streamed bytes', headers: { 'Lambda-Runtime-Function-Response-Mode': 'streaming', 'Content-Type': 'text/plain' } });
    const answered = await output;
    expect(answered.kind).toBe('stream');
    if (answered.kind !== 'stream') return;
    expect(answered.contentType).toBe('text/plain');
    expect(await new Response(answered.body).text()).toBe('streamed bytes');
    expect(await answered.done).toBeUndefined();
    expect((await reply).status).toBe(202);
  });

  it('keeps the init error the runtime reports, and answers unknown paths as the emulator of the runtime does', async () => {
    const api = createRuntimeApi({ maxBufferedBytes: 100, clock: systemClock });
    await api.app.request(`${base}/init/error`, { method: 'POST', body: '{"errorType":"Runtime.ImportModuleError","errorMessage":"no module"}' });
    expect(api.initError()).toMatchObject({ errorType: 'Runtime.ImportModuleError', errorMessage: 'no module' });
    const unknown = await api.app.request(`${base}/nope`);
    expect([unknown.status, await unknown.json()]).toEqual([404, { errorMessage: 'Unknown Runtime API path: GET /2018-06-01/runtime/nope', errorType: 'InvalidRequest' }]);
  });

  it('fails the invocation under way when its environment is abandoned', async () => {
    const { api, output } = await handOut();
    api.abandon({ errorType: 'Runtime.ExitError', errorMessage: 'exit status 1', trace: [] });
    expect(await output).toEqual({ kind: 'error', error: { errorType: 'Runtime.ExitError', errorMessage: 'exit status 1', trace: [] } });
  });
});
