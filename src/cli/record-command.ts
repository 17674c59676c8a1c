import { Option, type Command } from 'commander';
import { matchFields, type MatchField } from '../recorder/fixture-from-exchange.ts';
import type { CliIo, CommandResult } from './cli-io.ts';
import { hostName, httpUrl, nonEmpty, portNumber, regionName } from './options.ts';
import { InvalidArgumentError } from 'commander';

export type RecordFlags = {
  upstream?: string;
  region?: string;
  port: number;
  host: string;
  fixtures: string;
  matchBy: MatchField[];
  exactTiming: boolean;
  force: boolean;
  mode: 'record-all' | 'record-missing';
  upstreamAuth?: 'sigv4' | 'api-key';
};

function matchByOption(value: string): MatchField[] {
  const fields = value.split(',').map((field) => field.trim());
  for (const field of fields) {
    if (!(matchFields as readonly string[]).includes(field)) throw new InvalidArgumentError(`expected a comma-separated list of ${matchFields.join(', ')}.`);
  }
  return fields as MatchField[];
}

export function registerRecord(program: Command, io: CliIo, result: CommandResult): void {
  program
    .command('record')
    .description('Sit where Bedrock would: forward every call to the real endpoint (re-signed with your AWS credentials), pass the answer through, and write each as a timed fixture.')
    .addOption(new Option('--upstream <url>', 'the Bedrock Runtime endpoint to record from (default: https://bedrock-runtime.<region>.amazonaws.com)').argParser(httpUrl))
    .addOption(new Option('--region <region>', 'the region to sign for and record from (default: AWS_REGION, AWS_DEFAULT_REGION, or the --upstream host)').argParser(regionName))
    .addOption(new Option('-p, --port <port>', 'port to listen on; 0 picks a free one').default(4010).argParser(portNumber))
    .addOption(new Option('-H, --host <host>', 'interface to bind').default('127.0.0.1').argParser(hostName))
    .addOption(new Option('-f, --fixtures <dir>', 'where fixtures are written (and, with --mode record-missing, replayed from)').default('fixtures/recorded').argParser(nonEmpty('a folder')))
    .addOption(new Option('--match-by <fields>', `what a recorded fixture matches on: ${matchFields.join(', ')}`).default(['model', 'operation', 'last-user-message'], 'model,operation,last-user-message').argParser(matchByOption))
    .addOption(new Option('--exact-timing', 'keep every gap between deltas (timing.deltaGapsMs) instead of their interval and jitter').default(false))
    .addOption(new Option('--force', 'overwrite a fixture file of the same name (default: write beside it, name_2.json, which loads after it)').default(false))
    .addOption(new Option('--mode <mode>', 'record-all calls, or record-missing: answer from the fixtures what they match, record the rest').choices(['record-all', 'record-missing']).default('record-all'))
    .addOption(new Option('--upstream-auth <kind>', 'sign upstream calls with SigV4 (the standard AWS credential chain) or send AWS_BEARER_TOKEN_BEDROCK (default: api-key when that is set)').choices(['sigv4', 'api-key']))
    .action(async (flags: RecordFlags) => {
      const { runRecord } = await import('./record-action.ts');
      await runRecord(flags, io, result);
    });
}
