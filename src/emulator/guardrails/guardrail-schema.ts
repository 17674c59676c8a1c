import { z } from 'zod';
import { patternProblem } from '../../core/fixtures/text-pattern.ts';
import { detectablePiiTypes } from './detect-pii.ts';
import { contentFilterTypes } from './content-lists.ts';

/*
 * A guardrail as the emulator is given it: Bedrock's own policies (the
 * shapes of CreateGuardrail / GetGuardrail, with their names), each matched
 * deterministically — listed words and phrases, patterns — rather than by a
 * model. Strict objects: a misspelt field is reported, not ignored.
 */

/** Bedrock's guardrail id pattern (the service's GuardrailIdentifier, without the ARN form). */
const guardrailIdPattern = /^[a-z0-9]+$/;
/** Bedrock's version pattern: `DRAFT` or a number from 1. */
export const guardrailVersionPattern = /^(([1-9][0-9]{0,7})|(DRAFT))$/;

const phrase = () => z.string().refine((text) => text.trim() !== '', 'an empty or blank phrase would match everything');
const phrases = z.array(phrase());

const topicSchema = z.strictObject({
  name: z.string().min(1).max(100),
  definition: z.string().min(1).max(1000),
  /** Sample prompts: each is matched as a phrase too. */
  examples: phrases.max(5).optional(),
  /** The words and phrases that mean the topic (the emulator's stand-in for a model's judgement). */
  keywords: phrases.optional(),
  type: z.literal('DENY').optional(),
  inputAction: z.enum(['BLOCK', 'NONE']).optional(),
  outputAction: z.enum(['BLOCK', 'NONE']).optional(),
  inputEnabled: z.boolean().optional(),
  outputEnabled: z.boolean().optional(),
});

const strength = z.enum(['NONE', 'LOW', 'MEDIUM', 'HIGH']);

const contentFilterSchema = z.strictObject({
  type: z.enum(contentFilterTypes),
  inputStrength: strength,
  outputStrength: strength,
  inputAction: z.enum(['BLOCK', 'NONE']).optional(),
  outputAction: z.enum(['BLOCK', 'NONE']).optional(),
  inputEnabled: z.boolean().optional(),
  outputEnabled: z.boolean().optional(),
  /** More phrases for this category, by the confidence a match is given (added to the built-in lists). */
  keywords: z.strictObject({ HIGH: phrases.optional(), MEDIUM: phrases.optional(), LOW: phrases.optional() }).optional(),
});

const wordSchema = z.union([phrase(), z.strictObject({ text: phrase() })]);

const sensitiveAction = z.enum(['BLOCK', 'ANONYMIZE', 'NONE']);

const piiEntitySchema = z.strictObject({
  type: z.string().refine((type) => (detectablePiiTypes as readonly string[]).includes(type), {
    error: `the emulator detects these PII types by pattern: ${detectablePiiTypes.join(', ')} (others, such as NAME or ADDRESS, need a model: add a regex instead)`,
  }),
  action: sensitiveAction,
  inputAction: sensitiveAction.optional(),
  outputAction: sensitiveAction.optional(),
});

const regexSchema = z.strictObject({
  name: z.string().min(1).max(100),
  description: z.string().optional(),
  // Run in linear time (RE2) on the client's texts: a pattern RE2 cannot run is refused at load, with why.
  pattern: z
    .string()
    .min(1)
    .superRefine((pattern, context) => {
      const problem = patternProblem(pattern);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: `not a regular expression the emulator can run: ${problem}` });
    }),
  action: sensitiveAction,
  inputAction: sensitiveAction.optional(),
  outputAction: sensitiveAction.optional(),
});

export const guardrailDefinitionSchema = z.strictObject({
  /** The guardrail id a request names (or the last part of its ARN): lowercase letters and digits, as Bedrock makes them. */
  id: z.string().regex(guardrailIdPattern, 'a guardrail id is lowercase letters and digits (Bedrock makes ids like "abc123def456")'),
  name: z.string().min(1).optional(),
  /** The versions this definition answers for: `DRAFT` and/or numbers. Default: `DRAFT` only. */
  versions: z.array(z.union([z.string().regex(guardrailVersionPattern, 'a version is "DRAFT" or a number from 1'), z.int().min(1)])).min(1).optional(),
  blockedInputMessaging: z.string().min(1).max(500),
  blockedOutputsMessaging: z.string().min(1).max(500),
  topicPolicy: z.strictObject({ topics: z.array(topicSchema).min(1) }).optional(),
  contentPolicy: z.strictObject({ filters: z.array(contentFilterSchema).min(1) }).optional(),
  wordPolicy: z
    .strictObject({
      words: z.array(wordSchema).optional(),
      managedWordLists: z.array(z.strictObject({ type: z.literal('PROFANITY'), inputAction: z.enum(['BLOCK', 'NONE']).optional(), outputAction: z.enum(['BLOCK', 'NONE']).optional() })).optional(),
    })
    .optional(),
  sensitiveInformationPolicy: z
    .strictObject({
      piiEntities: z.array(piiEntitySchema).optional(),
      regexes: z.array(regexSchema).optional(),
    })
    .optional(),
});

/** A guardrail as written (in a file or in the `guardrails` option). */
export type GuardrailDefinition = z.input<typeof guardrailDefinitionSchema>;
/** A guardrail once checked. */
export type Guardrail = z.output<typeof guardrailDefinitionSchema>;
export type ContentFilter = z.output<typeof contentFilterSchema>;

/** A list of guardrails (a file holds one, or `{ guardrails: [...] }`). */
export const guardrailListSchema = z.array(guardrailDefinitionSchema);
