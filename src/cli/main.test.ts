import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
    [['lambda', '--handler', 'h.ts#handler', '--memory', '0'], optionError('lambda', "error: option '--memory <mb>' argument '0' is invalid. expected an integer from 128 to 10240 (MB, Lambda's limits).", '--memory <mb>  memory size in MB, 128 to 10240 as on Lambda: the function sees it (context, AWS_LAMBDA_FUNCTION_MEMORY_SIZE); not enforced')],
    [
      ['lambda', '--handler', 'app.lambda_handler', '--runtime', 'python3.9'],
      optionError('lambda', "error: option '--runtime <runtime>' argument 'python3.9' is invalid. Allowed choices are nodejs22.x, nodejs24.x, python3.11, python3.12, python3.13, python3.14.", "--runtime <runtime>  the Lambda runtime (default: a .py handler's is the machine's python3's, else this Node's); Python always runs in its own process"),
    ],
    [['lambda', '--handler', 'h.ts#handler', '--invoke-mode', 'STREAM'], optionError('lambda', "error: option '--invoke-mode <mode>' argument 'STREAM' is invalid. Allowed choices are RESPONSE_STREAM, BUFFERED.", "--invoke-mode <mode>  the Function URL's invoke mode")],
    // Beyond Lambda's 900 seconds: commander's line like any other bad value, not a stack trace.
    [['lambda', '--handler', 'h.ts#handler', '--timeout', '901'], optionError('lambda', "error: option '--timeout <seconds>' argument '901' is invalid. expected an integer from 1 to 900 (seconds, Lambda's limits).", "--timeout <seconds>  function timeout, 1 to 900 (Lambda's default: 3)")],
    [['rest-api', '--handler', 'h.ts#handler', '--timeout', '901'], optionError('rest-api', "error: option '--timeout <seconds>' argument '901' is invalid. expected an integer from 1 to 900 (seconds, Lambda's limits).", "--timeout <seconds>  function timeout, 1 to 900 (Lambda's default: 3)")],
    [['rest-api', '--handler', 'h.ts#handler', '--transfer-mode', 'CHUNKED'], optionError('rest-api', "error: option '--transfer-mode <mode>' argument 'CHUNKED' is invalid. Allowed choices are BUFFERED, STREAM.", "--transfer-mode <mode>  the integration's response transfer mode")],
    [['http-api'], optionError('http-api', "error: required option '--handler <file#export>' not specified", '--handler <file#export>  the handler, e.g. src/functions/chat-stream/index.ts#handler')],
    [['websocket-api', '--route', '$default=h.ts#handler', '--integration-timeout', '0'], optionError('websocket-api', "error: option '--integration-timeout <ms>' argument '0' is invalid. expected an integer from 50 to 29000 (ms, a WebSocket API's limits).", '--integration-timeout <ms>  how long API Gateway waits for a route: 50–29000 ms')],
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

