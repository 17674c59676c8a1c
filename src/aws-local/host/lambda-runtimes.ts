/**
 * The Lambda runtimes the local host runs (docs/runtimes.md#which-runtime-runs-how): the managed
 * Node.js and Python runtimes Lambda supports for new functions today
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
 */
export const nodeRuntimes = ['nodejs22.x', 'nodejs24.x'] as const;
export const pythonRuntimes = ['python3.11', 'python3.12', 'python3.13', 'python3.14'] as const;
export const lambdaRuntimes = [...nodeRuntimes, ...pythonRuntimes] as const;

export type NodeRuntime = (typeof nodeRuntimes)[number];
export type PythonRuntime = (typeof pythonRuntimes)[number];
export type LambdaRuntime = (typeof lambdaRuntimes)[number];

/**
 * Whether a string is a runtime the host runs.
 *
 * @example
 * isLambdaRuntime('python3.12') // true
 * isLambdaRuntime('python3.9') // false
 */
export function isLambdaRuntime(value: string): value is LambdaRuntime {
  return (lambdaRuntimes as readonly string[]).includes(value);
}

/**
 * Whether a runtime is one of Lambda's managed Python runtimes.
 *
 * @example
 * isPythonRuntime('python3.13') // true
 */
export function isPythonRuntime(runtime: LambdaRuntime): runtime is PythonRuntime {
  return (pythonRuntimes as readonly string[]).includes(runtime);
}

/**
 * Why a runtime is not run here, and what to use instead, in one sentence.
 *
 * @example
 * unsupportedRuntime('python3.9') // 'python3.9 is not supported here: Lambda has deprecated it; use nodejs22.x, …, python3.14'
 */
export function unsupportedRuntime(runtime: string): string {
  const version = /^(nodejs|python3\.)(\d+)(\.x)?$/.exec(runtime);
  const oldest = version?.[1] === 'nodejs' ? 22 : 11;
  const reason =
    version === null ? (/^(provided|java|dotnet|ruby)/.test(runtime) ? 'the local host runs Node.js and Python handlers' : 'it is not one of Lambda\'s runtimes') : Number(version[2]) < oldest ? 'Lambda has deprecated it' : 'it is not one of Lambda\'s runtimes yet';
  return `${runtime} is not supported here: ${reason}; use ${lambdaRuntimes.join(', ')}`;
}
