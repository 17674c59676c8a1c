import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  ValidationException,
  type ConverseStreamOutput,
  type ToolConfiguration,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { agentFixtures, toolPreamble, weatherAnswer, weatherToolResult, weatherToolSchema } from '../support/agent-fixtures.ts';
import { credentials, eventually, haiku, region, useEmulator } from '../support/emulator.ts';
import { readEventStream } from '../support/event-stream.ts';

const sonnet = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const greeting = 'Hello from Converse, streamed a few tokens at a time.';
const server = await useEmulator([
  ...agentFixtures,
  { name: 'greeting', match: { lastUserMessage: 'hello' }, response: { text: greeting }, timing: { timeToFirstTokenMs: 5, deltaIntervalMs: 1 } },
  {
    name: 'thinker',
    match: { lastUserMessage: 'think' },
    response: { content: [{ reasoning: { text: 'The user wants me to think. 2 + 2 is 4.', signature: 'sig-abc' } }, { text: 'It is 4.' }] },
    timing: 'instant',
  },
  { name: 'system-scoped', match: { system: { contains: 'pirate' } }, response: { text: 'Arr, matey!' }, timing: 'instant' },
  { name: 'times-out', match: { lastUserMessage: 'time out' }, response: { text: ['a', 'b', 'c'], streamError: { type: 'modelTimeoutException', afterChunks: 2 } }, timing: 'instant' },
]);
const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
afterAll(() => client.destroy());

const user = (text: string): Message => ({ role: 'user', content: [{ text }] });
const toolConfig: ToolConfiguration = { tools: [{ toolSpec: { name: 'get_weather', description: 'Weather by city', inputSchema: { json: weatherToolSchema } } }] };

async function collect(stream: AsyncIterable<ConverseStreamOutput> | undefined): Promise<ConverseStreamOutput[]> {
  const events: ConverseStreamOutput[] = [];
  for await (const event of stream ?? []) events.push(event);
  return events;
}

const eventNames = (events: ConverseStreamOutput[]): string[] => events.map((event) => Object.keys(event).find((key) => key !== '$unknown') ?? '?');

