import { z } from 'zod';
import { BedrockException } from '../../core/errors/bedrock-exception.ts';
import { compileGlob } from '../../core/fixtures/glob.ts';
import type { Operation } from '../../core/fixtures/request.ts';
import type { ModelId } from '../../apis/model-ids/model-id.ts';
import { equalInConstantTime, verifySigV4, type SignedRequest } from './verify-sigv4.ts';

/** How a caller may prove who it is: a SigV4 signature, or a Bedrock API key as a bearer token. */
export const authModes = ['sigv4', 'api-key'] as const;
export type AuthMode = (typeof authModes)[number];

const modelsField = z
  .array(z.string().min(1))
  .min(1)
  .optional()
  .describe('Model-id globs this key may call (raw ids, inference profiles and ARNs are tried, and their base model); without it, every model.');
const expiresAtField = z.coerce.date().optional().describe('When the key stops working (ISO 8601).');
const userField = z.string().min(1).optional().describe('The IAM user (or role) name errors name; default emulator (keys) or BedrockAPIKey-emulator (API keys).');

const credentialSchema = z.strictObject({
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  sessionToken: z.string().min(1).optional().describe('Temporary credentials: requests must carry this token.'),
  expiresAt: expiresAtField,
  user: userField,
  models: modelsField,
});

const apiKeySchema = z.strictObject({ key: z.string().min(1), expiresAt: expiresAtField, user: userField, models: modelsField });

/** A keys file: the key pairs and API keys the emulator accepts, and the region and account it plays. */
export const keysFileSchema = z.strictObject({
  region: z.string().min(1).optional().describe('The region signatures must be scoped to (default: AWS_REGION, else us-east-1).'),
  accountId: z
    .string()
    .regex(/^\d{12}$/, 'expected 12 digits')
    .optional()
    .describe('The account in ARNs errors name (default 123456789012).'),
  credentials: z.array(credentialSchema).optional(),
  apiKeys: z.array(apiKeySchema).optional(),
});

export type KeysFile = z.input<typeof keysFileSchema>;
export type KeyPair = z.output<typeof credentialSchema>;
export type ApiKey = z.output<typeof apiKeySchema>;

/** What the emulator checks, and against what. */
export type AuthPolicy = {
  readonly modes: readonly AuthMode[];
  readonly region: string;
  readonly accountId: string;
  readonly credentials: readonly KeyPair[];
  readonly apiKeys: readonly ApiKey[];
};

/** Who made a call, once authenticated: what errors name, and which models the key may call. */
export type Principal = { readonly arn: string; readonly models: readonly string[] | undefined };

export const defaultAccountId = '123456789012';

const invalidApiKey = (): BedrockException => new BedrockException('AccessDeniedException', 'Authentication failed: Please make sure your API Key is valid.');

/**
 * Authenticates a request under the policy at the service's time `now` (the
 * emulator's clock): its signature or its API key. Returns who made it, or
 * the exception Bedrock answers with.
 *
 * @example
 * const who = await authenticate(request, { modes: ['sigv4'], region: 'us-east-1', accountId, credentials, apiKeys: [] }, new Date(epochMsOf(clock)));
 */
export async function authenticate(request: SignedRequest, policy: AuthPolicy, now: Date, services: readonly [string, ...string[]] = ['bedrock']): Promise<Principal | BedrockException> {
  const authorization = request.header('authorization');
  if (authorization === undefined || authorization.trim() === '') return new BedrockException('MissingAuthenticationTokenException', 'Missing Authentication Token');
  if (/^bearer /i.test(authorization)) {
    if (!policy.modes.includes('api-key')) {
      return new BedrockException('AccessDeniedException', 'Authentication failed: this emulator verifies SigV4 signatures only (--auth sigv4) and got a bearer token (an API key).');
    }
    const token = authorization.slice('bearer '.length).trim();
    const key = policy.apiKeys.find((candidate) => equalInConstantTime(candidate.key, token));
    if (key === undefined || (key.expiresAt !== undefined && key.expiresAt.getTime() <= now.getTime())) return invalidApiKey();
    return { arn: `arn:aws:iam::${policy.accountId}:user/${key.user ?? 'BedrockAPIKey-emulator'}`, models: key.models };
  }
  if (!policy.modes.includes('sigv4')) {
    return new BedrockException('AccessDeniedException', 'Authentication failed: this emulator accepts Bedrock API keys only (--auth api-key) and got a SigV4 signature.');
  }
  const verdict = await verifySigV4(request, (accessKeyId) => policy.credentials.find((pair) => pair.accessKeyId === accessKeyId), { region: policy.region, services }, now);
  if (!verdict.ok) return verdict.exception;
  const pair = verdict.credential as KeyPair;
  const name = pair.user ?? 'emulator';
  // Temporary credentials belong to an assumed role's session, as STS issues them.
  const arn = pair.sessionToken === undefined ? `arn:aws:iam::${policy.accountId}:user/${name}` : `arn:aws:sts::${policy.accountId}:assumed-role/${name}/emulator-session`;
  return { arn, models: pair.models };
}

/** The IAM action each operation needs (Converse is authorized as InvokeModel, docs/protocol/converse.md#permissions). */
const iamActions: Readonly<Record<Operation, string>> = {
  InvokeModel: 'bedrock:InvokeModel',
  ChatCompletions: 'bedrock:InvokeModel',
  Responses: 'bedrock:InvokeModel',
  AnthropicMessages: 'bedrock-mantle:CreateInference',
  Converse: 'bedrock:InvokeModel',
  InvokeModelWithResponseStream: 'bedrock:InvokeModelWithResponseStream',
  ConverseStream: 'bedrock:InvokeModelWithResponseStream',
  CountTokens: 'bedrock:CountTokens',
  ApplyGuardrail: 'bedrock:ApplyGuardrail',
};

/**
 * Whether the principal may call this model with this operation: its key's
 * model globs, tried on the id as sent and on its base model. Refused, it is
 * IAM's `AccessDeniedException`, naming the user, the action and the resource.
 *
 * @example
 * authorize(principal, 'ConverseStream', model, policy) // undefined, or the exception
 */
export function authorize(principal: Principal, operation: Operation, model: ModelId, policy: Pick<AuthPolicy, 'region' | 'accountId'>): BedrockException | undefined {
  if (principal.models === undefined) return undefined;
  if (principal.models.some((glob) => compileGlob(glob).test(model.raw) || compileGlob(glob).test(model.base))) return undefined;
  const action = iamActions[operation];
  return new BedrockException(
    'AccessDeniedException',
    `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resourceArn(model, policy)} because no identity-based policy allows the ${action} action`,
  );
}

/** The ARN IAM evaluates for a model id: the ARN sent, an inference profile, or the foundation model. */
export function resourceArn(model: ModelId, policy: Pick<AuthPolicy, 'region' | 'accountId'>): string {
  if (model.raw.startsWith('arn:')) return model.raw;
  if (model.raw !== model.base) return `arn:aws:bedrock:${policy.region}:${policy.accountId}:inference-profile/${model.raw}`;
  return `arn:aws:bedrock:${policy.region}::foundation-model/${model.base}`;
}
