import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ValidationException,
  type ConverseCommandInput,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { generateText, Output, tool } from 'ai';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { claudeBody, credentials, region, useEmulator } from '../support/emulator.ts';

const weatherSchema = {
  type: 'object',
  properties: { city: { type: 'string' }, tempC: { type: 'number' }, sky: { enum: ['sunny', 'cloudy', 'rain'] } },
  required: ['city', 'tempC', 'sky'],
  additionalProperties: false,
};
const server = await useEmulator([
  { name: 'weather-json', match: { lastUserMessage: 'weather as JSON' }, response: { text: ['{"city":"Paris",', '"tempC":18,', '"sky":"sunny"}'] }, timing: 'instant' },
  { name: 'weather-prose', match: { lastUserMessage: 'weather in prose' }, response: { text: 'Sunny, 18 °C in Paris.' }, timing: 'instant' },
  { name: 'weather-wrong-sky', match: { lastUserMessage: 'weather with a wrong sky' }, response: { text: '{"city":"Paris","tempC":18,"sky":"foggy"}' }, timing: 'instant' },
  { name: 'plain', match: { lastUserMessage: 'hello' }, response: { text: 'Hello!' }, timing: 'instant' },
  { name: 'calls-weather', match: { lastUserMessage: 'use the weather tool' }, response: { content: [{ toolUse: { name: 'get_weather', input: { city: 'Paris' } } }] }, timing: 'instant' },
]);
const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
afterAll(() => client.destroy());

const sonnet = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const user = (text: string): Message => ({ role: 'user', content: [{ text }] });
const structured = (schema: object = weatherSchema): ConverseCommandInput['outputConfig'] => ({ textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'weather' } } } });
const textOf = (message: Message | undefined): string => (message?.content ?? []).map((block) => block.text ?? '').join('');

