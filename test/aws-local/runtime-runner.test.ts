import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/playback/clock.ts';
import type { FunctionConfig } from '../../src/aws-local/host/function-config.ts';
import { createRuntimeRunner } from '../../src/aws-local/runners/runtime-runner.ts';
import { temporaryDir } from '../support/temporary-dir.ts';

/** The runtime runner with a runtime that cannot start: the host must say so and live on. */
describe('the runtime runner', () => {
  it('fails the invocations of a runtime that cannot be started with Runtime.InvalidEntrypoint, and lives on', async () => {
    const codeDir = temporaryDir();
    const config: FunctionConfig = { runtime: 'python3.12', codeDir, handler: 'app.handler', handlerFile: path.join(codeDir, 'app.py'), handlerExport: 'handler', functionName: 'gone', region: 'us-east-1', memorySizeMb: 128, timeoutSeconds: 3, environment: {} };
    const missing = path.join(codeDir, 'venv/bin/python');
    const runner = createRuntimeRunner(config, { maxConcurrency: 2, maxBufferedBytes: 6_291_556, clock: systemClock, onLog: () => undefined }, { command: missing, args: ['-m', 'bedrock_emulator_runtime', 'app.handler'], cwd: codeDir, environment: {}, cleanUp: () => undefined });
    const expected = { errorType: 'Runtime.InvalidEntrypoint', errorMessage: `${missing} could not be started: spawn ${missing} ENOENT`, trace: [] };
    expect(await runner.warmUp).toEqual(expected);
    const output = await runner.invoke({ requestId: 'r-1', event: {}, deadlineMs: Date.now() + 3000, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:gone', signal: new AbortController().signal });
    expect(output).toEqual({ kind: 'error', error: expected });
    await runner.close();
  });
});
