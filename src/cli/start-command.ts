import { Option, type Command } from 'commander';
import { injectableFaults } from '../core/planning/injectable-faults.ts';
import type { UnmatchedPolicy } from '../emulator/journal/call-events.ts';
import type { CliIo, CommandResult } from './cli-io.ts';
import { authModesOption, controlTokenOption, eachNonEmpty, hostName, integer, nonEmpty, nonNegativeNumber, portNumber, positiveInteger } from './options.ts';

export type StartFlags = {
  port: number;
  host: string;
  /** Absent when not given: `fixtures/` if there is one, else the package's bundled fixtures. */
  fixtures?: string[];
  defaultText?: string;
  speed: number;
  unmatched: UnmatchedPolicy;
  watch: boolean;
  quotas?: string;
  rpm?: number;
  tpm?: number;
  maxConcurrent?: number;
  inject: string[];
  injectSeed: number;
  controlToken?: string;
  /** Empty: any credentials (the default). */
  auth: ('sigv4' | 'api-key')[];
  keys?: string;
  /** A models file: model resources mapped to foundation models, and stored prompts. */
  models?: string;
  guardrails?: string;
};

export function registerStart(program: Command, io: CliIo, result: CommandResult): void {
  program
    .command('start')
    .description('Serve the Bedrock Runtime API (HTTP/1.1 and h2c on one port) from fixture files.')
    .addOption(new Option('-p, --port <port>', 'port to listen on; 0 picks a free one').default(4010).argParser(portNumber))
    .addOption(new Option('-H, --host <host>', 'interface to bind; use 0.0.0.0 to accept other machines').default('127.0.0.1').argParser(hostName))
    .addOption(new Option('-f, --fixtures <path...>', 'fixture files or folders (.json, .yaml, .yml), matched in path order').default(undefined, 'fixtures, or the bundled examples when there is no fixtures folder').argParser(eachNonEmpty('a fixture file or folder')))
    .addOption(new Option('--unmatched <policy>', 'when no fixture matches: answer the default text, echo the last user message, or fail with the closest fixtures').choices(['default', 'echo', 'error']).default('default'))
    .addOption(new Option('--default-text <text>', 'what the model says when no fixture matches (--unmatched default)'))
    .addOption(new Option('--speed <factor>', 'multiply every fixture delay by this factor (0 = no delays, 0.5 = twice as fast)').default(1).argParser(nonNegativeNumber))
    .addOption(new Option('-w, --watch', 'reload fixture files when they change; a broken edit is reported and the last good set keeps serving').default(false))
    .addOption(new Option('--quotas <file>', 'per-model quotas (JSON or YAML): requestsPerMinute, tokensPerMinute, concurrentRequests').argParser(nonEmpty('a quotas file')))
    .addOption(new Option('--rpm <n>', 'requests per minute for every model; over it → ThrottlingException').argParser(positiveInteger))
    .addOption(new Option('--tpm <n>', 'tokens (input + output) per minute for every model').argParser(positiveInteger))
    .addOption(new Option('--max-concurrent <n>', 'calls under way at once for every model').argParser(positiveInteger))
    .addOption(new Option('--inject <fault=rate...>', `fail a fraction of all calls, e.g. ThrottlingException=0.1 drop=0.02 (faults: ${injectableFaults.join(', ')})`).default([]).argParser(eachNonEmpty('a fault and its rate, NAME=RATE')))
    .addOption(new Option('--control-token <token>', 'the token the /_emulator/ routes require (bound beyond 127.0.0.1, one is made and printed unless given)').argParser(controlTokenOption))
    .addOption(
      new Option('--auth <modes>', "verify callers as Bedrock does: sigv4 (signatures), api-key (bearer tokens), both (sigv4,api-key), or any (accept any credentials)")
        .default([], 'any')
        .argParser(authModesOption),
    )
    .addOption(new Option('--keys <file>', "key pairs and API keys to accept (JSON or YAML; see docs/auth.md); default: the emulator's own AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN and AWS_BEARER_TOKEN_BEDROCK").argParser(nonEmpty('a keys file')))
    .addOption(
      new Option('--models <file>', 'the account\'s application inference profiles, provisioned, custom and imported models (each mapped to its foundation model id) and Prompt management prompts (JSON or YAML; see docs/model-ids.md)').argParser(nonEmpty('a models file')),
    )
    .addOption(new Option('--guardrails <file>', 'guardrails requests may name (JSON or YAML; see docs/guardrails.md): Converse guardrailConfig, InvokeModel guardrail headers, ApplyGuardrail').argParser(nonEmpty('a guardrails file')))
    .addOption(new Option('--inject-seed <n>', 'seed for --inject: the same seed and call order fail the same calls').default(1).argParser(integer))
    .action(async (flags: StartFlags) => {
      const { runStart } = await import('./start-action.ts');
      await runStart(flags, io, result);
    });
}
