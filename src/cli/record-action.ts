import type { RecordEvent } from '../recorder/recorder.ts';
import type { UpstreamAuth } from '../recorder/sign-upstream.ts';
import { startRecorder } from '../recorder/start-recorder.ts';
import { plural, stopped, UsageError, type CliIo, type CommandResult } from './cli-io.ts';
import { regionPattern } from './options.ts';
import type { RecordFlags } from './record-command.ts';

/** The `record` command's work, loaded only when the command runs. */
export async function runRecord(flags: RecordFlags, io: CliIo, result: CommandResult, environment: NodeJS.ProcessEnv = process.env): Promise<void> {
  // An AWS endpoint names its region: signatures must be scoped to it, whatever the shell says.
  const region = flags.region ?? regionOfHost(flags.upstream) ?? regionOfShell(environment);
  if (region === undefined) throw new UsageError('record needs a region to sign for: give --region (or set AWS_REGION), or an --upstream https://bedrock-runtime.<region>.amazonaws.com.');
  const upstream = flags.upstream ?? `https://bedrock-runtime.${region}.amazonaws.com`;
  // Mantle's paths go to Mantle, unless one --upstream was named for everything.
  const mantleUpstream = flags.upstream ?? `https://bedrock-mantle.${region}.api.aws`;
  const auth = await upstreamAuth(flags, environment);
  const recorder = await startRecorder({
    upstream,
    mantleUpstream,
    region,
    auth,
    fixturesDir: flags.fixtures,
    matchBy: flags.matchBy,
    exactTiming: flags.exactTiming,
    force: flags.force,
    mode: flags.mode,
    port: flags.port,
    host: flags.host,
    onRecorded: (event) => io.out(`${describe(event)}\n`),
  });
  const replaying = flags.mode === 'record-missing' ? `; replaying ${plural(recorder.replayableFixtures, 'fixture')} already there` : '';
  io.out(`recording to ${flags.fixtures} from ${upstream} (${auth.kind === 'sigv4' ? 'SigV4, the standard AWS credential chain' : 'the API key in AWS_BEARER_TOKEN_BEDROCK'}, region ${region})${replaying}\n`);
  io.out(`listening on ${recorder.url}\n`);
  await stopped(io.stop);
  await recorder.close();
  result.exitCode = 0;
}

/** Credentials are resolved once at start, so a missing one is said now rather than at the first call. */
async function upstreamAuth(flags: RecordFlags, environment: NodeJS.ProcessEnv): Promise<UpstreamAuth> {
  const token = environment.AWS_BEARER_TOKEN_BEDROCK;
  const kind = flags.upstreamAuth ?? (token ? 'api-key' : 'sigv4');
  if (kind === 'api-key') {
    if (!token) throw new UsageError('--upstream-auth api-key sends the key in AWS_BEARER_TOKEN_BEDROCK, which is not set.');
    return { kind, token };
  }
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  const provider = fromNodeProviderChain();
  try {
    await provider();
  } catch (error) {
    throw new UsageError(`record signs for Bedrock with your AWS credentials and found none: ${(error as Error).message} Set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or AWS_BEARER_TOKEN_BEDROCK for an API key.`);
  }
  return { kind, credentials: provider };
}

/** AWS_REGION, else AWS_DEFAULT_REGION; one set but empty (`AWS_REGION= npx …`) counts as not set: no region is empty. */
function regionOfShell(environment: NodeJS.ProcessEnv): string | undefined {
  const name = (['AWS_REGION', 'AWS_DEFAULT_REGION'] as const).find((variable) => (environment[variable] ?? '') !== '');
  if (name === undefined) return undefined;
  const region = environment[name] ?? '';
  if (!regionPattern.test(region)) throw new UsageError(`${name} is ${JSON.stringify(region)}, which is not an AWS region (such as us-east-1): set it to one, or give --region.`);
  return region;
}

function regionOfHost(upstream: string | undefined): string | undefined {
  if (upstream === undefined) return undefined;
  return /^bedrock-(?:runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com|mantle\.([a-z0-9-]+)\.api\.aws)$/.exec(new URL(upstream).hostname)?.slice(1).find((part) => part !== undefined);
}

function describe(event: RecordEvent): string {
  switch (event.kind) {
    case 'recorded':
      return `recorded ${event.file} (${event.operation}${event.firstTokenMs === undefined ? '' : `, first token after ${event.firstTokenMs} ms`})`;
    case 'replayed':
      return `replayed ${event.operation} from the fixture "${event.fixture}"`;
    case 'not-recorded':
      return `not recorded${event.operation === undefined ? '' : ` (${event.operation})`}: ${event.reason}`;
  }
}
