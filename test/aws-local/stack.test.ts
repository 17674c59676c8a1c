import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { startEmulator } from '../../src/adapters/node/start-emulator.ts';
import { startStack } from '../../src/aws-local/stack/start-stack.ts';
import { repoRoot } from '../support/cli.ts';
import { runMain } from '../support/run-main.ts';
import { temporaryDir } from '../support/temporary-dir.ts';

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
        `      CodeUri: ${path.join(repoRoot, 'test/aws-local/handlers')}`,
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

  it("runs a handler whose CodeUri is outside the template's folder, as SAM CLI does, and says where it runs from", async () => {
    const dir = temporaryDir();
    mkdirSync(path.join(dir, 'infra'));
    mkdirSync(path.join(dir, 'shared'));
    writeFileSync(path.join(dir, 'shared', 'index.mjs'), "export const handler = async () => ({ statusCode: 200, body: 'from the shared folder' });\n");
    const template = path.join(dir, 'infra', 'template.yaml');
    writeFileSync(template, ['Transform: AWS::Serverless-2016-10-31', 'Resources:', '  Fn:', '    Type: AWS::Serverless::Function', '    Properties:', '      CodeUri: ../shared/', '      Handler: index.handler', '      Runtime: nodejs22.x', '      FunctionUrlConfig: { AuthType: NONE }'].join('\n'));
    const run = runMain(['stack', template, '--port', '0']);
    await run.listening();
    const { stdout } = run.output();
    expect(stdout).toContain(`note: Fn (AWS::Serverless::Function): CodeUri "../shared/" is outside the template's folder; its handler runs from ${path.join(dir, 'shared', 'index.mjs')}, as \`sam local\` would run it\n`);
    const url = /function-url {2}Fn \(BUFFERED\): (\S+)/.exec(stdout)?.[1] ?? '';
    expect(await (await fetch(url)).text()).toBe('from the shared folder');
    expect(await run.stop()).toBe(0);
  });

  it('refuses a billion laughs in an unused Metadata section, and a template over 1 MiB, naming the file and the limit', async () => {
    const dir = temporaryDir();
    const laughs = path.join(dir, 'laughs.yaml');
    const levels = ['Metadata:', '  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let level = 1; level <= 9; level++) levels.push(`  l${level}: &l${level} [${Array.from({ length: 10 }, () => `*l${level - 1}`).join(', ')}]`);
    writeFileSync(laughs, ['Transform: AWS::Serverless-2016-10-31', ...levels, 'Resources:', '  Role: { Type: AWS::IAM::Role }'].join('\n'));
    const refused = runMain(['stack', laughs, '--port', '0']);
    expect(await refused.exitCode).toBe(1);
    expect(refused.output().stderr).toContain(`${laughs}:8: its aliases expand it to more than 100,000 values (keys, scalars, lists and mappings), the most \`bedrock-emulator stack\` reads; the largest, *l4, stands for more than 100,000: use fewer aliases, or aliases of smaller values`);

    const large = path.join(dir, 'large.yaml');
    writeFileSync(large, `Description: ${'x'.repeat(1_048_576)}\n`);
    const tooLarge = runMain(['stack', large, '--port', '0']);
    expect(await tooLarge.exitCode).toBe(1);
    expect(tooLarge.output().stderr).toContain(`${large}: is larger than 1,048,576 bytes (1 MiB), the most \`bedrock-emulator stack\` reads and more than CloudFormation takes (1 MB); make the template smaller`);
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
    expect(stderr).toContain(`${template}:7: Resources.Fn.Properties.Runtime: nodejs18.x is not supported here: Lambda has deprecated it; use nodejs22.x, nodejs24.x, python3.11, python3.12, python3.13, python3.14`);
  });
});
