import { Command, CommanderError } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from './cli-io.ts';
import { addFunctionOptions, asUsageError, environmentOf, functionEnvironment } from './function-options.ts';

/** The flags a front-door command parses (a bare command: no action, nothing started). */
async function flagsOf(argv: string[], defaultPort = 3000): Promise<Record<string, unknown>> {
  const command = addFunctionOptions(new Command('rest-api').exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined }), defaultPort);
  await command.parseAsync(argv, { from: 'user' });
  return command.opts();
}

/** Commander's one-line error for argv, or a note that none came. */
async function commanderError(argv: string[]): Promise<string> {
  try {
    await flagsOf(argv);
  } catch (error) {
    expect(error, argv.join(' ')).toBeInstanceOf(CommanderError);
    return (error as Error).message;
  }
  return 'no error';
}

describe('addFunctionOptions', () => {
  it('has Lambda’s defaults and the command’s own port', async () => {
    expect(await flagsOf([])).toEqual({ port: 3000, host: '127.0.0.1', mode: 'in-process', timeout: 3, env: [] });
    expect(await flagsOf([], 3002)).toMatchObject({ port: 3002 });
  });

  it('reads each flag to its value, --env repeated or listed', async () => {
    expect(await flagsOf(['-p', '0', '-H', '0.0.0.0', '--mode', 'runtime', '--timeout', '900', '-e', 'A=1', 'B=2', '--env', 'C=3'])).toEqual({
      port: 0,
      host: '0.0.0.0',
      mode: 'runtime',
      timeout: 900,
      env: ['A=1', 'B=2', 'C=3'],
    });
  });

  it('refuses a bad value in commander’s one line, naming the option', async () => {
    expect(await commanderError(['--port', '70000'])).toBe("error: option '-p, --port <port>' argument '70000' is invalid. expected an integer from 0 to 65535.");
    expect(await commanderError(['--mode', 'container'])).toBe("error: option '--mode <mode>' argument 'container' is invalid. Allowed choices are in-process, runtime.");
    expect(await commanderError(['--timeout', '0'])).toBe("error: option '--timeout <seconds>' argument '0' is invalid. expected an integer from 1 to 900 (seconds, Lambda's limits).");
    expect(await commanderError(['--host', ''])).toBe("error: option '-H, --host <host>' argument '' is invalid. expected a host name or IP address, such as 127.0.0.1 or 0.0.0.0.");
  });

  it('refuses a timeout beyond Lambda’s 900 seconds in the same one line', async () => {
    expect(await commanderError(['--timeout', '901'])).toBe("error: option '--timeout <seconds>' argument '901' is invalid. expected an integer from 1 to 900 (seconds, Lambda's limits).");
  });
});

describe('environmentOf', () => {
  it('reads KEY=VALUE pairs, the value kept whole', () => {
    expect(environmentOf(['MODEL_ID=anthropic.claude-3-5-haiku-20241022-v1:0', 'URL=http://127.0.0.1:4010/?a=b', 'EMPTY='])).toEqual({
      MODEL_ID: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      URL: 'http://127.0.0.1:4010/?a=b',
      EMPTY: '',
    });
    expect(environmentOf([])).toEqual({});
  });

  it('the last of a repeated key wins', () => {
    expect(environmentOf(['A=1', 'A=2'])).toEqual({ A: '2' });
  });

  it('refuses a pair without a key, as a usage error naming it', () => {
    for (const pair of ['NOEQUALS', '=value', '']) {
      expect(() => environmentOf([pair]), pair).toThrow(new UsageError(`--env expects KEY=VALUE, got "${pair}"`));
    }
  });
});

describe('functionEnvironment', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('keeps the Bedrock endpoint --env gives, and says so', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK_RUNTIME', 'http://127.0.0.1:9999');
    let said = '';
    const environment = await functionEnvironment(['AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://127.0.0.1:4011', 'A=1'], { out: (text) => (said += text) });
    expect(environment).toEqual({ AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:4011', A: '1' });
    expect(said).toBe('Bedrock for the functions: http://127.0.0.1:4011 (AWS_ENDPOINT_URL_BEDROCK_RUNTIME from --env)\n');
  });

  it('refuses an --env Bedrock endpoint that is not a URL, before probing anything', async () => {
    for (const value of ['', '127.0.0.1:4010', 'localhost:4010']) {
      await expect(functionEnvironment([`AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${value}`], { out: () => undefined }, 'http://no emulator.invalid'), value).rejects.toThrow(
        new UsageError(`--env AWS_ENDPOINT_URL_BEDROCK_RUNTIME expects the URL of a Bedrock endpoint, such as http://127.0.0.1:4010; got ${JSON.stringify(value)}`),
      );
    }
  });

  it('takes the shell’s endpoint otherwise, and says where it came from', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK_RUNTIME', 'http://127.0.0.1:9999');
    let said = '';
    expect(await functionEnvironment(['A=1'], { out: (text) => (said += text) })).toEqual({ A: '1', AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:9999' });
    expect(said).toBe('Bedrock for the functions: http://127.0.0.1:9999 (AWS_ENDPOINT_URL_BEDROCK_RUNTIME from this shell)\n');
  });

  it('with neither and no emulator found, leaves the endpoint unset and says the calls go to AWS', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_BEDROCK_RUNTIME', '');
    let said = '';
    // A URL fetch cannot even parse: the probe fails at once, no socket opened.
    const nowhere = 'http://no emulator.invalid';
    expect(await functionEnvironment([], { out: (text) => (said += text) }, nowhere)).toEqual({});
    expect(said).toBe(
      `note: no AWS_ENDPOINT_URL_BEDROCK_RUNTIME given and no emulator on ${nowhere}: the functions' Bedrock calls go to AWS. Start one (bedrock-emulator start) or pass -e AWS_ENDPOINT_URL_BEDROCK_RUNTIME=<url>.\n`,
    );
  });

  it('refuses a malformed pair before probing anything', async () => {
    await expect(functionEnvironment(['BAD'], { out: () => undefined }, 'http://no emulator.invalid')).rejects.toThrow(new UsageError('--env expects KEY=VALUE, got "BAD"'));
  });
});

describe('asUsageError', () => {
  it('turns an error without a code (a handler that does not load) into a usage error with its message', () => {
    expect(() => asUsageError(new Error('x.ts#missing is undefined or not exported'))).toThrow(new UsageError('x.ts#missing is undefined or not exported'));
  });

  it('rethrows a system error (a port in use) as it is, for main to explain', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 3000 });
    expect(() => asUsageError(inUse)).toThrow(inUse);
  });
});
