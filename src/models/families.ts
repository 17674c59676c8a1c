import { BedrockException, invalidModelIdentifier } from '../errors/bedrock-exception.ts';
import type { Operation } from '../fixture-format/request.ts';
import { novaFormat } from './amazon/nova-format.ts';
import { anthropicFamily } from './anthropic/anthropic-family.ts';
import { cohereChatFormat, deepseekFormat, llamaFormat, mistralPromptFormat, titanTextFormat } from './prompt-families/prompt-formats.ts';
import { mistralChatFormat, openAIInvokeFormat } from './openai/openai-invoke-format.ts';
import { cohereEmbedFormat, titanEmbedFormat, type EmbedFormat } from './embeddings/embed-formats.ts';
import type { InvokeFormat, ModelFamily } from './model-family.ts';
import { parseModelId, type ModelId } from './model-id.ts';

/** A family the emulator serves through Converse only (its InvokeModel bodies are not emulated yet). */
const converseOnly = (provider: string): ModelFamily => ({
  provider,
  defaultChunking: { by: 'tokens', min: 1, max: 4 },
  sendsReasoning: () => true,
  countsTokens: false,
  invoke: undefined,
});

/**
 * A family whose models speak different bodies (Amazon's Nova and Titan): the
 * format is chosen by model id; a model whose body is not emulated gets the
 * same ValidationException as a family that has none.
 */
function byModel(provider: string, choose: (model: ModelId) => InvokeFormat | undefined): InvokeFormat {
  const formatOf = (model: ModelId): InvokeFormat => choose(model) ?? notEmulated(provider, model.base);
  return { parseBody: (body, operation, model) => formatOf(model).parseBody(body, operation, model), render: (plan, model) => formatOf(model).render(plan, model) };
}

const amazonFamily: ModelFamily = {
  ...converseOnly('amazon'),
  invoke: byModel('amazon', (model) => (/^amazon\.nova-/.test(model.base) ? novaFormat : /^amazon\.titan-(text|tg1)/.test(model.base) ? titanTextFormat : undefined)),
};
const metaFamily: ModelFamily = { ...converseOnly('meta'), invoke: llamaFormat };
// Mistral Large 2 and later, Pixtral and the other newer models take chat messages; the first instruct models a prompt.
const mistralFamily: ModelFamily = {
  ...converseOnly('mistral'),
  invoke: byModel('mistral', (model) => (/mistral-large-24(0[7-9]|1)|mistral-large-[3-9]|pixtral|ministral|magistral|devstral|voxtral/.test(model.base) ? mistralChatFormat : mistralPromptFormat)),
};
const openAIFamily: ModelFamily = { ...converseOnly('openai'), invoke: openAIInvokeFormat };
const deepseekFamily: ModelFamily = { ...converseOnly('deepseek'), invoke: byModel('deepseek', (model) => (/^deepseek\.r1/.test(model.base) ? deepseekFormat : undefined)) };
const cohereFamily: ModelFamily = { ...converseOnly('cohere'), invoke: byModel('cohere', (model) => (/^cohere\.command-r/.test(model.base) ? cohereChatFormat : undefined)) };

/** Every provider Bedrock serves; a model id of any other provider is not a model identifier. */
const families: readonly ModelFamily[] = [
  anthropicFamily,
  amazonFamily,
  metaFamily,
  mistralFamily,
  openAIFamily,
  deepseekFamily,
  cohereFamily,
  ...['ai21', 'qwen', 'writer', 'stability', 'twelvelabs', 'luma'].map(converseOnly),
];

/** The embeddings models' format, for a model that is one (Titan Text Embeddings, Cohere Embed). */
export function embedFormatOf(target: CallTarget): EmbedFormat | undefined {
  if (/^amazon\.titan-embed-text/.test(target.model.base)) return titanEmbedFormat;
  if (/^cohere\.embed-/.test(target.model.base)) return cohereEmbedFormat;
  return undefined;
}

/**
 * An embeddings model answers InvokeModel only: any other operation gets
 * Bedrock's ValidationException.
 */
export function refuseEmbeddingModel(target: CallTarget): void {
  if (embedFormatOf(target) === undefined || target.operation === 'InvokeModel' || target.operation === 'CountTokens') return;
  throw new BedrockException(
    'ValidationException',
    target.operation === 'InvokeModelWithResponseStream' ? 'The model is unsupported for streaming.' : "This action doesn't support the model that you provided. Try again with a supported text or chat model.",
  );
}

/** A call's target, resolved once from its route: the operation, the model and the family that speaks for it. */
export type CallTarget = {
  readonly operation: Operation;
  readonly model: ModelId;
  readonly family: ModelFamily;
};

/**
 * Resolves the `{modelId}` of a call, or throws the ValidationException
 * Bedrock gives for an identifier it does not know.
 *
 * @example
 * resolveTarget('us.anthropic.claude-3-5-haiku-20241022-v1:0', 'ConverseStream').family.provider // 'anthropic'
 */
export function resolveTarget(rawModelId: string, operation: Operation): CallTarget {
  const model = parseModelId(rawModelId);
  const family = model === undefined ? undefined : families.find((candidate) => candidate.provider === model.provider);
  if (model === undefined || family === undefined) throw invalidModelIdentifier();
  return { operation, model, family };
}

/**
 * The family's InvokeModel format, or the ValidationException for a family
 * whose bodies the emulator does not speak yet.
 *
 * @example
 * invokeFormatOf(target).parseBody(body, 'InvokeModel', target.model)
 */
export function invokeFormatOf(target: CallTarget): InvokeFormat {
  return target.family.invoke ?? notEmulated(target.family.provider, target.model.base);
}

function notEmulated(provider: string, base: string): never {
  throw new BedrockException(
    'ValidationException',
    `bedrock-emulator does not emulate InvokeModel bodies for ${base} (the "${provider}" family) yet; use Converse, which speaks for every model.`,
  );
}
