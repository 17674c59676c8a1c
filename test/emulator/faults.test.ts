import * as bedrock from '@aws-sdk/client-bedrock-runtime';
import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type BedrockRuntimeServiceException,
} from '@aws-sdk/client-bedrock-runtime';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { httpFaultNames, streamFaultTypes } from '../../src/core/errors/exception-catalog.ts';
import { claudeBody, credentials, eventually, haiku, region, useEmulator } from '../support/emulator.ts';

const answer = 'One two three four five six seven eight nine ten eleven twelve.';
const timing = { timeToFirstTokenMs: 5, deltaIntervalMs: 2, chunking: { by: 'words', min: 1, max: 1 } };
const server = await useEmulator([
  ...httpFaultNames.map((type) => ({ name: `http-${type}`, match: { lastUserMessage: { equals: `http ${type}` } }, response: { error: { type } }, timing: 'instant' })),
  {
    name: 'model-error-members',
    match: { lastUserMessage: { equals: 'model error members' } },
    response: { error: { type: 'ModelErrorException', message: 'Model failed', originalStatusCode: 503, resourceName: 'arn:aws:bedrock:us-east-1::foundation-model/x' } },
  },
  ...streamFaultTypes.map((type) => ({
    name: `stream-${type}`,
    match: { lastUserMessage: { equals: `stream ${type}` } },
    response: { text: answer, streamError: { type, afterChunks: 4, ...(type === 'modelStreamErrorException' ? { originalStatusCode: 502, originalMessage: 'upstream' } : {}) } },
    timing,
  })),
  { name: 'stream-at-time', match: { lastUserMessage: { equals: 'stream at time' } }, response: { text: answer, streamError: { type: 'internalServerException', atMs: 40 } }, timing: { ...timing, deltaIntervalMs: 10 } },
  { name: 'stall-forever', match: { lastUserMessage: { equals: 'stall forever' } }, response: { text: answer, stall: { afterChunks: 3 } }, timing },
  { name: 'stall-a-while', match: { lastUserMessage: { equals: 'stall a while' } }, response: { text: answer, stall: { afterChunks: 3, forMs: 150 } }, timing },
  { name: 'drop', match: { lastUserMessage: { equals: 'drop' } }, response: { text: answer, drop: { afterChunks: 4 } }, timing },
  { name: 'slow-first-byte', match: { lastUserMessage: { equals: 'slow first byte' } }, response: { text: 'ok', responseDelayMs: 150 }, timing: 'instant' },
  {
    name: 'throttled-twice',
    match: { lastUserMessage: { equals: 'retry me' } },
    responses: [{ error: { type: 'ThrottlingException' } }, { error: { type: 'ThrottlingException' } }, { text: 'third time lucky' }],
    timing: 'instant',
  },
  {
    name: 'every-fifth-fails',
    match: { lastUserMessage: { equals: 'fifth' } },
    responses: [{ text: 'ok' }, { text: 'ok' }, { text: 'ok' }, { text: 'ok' }, { text: 'ok then not', streamError: { type: 'modelStreamErrorException', afterChunks: 2 } }],
    repeat: 'all',
    timing: 'instant',
  },
]);
beforeEach(() => server.emulator.reset());

const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
afterAll(() => client.destroy());

const caught = (promise: Promise<unknown>): Promise<BedrockRuntimeServiceException> => promise.then(() => expect.fail('expected an error'), (error: unknown) => error as BedrockRuntimeServiceException);

