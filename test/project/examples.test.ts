import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFunction } from '../../src/aws-local/node/start-function.ts';
import { startHttpApi } from '../../src/aws-local/node/start-http-api.ts';
import { startLambdaHost } from '../../src/aws-local/node/start-lambda-host.ts';
import { serveRestApi } from '../../src/aws-local/node/start-rest-api.ts';
import { startWebSocketApi } from '../../src/aws-local/node/start-websocket-api.ts';
import { loadGuardrailsFile } from '../../src/adapters/node/load-guardrails.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { startStack } from '../../src/aws-local/stack/start-stack.ts';

/**
 * Every example program in examples/ runs against the bundled fixtures (and
 * the Lambda one against the shipped chat function): a program a user copies
 * is a program that ran. The docs link them (test/project/docs.test.ts).
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
const server = await startEmulator({ fixturePaths: [path.join(repoRoot, 'fixtures')], timeScale: 0.05 });
const chatFunction = await startLambdaHost({
  handler: path.join(repoRoot, 'src/functions/chat-stream/index.ts#handler'),
  environment: { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url },
  timeoutSeconds: 30,
});
// In process, the function reads this process's environment.
Object.assign(process.env, { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
afterAll(() => Promise.all([chatFunction.close(), server.close()]));

async function runExample(name: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'examples', name)], {
    env: { ...process.env, AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url, LAMBDA_ENDPOINT: chatFunction.url, ...env },
  });
  return stdout;
}

describe('examples', () => {
  it.each([
    ['stream-with-aws-sdk.mjs', ["It's 18 °C and sunny in Paris right now", 'inputTokenCount']],
    ['converse-agent-loop.mjs', ["According to the weather tool, it's 18 °C and sunny in Paris."]],
    ['vercel-ai.mjs', ['[tool call] get_weather({"city":"Paris"})', "According to the weather tool, it's 18 °C"]],
    ['langchain.mjs', ["Hello! I'm a scripted Claude served by bedrock-emulator"]],
    ['anthropic-sdk.mjs', ['Tokens drift like snow —\nframes leave on their own schedule,\nthe client listens.', 'stop reason end_turn']],
    ['models/nova.mjs', ["It's 18 °C and sunny in Paris right now", 'outputTokenCount']],
    ['models/titan-text.mjs', ["It's 18 °C and sunny in Paris right now", 'outputTokenCount']],
    ['models/llama.mjs', ["It's 18 °C and sunny in Paris right now", 'outputTokenCount']],
    ['models/mistral.mjs', ["It's 18 °C and sunny in Paris right now", 'outputTokenCount']],
    ['models/cohere.mjs', ["It's 18 °C and sunny in Paris right now", 'outputTokenCount']],
    ['models/deepseek.mjs', ["It's 18 °C and sunny in Paris right now", 'outputTokenCount']],
    ['models/gpt-oss.mjs', ["It's 18 °C and sunny in Paris right now", 'outputTokenCount']],
    ['models/claude.mjs', ["It's 18 °C and sunny in Paris right now", 'outputTokenCount']],
    ['models/embeddings.mjs', ['dimensions: 512', 'similar texts: ']],
    ['anthropic-messages.mjs', ["It's 18 °C and sunny in Paris right now", 'stop reason end_turn']],
    ['openai-responses.mjs', ["It's 18 °C and sunny in Paris right now", 'completed, ']],
    ['openai-chat.mjs', ["It's 18 °C and sunny in Paris right now", 'usage: {']],
    ['structured-output.mjs', ["structured: { city: 'string', tempC: 0, sky: 'sunny' }", "echoed: { latency: 'optimized' } { type: 'priority' }", 'selected: { stop_sequence: null }']],
    ['prompt-caching.mjs', ['first call: wrote 1', ', read 0, uncached input 13', 'second call: wrote 0, read 1']],
    ['lambda-invoke-stream.mjs', ['prelude: {"statusCode":200', 'Once upon a time, in a data centre that never slept']],
    ['converse-citations.mjs', ['According to the policy, [cites Refund policy: "Refunds take 5 business days to arrive."] refunds arrive within 5 business days.', 'citationsContent: {"content":[{"text":"refunds arrive within 5 business days"}]']],
    ['redacted-thinking.mjs', ['thinking \nredacted_thinking RW5jcnlwdGVkIHRoaW5raW5nIGJ5dGVz\ntext', 'second turn: end_turn', 'redactedContent: 24 bytes: Encrypted thinking bytes']],
    ['converse-tool-result-image.mjs', ['start {"toolResult":{"toolUseId":"tooluse_', 'toolResult [{"json":{"pixels":1}}]', 'start {"image":{"format":"png"}}', 'image 70 bytes', 'Here is your dot.']],
  ])('%s works against the bundled fixtures', async (name, expected) => {
    const stdout = await runExample(name);
    for (const text of expected) expect(stdout).toContain(text);
  });
});

describe('model-id examples, against the bundled fixtures and examples/model-ids/models.yaml', () => {
  it.each([
    ['model-ids/resource-arns.mjs', ["profile: Hello! I'm a scripted Claude", "provisioned: It's 18 °C and sunny in Paris right now", "custom: It's 18 °C", "named: Hello! I'm a scripted Claude", "imported: It's 18 °C", 'unknown: ValidationException The provided model identifier is invalid.']],
    ['model-ids/prompt-arn.mjs', ["converse: It's 18 °C and sunny in Paris right now", "stream, version 2: It's 18 °C", "refused: ValidationException A request that uses a prompt from Prompt management can't include inferenceConfig"]],
  ])('%s', async (name, expected) => {
    const withModels = await startEmulator({ fixturePaths: [path.join(repoRoot, 'fixtures')], timeScale: 0.05, modelsFile: path.join(repoRoot, 'examples/model-ids/models.yaml') });
    try {
      const stdout = await runExample(name, { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: withModels.url });
      for (const text of expected) expect(stdout).toContain(text);
    } finally {
      await withModels.close();
    }
  });
});

describe('auth examples', () => {
  it('verify-signatures.mjs is answered when signed with the known key pair, and refused with a wrong secret', async () => {
    const verifying = await startEmulator({
      fixturePaths: [path.join(repoRoot, 'fixtures')],
      timeScale: 0.05,
      auth: { modes: ['sigv4'], region: 'us-east-1', accountId: '123456789012', credentials: [{ accessKeyId: 'AKIAEXAMPLEKEY', secretAccessKey: 'example-secret' }], apiKeys: [] },
    });
    try {
      const stdout = await runExample('verify-signatures.mjs', { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: verifying.url, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEY', AWS_SECRET_ACCESS_KEY: 'example-secret', AWS_SESSION_TOKEN: '' });
      expect(stdout).toMatch(/^signed: \S/);
      expect(stdout).toContain('forged: InvalidSignatureException (403): The request signature we calculated does not match');
    } finally {
      await verifying.close();
    }
  });
});

describe('guardrail examples, against examples/guardrails.yaml', () => {
  it.each([
    [
      'guardrails-converse.mjs',
      [
        'blocked: guardrail_intervened: Sorry, I cannot help with that request.',
        'topics: [{"name":"Investment advice","type":"DENY","action":"BLOCKED","detected":true}]',
        'masked: [{"match":"ana@example.com","type":"EMAIL","action":"ANONYMIZED","detected":true}]',
        'selective: end_turn',
        'sync: guardrail_intervened after 1 deltas: "Sorry, the answer was withheld."',
        'async: guardrail_intervened after 1 deltas: "Tokens drift like snow"',
      ],
    ],
    [
      'guardrails-invoke.mjs',
      [
        'INTERVENED: Sorry, I cannot help with that request.',
        'trace: {"topics":[{"name":"Investment advice","type":"DENY","action":"BLOCKED","detected":true}]}',
        'tagged: NONE',
        'apply: GUARDRAIL_INTERVENED (Guardrail masked.) Mail {EMAIL} about {ORDER_ID}.',
      ],
    ],
  ])('%s', async (name, expected) => {
    const guarded = await startEmulator({ fixturePaths: [path.join(repoRoot, 'fixtures')], timeScale: 0.05, guardrails: await loadGuardrailsFile(path.join(repoRoot, 'examples/guardrails.yaml')) });
    try {
      const stdout = await runExample(name, { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: guarded.url });
      for (const text of expected) expect(stdout).toContain(text);
    } finally {
      await guarded.close();
    }
  });
});

describe('WebSocket examples', () => {
  it('websocket-chat.mjs chats with the chat-websocket stack and stops it', async () => {
    const stack = await startStack({ template: path.join(repoRoot, 'src/functions/chat-websocket/template.yaml'), environment: { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server.url } });
    try {
      const url = stack.endpoints.find((endpoint) => endpoint.kind === 'websocket-api')?.url ?? '';
      const stdout = await runExample('websocket-chat.mjs', { WEBSOCKET_URL: url, STOP_AFTER: '5' });
      expect(stdout).toMatch(/^Once upon a time/);
      expect(stdout).toContain('[stopped] stop');
    } finally {
      await stack.close();
    }
  });

  it('websocket-handler.mjs answers through @connections, unmodified', async () => {
    const api = await startWebSocketApi({ routes: [{ routeKey: '$default', handler: `${path.join(repoRoot, 'examples', 'websocket-handler.mjs')}#handler` }] });
    try {
      const ws = new WebSocket(api.url);
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const answer = new Promise<string>((resolve) => ws.once('message', (data: Buffer) => resolve(data.toString())));
      ws.send('hello');
      expect(await answer).toBe('you said: hello');
      ws.close();
    } finally {
      await api.close();
    }
  });
});

describe('fetch-chat.mjs, through the HTTP front doors', () => {
  const chatStream = path.join(repoRoot, 'src/functions/chat-stream/index.ts');

  it('streams through a REST API STREAM route, and shows the 504 of a BUFFERED one past its integration timeout', async () => {
    const streaming = await startFunction({ handler: `${chatStream}#handler`, timeoutSeconds: 30 });
    const buffered = await startFunction({ handler: `${chatStream}#bufferedHandler`, timeoutSeconds: 30 });
    const api = await serveRestApi({
      routes: [
        { resource: '/chat-stream', method: 'POST', fn: streaming.fn, transferMode: 'STREAM' },
        // The long story takes ~1.7 s at this speed: far past 200 ms.
        { resource: '/chat', method: 'POST', fn: buffered.fn, integrationTimeoutMs: 200 },
      ],
    });
    try {
      expect(await runExample('fetch-chat.mjs', { CHAT_URL: `${api.url}/chat-stream` })).toMatch(/^Once upon a time, in a data centre that never slept[\s\S]*\n\[\d+ reads in \d+ ms\]\n$/);
      expect(await runExample('fetch-chat.mjs', { CHAT_URL: `${api.url}/chat`, PROMPT: 'Tell me a long story' })).toBe('504 InternalServerErrorException {"message": "Endpoint request timed out"}\n');
    } finally {
      await api.close();
      await Promise.all([streaming.close(), buffered.close()]);
    }
  });

  it('gets the whole answer through an HTTP API', async () => {
    const api = await startHttpApi({ handler: `${chatStream}#bufferedHandler`, timeoutSeconds: 30 });
    try {
      expect(await runExample('fetch-chat.mjs', { CHAT_URL: `${api.url}/chat` })).toMatch(/^Once upon a time, in a data centre that never slept[\s\S]*\n\[1 reads in \d+ ms\]\n$/);
    } finally {
      await api.close();
    }
  });
});
