import { BedrockException } from '../../core/errors/bedrock-exception.ts';
import type { ResolvedPrompt } from '../model-ids/model-catalog.ts';

/**
 * The fields a Converse request may not give when its `modelId` is a prompt:
 * the prompt defines them (Converse API reference: "If you use a prompt from
 * Prompt management, you can't include the following fields in the request:
 * additionalModelRequestFields, inferenceConfig, system, or toolConfig").
 * Sending one, even empty, is refused (langchain-ai/langchainjs#9310 reports
 * an empty `inferenceConfig` and `system` refused).
 */
const fieldsThePromptDefines = ['additionalModelRequestFields', 'inferenceConfig', 'system', 'toolConfig'] as const;

const placeholder = /\{\{([^{}]+)\}\}/g;

/**
 * A Converse body for a stored prompt: the prompt's turns with every
 * `{{variable}}` filled from `promptVariables` (`{"name": {"text": "…"}}`),
 * then the request's own `messages` appended after them; the prompt's system
 * prompt and inference settings. Throws Bedrock's ValidationException for a
 * field the prompt defines, and for a variable with no value (the message
 * text is the emulator's: Bedrock's own is not documented).
 *
 * @example
 * applyPrompt({ promptVariables: { city: { text: 'Paris' } } }, { promptId: 'TRIPPLAN01', version: undefined, text: 'Plan a day in {{city}}.' })
 * // → { messages: [{ role: 'user', content: [{ text: 'Plan a day in Paris.' }] }] }
 */
export function applyPrompt(body: unknown, prompt: ResolvedPrompt): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw validation('The request body must be a JSON object.');
  const request = body as Record<string, unknown>;
  const given = fieldsThePromptDefines.filter((field) => request[field] !== undefined);
  if (given.length > 0) {
    throw validation(
      `A request that uses a prompt from Prompt management can't include ${given.join(', ')}: prompt ${prompt.promptId} defines ${given.length === 1 ? 'it' : 'them'}. Remove ${given.length === 1 ? 'it' : 'them'} from the request (additionalModelRequestFields, inferenceConfig, system and toolConfig come from the prompt).`,
    );
  }
  const values = variablesOf(request['promptVariables']);
  const fill = (template: string): string =>
    template.replace(placeholder, (_, name: string) => {
      const value = values.get(name.trim());
      if (value === undefined) throw validation(`The prompt ${prompt.promptId} uses the variable {{${name.trim()}}}, but promptVariables gives it no value. Add "${name.trim()}": {"text": "…"} to promptVariables.`);
      return value;
    });
  const turns = [...(prompt.text === undefined ? [] : [{ role: 'user' as const, text: prompt.text }]), ...(prompt.messages ?? [])];
  const appended = request['messages'] ?? [];
  const { promptVariables: _promptVariables, ...rest } = request;
  return {
    ...rest,
    // Messages that are not a list are left for the request's own validation to name.
    messages: Array.isArray(appended) ? [...turns.map((turn) => ({ role: turn.role, content: [{ text: fill(turn.text) }] })), ...(appended as unknown[])] : appended,
    ...(prompt.system === undefined ? {} : { system: [{ text: fill(prompt.system) }] }),
    ...(prompt.inferenceConfig === undefined ? {} : { inferenceConfig: prompt.inferenceConfig }),
  };
}

/** `promptVariables` as a map of names to their text, checked like the service model's `PromptVariableValues` union. */
function variablesOf(variables: unknown): Map<string, string> {
  const values = new Map<string, string>();
  if (variables === undefined) return values;
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) throw validation('promptVariables must be an object mapping each variable name to {"text": "…"}.');
  for (const [name, value] of Object.entries(variables)) {
    const text = (value as { text?: unknown } | null)?.text;
    if (typeof text !== 'string') throw validation(`promptVariables.${name} must be {"text": "…"} (PromptVariableValues has one member, text).`);
    values.set(name, text);
  }
  return values;
}

const validation = (message: string): BedrockException => new BedrockException('ValidationException', message);
