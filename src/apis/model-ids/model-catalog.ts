import { modelNamedBy, parseModelId, type ModelId, type ModelReference } from './model-id.ts';

/** A chat turn of a stored prompt: its role and its text, which may hold `{{variables}}`. */
export type PromptMessage = { readonly role: 'user' | 'assistant'; readonly text: string };

/** Converse's base inference settings, as a stored prompt carries them. */
export type PromptInferenceConfig = {
  readonly maxTokens?: number | undefined;
  readonly temperature?: number | undefined;
  readonly topP?: number | undefined;
  readonly stopSequences?: readonly string[] | undefined;
};

/**
 * What a Prompt management prompt (or one of its versions) stores: the model
 * it runs on and its template, a text (one user turn) or chat messages, each
 * with `{{variables}}`, and optionally a system prompt and inference settings.
 */
export type PromptTemplate = {
  /** The foundation model or cross-Region profile id the prompt runs on. */
  readonly model: string;
  /** A text template: the prompt is one user turn with this text. */
  readonly text?: string | undefined;
  /** A chat template: these turns, in order (after `text`'s, when both are given). */
  readonly messages?: readonly PromptMessage[] | undefined;
  readonly system?: string | undefined;
  readonly inferenceConfig?: PromptInferenceConfig | undefined;
};

/** A numbered version of a stored prompt: the fields it changes from the draft. */
export type PromptVersion = { readonly [Field in keyof PromptTemplate]?: PromptTemplate[Field] | undefined };

/** A stored prompt: its draft, and its numbered versions (each overriding the draft's fields). */
export type PromptDefinition = PromptTemplate & {
  /** When given, only these versions exist (`prompt/{id}:{version}`); when absent, any version is the draft. */
  readonly versions?: Readonly<Record<string, PromptVersion>> | undefined;
};

/**
 * The caller's own model resources and prompts, by ARN or short id: what
 * Bedrock would look up in the account. Data, passed in (a file read by
 * `bedrock-emulator/node`, or the `models` option).
 */
export type ModelCatalog = {
  /**
   * Application inference profiles, provisioned models, custom models and
   * their deployments, imported models → the foundation model each stands
   * for. Keyed by the full ARN, or by the id after the `/` (any Region and
   * account).
   */
  readonly models?: Readonly<Record<string, string>> | undefined;
  /** Prompt management prompts, keyed by prompt id or by ARN (without version). */
  readonly prompts?: Readonly<Record<string, PromptDefinition>> | undefined;
};

/** A stored prompt as one call uses it: its version's template, and the model it runs on. */
export type ResolvedPrompt = Omit<PromptTemplate, 'model'> & { readonly promptId: string; readonly version: string | undefined };

/** What a `{modelId}` resolved to: the model that answers, and the stored prompt when it named one. */
type ResolvedReference = { readonly model: ModelId; readonly prompt: ResolvedPrompt | undefined };

/**
 * Resolves a parsed `{modelId}` against the catalog: a foundation model as
 * it is; a model resource by its ARN, its short id, or the model its id
 * names; a prompt by id or ARN and version. `undefined` when the account
 * (the catalog) has no such resource.
 *
 * @example
 * resolveReference(parseModelReference(arn)!, { models: { a1b2c3d4e5f6: 'anthropic.claude-3-5-haiku-20241022-v1:0' } })?.model.base
 */
export function resolveReference(reference: ModelReference, catalog: ModelCatalog): ResolvedReference | undefined {
  switch (reference.kind) {
    case 'foundation':
      return { model: reference.model, prompt: undefined };
    case 'resource': {
      const mapped = ownEntry(catalog.models, reference.raw) ?? ownEntry(catalog.models, reference.resourceId);
      const model = mapped === undefined ? modelNamedBy(reference) : modelAs(reference.raw, mapped);
      return model === undefined ? undefined : { model, prompt: undefined };
    }
    case 'prompt':
      return resolvePrompt(reference, catalog);
  }
}

/** An entry the map itself holds: a prompt named `constructor` is not `Object.prototype`'s. */
function ownEntry<T>(map: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return map !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}

function resolvePrompt(reference: Extract<ModelReference, { kind: 'prompt' }>, catalog: ModelCatalog): ResolvedReference | undefined {
  const { promptId, version } = reference;
  const unversioned = version === undefined ? reference.raw : reference.raw.slice(0, reference.raw.length - version.length - 1);
  const definition = ownEntry(catalog.prompts, unversioned) ?? ownEntry(catalog.prompts, promptId);
  if (definition === undefined) return undefined;
  const { versions, ...draft } = definition;
  const override = version === undefined || versions === undefined ? {} : ownEntry(versions, version);
  if (override === undefined) return undefined;
  const given = Object.fromEntries(Object.entries(override).filter(([, value]) => value !== undefined));
  const { model: modelId, ...template } = { ...draft, ...given };
  const model = modelAs(reference.raw, modelId);
  return model === undefined ? undefined : { model, prompt: { ...template, promptId, version } };
}

/** A configured foundation model id, as the model a raw id stands for. */
function modelAs(raw: string, foundationId: string): ModelId | undefined {
  const model = parseModelId(foundationId);
  return model === undefined ? undefined : { ...model, raw };
}