describe('Converse with @aws-sdk/client-bedrock-runtime (HTTP/2)', () => {
  it('answers with output.message, stopReason, usage and metrics', async () => {
    const response = await client.send(new ConverseCommand({ modelId: sonnet, messages: [user('hello there')] }));
    expect(response.output?.message).toEqual({ role: 'assistant', content: [{ text: greeting }] });
    expect(response.stopReason).toBe('end_turn');
    expect(response.usage).toEqual({ inputTokens: 9, outputTokens: 12, totalTokens: 21 });
    expect(response.metrics?.latencyMs).toBeGreaterThanOrEqual(5);
  });

  it('streams messageStart, text deltas, contentBlockStop, messageStop and metadata last', async () => {
    const response = await client.send(new ConverseStreamCommand({ modelId: sonnet, messages: [user('hello there')] }));
    const events = await collect(response.stream);
    const names = eventNames(events);
    expect(names[0]).toBe('messageStart');
    expect(names.slice(-3)).toEqual(['contentBlockStop', 'messageStop', 'metadata']);
    expect(names).not.toContain('contentBlockStart'); // text blocks start with their first delta
    const text = events.map((event) => event.contentBlockDelta?.delta?.text ?? '').join('');
    expect(text).toBe(greeting);
    expect(events.every((event) => event.contentBlockDelta === undefined || event.contentBlockDelta.contentBlockIndex === 0)).toBe(true);
    expect(events.at(-2)?.messageStop?.stopReason).toBe('end_turn');
    expect(events.at(-1)?.metadata?.usage).toEqual({ inputTokens: 9, outputTokens: 12, totalTokens: 21 });
  });

  it('streams a tool call as contentBlockStart + partial-JSON input deltas, stopping with tool_use', async () => {
    const response = await client.send(new ConverseStreamCommand({ modelId: sonnet, messages: [user("What's the weather in Paris?")], toolConfig }));
    const events = await collect(response.stream);
    const start = events.find((event) => event.contentBlockStart)?.contentBlockStart;
    expect(start?.contentBlockIndex).toBe(1);
    expect(start?.start?.toolUse?.name).toBe('get_weather');
    expect(start?.start?.toolUse?.toolUseId).toMatch(/^tooluse_[A-Za-z0-9]{22}$/);
    const inputDeltas = events.flatMap((event) => (event.contentBlockDelta?.contentBlockIndex === 1 ? [event.contentBlockDelta.delta?.toolUse?.input ?? ''] : []));
    expect(inputDeltas.length).toBeGreaterThan(1);
    expect(JSON.parse(inputDeltas.join(''))).toEqual({ city: 'Paris', unit: 'celsius' });
    const text = events.flatMap((event) => (event.contentBlockDelta?.contentBlockIndex === 0 ? [event.contentBlockDelta.delta?.text ?? ''] : [])).join('');
    expect(text).toBe(toolPreamble);
    expect(events.find((event) => event.messageStop)?.messageStop?.stopReason).toBe('tool_use');
  });

  it('runs a tool-using agent loop: tool call, tool result, final answer', async () => {
    const messages: Message[] = [user("What's the weather in Paris?")];
    const first = await client.send(new ConverseCommand({ modelId: sonnet, messages, toolConfig }));
    expect(first.stopReason).toBe('tool_use');
    const toolUse = first.output?.message?.content?.find((block) => block.toolUse)?.toolUse;
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Paris', unit: 'celsius' } });
    messages.push(first.output?.message as Message, {
      role: 'user',
      content: [{ toolResult: { toolUseId: toolUse?.toolUseId, content: [{ json: weatherToolResult }], status: 'success' } }],
    });
    const second = await client.send(new ConverseCommand({ modelId: sonnet, messages, toolConfig }));
    expect(second.stopReason).toBe('end_turn');
    expect(second.output?.message?.content).toEqual([{ text: weatherAnswer }]);
  });

  it('streams reasoning text and its signature when thinking is requested, and not otherwise', async () => {
    const response = await client.send(
      new ConverseStreamCommand({ modelId: sonnet, messages: [user('think about 2+2')], additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } } }),
    );
    const events = await collect(response.stream);
    const reasoning = events.flatMap((event) => (event.contentBlockDelta?.delta?.reasoningContent ? [event.contentBlockDelta.delta.reasoningContent] : []));
    expect(reasoning.map((part) => part.text ?? '').join('')).toBe('The user wants me to think. 2 + 2 is 4.');
    expect(reasoning.at(-1)).toEqual({ signature: 'sig-abc' });
    const plain = await client.send(new ConverseCommand({ modelId: sonnet, messages: [user('think about 2+2')] }));
    expect(plain.output?.message?.content).toEqual([{ text: 'It is 4.' }]);
  });

  it('matches on the system prompt', async () => {
    const response = await client.send(new ConverseCommand({ modelId: sonnet, system: [{ text: 'You are a pirate.' }], messages: [user('Greet me')] }));
    expect(response.output?.message?.content).toEqual([{ text: 'Arr, matey!' }]);
  });

  it('cuts at maxTokens and at a stop sequence, with honest stop reasons and usage', async () => {
    const cut = await client.send(new ConverseCommand({ modelId: sonnet, messages: [user('hello')], inferenceConfig: { maxTokens: 3 } }));
    expect(cut.output?.message?.content).toEqual([{ text: 'Hello from Converse' }]);
    expect(cut.stopReason).toBe('max_tokens');
    expect(cut.usage?.outputTokens).toBe(3);
    const stopped = await client.send(new ConverseCommand({ modelId: sonnet, messages: [user('hello')], inferenceConfig: { stopSequences: [', streamed'] } }));
    expect(stopped.output?.message?.content).toEqual([{ text: 'Hello from Converse' }]);
    expect(stopped.stopReason).toBe('stop_sequence');
    const toolCut = await client.send(new ConverseCommand({ modelId: sonnet, messages: [user('weather in Paris?')], toolConfig, inferenceConfig: { maxTokens: 8 } }));
    expect(toolCut.stopReason).toBe('max_tokens');
    expect(toolCut.output?.message?.content).toEqual([{ text: toolPreamble }]); // the tool call did not fit whole, so it is not sent
  });

  it('speaks for any Bedrock provider, e.g. Amazon Nova', async () => {
    const response = await client.send(new ConverseCommand({ modelId: 'us.amazon.nova-pro-v1:0', messages: [user('hello')] }));
    expect(response.output?.message?.content).toEqual([{ text: greeting }]);
  });
});

