import type { FunctionConfig } from '../host/function-config.ts';
import { isPythonRuntime } from '../host/lambda-runtimes.ts';

/**
 * What the managed runtime puts in every function's environment
 * (docs/protocol/lambda-streaming.md#environment-variables) — its name, version, memory, log names, region and an execution
 * role's credentials (dummies: the emulators check none) — the same in
 * both run modes. Not the runtime's own plumbing (`AWS_LAMBDA_RUNTIME_API`,
 * `_HANDLER`), nor `TZ`/`LANG`, which in process would change the host's.
 */
export function managedRuntimeVariables(config: FunctionConfig, now: Date): Record<string, string> {
  return {
    AWS_LAMBDA_FUNCTION_NAME: config.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memorySizeMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${config.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `${now.toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]bedrock-emulator`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    // Node.js handlers run on this Node, whatever the configured runtime says: the variable says which that is.
    AWS_EXECUTION_ENV: isPythonRuntime(config.runtime) ? `AWS_Lambda_${config.runtime}` : `AWS_Lambda_nodejs${process.versions.node.split('.')[0] ?? '22'}.x`,
    AWS_REGION: config.region,
    AWS_DEFAULT_REGION: config.region,
    AWS_ACCESS_KEY_ID: 'bedrock-emulator',
    AWS_SECRET_ACCESS_KEY: 'bedrock-emulator',
    AWS_SESSION_TOKEN: 'bedrock-emulator',
  };
}
