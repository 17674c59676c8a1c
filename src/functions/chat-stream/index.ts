/**
 * A chat relay for a Lambda Function URL with response streaming:
 * client → Function URL → this function → Bedrock InvokeModelWithResponseStream,
 * tokens passed on as they arrive.
 *
 * Deploy unchanged (it uses only the runtime's `awslambda` global and the AWS
 * SDK that nodejs22.x/24.x ship): handler `index.handler`, Function URL invoke
 * mode RESPONSE_STREAM, environment `MODEL_ID` (and optionally `MAX_TOKENS`,
 * `SYSTEM_PROMPT`), a role allowed `bedrock:InvokeModelWithResponseStream`.
 * The SDK takes its region and endpoint from the standard AWS environment
 * variables, which is also how it is pointed at bedrock-emulator.
 *
 * Request: POST `{"prompt": "…"}` or `{"messages": [{"role": "user", "content": "…"}, …], "system"?: "…", "maxTokens"?: n}`.
 * Response: the text as it streams (`text/plain`), or server-sent events when
 * the client sends `Accept: text/event-stream` (or `?format=sse`):
 * `event: delta` `{"text"}` per piece, then `event: done` `{"stopReason", "usage"}`.
 * Errors: a Bedrock error before the first token is an HTTP error with a status
 * that says what happened (400, 429, 503, 504, 502) and `{"error": {"type", "message"}}`;
 * one after it is an in-band error — `event: error` `{"type", "message"}`, or a
 * final `[error] Type: message` line in text — and a clean end. A client that
 * disconnects aborts the Bedrock call.
 */
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';

const client = new BedrockRuntimeClient({});
const modelId = process.env['MODEL_ID'] ?? 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const defaultMaxTokens = Number(process.env['MAX_TOKENS'] ?? '1024');
const defaultSystem = process.env['SYSTEM_PROMPT'];
const decoder = new TextDecoder();

type FunctionUrlEvent = {
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
  readonly queryStringParameters?: Readonly<Record<string, string>>;
  readonly requestContext?: { readonly http?: { readonly method?: string } };
};

type ChatMessage = { readonly role: 'user' | 'assistant'; readonly content: string };
type ChatRequest = { readonly messages: readonly ChatMessage[]; readonly system: string | undefined; readonly maxTokens: number };

export const handler = awslambda.streamifyResponse<FunctionUrlEvent>(async (event, responseStream) => {
  if ((event.requestContext?.http?.method ?? 'POST') !== 'POST') {
    fail(responseStream, 405, 'MethodNotAllowed', 'Send the chat request with POST.', { Allow: 'POST' });
    return;
  }
  const chat = parseChatRequest(event);
  if (typeof chat === 'string') {
    fail(responseStream, 400, 'BadRequest', chat);
    return;
  }
  const events = wantsServerSentEvents(event);
  const abort = new AbortController();
  // The client went away (the runtime's response stream closed early): stop paying for tokens.
  const onGone = (): void => abort.abort();
  responseStream.once('close', onGone);
  responseStream.once('error', onGone);

  let out: awslambda.ResponseStream | undefined;
  const open = (): awslambda.ResponseStream =>
    (out ??= awslambda.HttpResponseStream.from(responseStream, {
      statusCode: 200,
      headers: events ? { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' } : { 'Content-Type': 'text/plain; charset=utf-8' },
    }));
  let stopReason: string | undefined;
  let usage: Record<string, unknown> = {};
  try {
    const response = await client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId,
        contentType: 'application/json',
        accept: 'application/json',
        body: JSON.stringify({
          anthropic_version: 'bedrock-2023-05-31',
          max_tokens: chat.maxTokens,
          ...(chat.system === undefined ? {} : { system: chat.system }),
          messages: chat.messages,
        }),
      }),
      { abortSignal: abort.signal },
    );
    for await (const item of response.body ?? []) {
      if (item.chunk?.bytes === undefined) continue;
      const modelEvent = JSON.parse(decoder.decode(item.chunk.bytes)) as {
        type: string;
        delta?: { type?: string; text?: string; stop_reason?: string };
        usage?: Record<string, unknown>;
        message?: { usage?: Record<string, unknown> };
      };
      if (modelEvent.type === 'content_block_delta' && modelEvent.delta?.type === 'text_delta' && modelEvent.delta.text !== undefined) {
        open().write(events ? serverSentEvent('delta', { text: modelEvent.delta.text }) : modelEvent.delta.text);
      } else if (modelEvent.type === 'message_start') {
        usage = { ...modelEvent.message?.usage };
      } else if (modelEvent.type === 'message_delta') {
        stopReason = modelEvent.delta?.stop_reason;
        usage = { ...usage, ...modelEvent.usage };
      }
    }
    if (events) open().write(serverSentEvent('done', { stopReason, usage }));
    open().end();
  } catch (error) {
    if (abort.signal.aborted) return;
    const { name, message } = error as Error;
    if (out === undefined) {
      // Nothing sent yet: a real HTTP error the client can act on.
      fail(responseStream, statusFor(name), name, message);
      return;
    }
    // Tokens already went out: say so in band, then end cleanly.
    out.write(events ? serverSentEvent('error', { type: name, message }) : `\n[error] ${name}: ${message}\n`);
    out.end();
  } finally {
    responseStream.off('close', onGone);
    responseStream.off('error', onGone);
  }
});

