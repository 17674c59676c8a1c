import { z } from 'zod';
import { BedrockException } from '../../core/errors/bedrock-exception.ts';
import { assessGuardrail } from './assess-guardrail.ts';
import type { Guardrail } from './guardrail-schema.ts';

/** The ApplyGuardrail body (ApplyGuardrailRequest less its path members). */
const applyGuardrailRequestSchema = z.looseObject({
  source: z.enum(['INPUT', 'OUTPUT']),
  content: z.array(
    z.looseObject({
      text: z.looseObject({ text: z.string(), qualifiers: z.array(z.enum(['grounding_source', 'query', 'guard_content'])).optional() }).optional(),
      image: z.looseObject({ format: z.enum(['png', 'jpeg']), source: z.looseObject({}) }).optional(),
    }),
  ),
  outputScope: z.enum(['INTERVENTIONS', 'FULL']).optional(),
});

/**
 * ApplyGuardrail's answer (ApplyGuardrailResponse): the guardrail's
 * assessment of the body's text blocks. Blocked: `outputs` holds the blocked
 * messaging for the source; masked: each text with its masks; nothing found:
 * no outputs. Images are counted in the coverage, not assessed. A body that
 * does not fit the service model is Bedrock's ValidationException.
 *
 * @example
 * applyGuardrail(guardrail, { source: 'INPUT', content: [{ text: { text: 'Hello' } }] }).action // 'NONE'
 */
export function applyGuardrail(guardrail: Guardrail, body: unknown) {
  const result = applyGuardrailRequestSchema.safeParse(body, { reportInput: true });
  if (!result.success) {
    const [issue] = result.error.issues;
    const at = issue === undefined ? '' : issue.path.join('.');
    throw new BedrockException('ValidationException', `1 validation error detected: Value ${issue?.input === undefined ? 'null' : JSON.stringify(issue.input)} at '${at}' failed to satisfy constraint: ${issue?.input === undefined ? 'Member must not be null' : describe(issue)}`);
  }
  const { source, content, outputScope = 'INTERVENTIONS' } = result.data;
  const texts = content.flatMap((block) => (block.text === undefined ? [] : [block.text.text]));
  const images = content.filter((block) => block.image !== undefined).length;
  const verdict = assessGuardrail(guardrail, texts, { source, scope: outputScope });
  const outputs = verdict.blocked ? [{ text: source === 'INPUT' ? guardrail.blockedInputMessaging : guardrail.blockedOutputsMessaging }] : verdict.action === 'NONE' ? [] : verdict.texts.map((text) => ({ text }));
  const guardrailCoverage = images === 0 ? verdict.coverage : { ...verdict.coverage, images: { guarded: 0, total: images } };
  return {
    usage: verdict.usage,
    action: verdict.action,
    actionReason: verdict.actionReason,
    outputs,
    assessments: [verdict.assessment],
    guardrailCoverage,
  };
}

function describe(issue: z.core.$ZodIssue): string {
  return issue.code === 'invalid_value' ? `Member must satisfy enum value set: [${issue.values.join(', ')}]` : issue.message;
}