describe('main: every bad value of every option is refused in one line, before anything starts', () => {
  const port = 'expected an integer from 0 to 65535.';
  const host = 'expected a host name or IP address, such as 127.0.0.1 or 0.0.0.0.';
  const atLeastOne = 'expected an integer >= 1.';
  const empty = (what: string): string => `expected ${what}, got an empty value.`;
  const handler = ['--handler', 'h.ts#handler'];
  const neverWritten = path.join(os.tmpdir(), 'bedrock-emulator-main-test', 'never-written.json');
  /**
   * The command line, the option's flags as the help shows them, and what the refusal says was
   * expected. `new` is pointed at the system's temporary folder: were a value accepted by
   * mistake, nothing would be written into the repository.
   */
  const cases: [string[], string, string][] = [
    // Number('') and Number(' ') are 0, Number('0x10') is 16: none of them is a port.
    [['start', '--port', ''], '-p, --port <port>', port],
    [['start', '--port', ' '], '-p, --port <port>', port],
    [['start', '--port', '0x10'], '-p, --port <port>', port],
    [['start', '--port', '1e3'], '-p, --port <port>', port],
    // An empty host would bind every interface.
    [['start', '--host', ''], '-H, --host <host>', host],
    [['start', '--fixtures', ''], '-f, --fixtures <path...>', empty('a fixture file or folder')],
    [['start', '--speed', ''], '--speed <factor>', 'expected a number >= 0.'],
    [['start', '--speed', '0x1'], '--speed <factor>', 'expected a number >= 0.'],
    [['start', '--rpm', ''], '--rpm <n>', atLeastOne],
    [['start', '--tpm', '1.5'], '--tpm <n>', atLeastOne],
    [['start', '--max-concurrent', 'many'], '--max-concurrent <n>', atLeastOne],
    [['start', '--inject-seed', ''], '--inject-seed <n>', 'expected an integer.'],
    [['start', '--inject', ''], '--inject <fault=rate...>', empty('a fault and its rate, NAME=RATE')],
    [['start', '--quotas', ''], '--quotas <file>', empty('a quotas file')],
    [['start', '--keys', ''], '--keys <file>', empty('a keys file')],
    [['start', '--models', ''], '--models <file>', empty('a models file')],
    [['start', '--guardrails', ''], '--guardrails <file>', empty('a guardrails file')],
    // An empty token would be met by a request that sends none.
    [['start', '--control-token', ''], '--control-token <token>', 'expected a token without spaces; an empty token would let anyone use the control routes.'],
    [['start', '--unmatched', ''], '--unmatched <policy>', 'Allowed choices are default, echo, error.'],
    [['start', '--auth', ''], '--auth <modes>', 'expected any, sigv4, api-key, or sigv4,api-key.'],
    [['new', '--text', 'x', '--out', neverWritten, '--prompt', ''], '--prompt <text>', empty('the text the last user message contains')],
    [['new', '--prompt', 'hi', '--text', 'x', '--out', ''], '-o, --out <file>', empty('a file')],
    [['new', '--prompt', 'hi', '--text', 'x', '--out', neverWritten, '--name', ' '], '--name <name>', empty('a name')],
    [['new', '--prompt', 'hi', '--text', 'x', '--out', neverWritten, '--model', ''], '--model <glob>', empty('a model id or glob')],
    [['new', '--prompt', 'hi', '--out', neverWritten, '--text-file', ''], '--text-file <file>', empty('a file')],
    [['lambda', '--handler', ''], '--handler <handler>', empty('a handler, MODULE.FUNCTION or FILE#EXPORT')],
    [['lambda', ...handler, '--runtime', ''], '--runtime <runtime>', 'Allowed choices are nodejs22.x, nodejs24.x, python3.11, python3.12, python3.13, python3.14.'],
    [['lambda', ...handler, '--runtime', 'python3'], '--runtime <runtime>', 'Allowed choices are nodejs22.x, nodejs24.x, python3.11, python3.12, python3.13, python3.14.'],
    // A timeout in ms by mistake: Lambda's limit is 900 seconds.
    [['lambda', ...handler, '--timeout', '1000'], '--timeout <seconds>', "expected an integer from 1 to 900 (seconds, Lambda's limits)."],
    [['lambda', ...handler, '--timeout', ''], '--timeout <seconds>', "expected an integer from 1 to 900 (seconds, Lambda's limits)."],
    [['lambda', ...handler, '--timeout', '3s'], '--timeout <seconds>', "expected an integer from 1 to 900 (seconds, Lambda's limits)."],
    [['lambda', ...handler, '--memory', '1'], '--memory <mb>', "expected an integer from 128 to 10240 (MB, Lambda's limits)."],
    [['lambda', ...handler, '--memory', '10241'], '--memory <mb>', "expected an integer from 128 to 10240 (MB, Lambda's limits)."],
    [['lambda', ...handler, '--memory', ''], '--memory <mb>', "expected an integer from 128 to 10240 (MB, Lambda's limits)."],
    [['lambda', ...handler, '--function-name', ''], '--function-name <name>', "expected 1 to 64 letters, digits, hyphens or underscores (Lambda's rule for a function name)."],
    [['lambda', ...handler, '--function-name', 'my function'], '--function-name <name>', "expected 1 to 64 letters, digits, hyphens or underscores (Lambda's rule for a function name)."],
    [['lambda', ...handler, '--function-name', 'f'.repeat(65)], '--function-name <name>', "expected 1 to 64 letters, digits, hyphens or underscores (Lambda's rule for a function name)."],
    [['lambda', ...handler, '--max-concurrency', '0'], '--max-concurrency <n>', atLeastOne],
    [['lambda', ...handler, '--port', ''], '-p, --port <port>', port],
    [['lambda', ...handler, '--host', ''], '-H, --host <host>', host],
    [['rest-api', ...handler, '--path', 'chat'], '--path <resource>', 'expected a path that starts with /, such as /chat or /items/{id}.'],
    [['rest-api', ...handler, '--method', 'FETCH'], '--method <method>', 'Allowed choices are ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS.'],
    [['rest-api', ...handler, '--stage', ''], '--stage <name>', "expected 1 to 128 letters, digits, hyphens or underscores (API Gateway's rule for a stage name)."],
    [['rest-api', ...handler, '--stage', 'v1/beta'], '--stage <name>', "expected 1 to 128 letters, digits, hyphens or underscores (API Gateway's rule for a stage name)."],
    [['rest-api', ...handler, '--integration-timeout', '10'], '--integration-timeout <ms>', "expected an integer from 50 to 900000 (ms, API Gateway's limits)."],
    [['rest-api', ...handler, '--integration-timeout', ''], '--integration-timeout <ms>', "expected an integer from 50 to 900000 (ms, API Gateway's limits)."],
    [['rest-api', ...handler, '--timeout', '0'], '--timeout <seconds>', "expected an integer from 1 to 900 (seconds, Lambda's limits)."],
    [['http-api', ...handler, '--route', 'POST chat'], '--route <key>', "expected 'METHOD /path' (METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS) or $default."],
    [['http-api', ...handler, '--route', 'FETCH /chat'], '--route <key>', "expected 'METHOD /path' (METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS) or $default."],
    [['http-api', ...handler, '--route', ''], '--route <key>', "expected 'METHOD /path' (METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS) or $default."],
    [['http-api', ...handler, '--path', ''], '--path <path>', 'expected a path that starts with /, such as /chat or /items/{id}.'],
    [['http-api', ...handler, '--integration-timeout', '30001'], '--integration-timeout <ms>', "expected an integer from 50 to 30000 (ms, an HTTP API's limits)."],
    [['websocket-api', '--route', ''], '--route <KEY=file#export...>', empty('a route and its handler, KEY=file#export')],
    [['websocket-api', '--route', '$default=h.ts#handler', '--route-response', ''], '--route-response <KEY...>', empty('a route key')],
    [['websocket-api', '--route', '$default=h.ts#handler', '--route-selection', ''], '--route-selection <expression>', empty('a route selection expression, such as $request.body.action')],
    [['websocket-api', '--route', '$default=h.ts#handler', '--integration-timeout', '29001'], '--integration-timeout <ms>', "expected an integer from 50 to 29000 (ms, a WebSocket API's limits)."],
    [['stack', 'template.yaml', '--port', '70000'], '-p, --port <port>', port],
    [['stack', 'template.yaml', '--host', ''], '-H, --host <host>', host],
    [['record', '--upstream', 'bedrock-runtime.us-east-1.amazonaws.com'], '--upstream <url>', 'expected an http:// or https:// URL, such as https://bedrock-runtime.us-east-1.amazonaws.com.'],
    [['record', '--upstream', ''], '--upstream <url>', 'expected an http:// or https:// URL, such as https://bedrock-runtime.us-east-1.amazonaws.com.'],
    [['record', '--region', ''], '--region <region>', 'expected an AWS region, such as us-east-1 or eu-west-3.'],
    [['record', '--region', 'US East'], '--region <region>', 'expected an AWS region, such as us-east-1 or eu-west-3.'],
    [['record', '--host', ''], '-H, --host <host>', host],
    [['record', '--fixtures', ''], '-f, --fixtures <dir>', empty('a folder')],
  ];
  for (const [argv, flags, expected] of cases) {
    it(argv.map((arg) => (arg === '' ? "''" : arg)).join(' '), async () => {
      const { exitCode, stdout, stderr } = await run(argv);
      expect({ exitCode, stdout }).toEqual({ exitCode: 1, stdout: '' });
      const [error, optionHelp, where, ...rest] = stderr.split('\n');
      expect(error).toBe(`error: option '${flags}' argument '${argv.at(-1) ?? ''}' is invalid. ${expected}`);
      expect(optionHelp).toMatch(new RegExp(`^ {2}${flags.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} {2}\\S`));
      expect(where).toBe(`Run 'bedrock-emulator ${argv[0] ?? ''} --help' for every option.`);
      expect(rest).toEqual(['']);
    });
  }

  it("validate '' names the argument", async () => {
    expect(await run(['validate', 'fixtures', ''])).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: "error: command-argument value '' is invalid for argument 'paths'. expected a fixture file or folder, got an empty value.\nRun 'bedrock-emulator validate --help' for every option.\n",
    });
  });

  it("stack '' names the argument", async () => {
    expect(await run(['stack', ''])).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: "error: command-argument value '' is invalid for argument 'template'. expected a template file, got an empty value.\nRun 'bedrock-emulator stack --help' for every option.\n",
    });
  });
});

