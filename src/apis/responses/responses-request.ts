import { z } from 'zod';
import { forcedToolOf, type NormalizedContent, type NormalizedMessage, type ParsedRequest } from '../../core/fixtures/request.ts';
import type { ModelId } from '../model-ids/model-id.ts';
import { invalidRequest, invalidRequestFrom, parseArguments, partsOf, textOf } from '../chat-completions/chat-request.ts';

/**
 * The Responses API body (OpenAI's `POST /v1/responses`, as Bedrock serves
 * it): `input` as a string or a list of items (messages, function calls and
 * their outputs), `instructions`, function `tools`. Fields the emulator does
 * not read pass unchecked.
 */
const inputText = z.looseObject({ type: z.enum(['input_text', 'output_text', 'text']), text: z.string() });
const otherPart = z.looseObject({ type: z.string() });
const messageContent = z.union([z.string(), z.array(z.union([inputText, otherPart]))]);

const messageItem = z.looseObject({ type: z.literal('message').optional(), role: z.enum(['user', 'assistant', 'system', 'developer']), content: messageContent });
const functionCallItem = z.looseObject({ type: z.literal('function_call'), call_id: z.string(), name: z.string(), arguments: z.string() });
const functionOutputItem = z.looseObject({ type: z.literal('function_call_output'), call_id: z.string(), output: z.union([z.string(), z.array(z.looseObject({}))]) });
const item = z.union([messageItem, functionCallItem, functionOutputItem, z.looseObject({ type: z.literal('reasoning') })]);

const tool = z.looseObject({ type: z.string(), name: z.string().optional(), description: z.string().nullish(), parameters: z.record(z.string(), z.unknown()).nullish() });

const responsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(item).min(1)]),
  instructions: z.string().nullish(),
  tools: z.array(tool).optional(),
  max_output_tokens: z.int().min(1).nullish(),
  stream: z.boolean().nullish(),
  reasoning: z.looseObject({ effort: z.string().nullish() }).nullish(),
  previous_response_id: z.string().nullish(),
  tool_choice: z.unknown().optional(),
});

type ResponsesOptions = { readonly stream: boolean; readonly model: string; readonly instructions: string | null; readonly tools: readonly unknown[] };

/**
 * Checks a Responses body and normalizes it for fixture matching: string
 * input is one user message; `instructions` and system/developer items the
 * system prompt; function calls and their outputs tool uses and results.
 * `previous_response_id` (server-side conversation state) is refused: the
 * emulator keeps none, and says so.
 *
 * @example
 * parseResponsesRequest({ model, input: 'Hi', stream: true }, model)
 */
export function parseResponsesRequest(body: unknown, model: ModelId): { request: ParsedRequest; options: ResponsesOptions } {
  const result = responsesRequestSchema.safeParse(body);
  if (!result.success) throw invalidRequestFrom(result.error.issues);
  const responses = result.data;
  if (responses.previous_response_id) {
    throw invalidRequest('bedrock-emulator keeps no conversation state: send the whole conversation in `input` instead of previous_response_id.', 'previous_response_id', 'unsupported_parameter');
  }
  const system: string[] = responses.instructions ? [responses.instructions] : [];
  const messages: NormalizedMessage[] = [];
  const push = (role: 'user' | 'assistant', part: NormalizedContent): void => {
    const last = messages.at(-1);
    if (last?.role === role) messages[messages.length - 1] = { role, content: [...last.content, part] };
    else messages.push({ role, content: [part] });
  };
  const items = typeof responses.input === 'string' ? [{ role: 'user' as const, content: responses.input }] : responses.input;
  for (const entry of items) {
    const message = messageItem.safeParse(entry);
    const call = functionCallItem.safeParse(entry);
    const output = functionOutputItem.safeParse(entry);
    if (message.success) {
      const { role, content } = message.data;
      if (role === 'system' || role === 'developer') system.push(textOf(content));
      else for (const part of partsOf(content)) push(role, part);
    } else if (call.success) {
      push('assistant', { kind: 'tool_use', id: call.data.call_id, name: call.data.name, input: parseArguments(call.data.arguments) });
    } else if (output.success) {
      const text = typeof output.data.output === 'string' ? output.data.output : JSON.stringify(output.data.output);
      push('user', { kind: 'tool_result', toolUseId: output.data.call_id, text, isError: false });
    }
  }
  return {
    request: {
      operation: 'Responses',
      model: { raw: model.raw, base: model.base },
      system: system.join('\n'),
      messages,
      maxTokens: responses.max_output_tokens ?? undefined,
      stopSequences: [],
      tools: (responses.tools ?? []).flatMap((entry) => (entry.type === 'function' && entry.name !== undefined ? [{ name: entry.name, description: entry.description ?? '', inputSchema: entry.parameters ?? {} }] : [])),
      thinking: responses.reasoning?.effort !== undefined && responses.reasoning.effort !== null,
      forcedTool: forcedToolOf(responses.tool_choice),
    },
    options: { stream: responses.stream === true, model: responses.model, instructions: responses.instructions ?? null, tools: responses.tools ?? [] },
  };
}