describe('structured output (outputConfig.textFormat)', () => {
  it("answers with a fixture's text that conforms to the schema, whole and streamed", async () => {
    const whole = await client.send(new ConverseCommand({ modelId: sonnet, messages: [user('weather as JSON')], outputConfig: structured() }));
    expect(JSON.parse(textOf(whole.output?.message))).toEqual({ city: 'Paris', tempC: 18, sky: 'sunny' });
    const streamed = await client.send(new ConverseStreamCommand({ modelId: sonnet, messages: [user('weather as JSON')], outputConfig: structured() }));
    let text = '';
    for await (const event of streamed.stream ?? []) text += event.contentBlockDelta?.delta?.text ?? '';
    expect(JSON.parse(text)).toEqual({ city: 'Paris', tempC: 18, sky: 'sunny' });
  });

  it('reports a fixture whose text does not conform, by name and first mismatch', async () => {
    await expect(client.send(new ConverseCommand({ modelId: sonnet, messages: [user('weather in prose')], outputConfig: structured() }))).rejects.toMatchObject({
      name: 'ModelErrorException',
      message: expect.stringContaining('the text of the fixture "weather-prose" does not conform to its JSON schema: it is not JSON'),
    });
    await expect(client.send(new ConverseCommand({ modelId: sonnet, messages: [user('weather with a wrong sky')], outputConfig: structured() }))).rejects.toMatchObject({
      message: expect.stringContaining('structured output ("weather"), but the text of the fixture "weather-wrong-sky" does not conform to its JSON schema: at sky:'),
    });
  });

  it('makes up conforming JSON when no fixture matches', async () => {
    const response = await client.send(new ConverseCommand({ modelId: sonnet, messages: [user('anything else')], outputConfig: structured() }));
    expect(JSON.parse(textOf(response.output?.message))).toEqual({ city: 'string', tempC: 0, sky: 'sunny' });
  });

  it("refuses a schema that is not JSON, or not a JSON Schema, with Bedrock's ValidationException", async () => {
    const badJson: ConverseCommandInput['outputConfig'] = { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: '{not json' } } } };
    await expect(client.send(new ConverseCommand({ modelId: sonnet, messages: [user('hello')], outputConfig: badJson }))).rejects.toThrow(ValidationException);
    await expect(client.send(new ConverseCommand({ modelId: sonnet, messages: [user('hello')], outputConfig: structured([1]) }))).rejects.toThrow('The JSON schema at outputConfig.textFormat.structure.jsonSchema.schema is not valid');
  });

  it('says so when it cannot make up JSON that conforms, and refuses a schema that refers to itself in every form', async () => {
    const impossible = { type: 'object', properties: { code: { type: 'string', minLength: 5, maxLength: 3 } }, required: ['code'] };
    await expect(client.send(new ConverseCommand({ modelId: sonnet, messages: [user('anything else')], outputConfig: structured(impossible) }))).rejects.toMatchObject({
      name: 'ModelErrorException',
      message: expect.stringContaining('the emulator cannot make up JSON that conforms to its schema (at code:'),
    });
    const endless = { $defs: { a: { $ref: '#/$defs/a' } }, $ref: '#/$defs/a' };
    await expect(client.send(new ConverseCommand({ modelId: sonnet, messages: [user('hello')], outputConfig: structured(endless) }))).rejects.toThrow(
      'The JSON schema at outputConfig.textFormat.structure.jsonSchema.schema is not valid: it refers to itself without end.',
    );
    await expect(
      client.send(new ConverseCommand({ modelId: sonnet, messages: [user('hello')], additionalModelRequestFields: { output_config: { format: { type: 'json_schema', schema: endless } } } })),
    ).rejects.toThrow('The JSON schema at additionalModelRequestFields.output_config.format.schema is not valid: it refers to itself without end.');
    await expect(client.send(new InvokeModelCommand({ modelId: sonnet, body: claudeBody('hello', { output_format: { type: 'json_schema', schema: endless } }) }))).rejects.toThrow(
      '#/output_format/schema: the JSON schema is not valid (it refers to itself without end)',
    );
  });

  it("holds Claude's own output_format on InvokeModel to the schema too", async () => {
    const answer = await client.send(new InvokeModelCommand({ modelId: sonnet, body: claudeBody('weather as JSON', { output_format: { type: 'json_schema', schema: weatherSchema } }) }));
    const message = JSON.parse(new TextDecoder().decode(answer.body)) as { content: { text: string }[] };
    expect(JSON.parse(message.content[0]?.text ?? '')).toMatchObject({ sky: 'sunny' });
    await expect(client.send(new InvokeModelCommand({ modelId: sonnet, body: claudeBody('weather in prose', { output_config: { format: { type: 'json_schema', schema: weatherSchema } } }) }))).rejects.toMatchObject({
      name: 'ModelErrorException',
    });
  });

  it('answers the Vercel AI SDK, which asks Claude for its native structured output through Converse', async () => {
    const bedrock = createAmazonBedrock({ baseURL: server.url, region, accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey });
    const { output } = await generateText({
      model: bedrock(sonnet),
      maxRetries: 0,
      prompt: 'weather as JSON',
      output: Output.object({ schema: z.object({ city: z.string(), tempC: z.number(), sky: z.enum(['sunny', 'cloudy', 'rain']) }) }),
    });
    expect(output).toEqual({ city: 'Paris', tempC: 18, sky: 'sunny' });
  });
});

describe('a forced tool choice through the Vercel AI SDK', () => {
  const bedrock = createAmazonBedrock({ baseURL: server.url, region, accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey });
  const tools = { get_weather: tool({ description: 'Weather by city', inputSchema: z.object({ city: z.string() }), execute: () => Promise.resolve({ tempC: 18 }) }) };

  it("is kept by a fixture that calls the tool (toolChoice 'required' and a named tool)", async () => {
    for (const toolChoice of ['required', { type: 'tool', toolName: 'get_weather' }] as const) {
      const { toolCalls } = await generateText({ model: bedrock(sonnet), maxRetries: 0, prompt: 'use the weather tool', tools, toolChoice });
      expect(toolCalls.map((call) => [call.toolName, call.input])).toEqual([['get_weather', { city: 'Paris' }]]);
    }
  });

  it('fails, naming the fixture, when the fixture that answers calls no tool', async () => {
    await expect(generateText({ model: bedrock(sonnet), maxRetries: 0, prompt: 'hello', tools, toolChoice: 'required' })).rejects.toThrow(
      'the fixture "plain" answers without one: give the answer a toolUse block.',
    );
  });
});

