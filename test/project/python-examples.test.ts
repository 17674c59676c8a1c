import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/adapters/node/start-emulator.ts';
import { defineFixtures } from '../../src/core/fixtures/parse-fixtures.ts';
import { pythonWith } from '../support/python-tools.ts';

/**
 * The Python examples in examples/ (boto3's) run against the bundled fixtures, in a venv with
 * exactly examples/boto3/requirements.txt, on a machine with no AWS configuration: what makes
 * them work is what the docs tell a user to write. The docs link them (test/project/docs.test.ts).
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
// An answer that breaks off with an exception frame, for what docs/clients.md says boto3 raises then.
const breakingOff = defineFixtures({ match: { lastUserMessage: 'Break off, please' }, response: { text: ['One', ' two', ' three'], streamError: { type: 'throttlingException', afterChunks: 2 } }, timing: 'fast' });
let python = '';
let server: RunningEmulator | undefined;

beforeAll(async () => {
  const began = performance.now();
  const venv = await pythonWith('examples/boto3/requirements.txt');
  console.info(`python venv for the boto3 examples: ${venv.reused ? 'reused' : 'made'} in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  python = venv.python;
  server = await startEmulator({ fixturePaths: [path.join(repoRoot, 'fixtures')], fixtures: breakingOff, timeScale: 0.05 });
}, 180_000);
afterAll(() => server?.close());

/** No AWS variables and no ~/.aws files: the credentials are the code's, or none. */
function freshMachineEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return {
    ...env,
    AWS_CONFIG_FILE: path.join(repoRoot, 'no-such-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(repoRoot, 'no-such-aws-credentials'),
    // Off a cloud machine botocore's last resort, the instance metadata service, only times out.
    AWS_EC2_METADATA_DISABLED: 'true',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONIOENCODING: 'utf-8',
  };
}

/** Runs Python (a file, or `-c` code) with the emulator's URL where the examples read it. */
async function runPython(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(python, args, { cwd: repoRoot, env: { ...freshMachineEnv(), AWS_ENDPOINT_URL_BEDROCK_RUNTIME: server?.url ?? '' } });
}

// What weather-paris (fixtures/weather.json) says; each example then prints its own ending.
const answer = "It's 18 °C and sunny in Paris right now, with a light breeze from the west. A good afternoon for a walk along the Seine.\n";

describe('boto3 examples, against the bundled fixtures', () => {
  it.each([
    ['boto3/invoke-model.py', 'InvokeModel', /\nstop reason: end_turn \| usage: \{'input_tokens': \d+, .*'output_tokens': \d+\}\n$/],
    ['boto3/invoke-model-stream.py', 'InvokeModelWithResponseStream', /\nmetrics: \{'inputTokenCount': \d+, 'outputTokenCount': \d+, .*\}\nevents: message_start content_block_start (content_block_delta )+content_block_stop message_delta message_stop\n$/],
    ['boto3/converse.py', 'Converse', /\nstop reason: end_turn \| usage: \{'inputTokens': \d+, 'outputTokens': \d+, 'totalTokens': \d+\}\n$/],
    ['boto3/converse-stream.py', 'ConverseStream', /\nstop reason: end_turn\nusage: \{'inputTokens': \d+, 'outputTokens': \d+, 'totalTokens': \d+\}\nevents: messageStart (contentBlockDelta )+contentBlockStop messageStop metadata\n$/],
  ] as const)('%s calls %s and prints the answer', async (file, operation, ending) => {
    const callsBefore = server?.emulator.calls().length ?? 0;
    const { stdout, stderr } = await runPython([path.join(repoRoot, 'examples', file)]);
    expect(stdout.startsWith(answer)).toBe(true);
    expect(stdout).toMatch(ending);
    expect(stderr).toBe('');
    const calls = server?.emulator.calls().slice(callsBefore) ?? [];
    expect(calls.map((call) => [call.operation, call.fixture?.name, call.outcome])).toEqual([[operation, 'weather-paris', 'completed']]);
  });
});

describe('what the docs say of boto3', () => {
  // The client each page's table shows, pointed at this run's port instead of 4010.
  const shown = (file: string): string => {
    const client = /^\| boto3 \| `(boto3\.client\([^`]*\))`/m.exec(readFileSync(path.join(repoRoot, file), 'utf8'))?.[1];
    if (client === undefined) throw new Error(`${file} shows no boto3 row`);
    return client.replace("'http://127.0.0.1:4010'", "__import__('os').environ['AWS_ENDPOINT_URL_BEDROCK_RUNTIME']");
  };

  it.each(['README.md', 'docs/clients.md'])('as %s shows it, answers Converse on a machine with no AWS configuration', async (file) => {
    const code = `import boto3\nclient = ${shown(file)}\nprint(client.converse(modelId='us.anthropic.claude-sonnet-4-5-20250929-v1:0', messages=[{'role': 'user', 'content': [{'text': 'What is the weather in Paris?'}]}])['output']['message']['content'][0]['text'])`;
    const { stdout } = await runPython(['-c', code]);
    expect(stdout).toContain(answer);
  });

  it('raises an exception frame mid-stream from the loop, as EventStreamError with the event name as its code', async () => {
    const code = [
      'import boto3, os',
      "client = boto3.client('bedrock-runtime', endpoint_url=os.environ['AWS_ENDPOINT_URL_BEDROCK_RUNTIME'], region_name='us-east-1', aws_access_key_id='x', aws_secret_access_key='x')",
      "response = client.converse_stream(modelId='us.anthropic.claude-sonnet-4-5-20250929-v1:0', messages=[{'role': 'user', 'content': [{'text': 'Break off, please'}]}])",
      'try:',
      "    for event in response['stream']: print(next(iter(event)))",
      'except client.exceptions.ClientError as error:',
      "    print(type(error).__name__, error.response['Error']['Code'])",
    ].join('\n');
    expect((await runPython(['-c', code])).stdout).toBe('messageStart\ncontentBlockDelta\nEventStreamError throttlingException\n');
  });

  it('fails without credentials, with the NoCredentialsError the docs warn of', async () => {
    const code = `import boto3\nclient = boto3.client('bedrock-runtime', endpoint_url=__import__('os').environ['AWS_ENDPOINT_URL_BEDROCK_RUNTIME'], region_name='us-east-1')\nclient.converse(modelId='us.anthropic.claude-sonnet-4-5-20250929-v1:0', messages=[{'role': 'user', 'content': [{'text': 'hi'}]}])`;
    const failed = await runPython(['-c', code]).then(
      () => 'answered',
      (error: unknown) => String((error as { stderr?: string }).stderr),
    );
    expect(failed).toMatch(/botocore\.exceptions\.NoCredentialsError: Unable to locate credentials\n$/);
  });
});