/**
 * The same chat, answered whole: for a front door that cannot stream (a
 * BUFFERED REST integration, an HTTP API). Same request; the answer is the
 * whole text (`text/plain`), or the same error statuses as above. Deploy it as
 * its own function, handler `index.bufferedHandler`.
 */
export async function bufferedHandler(event: FunctionUrlEvent): Promise<{ statusCode: number; headers: Record<string, string>; body: string }> {
  const chat = parseChatRequest(event);
  const error = (statusCode: number, type: string, message: string) => ({ statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ error: { type, message } }) });
  if (typeof chat === 'string') return error(400, 'BadRequest', chat);
  try {
    const response = await client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId,
        contentType: 'application/json',
        accept: 'application/json',
        body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: chat.maxTokens, ...(chat.system === undefined ? {} : { system: chat.system }), messages: chat.messages }),
      }),
    );
    let text = '';
    for await (const item of response.body ?? []) {
      if (item.chunk?.bytes === undefined) continue;
      const modelEvent = JSON.parse(decoder.decode(item.chunk.bytes)) as { type: string; delta?: { type?: string; text?: string } };
      if (modelEvent.type === 'content_block_delta' && modelEvent.delta?.type === 'text_delta') text += modelEvent.delta.text ?? '';
    }
    return { statusCode: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text };
  } catch (caught) {
    const { name, message } = caught as Error;
    return error(statusFor(name), name, message);
  }
}

function parseChatRequest(event: FunctionUrlEvent): ChatRequest | string {
  let body: unknown;
  try {
    const text = event.isBase64Encoded === true ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
    body = JSON.parse(text === '' ? '{}' : text);
  } catch {
    return 'The request body must be JSON: {"prompt": "…"} or {"messages": [{"role": "user", "content": "…"}]}.';
  }
  if (body === null || typeof body !== 'object') return 'The request body must be a JSON object.';
  const { prompt, messages, system, maxTokens } = body as Record<string, unknown>;
  const conversation = typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : messages;
  if (!Array.isArray(conversation) || conversation.length === 0) return 'Give "prompt" (a string) or "messages" (a non-empty list).';
  for (const [index, message] of conversation.entries()) {
    const { role, content } = (message ?? {}) as Record<string, unknown>;
    if ((role !== 'user' && role !== 'assistant') || typeof content !== 'string') return `messages[${index}] must be {"role": "user" | "assistant", "content": string}.`;
  }
  if (system !== undefined && typeof system !== 'string') return '"system" must be a string.';
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && (maxTokens as number) > 0)) return '"maxTokens" must be a positive integer.';
  return { messages: conversation as ChatMessage[], system: system ?? defaultSystem, maxTokens: (maxTokens as number | undefined) ?? defaultMaxTokens };
}

function wantsServerSentEvents(event: FunctionUrlEvent): boolean {
  return event.queryStringParameters?.['format'] === 'sse' || (event.headers?.['accept'] ?? '').includes('text/event-stream');
}

function serverSentEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A status that tells the client what Bedrock's error means for it. */
function statusFor(errorName: string): number {
  switch (errorName) {
    case 'ValidationException':
      return 400;
    case 'ThrottlingException':
    case 'ServiceQuotaExceededException':
    case 'ModelNotReadyException':
      return 429;
    case 'ServiceUnavailableException':
      return 503;
    case 'ModelTimeoutException':
      return 504;
    default:
      return 502;
  }
}

function fail(responseStream: awslambda.ResponseStream, statusCode: number, type: string, message: string, headers: Record<string, string> = {}): void {
  const stream = awslambda.HttpResponseStream.from(responseStream, { statusCode, headers: { 'Content-Type': 'application/json', ...headers } });
  stream.write(JSON.stringify({ error: { type, message } }));
  stream.end();
}
