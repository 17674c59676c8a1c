import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { defineFixtures } from '../src/fixture-format/parse-fixtures.ts';
import { startEmulator } from '../src/node/start-emulator.ts';
import { startStack } from '../src/stack/start-stack.ts';
import { repoRoot } from './support/cli.ts';
import { runMain } from './support/run-main.ts';
import { temporaryDir } from './support/temporary-dir.ts';

const emulator = await startEmulator({
  fixtures: defineFixtures([{ name: 'short', match: { lastUserMessage: 'short answer' }, response: { text: ['Hello', ' from', ' the stack'] }, timing: { timeToFirstTokenMs: 10, deltaIntervalMs: 10 } }]),
});
afterAll(() => emulator.close());

describe('bedrock-emulator stack', () => {
  it('runs the shipped chat-websocket template: its table, its WebSocket API and its function, end to end', async () => {
    const stack = await startStack({ template: path.join(repoRoot, 'src/functions/chat-websocket/template.yaml'), environment: { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.url } });
    try {
      expect(stack.endpoints.map((endpoint) => endpoint.kind)).toEqual(['dynamodb', 'websocket-api']);
      const url = stack.endpoints.find((endpoint) => endpoint.kind === 'websocket-api')?.url ?? '';
      expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/prod$/);
      const ws = new WebSocket(url);
      const messages: { type: string; text?: string }[] = [];
      ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString('utf8')) as { type: string }));
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      ws.send(JSON.stringify({ action: 'chat', prompt: 'short answer' }));
      await expect.poll(() => messages.at(-1)?.type, { timeout: 5000 }).toBe('done');
      expect(messages.filter((message) => message.type === 'delta').map((message) => message.text).join('')).toBe('Hello from the stack');
      // $default is two-way in the template: its answer comes back.
      ws.send('hello?');
      await expect.poll(() => messages.at(-1)?.type, { timeout: 5000 }).toBe('error');
      ws.close();
    } finally {
      await stack.close();
    }
  });

  it('serves a template\'s REST API, HTTP API and Function URL in front of its functions', async () => {
    const dir = temporaryDir();
    const template = path.join(dir, 'template.yaml');
    writeFileSync(
      template,
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Proxy:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        `      CodeUri: ${path.join(repoRoot, 'test/lambda-handlers')}`,
        '      Handler: gateway.proxy',
        '      Runtime: nodejs22.x',
        '      FunctionUrlConfig: { AuthType: NONE }',
        '      Events:',
        "        Rest: { Type: Api, Properties: { Path: '/items/{id}', Method: get } }",
        "        Http: { Type: HttpApi, Properties: { Path: '/things/{id}', Method: GET } }",
      ].join('\n'),
    );
    const stack = await startStack({ template });
    try {
      const rest = stack.endpoints.find((endpoint) => endpoint.kind === 'rest-api')?.url ?? '';
      expect(rest).toMatch(/\/Prod$/);
      expect(((await (await fetch(`${rest}/items/7`)).json()) as { pathParameters: unknown }).pathParameters).toEqual({ id: '7' });
      const http = stack.endpoints.find((endpoint) => endpoint.kind === 'http-api')?.url ?? '';
      expect(((await (await fetch(`${http}/things/8`)).json()) as { routeKey: string }).routeKey).toBe('GET /things/{id}');
      const functionUrl = stack.endpoints.find((endpoint) => endpoint.kind === 'function-url')?.url ?? '';
      expect(((await (await fetch(`${functionUrl}anything`)).json()) as { rawPath: string }).rawPath).toBe('/anything');
    } finally {
      await stack.close();
    }
  });

  it('refuses a template outside the subset with every problem, naming file, line, resource and property', async () => {
    const dir = temporaryDir();
    const template = path.join(dir, 'template.yaml');
    writeFileSync(template, ['Transform: AWS::Serverless-2016-10-31', 'Resources:', '  Queue:', '    Type: AWS::SQS::Queue', '  Fn:', '    Type: AWS::Serverless::Function', '    Properties: { Handler: index.handler, Runtime: nodejs18.x }'].join('\n'));
    const run = runMain(['stack', template, '--port', '0']);
    expect(await run.exitCode).toBe(1);
    const { stderr } = run.output();
    expect(stderr).toContain(`${template}:4: Resources.Queue.Type: Queue (AWS::SQS::Queue) is not supported`);
    expect(stderr).toContain('AWS::SQS::Queue');
    expect(stderr).toContain(`${template}:7: Resources.Fn.Properties.Runtime: nodejs18.x is not supported here; use nodejs22.x or nodejs24.x`);
  });
});
