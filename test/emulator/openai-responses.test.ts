import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { weatherToolSchema } from '../support/agent-fixtures.ts';
import { useEmulator } from '../support/emulator.ts';

const gptOss = 'openai.gpt-oss-120b';
const answer = ['The', ' Responses', ' API', ', streamed.'];
const server = await useEmulator([
  { name: 'greeting', match: { operation: 'Responses', lastUserMessage: 'hello' }, response: { text: answer, usage: { inputTokens: 7, outputTokens: 4 } }, timing: { timeToFirstTokenMs: 20, deltaIntervalMs: 5 } },
  { name: 'thinker', match: { lastUserMessage: 'think' }, response: { content: [{ reasoning: { text: ['Two ', 'and two.'] } }, { text: 'It is 4.' }] }, timing: 'instant' },
  { name: 'weather-call', match: { lastUserMessage: 'weather in Paris', turn: 1 }, response: { content: [{ toolUse: { name: 'get_weather', id: 'call_fixture2', input: { city: 'Paris' } } }] }, timing: 'instant' },
  { name: 'weather-answer', match: { toolResult: { name: 'get_weather' } }, response: { text: 'It is 18 °C in Paris.' }, timing: 'instant' },
  { name: 'long', match: { lastUserMessage: 'long' }, response: { text: 'one two three four five six seven eight nine ten '.repeat(8) }, timing: 'instant' },
  { name: 'busy', match: { lastUserMessage: 'busy' }, response: { error: { type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' } } },
  { name: 'breaks', match: { lastUserMessage: 'break' }, response: { text: ['a', 'b', 'c'], streamError: { type: 'internalServerException', message: 'The model broke.', afterChunks: 5 } }, timing: 'instant' },
]);

const client = new OpenAI({ baseURL: `${server.url}/openai/v1`, apiKey: 'any-key', maxRetries: 0 });
const mantle = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'any-key', maxRetries: 0 });

describe('the Responses API with the openai SDK', () => {
  it('streams its events: created, the item and part, text deltas as cut, done, completed with usage', async () => {
    const stream = client.responses.stream({ model: gptOss, input: 'hello' });
    const types: string[] = [];
    const deltas: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') deltas.push(event.delta);
    }
    const final = await stream.finalResponse();
    expect(deltas).toEqual(answer);
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.slice(-4)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    expect(final.output_text).toBe(answer.join(''));
    expect(final.status).toBe('completed');
    expect(final.usage).toMatchObject({ input_tokens: 7, output_tokens: 4, total_tokens: 11 });
    expect(final.id).toMatch(/^resp_/);
  });

  it('answers whole on Mantle’s path, with reasoning as its own item', async () => {
    const response = await mantle.responses.create({ model: gptOss, input: [{ role: 'user', content: 'think' }], reasoning: { effort: 'low' } });
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.output_text).toBe('It is 4.');
    expect(response.output[0]).toMatchObject({ type: 'reasoning', content: [{ type: 'reasoning_text', text: 'Two and two.' }] });
  });

  it('calls functions, and matches the function_call_output of the next turn', async () => {
    const tools = [{ type: 'function' as const, name: 'get_weather', description: 'Weather by city', parameters: weatherToolSchema, strict: false }];
    const stream = client.responses.stream({ model: gptOss, input: 'weather in Paris', tools });
    let args = '';
    for await (const event of stream) if (event.type === 'response.function_call_arguments.delta') args += event.delta;
    const final = await stream.finalResponse();
    const call = final.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ call_id: 'call_fixture2', name: 'get_weather', arguments: args });
    expect(JSON.parse(args)).toEqual({ city: 'Paris' });
    const next = await client.responses.create({
      model: gptOss,
      tools,
      input: [
        { role: 'user', content: 'weather in Paris' },
        { type: 'function_call', call_id: 'call_fixture2', name: 'get_weather', arguments: args },
        { type: 'function_call_output', call_id: 'call_fixture2', output: '{"tempC":18}' },
      ],
    });
    expect(next.output_text).toBe('It is 18 °C in Paris.');
  });

  it('is incomplete when cut at max_output_tokens', async () => {
    const response = await client.responses.create({ model: gptOss, input: 'long', max_output_tokens: 16 });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
  });

  it("fails in OpenAI's shape: a fixture's error, server-side state it does not keep, an error event mid-stream", async () => {
    await expect(client.responses.create({ model: gptOss, input: 'busy' })).rejects.toMatchObject({ status: 429, error: { type: 'rate_limit_error' } });
    await expect(client.responses.create({ model: gptOss, input: 'hello', previous_response_id: 'resp_x' })).rejects.toMatchObject({ status: 400, error: { param: 'previous_response_id' } });
    const stream = client.responses.stream({ model: gptOss, input: 'break' });
    await expect(stream.finalResponse()).rejects.toThrow('The model broke.');
  });
});
