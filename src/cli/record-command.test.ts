import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerRecord } from './record-command.ts';

class Parsed extends Error {}

/** The flags `record` parses from argv, caught before its action runs: nothing is started. */
async function flagsOf(argv: string[]): Promise<Record<string, unknown>> {
  let flags: Record<string, unknown> = {};
  const program = new Command().exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  registerRecord(program, { out: () => undefined, err: () => undefined, stop: AbortSignal.abort() }, { exitCode: 0 });
  program.hook('preAction', (_, command) => {
    flags = command.opts();
    throw new Parsed();
  });
  await expect(program.parseAsync(['record', ...argv], { from: 'user' })).rejects.toBeInstanceOf(Parsed);
  return flags;
}

describe('record’s flags', () => {
  it('default to port 4010 on 127.0.0.1, fixtures/recorded, matching on model, operation and the last user message, every call recorded', async () => {
    expect(await flagsOf([])).toEqual({ port: 4010, host: '127.0.0.1', fixtures: 'fixtures/recorded', matchBy: ['model', 'operation', 'last-user-message'], exactTiming: false, force: false, mode: 'record-all' });
  });

  it('read each value to its type', async () => {
    expect(
      await flagsOf(['--upstream', 'https://bedrock-runtime.eu-west-1.amazonaws.com', '--region', 'eu-west-1', '-p', '0', '-H', '::1', '-f', 'fixtures/live', '--match-by', 'model, system,tools', '--exact-timing', '--force', '--mode', 'record-missing', '--upstream-auth', 'sigv4']),
    ).toEqual({
      upstream: 'https://bedrock-runtime.eu-west-1.amazonaws.com',
      region: 'eu-west-1',
      port: 0,
      host: '::1',
      fixtures: 'fixtures/live',
      matchBy: ['model', 'system', 'tools'],
      exactTiming: true,
      force: true,
      mode: 'record-missing',
      upstreamAuth: 'sigv4',
    });
  });

  it('--match-by takes every field a recorded fixture can match on', async () => {
    expect(await flagsOf(['--match-by', 'model,last-user-message,system,operation,turn,tools'])).toMatchObject({ matchBy: ['model', 'last-user-message', 'system', 'operation', 'turn', 'tools'] });
  });
});
