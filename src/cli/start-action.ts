import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FixtureProblem } from '../core/errors/fixture-error.ts';
import { loadAuthPolicy } from '../adapters/node/load-auth-policy.ts';
import { loadGuardrailsFile } from '../adapters/node/load-guardrails.ts';
import { loadQuotaFile } from '../adapters/node/load-quota-file.ts';
import { startEmulator } from '../adapters/node/start-emulator.ts';
import { watchFixtures } from '../adapters/node/watch-fixtures.ts';
import { plural, stopped, UsageError, type CliIo, type CommandResult } from './cli-io.ts';
import { parseFaultSpecs } from './fault-specs.ts';
import { packageRoot } from './package-root.ts';
import type { StartFlags } from './start-command.ts';

/** The `start` command's work, loaded only when the command runs. */
export async function runStart(flags: StartFlags, io: CliIo, result: CommandResult): Promise<void> {
  const globalQuota =
    flags.rpm === undefined && flags.tpm === undefined && flags.maxConcurrent === undefined
      ? []
      : [{ model: '*', requestsPerMinute: flags.rpm, tokensPerMinute: flags.tpm, concurrentRequests: flags.maxConcurrent }];
  const fileQuotas = flags.quotas === undefined ? [] : await loadQuotaFile(flags.quotas);
  if (flags.keys !== undefined && flags.auth.length === 0) throw new UsageError('--keys says which keys --auth accepts: give --auth sigv4, api-key or sigv4,api-key with it.');
  const auth = await loadAuthPolicy({ modes: flags.auth, keysFile: flags.keys });
  const guardrails = flags.guardrails === undefined ? undefined : await loadGuardrailsFile(flags.guardrails);
  const fixtures = flags.fixtures ?? defaultFixtures(io);
  const server = await startEmulator({
    port: flags.port,
    host: flags.host,
    fixturePaths: fixtures,
    timeScale: flags.speed,
    unmatched: flags.unmatched,
    // Rules from the file come first: the first rule matching a model applies.
    quotas: [...fileQuotas, ...globalQuota],
    ...(flags.inject.length === 0 ? {} : { faults: { seed: flags.injectSeed, rules: parseInjectSpecs(flags.inject) } }),
    ...(flags.defaultText === undefined ? {} : { defaultText: flags.defaultText }),
    ...(flags.controlToken === undefined ? {} : { controlToken: flags.controlToken }),
    ...(auth === undefined ? {} : { auth }),
    ...(flags.models === undefined ? {} : { modelsFile: flags.models }),
    ...(guardrails === undefined ? {} : { guardrails }),
  });
  const { emulator } = server;
  io.out(`loaded ${plural(emulator.fixtureCount(), 'fixture')} from ${fixtures.join(', ')}\n`);
  if (guardrails !== undefined) io.out(`loaded ${plural(guardrails.length, 'guardrail')} from ${flags.guardrails ?? ''}\n`);
  const stopWatching = flags.watch
    ? watchFixtures(fixtures, {
        onReload: (fixtures) => {
          emulator.setFixtures(fixtures);
          io.out(`reloaded ${plural(fixtures.length, 'fixture')}\n`);
        },
        onProblems: (problems: readonly FixtureProblem[]) => {
          io.err(`bedrock-emulator: fixtures not reloaded, still serving the last good ${plural(emulator.fixtureCount(), 'fixture')}:\n${problems.map((problem) => `  ${problem.toString()}`).join('\n')}\n`);
        },
      })
    : () => undefined;
  if (server.controlToken !== undefined) io.out(`control routes (/_emulator/) need the token ${server.controlToken} (Authorization: Bearer <token>)\n`);
  if (auth !== undefined) io.out(`verifying ${auth.modes.join(' and ')} (region ${auth.region}; ${plural(auth.credentials.length, 'key pair')}, ${plural(auth.apiKeys.length, 'API key')})\n`);
  if (flags.models !== undefined) {
    const { models = {}, prompts = {} } = server.emulator.models();
    io.out(`models from ${flags.models}: ${plural(Object.keys(models).length, 'model resource')}, ${plural(Object.keys(prompts).length, 'prompt')}\n`);
  }
  io.out(`listening on ${server.url}\n`);
  await stopped(io.stop);
  stopWatching();
  await server.close();
  result.exitCode = 0;
}

/**
 * `fixtures/` where the user has one; else the examples the package ships,
 * said out loud with how to write one's own — a first `start` in a new
 * project serves instead of failing.
 */
function defaultFixtures(io: CliIo): string[] {
  if (existsSync('fixtures')) return ['fixtures'];
  const bundled = path.join(packageRoot(), 'fixtures');
  io.out(`no fixtures/ folder here: serving the bundled example fixtures. Write your own with\n  bedrock-emulator new --prompt "hello" --text "Hello from the emulator!"\nand start again (or pass --fixtures <path>).\n`);
  return [bundled];
}

function parseInjectSpecs(specs: readonly string[]) {
  try {
    return parseFaultSpecs(specs);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
