import { z } from 'zod';
import { isFoundationModelId } from './model-id.ts';
import { modelResourceTypes, parseModelReference } from './model-id.ts';

const foundationModelId = z
  .string()
  .refine(isFoundationModelId, { message: 'expected a foundation model id of a provider Bedrock serves, e.g. anthropic.claude-3-5-haiku-20241022-v1:0 or us.anthropic.claude-sonnet-4-5-20250929-v1:0' });

const templateFields = {
  model: foundationModelId.describe('The foundation model (or cross-Region profile) id the prompt runs on.'),
  text: z.string().min(1).optional().describe('A text template: one user turn; {{name}} is filled from promptVariables.'),
  messages: z
    .array(z.strictObject({ role: z.enum(['user', 'assistant']), text: z.string().min(1) }))
    .min(1)
    .optional()
    .describe('A chat template: these turns in order, after text when both are given.'),
  system: z.string().min(1).optional().describe('The system prompt; {{name}} is filled too.'),
  inferenceConfig: z
    .strictObject({
      maxTokens: z.int().min(1).optional(),
      temperature: z.number().min(0).max(1).optional(),
      topP: z.number().min(0).max(1).optional(),
      stopSequences: z.array(z.string().min(1)).max(2500).optional(),
    })
    .optional()
    .describe("Converse's base inference settings the prompt carries."),
};

const versionSchema = z.strictObject(templateFields).partial();

const promptSchema = z
  .strictObject({
    ...templateFields,
    versions: z
      .record(z.string(), versionSchema)
      .superRefine((versions, context) => {
        for (const key of Object.keys(versions)) {
          if (!/^[0-9]{1,5}$/.test(key)) context.addIssue({ code: 'custom', path: [key], message: 'expected a version number (1 to 5 digits), as in prompt/{id}:{version}' });
        }
      })
      .optional()
      .describe('Numbered versions, each overriding the fields it gives; when present, only these versions exist.'),
  })
  .refine((prompt) => prompt.text !== undefined || prompt.messages !== undefined, { message: 'a prompt needs a template: give text or messages' });

/**
 * The models file (`start --models FILE`, JSON or YAML): the account's model
 * resources mapped to their foundation models, and its stored prompts. Keys
 * of `models` are ARNs of application inference profiles, provisioned,
 * custom, custom-deployment or imported models, or the id after their `/`;
 * keys of `prompts` are prompt ids or prompt ARNs without a version.
 *
 * @example
 * modelsFileSchema.parse({ models: { a1b2c3d4e5f6: 'anthropic.claude-3-5-haiku-20241022-v1:0' } })
 */
export const modelsFileSchema = z
  .strictObject({
    models: z.record(z.string(), foundationModelId).optional(),
    prompts: z.record(z.string(), promptSchema).optional(),
  })
  .superRefine((file, context) => {
    for (const key of Object.keys(file.models ?? {})) {
      const problem = resourceKeyProblem(key);
      if (problem !== undefined) context.addIssue({ code: 'custom', path: ['models', key], message: problem });
    }
    for (const key of Object.keys(file.prompts ?? {})) {
      const problem = promptKeyProblem(key);
      if (problem !== undefined) context.addIssue({ code: 'custom', path: ['prompts', key], message: problem });
    }
  });

function resourceKeyProblem(key: string): string | undefined {
  if (key.startsWith('arn:')) {
    return parseModelReference(key)?.kind === 'resource' ? undefined : `expected the ARN of a model resource (${modelResourceTypes.join(', ')}), or the id after its "/"`;
  }
  if (key.length === 0 || /\s/.test(key)) return 'expected a resource id without spaces';
  return isFoundationModelId(key) ? 'a foundation model id needs no mapping: use it as the modelId as it is' : undefined;
}

function promptKeyProblem(key: string): string | undefined {
  if (/^[0-9A-Za-z]+$/.test(key)) return undefined;
  const reference = key.startsWith('arn:') ? parseModelReference(key) : undefined;
  if (reference?.kind === 'prompt' && reference.version === undefined) return undefined;
  return 'expected a prompt id (letters and digits, e.g. PROMPT1234) or a prompt ARN without its version (versions go under "versions")';
}
