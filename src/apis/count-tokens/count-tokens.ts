import { parseConverseRequest } from '../converse/parse-converse-request.ts';
import { refuseDeepNesting } from '../../core/fixtures/json-depth.ts';
import { BedrockException, malformedInput } from '../../core/errors/bedrock-exception.ts';
import type { ParsedRequest } from '../../core/fixtures/request.ts';
import { invokeFormatOf, type CallTarget } from '../invoke-model/families.ts';

/**
 * The request a CountTokens body (docs/protocol/converse.md#counttokens) asks about: an InvokeModel
 * body (base64 in `input.invokeModel.body`) or a Converse request
 * (`input.converse`), parsed in its own format. Throws Bedrock's
 * ValidationException for a body that is neither.
 *
 * @example
 * countInputTokens(countTokensRequest({ input: { converse: { messages } } }, target))
 */
export function countTokensRequest(body: unknown, target: CallTarget): ParsedRequest {
  const input = (body as { input?: { invokeModel?: { body?: unknown }; converse?: unknown } } | null)?.input;
  if (input?.invokeModel === null) throw new BedrockException('ValidationException', "1 validation error detected: Value null at 'input.invokeModel' failed to satisfy constraint: Member must not be null");
  if (input?.invokeModel !== undefined) return invokeFormatOf(target).parseBody(decodeInvokeBody(input.invokeModel.body), 'CountTokens', target.model);
  if (input?.converse !== undefined) return parseConverseRequest(input.converse, 'CountTokens', target.model);
  throw new BedrockException('ValidationException', "1 validation error detected: Value null at 'input' failed to satisfy constraint: Member must have exactly one of invokeModel, converse");
}

function decodeInvokeBody(body: unknown): unknown {
  if (typeof body !== 'string') throw new BedrockException('ValidationException', "1 validation error detected: Value null at 'input.invokeModel.body' failed to satisfy constraint: Member must not be null");
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(body), (char) => char.charCodeAt(0)));
  } catch {
    throw new BedrockException('ValidationException', 'input.invokeModel.body must be the base64 of the InvokeModel JSON body.');
  }
  refuseDeepNesting(text);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw malformedInput(`#: the request body is not valid JSON (${(error as Error).message})`);
  }
}
