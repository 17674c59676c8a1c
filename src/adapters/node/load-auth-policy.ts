import { defaultAccountId, keysFileSchema, type AuthMode, type AuthPolicy } from '../../emulator/auth/auth-policy.ts';
import { FixtureError, FixtureProblem } from '../../core/errors/fixture-error.ts';
import { readConfigFile } from './read-config-file.ts';
import { formatPath } from '../../core/fixtures/format-schema-issue.ts';

export type AuthSettings = {
  /** What to verify; empty (the default, `any`) verifies nothing. */
  readonly modes: readonly AuthMode[];
  /** A keys file (JSON or YAML); without one, the key pair and API key in `environment`. */
  readonly keysFile?: string | undefined;
  /** Where the default keys and region come from: the emulator's own environment. */
  readonly environment?: NodeJS.ProcessEnv;
};

/**
 * The auth policy for `start --auth`: the keys file's pairs and API keys, or
 * else the emulator's own standard variables (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_BEARER_TOKEN_BEDROCK`),
 * so a client sharing the shell's credentials is accepted and any other is
 * not. Region: the file's, else `AWS_REGION`/`AWS_DEFAULT_REGION`, else
 * us-east-1. A malformed file is reported with its field; a mode with no key
 * to check against is an error, not an open door.
 *
 * @example
 * const auth = await loadAuthPolicy({ modes: ['sigv4'], keysFile: 'keys.yaml' });
 */
export async function loadAuthPolicy(settings: AuthSettings): Promise<AuthPolicy | undefined> {
  const { modes, keysFile, environment = process.env } = settings;
  if (modes.length === 0) return undefined;
  const file = keysFile === undefined ? undefined : await readKeysFile(keysFile);
  // A variable set but empty (`AWS_REGION= …`, a shell's unset `$VAR`) counts as not set: an empty
  // region would scope every signature to nothing, and an empty secret would sign for anyone.
  const region = file?.region ?? (environment.AWS_REGION || environment.AWS_DEFAULT_REGION || 'us-east-1');
  // A keys file is the whole list: what it leaves out is not taken from the environment.
  const credentials =
    file !== undefined
      ? (file.credentials ?? [])
      : environment.AWS_ACCESS_KEY_ID && environment.AWS_SECRET_ACCESS_KEY
        ? [{ accessKeyId: environment.AWS_ACCESS_KEY_ID, secretAccessKey: environment.AWS_SECRET_ACCESS_KEY, sessionToken: environment.AWS_SESSION_TOKEN || undefined }]
        : [];
  const apiKeys = file !== undefined ? (file.apiKeys ?? []) : environment.AWS_BEARER_TOKEN_BEDROCK ? [{ key: environment.AWS_BEARER_TOKEN_BEDROCK }] : [];
  const source = keysFile ?? 'the environment';
  if (modes.includes('sigv4') && credentials.length === 0 && !(modes.includes('api-key') && apiKeys.length > 0)) {
    throw new FixtureError([
      new FixtureProblem(source, keysFile === undefined ? '' : 'credentials', '--auth sigv4 needs a key pair to check signatures against: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY where the emulator runs, or give --keys FILE with "credentials"'),
    ]);
  }
  if (modes.includes('api-key') && apiKeys.length === 0 && !(modes.includes('sigv4') && credentials.length > 0)) {
    throw new FixtureError([
      new FixtureProblem(source, keysFile === undefined ? '' : 'apiKeys', '--auth api-key needs an API key to accept: set AWS_BEARER_TOKEN_BEDROCK where the emulator runs, or give --keys FILE with "apiKeys"'),
    ]);
  }
  return { modes, region, accountId: file?.accountId ?? defaultAccountId, credentials, apiKeys };
}

async function readKeysFile(file: string) {
  const content = await readConfigFile(file, 'keys file');
  // Issues name the field and what it should be, never its value: the file holds secrets.
  const result = keysFileSchema.safeParse(content);
  if (!result.success) throw new FixtureError(result.error.issues.map((issue) => new FixtureProblem(file, formatPath(issue.path), expectedOf(issue))), 'keys file');
  return result.data;
}

/** What a field should be, in words that quote nothing from the file. */
function expectedOf(issue: { code: string; message: string; path: PropertyKey[] }): string {
  switch (issue.code) {
    case 'invalid_type':
      return `wrong type or missing (${issue.message.replace(/, received .*$/, '')})`;
    case 'unrecognized_keys':
      return 'a field the keys file does not have';
    case 'invalid_format':
    case 'invalid_value':
    case 'too_small':
    case 'too_big':
      return 'not a valid value for this field';
    default:
      return 'not valid';
  }
}
