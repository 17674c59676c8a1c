import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerLambda } from './lambda-command.ts';

class Parsed extends Error {}

/** The flags `lambda` parses from argv, caught before its action runs: nothing is started. */
async function flagsOf(argv: string[]): Promise<Record<string, unknown>> {
  let flags: Record<string, unknown> = {};
  const program = new Command().exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  registerLambda(program, { out: () => undefined, err: () => undefined, stop: AbortSignal.abort() }, { exitCode: 0 });
  program.hook('preAction', (_, command) => {
    flags = command.opts();
    throw new Parsed();
  });
  await expect(program.parseAsync(['lambda', ...argv], { from: 'user' })).rejects.toBeInstanceOf(Parsed);
  return flags;
}

describe('lambda’s flags', () => {
  it('default to Lambda’s own: 3 s, 128 MB, streaming, port 9000, in this process', async () => {
    expect(await flagsOf(['--handler', 'src/functions/chat-stream/index.ts#handler'])).toEqual({
      handler: 'src/functions/chat-stream/index.ts#handler',
      port: 9000,
      host: '127.0.0.1',
      mode: 'in-process',
      invokeMode: 'RESPONSE_STREAM',
      timeout: 3,
      env: [],
      memory: 128,
      maxConcurrency: 10,
    });
  });

  it('read each value to its type', async () => {
    expect(
      await flagsOf(['--handler', 'h.ts#handler', '-p', '0', '-H', '0.0.0.0', '--mode', 'runtime', '--invoke-mode', 'BUFFERED', '--timeout', '900', '-e', 'A=1', 'B=2', '--function-name', 'chat', '--memory', '1024', '--max-concurrency', '1']),
    ).toEqual({ handler: 'h.ts#handler', port: 0, host: '0.0.0.0', mode: 'runtime', invokeMode: 'BUFFERED', timeout: 900, env: ['A=1', 'B=2'], functionName: 'chat', memory: 1024, maxConcurrency: 1 });
  });
});