describe('fields an answer echoes or selects', () => {
  it('echoes performanceConfig and serviceTier in Converse and in ConverseStream metadata', async () => {
    const input = { modelId: sonnet, messages: [user('hello')], performanceConfig: { latency: 'optimized' as const }, serviceTier: { type: 'priority' as const } };
    const whole = await client.send(new ConverseCommand(input));
    expect(whole).toMatchObject({ performanceConfig: { latency: 'optimized' }, serviceTier: { type: 'priority' } });
    const streamed = await client.send(new ConverseStreamCommand(input));
    const metadata = [];
    for await (const event of streamed.stream ?? []) if (event.metadata !== undefined) metadata.push(event.metadata);
    expect(metadata).toEqual([expect.objectContaining({ performanceConfig: { latency: 'optimized' }, serviceTier: { type: 'priority' } })]);
    const plain = await client.send(new ConverseCommand({ modelId: sonnet, messages: [user('hello')] }));
    expect(plain.performanceConfig).toBeUndefined();
    expect(plain.serviceTier).toBeUndefined();
  });

  it('echoes InvokeModel’s performance and service-tier headers, and refuses values outside their enums', async () => {
    const whole = await client.send(new InvokeModelCommand({ modelId: sonnet, body: claudeBody('hello'), performanceConfigLatency: 'optimized', serviceTier: 'flex' }));
    expect({ latency: whole.performanceConfigLatency, tier: whole.serviceTier }).toEqual({ latency: 'optimized', tier: 'flex' });
    const streamed = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: sonnet, body: claudeBody('hello'), serviceTier: 'reserved' }));
    const types: string[] = [];
    for await (const event of streamed.body ?? []) types.push((JSON.parse(new TextDecoder().decode(event.chunk?.bytes)) as { type: string }).type);
    expect(types).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(streamed.serviceTier).toBe('reserved');
    const refused = client.send(new InvokeModelCommand({ modelId: sonnet, body: claudeBody('hello'), serviceTier: 'gold' as 'flex' }));
    await expect(refused).rejects.toThrow(ValidationException);
    await expect(refused).rejects.toThrow("1 validation error detected: Value 'gold' at 'serviceTier' failed to satisfy constraint: Member must satisfy enum value set: [default, flex, priority, reserved]");
  });

  it("never sends one call's echo to another call of the same fixture (frames kept per plan)", async () => {
    const lastEvents = async (extra: Partial<ConverseCommandInput>) => {
      const response = await client.send(new ConverseStreamCommand({ modelId: sonnet, messages: [user('hello')], ...extra }));
      const events = [];
      for await (const event of response.stream ?? []) if (event.messageStop !== undefined || event.metadata !== undefined) events.push(event);
      return { stop: events[0]?.messageStop, metadata: events[1]?.metadata };
    };
    const asked = await lastEvents({ serviceTier: { type: 'flex' }, additionalModelResponseFieldPaths: ['/stop_sequence'] });
    expect(asked.metadata?.serviceTier).toEqual({ type: 'flex' });
    expect(asked.stop?.additionalModelResponseFields).toEqual({ stop_sequence: null });
    const plain = await lastEvents({});
    expect(plain.metadata?.serviceTier).toBeUndefined();
    expect(plain.stop?.additionalModelResponseFields).toBeUndefined();
    expect((await lastEvents({ serviceTier: { type: 'priority' } })).metadata?.serviceTier).toEqual({ type: 'priority' });
  });

  it("returns additionalModelResponseFieldPaths from Claude's own response, whole and in messageStop", async () => {
    const input = { modelId: sonnet, messages: [user('hello')], additionalModelResponseFieldPaths: ['/stop_sequence', '/usage/output_tokens', '/not_there'] };
    const whole = await client.send(new ConverseCommand(input));
    expect(whole.additionalModelResponseFields).toEqual({ stop_sequence: null, usage: { output_tokens: 2 } });
    const streamed = await client.send(new ConverseStreamCommand(input));
    const stops = [];
    for await (const event of streamed.stream ?? []) if (event.messageStop !== undefined) stops.push(event.messageStop);
    expect(stops).toEqual([{ stopReason: 'end_turn', additionalModelResponseFields: { stop_sequence: null, usage: { output_tokens: 2 } } }]);
    await expect(client.send(new ConverseCommand({ ...input, additionalModelResponseFieldPaths: ['stop_sequence'] }))).rejects.toThrow('is not a JSON Pointer');
  });
});

