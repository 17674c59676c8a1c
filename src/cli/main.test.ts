import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './main.ts';

/*
 * main(argv, io) with an in-memory io, only for lines refused before anything starts: each case
 * would exit with its error before opening a port, reading a fixture or writing a file. The stop
 * signal is already aborted, so a case that got further by mistake would close at once.
 */
async function run(argv: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(argv, { out: (text) => (stdout += text), err: (text) => (stderr += text), stop: AbortSignal.abort() });
  return { exitCode, stdout, stderr };
}

/** Commander's error, the help of the option it names, and where the rest is. */
const optionError = (command: string, error: string, optionHelp: string): string => `${error}\n  ${optionHelp}\nRun 'bedrock-emulator ${command} --help' for every option.\n`;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('main: the program', () => {
  it('prints the package’s version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ exitCode: 0, stdout: `${version}\n`, stderr: '' });
    expect(await run(['-v'])).toEqual({ exitCode: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('without a command, prints the help listing every command to stderr and exits 1', async () => {
    const { exitCode, stdout, stderr } = await run([]);
    expect({ exitCode, stdout }).toEqual({ exitCode: 1, stdout: '' });
    expect(stderr.split('\n')[0]).toBe('Usage: bedrock-emulator [options] [command]');
    const listed = [...stderr.matchAll(/^ {2}([a-z-]+) \[/gm)].map((match) => match[1]);
    expect(listed).toEqual(['start', 'validate', 'new', 'lambda', 'rest-api', 'http-api', 'websocket-api', 'stack', 'record', 'help']);
  });

  it('suggests the command meant', async () => {
    expect(await run(['strat'])).toEqual({ exitCode: 1, stdout: '', stderr: "error: unknown command 'strat'\n(Did you mean start?)\nRun 'bedrock-emulator --help' for every option.\n" });
  });

  it('suggests the option meant, under the command it belongs to', async () => {
    expect(await run(['validate', '--jsn'])).toEqual({ exitCode: 1, stdout: '', stderr: "error: unknown option '--jsn'\n(Did you mean --json?)\nRun 'bedrock-emulator validate --help' for every option.\n" });
  });
});

describe('main: a bad option value is one line, then that option’s help', () => {
  const cases: [string[], string][] = [
    [['start', '--port', '70000'], optionError('start', "error: option '-p, --port <port>' argument '70000' is invalid. expected an integer from 0 to 65535.", '-p, --port <port>  port to listen on; 0 picks a free one')],
    [['start', '--port', '-1'], optionError('start', "error: option '-p, --port <port>' argument '-1' is invalid. expected an integer from 0 to 65535.", '-p, --port <port>  port to listen on; 0 picks a free one')],
    [['start', '--speed', '-1'], optionError('start', "error: option '--speed <factor>' argument '-1' is invalid. expected a number >= 0.", '--speed <factor>  multiply every fixture delay by this factor (0 = no delays, 0.5 = twice as fast)')],
    [['start', '--rpm', '0'], optionError('start', "error: option '--rpm <n>' argument '0' is invalid. expected an integer >= 1.", '--rpm <n>  requests per minute for every model; over it → ThrottlingException')],
    [['start', '--inject-seed', '1.5'], optionError('start', "error: option '--inject-seed <n>' argument '1.5' is invalid. expected an integer.", '--inject-seed <n>  seed for --inject: the same seed and call order fail the same calls')],
    [
      ['start', '--unmatched', 'maybe'],
      optionError('start', "error: option '--unmatched <policy>' argument 'maybe' is invalid. Allowed choices are default, echo, error.", '--unmatched <policy>  when no fixture matches: answer the default text, echo the last user message, or fail with the closest fixtures'),
    ],
    [
      ['start', '--auth', 'oauth'],
      optionError('start', "error: option '--auth <modes>' argument 'oauth' is invalid. expected any, sigv4, api-key, or sigv4,api-key.", '--auth <modes>  verify callers as Bedrock does: sigv4 (signatures), api-key (bearer tokens), both (sigv4,api-key), or any (accept any credentials)'),
    ],
    [
      ['record', '--match-by', 'colour'],
      optionError('record', "error: option '--match-by <fields>' argument 'colour' is invalid. expected a comma-separated list of model, last-user-message, system, operation, turn, tools.", '--match-by <fields>  what a recorded fixture matches on: model, last-user-message, system, operation, turn, tools'),
    ],
    [
      ['record', '--mode', 'everything'],
      optionError('record', "error: option '--mode <mode>' argument 'everything' is invalid. Allowed choices are record-all, record-missing.", '--mode <mode>  record-all calls, or record-missing: answer from the fixtures what they match, record the rest'),
    ],
    [
      ['record', '--upstream-auth', 'oauth'],
      optionError('record', "error: option '--upstream-auth <kind>' argument 'oauth' is invalid. Allowed choices are sigv4, api-key.", '--upstream-auth <kind>  sign upstream calls with SigV4 (the standard AWS credential chain) or send AWS_BEARER_TOKEN_BEDROCK (default: api-key when that is set)'),
    ],
    [['new'], optionError('new', "error: required option '--prompt <text>' not specified", '--prompt <text>  what the last user message contains')],
    [['new', '--prompt', 'hi', '--text', 'a', '--text-file', 'b.txt'], optionError('new', "error: option '--text <text>' cannot be used with option '--text-file <file>'", '--text <text>  what the model answers')],
    [['new', '--prompt', 'hi', '--text', 'a', '--timing', 'sluggish'], optionError('new', "error: option '--timing <profile>' argument 'sluggish' is invalid. Allowed choices are instant, fast, realistic, slow.", '--timing <profile>  timing profile')],
    [['lambda'], optionError('lambda', "error: required option '--handler <handler>' not specified", "--handler <handler>  the handler: Lambda's MODULE.FUNCTION from the current folder (app.lambda_handler, index.handler) or FILE#EXPORT (src/functions/chat-stream/index.ts#handler)")],
    [['lambda', '--handler', 'h.ts#handler', '--memory', '0'], optionError('lambda', "error: option '--memory <mb>' argument '0' is invalid. expected an integer >= 1.", '--memory <mb>  memory size, as the function sees it')],
    [['lambda', '--handler', 'h.ts#handler', '--invoke-mode', 'STREAM'], optionError('lambda', "error: option '--invoke-mode <mode>' argument 'STREAM' is invalid. Allowed choices are RESPONSE_STREAM, BUFFERED.", "--invoke-mode <mode>  the Function URL's invoke mode")],
    // Beyond Lambda's 900 seconds: commander's line like any other bad value, not a stack trace.
    [['lambda', '--handler', 'h.ts#handler', '--timeout', '901'], optionError('lambda', "error: option '--timeout <seconds>' argument '901' is invalid. at most 900 seconds", "--timeout <seconds>  function timeout, 1 to 900 (Lambda's default: 3)")],
    [['rest-api', '--handler', 'h.ts#handler', '--timeout', '901'], optionError('rest-api', "error: option '--timeout <seconds>' argument '901' is invalid. at most 900 seconds", "--timeout <seconds>  function timeout, 1 to 900 (Lambda's default: 3)")],
    [['rest-api', '--handler', 'h.ts#handler', '--transfer-mode', 'CHUNKED'], optionError('rest-api', "error: option '--transfer-mode <mode>' argument 'CHUNKED' is invalid. Allowed choices are BUFFERED, STREAM.", "--transfer-mode <mode>  the integration's response transfer mode")],
    [['http-api'], optionError('http-api', "error: required option '--handler <file#export>' not specified", '--handler <file#export>  the handler, e.g. src/functions/chat-stream/index.ts#handler')],
    [['websocket-api', '--route', '$default=h.ts#handler', '--integration-timeout', '0'], optionError('websocket-api', "error: option '--integration-timeout <ms>' argument '0' is invalid. expected an integer >= 1.", '--integration-timeout <ms>  how long API Gateway waits for a route: 50–29000 ms')],
  ];
  for (const [argv, stderr] of cases) {
    it(argv.join(' '), async () => {
      expect(await run(argv)).toEqual({ exitCode: 1, stdout: '', stderr });
    });
  }

  it('stack without its template names the argument', async () => {
    expect(await run(['stack'])).toEqual({ exitCode: 1, stdout: '', stderr: "error: missing required argument 'template'\nRun 'bedrock-emulator stack --help' for every option.\n" });
  });
});

describe('main: a usage error is one line, without a stack', () => {
  const cases: [string[], string][] = [
    [['start', '--port', '0', '--keys', 'keys.yaml'], '--keys says which keys --auth accepts: give --auth sigv4, api-key or sigv4,api-key with it.'],
    [['new', '--prompt', 'hi'], 'give the answer with --text or --text-file'],
    [['new', '--prompt', 'hi', '--text', 'Hello!', '--out', 'fixtures/hi.txt'], '--out must end in .json, .yaml or .yml, got fixtures/hi.txt'],
    [['rest-api', '--handler', 'h.ts#handler', '--port', '0', '--env', 'BAD'], '--env expects KEY=VALUE, got "BAD"'],
    [['lambda', '--handler', 'h.ts#handler', '--port', '0', '--env', '=x'], '--env expects KEY=VALUE, got "=x"'],
    [['stack', 'template.yaml', '--port', '0', '--env', 'NOVALUE'], '--env expects KEY=VALUE, got "NOVALUE"'],
    [['websocket-api', '--port', '0', '--route', 'h.ts#handler'], '--route expects KEY=file#export, got "h.ts#handler"'],
    [['websocket-api', '--port', '0', '--route', '$default=h.ts#handler', '--route-response', '$connect'], '--route-response $connect: no --route $connect=… to answer from'],
  ];
  for (const [argv, message] of cases) {
    it(argv.join(' '), async () => {
      expect(await run(argv)).toEqual({ exitCode: 1, stdout: '', stderr: `bedrock-emulator: ${message}\n` });
    });
  }

  it('start --inject with a misspelt fault suggests the one meant', async () => {
    const { exitCode, stdout, stderr } = await run(['start', '--port', '0', '--fixtures', 'fixtures', '--inject', 'Throttling=0.1']);
    expect({ exitCode, stdout }).toEqual({ exitCode: 1, stdout: '' });
    expect(stderr).toMatch(/^bedrock-emulator: invalid fault "Throttling=0\.1" \(did you mean ThrottlingException=0\.1\?\): expected NAME=RATE with NAME one of ValidationException, .*, drop, stall and RATE a fraction from 0 to 1\n$/);
  });

  it('record without a region to sign for says where one comes from', async () => {
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    // With no API key either: were the region found by mistake, the key's absence would stop it before any credential lookup.
    vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', '');
    expect(await run(['record', '--port', '0', '--upstream-auth', 'api-key'])).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: 'bedrock-emulator: record needs a region to sign for: give --region (or set AWS_REGION), or an --upstream https://bedrock-runtime.<region>.amazonaws.com.\n',
    });
  });

  it('record --upstream-auth api-key without AWS_BEARER_TOKEN_BEDROCK says which variable', async () => {
    vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', '');
    expect(await run(['record', '--port', '0', '--region', 'us-east-1', '--upstream-auth', 'api-key'])).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: 'bedrock-emulator: --upstream-auth api-key sends the key in AWS_BEARER_TOKEN_BEDROCK, which is not set.\n',
    });
  });
});
