import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionConfig } from '../host/function-config.ts';
import type { RuntimeLaunch } from './runtime-runner.ts';

/**
 * How a Node.js handler's execution environment starts: this Node under the
 * real runtime interface client (`aws-lambda-ric`, an optional peer
 * dependency), in a folder of its own whose `index.mjs` imports the real
 * handler from where it is (Node strips TypeScript types itself), so its
 * relative imports keep working.
 *
 * @example
 * createRuntimeRunner(config, options, nodeRuntimeLaunch(config))
 */
export function nodeRuntimeLaunch(config: FunctionConfig): RuntimeLaunch {
  const ricBin = resolveRuntimeClient();
  const taskRoot = mkdtempSync(path.join(os.tmpdir(), 'bedrock-emulator-lambda-'));
  const access = config.handlerExport.split('.').map((key) => `[${JSON.stringify(key)}]`).join('');
  writeFileSync(path.join(taskRoot, 'index.mjs'), `import * as userModule from ${JSON.stringify(pathToFileURL(path.resolve(config.handlerFile)).href)};\nexport const handler = userModule${access};\n`);
  return {
    command: process.execPath,
    args: [ricBin, 'index.handler'],
    cwd: taskRoot,
    environment: { LAMBDA_TASK_ROOT: taskRoot, _HANDLER: 'index.handler' },
    cleanUp: () => rmSync(taskRoot, { recursive: true, force: true }),
  };
}

/** The runtime interface client's entry point (`aws-lambda-ric`, an optional peer dependency). */
function resolveRuntimeClient(): string {
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve('aws-lambda-ric/package.json')), 'bin', 'index.mjs');
  } catch {
    throw new Error('The runtime mode needs the runtime interface client: npm install --save-dev aws-lambda-ric (it builds native code: apt-get install autoconf automake libtool first). Or use --mode in-process.');
  }
}
