import { BedrockException, invalidModelIdentifier } from '../../core/errors/bedrock-exception.ts';
import type { Operation } from '../../core/fixtures/request.ts';
import { novaFormat } from './nova/nova-format.ts';
import { anthropicFamily } from './claude/anthropic-family.ts';
import { cohereChatFormat, deepseekFormat, llamaFormat, mistralPromptFormat, titanTextFormat } from './prompt-families/prompt-formats.ts';
import { mistralChatFormat, openAIInvokeFormat } from './chat/chat-formats.ts';
import { cohereEmbedFormat, titanEmbedFormat, type EmbedFormat } from './embeddings/embed-formats.ts';
import type { InvokeFormat, ModelFamily } from './format/model-family.ts';
import { resolveReference, type ModelCatalog, type ResolvedPrompt } from '../model-ids/model-catalog.ts';
import { parseModelReference, type ModelId, type ModelReference } from '../model-ids/model-id.ts';

/** A family the emulator serves through Converse only (its InvokeModel bodies are not emulated yet). */
const converseOnly = (provider: string): ModelFamily => ({
  provider,
  defaultChunking: { by: 'tokens', min: 1, max: 4 },
  sendsReasoning: () => true,
  countsTokens: () => false,
  invoke: undefined,
});

/**
 * A family whose models speak different bodies (Amazon's Nova and Titan): the
 * format is chosen by model id; a model whose body is not emulated gets the
 * same ValidationException as a family that has none.
 */
function byModel(provider: string, choose: (model: ModelId) => InvokeFormat | undefined): InvokeFormat {
  const formatOf = (model: ModelId): InvokeFormat => choose(model) ?? notEmulated(provider, model.base);
  return { parseBody: (body, operation, model) => formatOf(model).parseBody(body, operation, model), render: (plan, model, epochMs) => formatOf(model).render(plan, model, epochMs) };
}

