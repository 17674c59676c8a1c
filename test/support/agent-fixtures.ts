/**
 * The fixtures of a tool-using agent loop, shared by the client tests: the
 * model asks for get_weather, the client runs it and sends the result, the
 * model answers with it.
 */
export const weatherAnswer = "It's 18 °C and sunny in Paris.";
export const toolPreamble = 'Let me check the weather.';

export const agentFixtures = [
  {
    name: 'ask-for-weather-tool',
    match: { lastUserMessage: { regex: 'weather in paris', flags: 'i' }, tools: ['get_weather'] },
    response: {
      content: [{ text: toolPreamble }, { toolUse: { name: 'get_weather', input: { city: 'Paris', unit: 'celsius' } } }],
    },
    timing: { timeToFirstTokenMs: 10, deltaIntervalMs: 2 },
  },
  {
    name: 'answer-with-weather',
    match: { toolResult: { name: 'get_weather', content: '18' } },
    response: { text: weatherAnswer },
    timing: { timeToFirstTokenMs: 10, deltaIntervalMs: 2 },
  },
];

/** The tool as each API describes it. */
export const weatherToolSchema = {
  type: 'object' as const,
  properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
  required: ['city'],
};

/** What the client's tool returns. */
export const weatherToolResult = { city: 'Paris', temperature: 18, unit: 'celsius' };