describe('main: a usage error is one line, without a stack', () => {
  const cases: [string[], string][] = [
    [['start', '--port', '0', '--keys', 'keys.yaml'], '--keys says which keys --auth accepts: give --auth sigv4, api-key or sigv4,api-key with it.'],
    [['new', '--prompt', 'hi'], 'give the answer with --text or --text-file'],
    [['new', '--prompt', 'hi', '--text', 'Hello!', '--out', 'fixtures/hi.txt'], '--out must end in .json, .yaml or .yml, got fixtures/hi.txt'],
    [['new', '--prompt', 'hi', '--text-file', 'no-such-answer.txt', '--out', 'package.json/hi.json'], '--text-file no-such-answer.txt: cannot read it: no such file or folder'],
    [['new', '--prompt', 'hi', '--text-file', 'src', '--out', 'package.json/hi.json'], '--text-file src: cannot read it: it is a folder'],
    [['new', '--prompt', 'hi', '--text', 'Hello!', '--out', 'package.json/hi.json'], 'cannot write package.json/hi.json: a part of the path is a file, not a folder'],
    [['rest-api', '--handler', 'h.ts#handler', '--port', '0', '--env', 'BAD'], '--env expects KEY=VALUE, got "BAD"'],
    [['lambda', '--handler', 'h.ts#handler', '--port', '0', '--env', '=x'], '--env expects KEY=VALUE, got "=x"'],
    [['stack', 'template.yaml', '--port', '0', '--env', 'NOVALUE'], '--env expects KEY=VALUE, got "NOVALUE"'],
    [['websocket-api', '--port', '0', '--route', 'h.ts#handler'], '--route expects KEY=file#export, got "h.ts#handler"'],
    [['websocket-api', '--port', '0', '--route', '$default=h.ts#handler', '--route-response', '$connect'], '--route-response $connect: no --route $connect=… to answer from'],
    [['rest-api', '--handler', 'h.ts#handler', '--port', '0', '--integration-timeout', '60000'], "--integration-timeout 60000: a BUFFERED integration waits at most 29000 ms (API Gateway's limits); --transfer-mode STREAM allows up to 900000"],
    [['lambda', '--handler', 'h.ts#handler', '--port', '0', '-e', 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME='], '--env AWS_ENDPOINT_URL_BEDROCK_RUNTIME expects the URL of a Bedrock endpoint, such as http://127.0.0.1:4010; got ""'],
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

  it('record counts an empty AWS_REGION as unset, and says when it is not a region', async () => {
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_DEFAULT_REGION', '');
    vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', '');
    expect(await run(['record', '--port', '0', '--upstream-auth', 'api-key'])).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: 'bedrock-emulator: record needs a region to sign for: give --region (or set AWS_REGION), or an --upstream https://bedrock-runtime.<region>.amazonaws.com.\n',
    });
    vi.stubEnv('AWS_DEFAULT_REGION', 'Virginia');
    expect(await run(['record', '--port', '0', '--upstream-auth', 'api-key'])).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: 'bedrock-emulator: AWS_DEFAULT_REGION is "Virginia", which is not an AWS region (such as us-east-1): set it to one, or give --region.\n',
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