const amazonFamily: ModelFamily = {
  ...converseOnly('amazon'),
  // Nova Canvas, Reel and Sonic make images, video and speech: their bodies are not Nova's chat body.
  invoke: byModel('amazon', (model) => (/^amazon\.nova-/.test(model.base) && modalityOf(model.base) === 'text' ? novaFormat : /^amazon\.titan-(text|tg1)/.test(model.base) ? titanTextFormat : undefined)),
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

/** A family for each provider Bedrock serves (`bedrockProviders`); a model id of any other provider is not a model identifier. */
export const families: readonly ModelFamily[] = [
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

/** What a model makes: text (it converses), embeddings, images, video or speech. */
type Modality = 'text' | 'embedding' | 'image' | 'video' | 'speech';

/**
 * A model's modality, by its id: Titan and Cohere embeddings (and Titan
 * Multimodal Embeddings); Stability, Titan Image Generator and Nova Canvas
 * images; Nova Reel and Luma video; Nova Sonic speech (it is served on
 * InvokeModelWithBidirectionalStream only). Every other model makes text.
 *
 * @example
 * modalityOf('amazon.nova-canvas-v1:0') // 'image'
 */
export function modalityOf(base: string): Modality {
  if (/^amazon\.titan-embed-|^cohere\.embed-/.test(base)) return 'embedding';
  if (/^stability\.|^amazon\.titan-image-|^amazon\.nova-canvas/.test(base)) return 'image';
  if (/^amazon\.nova-reel|^luma\./.test(base)) return 'video';
  if (/^amazon\.nova-sonic/.test(base)) return 'speech';
  return 'text';
}

const unsupportedModel = "This action doesn't support the model that you provided. Try again with a supported text or chat model.";
const unsupportedForStreaming = 'The model is unsupported for streaming.';

/**
 * Refuses an operation the target's model is not served on, with
 * Bedrock's ValidationException: a model that makes no text (embeddings,
 * images, video, speech) answers InvokeModel only (and CountTokens says
 * for itself); an imported model has no Converse ("The Converse API
 * doesn't support imported models", the API reference says; the message
 * is inferred to be the one other unsupported models get); a stored
 * prompt is served on Converse and ConverseStream.
 *
 * @example
 * refuseUnsupportedOperation(resolveTarget('amazon.nova-canvas-v1:0', 'Converse')) // throws ValidationException
 */
export function refuseUnsupportedOperation(target: CallTarget): void {
  const { operation, reference } = target;
  // CountTokens says for itself that it does not count a prompt.
  if (target.prompt !== undefined && operation !== 'Converse' && operation !== 'ConverseStream' && operation !== 'CountTokens') {
    throw new BedrockException(
      'ValidationException',
      `bedrock-emulator serves Prompt management prompts on Converse and ConverseStream only; ${operation} with a prompt ARN is not emulated. Send the prompt's model id instead, or call Converse.`,
    );
  }
  if (reference.kind === 'resource' && reference.resourceType === 'imported-model' && (operation === 'Converse' || operation === 'ConverseStream')) {
    throw new BedrockException('ValidationException', unsupportedModel);
  }
  if (modalityOf(target.model.base) === 'text' || operation === 'InvokeModel' || operation === 'CountTokens') return;
  throw new BedrockException('ValidationException', operation === 'InvokeModelWithResponseStream' ? unsupportedForStreaming : unsupportedModel);
}

/**
 * CountTokens' refusal for a model it does not count, in Bedrock's words.
 *
 * @example
 * refuseUncountedModel(resolveTarget('amazon.nova-pro-v1:0', 'CountTokens')) // throws ValidationException
 */
export function refuseUncountedModel(target: CallTarget): void {
  if (target.prompt !== undefined || !target.family.countsTokens(target.model)) {
    throw new BedrockException('ValidationException', "The provided model doesn't support counting tokens.");
  }
}

/** A call's target, resolved once from its route: the operation, the model and the family that speaks for it. */
export type CallTarget = {
  readonly operation: Operation;
  readonly model: ModelId;
  readonly family: ModelFamily;
  /** What the caller's `{modelId}` named, by its form. */
  readonly reference: ModelReference;
  /** The stored prompt, when the id is a Prompt management prompt's ARN. */
  readonly prompt: ResolvedPrompt | undefined;
};

/**
 * Resolves the `{modelId}` of a call, or throws the ValidationException
 * Bedrock gives for an identifier it does not know. Model resources and
 * prompts of the caller's account are looked up in `catalog`.
 *
 * @example
 * resolveTarget('us.anthropic.claude-3-5-haiku-20241022-v1:0', 'ConverseStream').family.provider // 'anthropic'
 */
export function resolveTarget(rawModelId: string, operation: Operation, catalog: ModelCatalog = {}): CallTarget {
  const reference = parseModelReference(rawModelId);
  if (reference === undefined) throw invalidModelIdentifier();
  const resolved = resolveReference(reference, catalog);
  if (resolved === undefined) throw reference.kind === 'foundation' ? invalidModelIdentifier() : unknownResource(reference);
  const { model, prompt } = resolved;
  const family = families.find((candidate) => candidate.provider === model.provider);
  if (family === undefined) throw invalidModelIdentifier();
  return { operation, model, family, reference, prompt };
}

/**
 * A well-formed ARN of a resource the account does not have. Bedrock answers
 * an application inference profile it cannot find with "The provided model
 * identifier is invalid." (as reported by users calling another account's
 * profile); the same answer is inferred for the other resources and for
 * prompts. The emulator adds where to declare one.
 */
function unknownResource(reference: Exclude<ModelReference, { kind: 'foundation' }>): BedrockException {
  const what = reference.kind === 'prompt' ? `prompt ${reference.promptId}${reference.version === undefined ? '' : ` version ${reference.version}`}` : `${reference.resourceType} ${reference.resourceId}`;
  const where = reference.kind === 'prompt' ? 'under "prompts"' : 'under "models", mapped to its foundation model id';
  return new BedrockException(
    'ValidationException',
    `${invalidModelIdentifier().message} (bedrock-emulator: no ${what} is configured. Declare it in the --models file or the \`models\` option, ${where}; see docs/model-ids.md.)`,
  );
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
