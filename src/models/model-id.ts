/**
 * A `{modelId}` from the path, as the caller sent it and normalized to the base
 * foundation-model id that fixtures match on (REFERENCE §2.4).
 */
export type ModelId = {
  /** Exactly what the caller sent, decoded once. */
  readonly raw: string;
  /** The foundation-model id, e.g. `anthropic.claude-sonnet-4-5-20250929-v1:0`. */
  readonly base: string;
  /** The provider segment of the base id, e.g. `anthropic`, `amazon`, `meta`. */
  readonly provider: string;
};

/** Cross-Region inference-profile prefixes, e.g. `us.` in `us.anthropic.claude…`. */
const inferenceProfilePrefix = /^(?:us|eu|apac|global|us-gov|jp|au|ca)\./;

const maxModelIdLength = 2048;

/**
 * Normalizes a model id, inference-profile id or ARN. Returns `undefined` when
 * the value cannot be a model identifier at all.
 *
 * @example
 * parseModelId('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0')
 * // → { base: 'anthropic.claude-3-5-haiku-20241022-v1:0', provider: 'anthropic', ... }
 */
export function parseModelId(raw: string): ModelId | undefined {
  if (raw.length === 0 || raw.length > maxModelIdLength || /\s/.test(raw)) return undefined;
  let id = raw;
  if (id.startsWith('arn:')) {
    // arn:aws:bedrock:{region}:{account}:{resource-type}/{id}; the id may itself contain ':'.
    const slash = id.indexOf('/');
    if (slash === -1) return undefined;
    id = id.slice(slash + 1);
  }
  id = id.replace(inferenceProfilePrefix, '');
  const dot = id.indexOf('.');
  if (dot <= 0) return undefined;
  return { raw, base: id, provider: id.slice(0, dot) };
}
