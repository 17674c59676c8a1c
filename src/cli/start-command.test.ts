import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerStart } from './start-command.ts';

class Parsed extends Error {}

/** The flags `start` parses from argv, caught before its action runs: nothing is started. */
async function flagsOf(argv: string[]): Promise<Record<string, unknown>> {
  let flags: Record<string, unknown> = {};
  const program = new Command().exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  registerStart(program, { out: () => undefined, err: () => undefined, stop: AbortSignal.abort() }, { exitCode: 0 });
  program.hook('preAction', (_, command) => {
    flags = command.opts();
    throw new Parsed();
  });
  await expect(program.parseAsync(['start', ...argv], { from: 'user' })).rejects.toBeInstanceOf(Parsed);
  return flags;
}

describe('start’s flags', () => {
  it('default to port 4010 on 127.0.0.1, real-time delays, the default text when unmatched, any credentials', async () => {
    expect(await flagsOf([])).toEqual({ port: 4010, host: '127.0.0.1', unmatched: 'default', speed: 1, watch: false, inject: [], injectSeed: 1, auth: [] });
  });

  it('read each value to its type', async () => {
    expect(
      await flagsOf([
        '-p', '0', '-H', '0.0.0.0', '-f', 'fixtures', 'more.yaml', '--unmatched', 'echo', '--default-text', 'Hi.', '--speed', '0.5', '-w',
        '--quotas', 'quotas.yaml', '--rpm', '60', '--tpm', '10000', '--max-concurrent', '2', '--inject', 'ThrottlingException=0.1', 'drop=0.02',
        '--inject-seed', '-3', '--control-token', 'secret', '--auth', 'sigv4,api-key', '--keys', 'keys.yaml', '--models', 'models.yaml', '--guardrails', 'guardrails.yaml',
      ]),
    ).toEqual({
      port: 0,
      host: '0.0.0.0',
      fixtures: ['fixtures', 'more.yaml'],
      unmatched: 'echo',
      defaultText: 'Hi.',
      speed: 0.5,
      watch: true,
      quotas: 'quotas.yaml',
      rpm: 60,
      tpm: 10000,
      maxConcurrent: 2,
      inject: ['ThrottlingException=0.1', 'drop=0.02'],
      injectSeed: -3,
      controlToken: 'secret',
      auth: ['sigv4', 'api-key'],
      keys: 'keys.yaml',
      models: 'models.yaml',
      guardrails: 'guardrails.yaml',
    });
  });

  it('--auth any is no check at all', async () => {
    expect(await flagsOf(['--auth', 'any'])).toMatchObject({ auth: [] });
  });
});
