import { parseConverseRequest } from '../converse/parse-converse-request.ts';
import { BedrockException, malformedInput } from '../errors/bedrock-exception.ts';
import { estimateInputTokens } from '../fixtures/estimate-tokens.ts';
import type { ParsedRequest } from '../fixtures/request.ts';
import type { EmulatorState } from './emulator-state.ts';
import { invokeFamilyOf, modelOf, type CallContext } from './plan-call.ts';
import { readJsonBody } from './read-json-body.ts';

/**
 * CountTokens (REFERENCE §5.5): the input-token count of an InvokeModel body
 * (base64 in `input.invokeModel.body`) or of a Converse request
 * (`input.converse`), by the same estimate the other routes report as usage.
 */
export async function handleCountTokens(_state: EmulatorState, call: CallContext): Promise<Response> {
  const model = modelOf(call);
  if (model.provider !== 'anthropic') {
    throw new BedrockException('ValidationException', "The provided model doesn't support counting tokens.");
  }
  const body = await readJsonBody(call.request);
  const input = (body as { input?: { invokeModel?: { body?: unknown }; converse?: unknown } } | null)?.input;
  call.record.operation = 'CountTokens';
  let request: ParsedRequest;
  if (input?.invokeModel !== undefined) {
    request = invokeFamilyOf(model).parseInvokeBody(decodeInvokeBody(input.invokeModel.body), 'CountTokens', model);
  } else if (input?.converse !== undefined) {
    request = parseConverseRequest(input.converse, 'CountTokens', model);
  } else {
    throw new BedrockException('ValidationException', "1 validation error detected: Value null at 'input' failed to satisfy constraint: Member must have exactly one of invokeModel, converse");
  }
  call.record.request = { ...request, headers: {} };
  Object.assign(call.record, { status: 200, outcome: 'completed' });
  return new Response(JSON.stringify({ inputTokens: estimateInputTokens(request) }), {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'x-amzn-RequestId': call.requestId },
  });
}

function decodeInvokeBody(body: unknown): unknown {
  if (typeof body !== 'string') throw new BedrockException('ValidationException', "1 validation error detected: Value null at 'input.invokeModel.body' failed to satisfy constraint: Member must not be null");
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(body), (char) => char.charCodeAt(0)));
  } catch {
    throw new BedrockException('ValidationException', 'input.invokeModel.body must be the base64 of the InvokeModel JSON body.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw malformedInput(`#: the request body is not valid JSON (${(error as Error).message})`);
  }
}
