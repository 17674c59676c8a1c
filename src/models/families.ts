import type { Chunking } from '../fixtures/fixture-schema.ts';
import { anthropicFamily } from './anthropic/anthropic-family.ts';
import type { ModelFamily } from './model-family.ts';
import type { ModelId } from './model-id.ts';

const families: readonly ModelFamily[] = [anthropicFamily];

/** Providers Bedrock serves whose bodies the emulator does not speak yet. */
const notYetEmulated = ['amazon', 'meta', 'mistral', 'cohere', 'ai21', 'deepseek', 'openai', 'qwen', 'writer', 'stability', 'twelvelabs', 'luma'];

/** Chunking for providers without a family of their own (Converse speaks for every provider). */
const genericChunking: Chunking = { by: 'tokens', min: 1, max: 4 };

/**
 * How a provider's model cuts its stream into deltas, for fixtures that do not say.
 *
 * @example
 * defaultChunkingFor('anthropic') // { by: 'tokens', min: 1, max: 4 }
 */
export function defaultChunkingFor(provider: string): Chunking {
  return families.find((family) => family.provider === provider)?.defaultChunking ?? genericChunking;
}

export type FamilyLookup =
  | { readonly kind: 'found'; readonly family: ModelFamily }
  | { readonly kind: 'not-emulated'; readonly provider: string }
  | { readonly kind: 'unknown' };

/**
 * The model family that speaks for a model id.
 *
 * @example
 * findModelFamily(parseModelId('us.anthropic.claude-3-5-haiku-20241022-v1:0')!) // { kind: 'found', family: anthropicFamily }
 */
export function findModelFamily(model: ModelId): FamilyLookup {
  const family = families.find((candidate) => candidate.provider === model.provider);
  if (family !== undefined) return { kind: 'found', family };
  if (notYetEmulated.includes(model.provider)) return { kind: 'not-emulated', provider: model.provider };
  return { kind: 'unknown' };
}
