import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  ValidationException,
  type ContentBlock,
  type ConverseCommandInput,
  type Message,
  type ToolConfiguration,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { weatherToolSchema } from '../support/agent-fixtures.ts';
import { credentials, region, useEmulator } from '../support/emulator.ts';

// Mid-conversation system messages (`role: "system"`, docs/protocol/converse.md#system-messages), through the real AWS SDK.
const sonnet = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const server = await useEmulator([
  { name: 'pirate', match: { system: { contains: 'pirate' } }, response: { text: ['Arr', ', matey!'] }, timing: { timeToFirstTokenMs: 2, deltaIntervalMs: 1 } },
  { name: 'weather-tool', match: { lastUserMessage: 'weather', tools: ['get_weather'] }, response: { content: [{ toolUse: { name: 'get_weather', input: { city: 'Paris' } } }] }, timing: 'instant' },
  { name: 'no-tool', match: { lastUserMessage: 'weather' }, response: { text: 'I cannot look that up now.' }, timing: 'instant' },
  { name: 'plain', response: { text: 'Plain answer.' }, timing: 'instant' },
]);
const strict = await useEmulator([{ name: 'weather-tool', match: { tools: ['get_weather'] }, response: { text: 'x' } }], { unmatched: 'error' });
const client = new BedrockRuntimeClient({ endpoint: server.url, region, credentials, maxAttempts: 1 });
const strictClient = new BedrockRuntimeClient({ endpoint: strict.url, region, credentials, maxAttempts: 1 });
afterAll(() => {
  client.destroy();
  strictClient.destroy();
});

const user = (text: string): Message => ({ role: 'user', content: [{ text }] });
const assistant = (text: string): Message => ({ role: 'assistant', content: [{ text }] });
const system = (...content: ContentBlock[]): Message => ({ role: 'system', content });
const weatherTool = { toolSpec: { name: 'get_weather', description: 'Weather by city', inputSchema: { json: weatherToolSchema } } };
const searchTool = { toolSpec: { name: 'search', description: 'Search the web', inputSchema: { json: { type: 'object' } } } };
const toolConfig: ToolConfiguration = { tools: [weatherTool, searchTool] };
const removal = (name: string): ContentBlock => ({ toolRemoval: { tool: { name } } });
const addition = (name: string): ContentBlock => ({ toolAddition: { tool: { name } } });
const textOf = (message: Message | undefined): string => (message?.content ?? []).map((block) => block.text ?? '').join('');

type JournalCall = { id: string; request?: { system: string; messages: { role: string }[]; toolChanges?: unknown }; fixture?: { name: string } };
async function journal(): Promise<JournalCall[]> {
  const { calls } = (await (await fetch(`${server.url}/_emulator/calls`)).json()) as { calls: JournalCall[] };
  return calls;
}