async function invokeStream(prompt: string, options: { client?: BedrockRuntimeClient; abortSignal?: AbortSignal } = {}): Promise<{ events: string[]; error: unknown }> {
  const events: string[] = [];
  try {
    const response = await (options.client ?? client).send(new InvokeModelWithResponseStreamCommand({ modelId: haiku, body: claudeBody(prompt) }), options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal });
    for await (const item of response.body ?? []) events.push(String((JSON.parse(new TextDecoder().decode(item.chunk?.bytes)) as { type: string }).type));
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

describe('HTTP errors before the stream', () => {
  it.each(httpFaultNames)('%s: the typed class, its status, error type header and request id', async (type) => {
    const error = await caught(client.send(new InvokeModelCommand({ modelId: haiku, body: claudeBody(`http ${type}`) })));
    expect(error).toBeInstanceOf((bedrock as unknown as Record<string, new () => Error>)[type]);
    expect(error.name).toBe(type);
    expect(error.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const raw = await fetch(`${server.url}/model/${haiku}/invoke-with-response-stream`, { method: 'POST', body: claudeBody(`http ${type}`) });
    expect(raw.status).toBe(error.$metadata.httpStatusCode);
    expect(raw.headers.get('x-amzn-errortype')).toBe(`${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`);
    expect(((await raw.json()) as { message: string }).message).toBe(error.message);
  });

  it('uses the statuses of Bedrock', async () => {
    const statuses: Record<string, number> = {};
    for (const type of httpFaultNames) {
      statuses[type] = (await fetch(`${server.url}/model/${haiku}/invoke`, { method: 'POST', body: claudeBody(`http ${type}`) })).status;
    }
    expect(statuses).toEqual({
      ValidationException: 400,
      ConflictException: 400,
      ServiceQuotaExceededException: 400,
      AccessDeniedException: 403,
      ResourceNotFoundException: 404,
      ModelTimeoutException: 408,
      ModelErrorException: 424,
      ModelStreamErrorException: 424,
      ModelNotReadyException: 429,
      ThrottlingException: 429,
      InternalServerException: 500,
      ServiceUnavailableException: 503,
    });
  });

  it('carries the exception\'s own members in the body', async () => {
    const error = (await caught(client.send(new InvokeModelCommand({ modelId: haiku, body: claudeBody('model error members') })))) as bedrock.ModelErrorException;
    expect(error).toBeInstanceOf(bedrock.ModelErrorException);
    expect(error).toMatchObject({ message: 'Model failed', originalStatusCode: 503, resourceName: 'arn:aws:bedrock:us-east-1::foundation-model/x' });
    const stream = (await caught(client.send(new InvokeModelCommand({ modelId: haiku, body: claudeBody('http ModelStreamErrorException') })))) as bedrock.ModelStreamErrorException;
    expect(stream).toMatchObject({ originalStatusCode: 500, originalMessage: 'The model returned an error.' });
  });

  it('maps to the Anthropic SDK\'s error classes by status', async () => {
    const anthropic = new AnthropicBedrock({ baseURL: server.url, awsRegion: region, awsAccessKey: credentials.accessKeyId, awsSecretKey: credentials.secretAccessKey, maxRetries: 0 });
    const classOf = async (type: string): Promise<unknown> =>
      anthropic.messages.create({ model: haiku, max_tokens: 10, messages: [{ role: 'user', content: `http ${type}` }] }).catch((error: unknown) => error);
    expect(await classOf('ValidationException')).toBeInstanceOf(AnthropicBedrock.BadRequestError);
    expect(await classOf('AccessDeniedException')).toBeInstanceOf(AnthropicBedrock.PermissionDeniedError);
    expect(await classOf('ResourceNotFoundException')).toBeInstanceOf(AnthropicBedrock.NotFoundError);
    expect(await classOf('ModelTimeoutException')).toBeInstanceOf(AnthropicBedrock.RequestTimeoutError);
    expect(await classOf('ThrottlingException')).toBeInstanceOf(AnthropicBedrock.RateLimitError);
    expect(await classOf('InternalServerException')).toBeInstanceOf(AnthropicBedrock.InternalServerError);
    const unavailable = await classOf('ServiceUnavailableException');
    expect(unavailable).toBeInstanceOf(AnthropicBedrock.InternalServerError);
    expect((unavailable as { status: number }).status).toBe(503);
    const modelError = await classOf('ModelErrorException');
    expect(modelError).toBeInstanceOf(AnthropicBedrock.APIError);
    expect((modelError as { status: number }).status).toBe(424);
  });
});

describe('exceptions mid-stream', () => {
  const sdkClass: Record<string, unknown> = {
    internalServerException: bedrock.InternalServerException,
    modelStreamErrorException: bedrock.ModelStreamErrorException,
    validationException: bedrock.ValidationException,
    throttlingException: bedrock.ThrottlingException,
    modelTimeoutException: bedrock.ModelTimeoutException,
    serviceUnavailableException: bedrock.ServiceUnavailableException,
  };

  it.each(streamFaultTypes)('InvokeModelWithResponseStream: %s after 4 chunks, then the stream ends', async (type) => {
    const { events, error } = await invokeStream(`stream ${type}`);
    expect(events).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta']);
    expect(error).toBeInstanceOf(sdkClass[type]);
    if (type === 'modelStreamErrorException') expect(error).toMatchObject({ originalStatusCode: 502, originalMessage: 'upstream', message: 'Model stream error' });
    const [record] = server.emulator.calls();
    expect(record).toMatchObject({ outcome: 'fault-injected', status: 200, framesSent: 5 });
  });

  it.each(streamFaultTypes.filter((type) => type !== 'modelTimeoutException'))('ConverseStream: %s after 4 events', async (type) => {
    const received: string[] = [];
    const error = await caught(
      (async () => {
        const response = await client.send(new ConverseStreamCommand({ modelId: haiku, messages: [{ role: 'user', content: [{ text: `stream ${type}` }] }] }));
        for await (const event of response.stream ?? []) received.push(Object.keys(event)[0] ?? '');
      })(),
    );
    expect(received).toEqual(['messageStart', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockDelta']);
    expect(error).toBeInstanceOf(sdkClass[type]);
  });

  it('strikes at a set time', async () => {
    const startedAt = performance.now();
    const { events, error } = await invokeStream('stream at time');
    expect(error).toBeInstanceOf(bedrock.InternalServerException);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(38);
    expect(events.length).toBeGreaterThan(2);
    expect(events.length).toBeLessThan(8);
  });
});

describe('transport faults', () => {
  it('a stall without end trips the client\'s timeout, and the emulator frees the stream afterwards', async () => {
    // socketTimeout is the AWS SDK's inactivity timeout; it also covers a body that stops arriving.
    const impatient = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ socketTimeout: 200 }) });
    try {
      const before = server.emulator.stats();
      const startedAt = performance.now();
      const { events, error } = await invokeStream('stall forever', { client: impatient });
      expect(events).toEqual(['message_start', 'content_block_start', 'content_block_delta']);
      expect((error as Error).name).toBe('TimeoutError');
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(195);
      await eventually(() => expect(server.emulator.stats()).toMatchObject({ activeStreams: before.activeStreams, cancelledStreams: before.cancelledStreams + 1 }));
      expect(server.emulator.calls()[0]).toMatchObject({ outcome: 'fault-injected', framesSent: 3 });
    } finally {
      impatient.destroy();
    }
  });

  it('a stall for a while delays the rest of the stream, which then completes', async () => {
    const startedAt = performance.now();
    const { events, error } = await invokeStream('stall a while');
    expect(error).toBeUndefined();
    expect(events.at(-1)).toBe('message_stop');
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(150);
  });

  it('a dropped connection ends the HTTP/1.1 body without a final frame', async () => {
    const response = await fetch(`${server.url}/model/${haiku}/invoke-with-response-stream`, { method: 'POST', body: claudeBody('drop') });
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
    expect(server.emulator.calls()[0]).toMatchObject({ outcome: 'fault-injected', framesSent: 4 });
  });

  it('a dropped connection fails the AWS SDK\'s HTTP/2 stream after the chunks already sent', async () => {
    const before = server.emulator.calls().length;
    const { events, error } = await invokeStream('drop');
    expect(error).toBeInstanceOf(Error);
    // Four frames left the emulator before the reset. The client reads at most those, and may lose the
    // last ones still unread when the reset arrives (a loaded machine), as with a real dropped stream.
    expect(server.emulator.calls().slice(before).map((call) => [call.framesSent, call.outcome])).toEqual([[4, 'fault-injected']]);
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.length).toBeLessThanOrEqual(4);
    await eventually(() => expect(server.emulator.stats().activeStreams).toBe(0));
  });

  it('a slow first byte holds back even the response headers', async () => {
    const startedAt = performance.now();
    const response = await fetch(`${server.url}/model/${haiku}/invoke-with-response-stream`, { method: 'POST', body: claudeBody('slow first byte') });
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(148);
    expect(response.status).toBe(200);
  });
});

describe('scripted sequences', () => {
  it('the standard retry strategy retries ThrottlingException and succeeds on the third call', async () => {
    const patient = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, retryStrategy: new ConfiguredRetryStrategy(3, () => 10) });
    try {
      const response = await patient.send(new InvokeModelCommand({ modelId: haiku, body: claudeBody('retry me') }));
      expect((JSON.parse(new TextDecoder().decode(response.body)) as { content: unknown }).content).toEqual([{ type: 'text', text: 'third time lucky' }]);
      expect(response.$metadata.attempts).toBe(3);
      const calls = server.emulator.calls();
      expect(calls.map((call) => [call.status, call.outcome])).toEqual([
        [429, 'fault-injected'],
        [429, 'fault-injected'],
        [200, 'completed'],
      ]);
    } finally {
      patient.destroy();
    }
  });

  it('every fifth call fails mid-stream', async () => {
    const failed: number[] = [];
    for (let call = 1; call <= 10; call++) if ((await invokeStream('fifth')).error !== undefined) failed.push(call);
    expect(failed).toEqual([5, 10]);
  });
});