describe('ConverseStream on the wire', () => {
  it('sends each event as its own CRC-checked frame with the p padding', async () => {
    const startedAt = performance.now();
    const response = await fetch(`${server.url}/model/${encodeURIComponent(sonnet)}/converse-stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [user('hello')] }),
    });
    expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const messages = await readEventStream(response.body ?? new ReadableStream(), startedAt);
    for (const message of messages) {
      expect(message.headerOrder).toEqual([':event-type', ':content-type', ':message-type']);
      expect(message.headers[':message-type']).toBe('event');
      expect(String(message.payload['p'])).toMatch(/^[a-zA-Z0-9]{2,56}$/);
    }
    expect(messages.map((message) => message.headers[':event-type']).at(0)).toBe('messageStart');
    expect(messages.at(-1)?.payload).toMatchObject({ usage: { inputTokens: 8, outputTokens: 12, totalTokens: 20 }, metrics: { latencyMs: expect.any(Number) } });
  });
});

describe('Converse validation, like Bedrock', () => {
  const invalid = async (input: Record<string, unknown>): Promise<string> => {
    const error: unknown = await client.send(new ConverseCommand({ modelId: sonnet, ...input })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    return (error as Error).message;
  };

  it.each([
    ['missing messages', {}, "1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null"],
    ['a first assistant turn', { messages: [{ role: 'assistant', content: [{ text: 'Hi' }] }] }, 'A conversation must start with a user message. Try again with a conversation that starts with a user message.'],
    ['two user turns in a row', { messages: [user('a'), user('b')] }, 'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.'],
    ['empty content', { messages: [{ role: 'user', content: [] }] }, 'The content field in the Message object at messages.0 is empty. Add a ContentBlock object to the content field and try again.'],
    ['temperature above 1', { messages: [user('a')], inferenceConfig: { temperature: 2 } }, "1 validation error detected: Value '2' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1"],
    ['maxTokens of 0', { messages: [user('a')], inferenceConfig: { maxTokens: 0 } }, "1 validation error detected: Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1"],
    ['a bad role', { messages: [{ role: 'robot', content: [{ text: 'a' }] }] }, "1 validation error detected: Value 'robot' at 'messages.1.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]"],
    [
      'a tool result without toolConfig',
      { messages: [{ role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'x' }] } }] }] },
      'The toolConfig field must be defined when using toolUse and toolResult content blocks.',
    ],
    [
      'an image format Bedrock does not take',
      { messages: [{ role: 'user', content: [{ text: 'a' }, { image: { format: 'bmp', source: { bytes: new Uint8Array([1]) } } }] }] },
      "1 validation error detected: Value 'bmp' at 'messages.1.member.content.2.member.image.format' failed to satisfy constraint: Member must satisfy enum value set: [png, jpeg, gif, webp]",
    ],
    [
      'a cache point of another type',
      { messages: [user('a')], system: [{ text: 'Be brief.' }, { cachePoint: { type: 'ephemeral' } }] },
      "1 validation error detected: Value 'ephemeral' at 'system.2.member.cachePoint.type' failed to satisfy constraint: Member must satisfy enum value set: [default]",
    ],
    [
      'a guardrail without its version',
      { messages: [user('a')], guardrailConfig: { guardrailIdentifier: 'gr-1' } },
      "1 validation error detected: Value null at 'guardrailConfig.guardrailVersion' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a latency setting Bedrock does not have',
      { messages: [user('a')], performanceConfig: { latency: 'fast' } },
      "1 validation error detected: Value 'fast' at 'performanceConfig.latency' failed to satisfy constraint: Member must satisfy enum value set: [standard, optimized]",
    ],
    [
      'a tool choice naming an unknown tool',
      { messages: [user('a')], toolConfig: { ...toolConfig, toolChoice: { tool: { name: 'get_time' } } } },
      'The tool named at toolConfig.toolChoice.tool.name ("get_time") is not one of the tools in toolConfig.tools.',
    ],
  ])('refuses %s', async (_label, input, message) => {
    expect(await invalid(input)).toBe(message);
  });

  it('accepts the enums it checks at their valid values (cache points with a TTL, guardrails, latency, documents)', async () => {
    const response = await client.send(
      new ConverseCommand({
        modelId: sonnet,
        system: [{ text: 'Be brief.' }, { cachePoint: { type: 'default', ttl: '1h' } }],
        messages: [{ role: 'user', content: [{ text: 'hello there' }, { document: { format: 'txt', name: 'notes', source: { bytes: new TextEncoder().encode('x') } } }] }],
        guardrailConfig: { guardrailIdentifier: 'gr-1', guardrailVersion: '1', trace: 'enabled' },
        performanceConfig: { latency: 'optimized' },
      }),
    );
    expect(response.stopReason).toBe('end_turn');
  });

  it('refuses an unknown tool choice (sent raw: the SDK cannot serialize one)', async () => {
    const response = await fetch(`${server.url}/model/${sonnet}/converse`, {
      method: 'POST',
      body: JSON.stringify({ messages: [user('a')], toolConfig: { ...toolConfig, toolChoice: { sometimes: {} } } }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toMatch(/^ValidationException:/);
    expect(await response.json()).toEqual({ message: 'The value at toolConfig.toolChoice is not valid: expected exactly one of "auto", "any", "tool", got {"sometimes":{}}.' });
  });
});

describe('CountTokens', () => {
  const conversation = [user("What's the weather in Paris?")];

  it('counts a Converse input as the usage Converse reports', async () => {
    const counted = await client.send(new CountTokensCommand({ modelId: sonnet, input: { converse: { messages: conversation, toolConfig } } }));
    const answered = await client.send(new ConverseCommand({ modelId: sonnet, messages: conversation, toolConfig }));
    expect(counted.inputTokens).toBe(answered.usage?.inputTokens);
    expect(counted.inputTokens).toBeGreaterThan(5);
  });

  it('counts an InvokeModel body as the usage InvokeModel reports', async () => {
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'hello there' }] });
    const counted = await client.send(new CountTokensCommand({ modelId: haiku, input: { invokeModel: { body: new TextEncoder().encode(body) } } }));
    const answered = await client.send(new InvokeModelCommand({ modelId: haiku, body }));
    const usage = (JSON.parse(new TextDecoder().decode(answered.body)) as { usage: { input_tokens: number } }).usage;
    expect(counted.inputTokens).toBe(usage.input_tokens);
  });

  it('refuses models that cannot count tokens', async () => {
    const error: unknown = await client
      .send(new CountTokensCommand({ modelId: 'amazon.nova-pro-v1:0', input: { converse: { messages: conversation } } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toBe("The provided model doesn't support counting tokens.");
  });
});

describe('ConverseStream faults within its exception union', () => {
  it('sends a model timeout as a modelStreamErrorException (its union has no modelTimeoutException), so the SDK raises a typed error', async () => {
    const response = await client.send(new ConverseStreamCommand({ modelId: sonnet, messages: [user('time out')] }));
    const error = await collect(response.stream).catch((caught: unknown) => caught as Error & { originalStatusCode?: number });
    expect(error).toMatchObject({ name: 'ModelStreamErrorException', message: 'Model has timed out in processing the request. Try your request again.', originalStatusCode: 408 });
    // The journal names the exception that was sent.
    await eventually(() => expect(server.emulator.calls().find((call) => call.fixture?.name === 'times-out')?.error?.type).toBe('ModelStreamErrorException'));
  });
});

describe('a tool choice that forces a call', () => {
  it('is kept by a fixture that calls the tool: any, or the one named', async () => {
    for (const toolChoice of [{ any: {} }, { tool: { name: 'get_weather' } }]) {
      const response = await client.send(new ConverseCommand({ modelId: sonnet, messages: [user("What's the weather in Paris?")], toolConfig: { ...toolConfig, toolChoice } }));
      expect(response.stopReason).toBe('tool_use');
    }
  });

  it('is reported, naming the fixture and what to add, when the fixture that matched answers without the call', async () => {
    const error = await client
      .send(new ConverseCommand({ modelId: sonnet, messages: [user('hello there')], toolConfig: { ...toolConfig, toolChoice: { tool: { name: 'get_weather' } } } }))
      .catch((caught: unknown) => caught as Error & { $metadata?: { httpStatusCode?: number } });
    expect(error).toMatchObject({
      name: 'NoFixtureMatchedException',
      message: 'bedrock-emulator: the request\'s tool choice forces a call to the tool "get_weather", but the fixture "greeting" answers without it: give the answer a toolUse block for "get_weather".',
    });
    expect(error.$metadata?.httpStatusCode).toBe(404);
  });

  it("is read in Claude's form on InvokeModel too", async () => {
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'hello there' }], tools: [{ name: 'get_weather', input_schema: weatherToolSchema }], tool_choice: { type: 'any' } });
    await expect(client.send(new InvokeModelCommand({ modelId: sonnet, body }))).rejects.toThrow('forces a call to one of its tools, but the fixture "greeting" answers without one');
  });
});