describe('a system message in Converse messages', () => {
  const conversation = [user('Tell me about ships.'), assistant('Ships float.'), user('And boats?'), system({ text: 'From now on, talk like a pirate.' })];

  it('is accepted after a user message, and fixtures match its text as the system prompt (Converse and ConverseStream)', async () => {
    const whole = await client.send(new ConverseCommand({ modelId: sonnet, messages: conversation }));
    expect(textOf(whole.output?.message)).toBe('Arr, matey!');
    const streamed = await client.send(new ConverseStreamCommand({ modelId: sonnet, messages: conversation }));
    const deltas: string[] = [];
    for await (const event of streamed.stream ?? []) if (event.contentBlockDelta?.delta?.text !== undefined) deltas.push(event.contentBlockDelta.delta.text);
    expect(deltas).toEqual(['Arr', ', matey!']);
  });

  it('may sit before the assistant message that answers it, and follow the system field in the system prompt', async () => {
    const response = await client.send(
      new ConverseCommand({ modelId: sonnet, system: [{ text: 'Be brief.' }], messages: [user('Tell me about ships.'), system({ text: 'Talk like a pirate.' }), assistant('Arr.'), user('And boats?')] }),
    );
    expect(textOf(response.output?.message)).toBe('Arr, matey!');
    const call = (await journal()).findLast((entry) => entry.id === response.$metadata.requestId);
    // Its text joins the system prompt after the system field's; the messages are the turns around it.
    expect(call?.request?.system).toBe('Be brief.\nTalk like a pirate.');
    expect(call?.request?.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('counts its text as input tokens exactly as the same text in the system field counts', async () => {
    const asMessage = await client.send(new CountTokensCommand({ modelId: sonnet, input: { converse: { messages: [user('hello'), system({ text: 'Answer in French, and briefly.' })] } } }));
    const asField = await client.send(new CountTokensCommand({ modelId: sonnet, input: { converse: { system: [{ text: 'Answer in French, and briefly.' }], messages: [user('hello')] } } }));
    const without = await client.send(new CountTokensCommand({ modelId: sonnet, input: { converse: { messages: [user('hello')] } } }));
    expect(asMessage.inputTokens).toBe(asField.inputTokens);
    expect(asMessage.inputTokens).toBeGreaterThan(without.inputTokens ?? 0);
    const answered = await client.send(new ConverseCommand({ modelId: sonnet, messages: [user('hello'), system({ text: 'Answer in French, and briefly.' })] }));
    expect(answered.usage?.inputTokens).toBe(asMessage.inputTokens);
  });
});

describe('a system message and the prompt cache', () => {
  it('stays in its place: the prefix cached before it is still read when it is appended', async () => {
    const manual = `You answer questions about the kettle manual. ${Array.from({ length: 1200 }, (_, index) => `rule${index % 10}`).join(' ')}`;
    const cached = { modelId: sonnet, system: [{ text: manual }, { cachePoint: { type: 'default' as const } }] };
    const first = await client.send(new ConverseCommand({ ...cached, messages: [user('How do I descale it?')] }));
    expect(first.usage?.cacheWriteInputTokens).toBeGreaterThan(1024);
    const second = await client.send(new ConverseCommand({ ...cached, messages: [user('How do I descale it?'), system({ text: 'From now on, answer in French.' })] }));
    expect(second.usage).toMatchObject({ cacheReadInputTokens: first.usage?.cacheWriteInputTokens, cacheWriteInputTokens: 0 });
  });
});

describe('toolAddition and toolRemoval in a system message', () => {
  const ask = (messages: Message[]): ConverseCommandInput => ({ modelId: sonnet, messages, toolConfig });

  it('take a declared tool away from what fixtures see offered, and put it back', async () => {
    const offered = await client.send(new ConverseCommand(ask([user('weather in Paris?')])));
    expect(offered.stopReason).toBe('tool_use');
    const removed = await client.send(new ConverseCommand(ask([user('weather in Paris?'), system(removal('get_weather'))])));
    expect(textOf(removed.output?.message)).toBe('I cannot look that up now.');
    const readded = await client.send(new ConverseCommand(ask([user('Hi'), system(removal('get_weather')), assistant('Hello.'), user('weather in Paris?'), system(addition('get_weather'))])));
    expect(readded.stopReason).toBe('tool_use');
    const call = (await journal()).findLast((entry) => entry.id === removed.$metadata.requestId);
    expect(call).toMatchObject({ fixture: { name: 'no-tool' }, request: { toolChanges: [{ kind: 'removal', name: 'get_weather' }] } });
  });

  it('say why a fixture missed: the tools offered after the changes', async () => {
    await expect(strictClient.send(new ConverseCommand(ask([user('weather in Paris?'), system(removal('get_weather'))])))).rejects.toThrow('tools: expected offers get_weather, got tools search');
  });
});

describe('what Bedrock refuses, answered with a ValidationException naming the message or block', () => {
  const refused: [string, ConverseCommandInput, string][] = [
    ['a system message first', { modelId: sonnet, messages: [system({ text: 'Be terse.' }), user('hi')] }, 'A conversation must start with a user message.'],
    [
      'a system message after an assistant message',
      { modelId: sonnet, messages: [user('hi'), assistant('Hello.'), system({ text: 'Be terse.' })] },
      'The system message at messages.2 is out of place: it follows an assistant message. A system message must come right after a user message and be the last message or be followed by an assistant message.',
    ],
    ['a user message after a system message', { modelId: sonnet, messages: [user('hi'), system({ text: 'Be terse.' }), user('again')] }, 'The system message at messages.1 is out of place: a user message follows it.'],
    ['two system messages in a row', { modelId: sonnet, messages: [user('hi'), system({ text: 'a' }), system({ text: 'b' })] }, 'The system message at messages.1 is out of place: a system message follows it.'],
    [
      'an image in a system message',
      { modelId: sonnet, messages: [user('hi'), system({ image: { format: 'png', source: { bytes: new Uint8Array([1]) } } })] },
      'The ContentBlock at messages.2.member.content.1.member is a image block, which a system message cannot hold. A system message holds text, toolAddition, toolRemoval, cachePoint blocks.',
    ],
    [
      'a toolAddition in a user message',
      { modelId: sonnet, messages: [{ role: 'user', content: [{ text: 'hi' }, addition('get_weather')] }], toolConfig },
      'The ContentBlock at messages.1.member.content.2.member is a toolAddition block in a user message: toolAddition blocks belong in a system message (role "system"). Move it into one.',
    ],
    ['a tool change without toolConfig', { modelId: sonnet, messages: [user('hi'), system(removal('get_weather'))] }, 'The toolConfig field must be defined when using toolAddition and toolRemoval content blocks.'],
    [
      'a tool change naming a tool not declared',
      { modelId: sonnet, messages: [user('hi'), system(addition('get_time'))], toolConfig },
      'The tool named at messages.2.member.content.1.member.toolAddition.tool.name ("get_time") is not one of the tools in toolConfig.tools.',
    ],
    ['a tool change naming no tool', { modelId: sonnet, messages: [user('hi'), system({ toolRemoval: { tool: {} } })], toolConfig }, 'The tool reference at messages.2.member.content.1.member.toolRemoval.tool names no tool.'],
  ];

  it.each(refused)('%s', async (_case, input, message) => {
    const error = await client.send(new ConverseCommand(input)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toContain(message);
  });

  it('a role the service model does not have, in its words', async () => {
    const response = await fetch(`${server.url}/model/${sonnet}/converse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messages: [{ role: 'developer', content: [{ text: 'hi' }] }] }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: "1 validation error detected: Value 'developer' at 'messages.1.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant, system]" });
  });
});
