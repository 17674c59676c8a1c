import { Option, type Command } from 'commander';
import { maxTimeoutSeconds } from '../aws-local/host/function-config.ts';
import { UsageError, type CliIo } from './cli-io.ts';
import { hostName, portNumber, timeoutSeconds } from './options.ts';

/** The flags every front-door command shares: where it listens and how its functions run. */
export type FunctionFlags = {
  port: number;
  host: string;
  mode: 'in-process' | 'runtime';
  timeout: number;
  env: string[];
};

/**
 * Adds `--port`, `--host`, `--mode`, `--timeout` and `--env` to a command.
 *
 * @example
 * addFunctionOptions(program.command('rest-api'), 3000)
 */
export function addFunctionOptions(command: Command, defaultPort: number): Command {
  return command
    .addOption(new Option('-p, --port <port>', 'port to listen on; 0 picks a free one').default(defaultPort).argParser(portNumber))
    .addOption(new Option('-H, --host <host>', 'interface to bind').default('127.0.0.1').argParser(hostName))
    .addOption(new Option('--mode <mode>', 'in-process: fast, in this process; runtime: its own process under the real runtime interface client (aws-lambda-ric)').choices(['in-process', 'runtime']).default('in-process'))
    .addOption(new Option('--timeout <seconds>', `function timeout, 1 to ${maxTimeoutSeconds} (Lambda's default: 3)`).default(3).argParser(timeoutSeconds))
    .addOption(new Option('-e, --env <KEY=VALUE...>', "the functions' environment variables").default([]));
}

/**
 * `KEY=VALUE` pairs as an environment; a malformed pair is a usage error.
 *
 * @example
 * environmentOf(['MODEL_ID=x']) // { MODEL_ID: 'x' }
 */
export function environmentOf(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new UsageError(`--env expects KEY=VALUE, got "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

const bedrockVariable = 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME';
/** Where `bedrock-emulator start` listens unless told otherwise. */
const defaultEmulatorUrl = 'http://127.0.0.1:4010';

/**
 * The functions' environment from `--env`, with the Bedrock endpoint settled
 * the same for both run modes: `--env`'s, else this shell's, else an emulator
 * found running on its default port — and said, so nobody calls real Bedrock
 * without knowing.
 *
 * @example
 * const environment = await functionEnvironment(flags.env, io);
 */
export async function functionEnvironment(pairs: readonly string[], io: Pick<CliIo, 'out'>, emulatorUrl: string = defaultEmulatorUrl): Promise<Record<string, string>> {
  const environment = environmentOf(pairs);
  const given = environment[bedrockVariable];
  if (given !== undefined) {
    if (!/^https?:$/.test(URL.parse(given)?.protocol ?? '')) throw new UsageError(`--env ${bedrockVariable} expects the URL of a Bedrock endpoint, such as http://127.0.0.1:4010; got ${JSON.stringify(given)}`);
    io.out(`Bedrock for the functions: ${given} (${bedrockVariable} from --env)\n`);
    return environment;
  }
  const fromShell = process.env[bedrockVariable];
  if (fromShell !== undefined && fromShell !== '') {
    io.out(`Bedrock for the functions: ${fromShell} (${bedrockVariable} from this shell)\n`);
    return { ...environment, [bedrockVariable]: fromShell };
  }
  const found = await fetch(`${emulatorUrl}/_emulator/health`, { signal: AbortSignal.timeout(500) }).then(
    (response) => response.ok,
    () => false,
  );
  if (found) {
    io.out(`Bedrock for the functions: the emulator running on ${emulatorUrl}\n`);
    return { ...environment, [bedrockVariable]: emulatorUrl };
  }
  io.out(`note: no ${bedrockVariable} given and no emulator on ${emulatorUrl}: the functions' Bedrock calls go to AWS. Start one (bedrock-emulator start) or pass -e ${bedrockVariable}=<url>.\n`);
  return environment;
}

/** A handler that does not load is the user's to fix, not a bug of ours: no stack (a port in use is explained by main). */
export function asUsageError(error: unknown): never {
  throw (error as { code?: unknown }).code === undefined ? new UsageError((error as Error).message) : error;
}