describe("validation against the service model's constraints", () => {
  const refused = async (input: Omit<ConverseCommandInput, 'modelId'>): Promise<string> => {
    const error = (await client.send(new ConverseCommand({ modelId: sonnet, ...input })).catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(ValidationException);
    return error.message;
  };

  it("refuses a tool name outside the model's pattern, and requestMetadata outside its own", async () => {
    expect(await refused({ messages: [user('hello')], toolConfig: { tools: [{ toolSpec: { name: 'get weather', inputSchema: { json: {} } } }] } })).toBe(
      "1 validation error detected: Value 'get weather' at 'toolConfig.tools.1.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9_-]{1,64}$",
    );
    expect(await refused({ messages: [user('hello')], requestMetadata: { 'bad key!': 'x' } })).toMatch(/at 'requestMetadata' failed to satisfy constraint: Map keys must satisfy constraint: \[Member must satisfy regular expression pattern: /);
    const seventeen = Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`k${index}`, 'v']));
    expect(await refused({ messages: [user('hello')], requestMetadata: seventeen })).toMatch(/at 'requestMetadata' failed to satisfy constraint: Member must have at most 16 entries/);
  });

  it("refuses a document name Bedrock refuses, in Bedrock's words", async () => {
    const document = { format: 'txt' as const, name: 'notes.txt', source: { bytes: new TextEncoder().encode('Some notes') } };
    expect(await refused({ messages: [{ role: 'user', content: [{ document }, { text: 'Summarize' }] }] })).toBe(
      "The document file name at messages.1.member.content.1.member.document.name can only contain alphanumeric characters, whitespace characters, hyphens, parentheses, and square brackets. The name can't contain more than one consecutive whitespace character.",
    );
  });

  it("passes on Claude's refusal of an image over 5 MB of base64, in its words", async () => {
    const image = { format: 'png' as const, source: { bytes: new Uint8Array(4_000_000) } };
    expect(await refused({ messages: [{ role: 'user', content: [{ text: 'What is this?' }, { image }] }] })).toBe(
      'The model returned the following errors: messages.0.content.1.image.source.bytes: image exceeds 5 MB maximum: 5333336 bytes > 5242880 bytes',
    );
    const small = await client.send(new ConverseCommand({ modelId: sonnet, messages: [{ role: 'user', content: [{ text: 'hello' }, { image: { format: 'png', source: { bytes: new Uint8Array(1000) } } }] }] }));
    expect(small.stopReason).toBe('end_turn');
  });

  it('refuses union members the service model does not have (raw body, as a client built on another model would send)', async () => {
    const post = async (body: object): Promise<{ status: number; type: string | undefined; message: string }> => {
      const response = await fetch(`${server.url}/model/${encodeURIComponent(sonnet)}/converse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, type: response.headers.get('x-amzn-errortype')?.split(':')[0], message: ((await response.json()) as { message: string }).message };
    };
    expect(await post({ messages: [{ role: 'user', content: [{ hologram: { x: 1 } }] }] })).toEqual({
      status: 400,
      type: 'ValidationException',
      message: expect.stringContaining('The ContentBlock at messages.1.member.content.1.member has an unknown member "hologram".') as string,
    });
    expect((await post({ messages: [user('hello')], system: [{ banner: 'x' }] })).message).toContain('The SystemContentBlock at system.1.member has an unknown member "banner"');
    expect((await post({ messages: [user('hello')], toolConfig: { tools: [{ plugin: {} }] } })).message).toContain('The Tool at toolConfig.tools.1.member has an unknown member "plugin"');
  });
});
