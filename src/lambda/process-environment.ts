/**
 * Sets variables in this process's environment (a handler run in process
 * reads this one), and returns how to put the old values back.
 * `defaults` are set only where the process has no value of its own.
 *
 * @example
 * const restore = setProcessEnvironment({ MODEL_ID: 'x' }, { AWS_REGION: 'us-east-1' }); … restore();
 */
export function setProcessEnvironment(variables: Readonly<Record<string, string>>, defaults: Readonly<Record<string, string>> = {}): () => void {
  const names = [...new Set([...Object.keys(variables), ...Object.keys(defaults)])];
  const before = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value;
  Object.assign(process.env, variables);
  return () => {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** What the managed runtime gives every function, for a handler run in process: a region and an execution role's (dummy) credentials. */
export const runtimeDefaults = (region: string): Record<string, string> => ({ AWS_REGION: region, AWS_ACCESS_KEY_ID: 'bedrock-emulator', AWS_SECRET_ACCESS_KEY: 'bedrock-emulator' });
