/**
 * A `{modelId}` from the path, as the caller sent it and normalized to the base
 * foundation-model id that fixtures match on (docs/protocol/transport.md#model-ids-in-the-path).
 */
export type ModelId = {
  /** Exactly what the caller sent, decoded once. */
  readonly raw: string;
  /** The foundation-model id, e.g. `anthropic.claude-sonnet-4-5-20250929-v1:0`. */
  readonly base: string;
  /** The provider segment of the base id, e.g. `anthropic`, `amazon`, `meta`. */
  readonly provider: string;
};

/**
 * The ARN resource types that name a model the caller owns (a profile, a
 * throughput, a custom or imported model): they stand for a foundation model
 * the emulator learns from configuration (or from the id itself).
 *
 * @example
 * modelResourceTypes.includes('provisioned-model') // true
 */
export const modelResourceTypes = ['application-inference-profile', 'provisioned-model', 'custom-model', 'custom-model-deployment', 'imported-model'] as const;
type ModelResourceType = (typeof modelResourceTypes)[number];

/**
 * What a `{modelId}` names, by its form: a foundation model (base id,
 * cross-Region profile id, or their ARNs), a model resource of the caller's
 * account (by ARN), or a Prompt management prompt (by ARN, optionally with
 * its version).
 */
export type ModelReference =
  | { readonly kind: 'foundation'; readonly model: ModelId }
  | { readonly kind: 'resource'; readonly raw: string; readonly resourceType: ModelResourceType; readonly resourceId: string }
  | { readonly kind: 'prompt'; readonly raw: string; readonly promptId: string; readonly version: string | undefined };

/** Cross-Region inference-profile prefixes, e.g. `us.` in `us.anthropic.claude…`. */
const inferenceProfilePrefix = /^(?:us|eu|apac|global|us-gov|jp|au|ca)\./;

const maxModelIdLength = 2048;

/** `arn:{partition}:{service}:{region}:{account}:{resource-type}/{id}`; the id may itself hold `:` and `/`. */
const arnForm = /^arn:[^:/]*:[^:/]*:[^:/]*:[^:/]*:([^/]+)\/(.+)$/;

/** A prompt's id and optional version, as Bedrock's pattern has them: `prompt/{id}` or `prompt/{id}:{version}`. */
const promptResourceForm = /^([0-9A-Za-z]+)(?::([0-9]{1,5}))?$/;

/**
 * Normalizes a foundation-model id, cross-Region inference-profile id or an
 * ARN whose resource part is one. Returns `undefined` when the value cannot
 * name a foundation model.
 *
 * @example
 * parseModelId('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0')
 * // → { base: 'anthropic.claude-3-5-haiku-20241022-v1:0', provider: 'anthropic', ... }
 */
export function parseModelId(raw: string): ModelId | undefined {
  if (!isIdentifierShaped(raw)) return undefined;
  if (raw.startsWith('arn:')) {
    const arn = arnForm.exec(raw);
    return arn === null ? undefined : foundationIdOf(raw, arn[2] ?? '');
  }
  return foundationIdOf(raw, raw);
}

/**
 * Reads what a `{modelId}` names, by form alone (whether the resource exists
 * is configuration's to say). Returns `undefined` when it cannot be a model
 * identifier at all.
 *
 * @example
 * parseModelReference('arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT1234:2')
 * // → { kind: 'prompt', promptId: 'PROMPT1234', version: '2', raw: … }
 */
export function parseModelReference(raw: string): ModelReference | undefined {
  if (!isIdentifierShaped(raw)) return undefined;
  const arn = raw.startsWith('arn:') ? arnForm.exec(raw) : null;
  if (arn !== null) {
    const [, resourceType = '', resourceId = ''] = arn;
    if (isModelResourceType(resourceType)) return { kind: 'resource', raw, resourceType, resourceId };
    if (resourceType === 'prompt') {
      const prompt = promptResourceForm.exec(resourceId);
      return prompt === null ? undefined : { kind: 'prompt', raw, promptId: prompt[1] ?? '', version: prompt[2] };
    }
  }
  const model = parseModelId(raw);
  return model === undefined ? undefined : { kind: 'foundation', model };
}

/**
 * The foundation model a resource's own id names, for ids that hold one: a
 * custom model's ARN carries its base model (`custom-model/{base}/{id}`), and
 * any other resource whose id is a model id (the emulator's naming
 * convention, e.g. `application-inference-profile/anthropic.claude-…`).
 *
 * @example
 * modelNamedBy({ kind: 'resource', raw, resourceType: 'custom-model', resourceId: 'amazon.titan-text-express-v1:0:8k/abc123def456' })?.base
 * // 'amazon.titan-text-express-v1:0:8k'
 */
export function modelNamedBy(reference: Extract<ModelReference, { kind: 'resource' }>): ModelId | undefined {
  const { resourceId, raw } = reference;
  const lastSlash = resourceId.lastIndexOf('/');
  return foundationIdOf(raw, resourceId) ?? (lastSlash > 0 ? foundationIdOf(raw, resourceId.slice(0, lastSlash)) : undefined);
}

function isIdentifierShaped(raw: string): boolean {
  return raw.length > 0 && raw.length <= maxModelIdLength && !/\s/.test(raw);
}

function isModelResourceType(type: string): type is ModelResourceType {
  return (modelResourceTypes as readonly string[]).includes(type);
}

function foundationIdOf(raw: string, candidate: string): ModelId | undefined {
  const id = candidate.replace(inferenceProfilePrefix, '');
  const dot = id.indexOf('.');
  if (dot <= 0 || id.includes('/')) return undefined;
  return { raw, base: id, provider: id.slice(0, dot) };
}

/** Every provider Bedrock serves models of; an id naming any other is no model identifier (each has a family in `invoke-model/families.ts`). */
export const bedrockProviders = ['anthropic', 'amazon', 'meta', 'mistral', 'openai', 'deepseek', 'cohere', 'ai21', 'qwen', 'writer', 'stability', 'twelvelabs', 'luma'] as const;

/**
 * Whether an id is a foundation model id (or a cross-region profile of
 * one) of a provider Bedrock serves: what a models file may map to.
 *
 * @example
 * isFoundationModelId('anthropic.claude-3-5-haiku-20241022-v1:0') // true
 */
export function isFoundationModelId(id: string): boolean {
  const reference = parseModelReference(id);
  return reference?.kind === 'foundation' && !id.startsWith('arn:') && (bedrockProviders as readonly string[]).includes(reference.model.provider);
}
