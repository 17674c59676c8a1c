/**
 * The environment a test file gets while an emulator runs: the endpoint
 * override, a region and dummy credentials, so clients built the usual way
 * (from the environment) talk to the emulator. Everything is put back after.
 */
export function applyEnvironment(values: Readonly<Record<string, string | undefined>>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** Dummy credentials and a region: SDKs insist on some; the emulator checks none. */
export const testCredentialsEnvironment = {
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bedrock-emulator',
  AWS_SECRET_ACCESS_KEY: 'bedrock-emulator',
  // A session token or a profile from the developer's machine must not leak into tests.
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
} as const;
