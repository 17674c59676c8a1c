/**
 * A chat function behind an API Gateway WebSocket API, with "stop
 * generating": client → WebSocket API → this function → Bedrock
 * ConverseStream, each piece of text posted to the connection as it arrives.
 *
 * Deploy unchanged (it uses only the AWS SDK that nodejs22.x/24.x ship): one
 * function, handler `index.handler`, for the routes `$connect`,
 * `$disconnect`, `chat`, `stop` and `$default` (route selection
 * `$request.body.action`); environment `MODEL_ID`, `GENERATIONS_TABLE` (and
 * optionally `MAX_TOKENS`, `SYSTEM_PROMPT`, `STOP_POLL_MS`). README.md beside
 * this file has the table, the routes and the permissions.
 *
 * Messages from the client:
 * - `{"action": "chat", "prompt": "…"}` or `{"action": "chat", "messages": [{"role", "content"}…], "system"?, "maxTokens"?}`
 * - `{"action": "stop"}`
 * Messages to the client (JSON text), each with the `generationId` it belongs to:
 * - `{"type": "started"}`, then `{"type": "delta", "text"}` per piece,
 * - then exactly one of `{"type": "done", "stopReason", "usage"}`, `{"type": "stopped", "reason": "stop" | "superseded"}`,
 *   `{"type": "error", "error": {"type", "message"}}`.
 *
 * Why a table: the stop arrives in another invocation, on AWS usually in
 * another execution environment, than the one streaming. The streaming
 * invocation polls its generation's item (every `STOP_POLL_MS`, default 100)
 * and aborts the Bedrock stream when the item says stop, names a newer
 * generation, or is gone (the connection closed).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { BedrockRuntimeClient, ConverseStreamCommand, type Message } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beginGeneration, endConnection, finishGeneration, generationsTableName, requestStop, whyStop, type StopReason } from './generation-store.ts';

const bedrock = new BedrockRuntimeClient({});
const dynamodb = new DynamoDBClient({});
const modelId = process.env['MODEL_ID'] ?? 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const defaultMaxTokens = Number(process.env['MAX_TOKENS'] ?? '1024');
const defaultSystem = process.env['SYSTEM_PROMPT'];
const stopPollMs = Number(process.env['STOP_POLL_MS'] ?? '100');

type WebSocketEvent = {
  readonly requestContext: { readonly routeKey: string; readonly connectionId: string; readonly domainName: string; readonly stage: string };
  readonly body?: string;
};
type Result = { readonly statusCode: number; readonly body?: string };
type ChatRequest = { readonly messages: Message[]; readonly system: string | undefined; readonly maxTokens: number };

export async function handler(event: WebSocketEvent): Promise<Result> {
  const { routeKey, connectionId } = event.requestContext;
  const table = generationsTableName();
  switch (routeKey) {
    case '$connect':
      return { statusCode: 200 };
    case '$disconnect':
      // A generation still streaming sees its item gone and stops paying for tokens.
      await endConnection(dynamodb, table, connectionId);
      return { statusCode: 200 };
    case 'stop':
      await requestStop(dynamodb, table, connectionId);
      return { statusCode: 200 };
    case 'chat':
      await chat(event, table);
      return { statusCode: 200 };
    default:
      return { statusCode: 200, body: JSON.stringify({ type: 'error', error: { type: 'BadRequest', message: 'Send {"action": "chat", "prompt": "…"} or {"action": "stop"}.' } }) };
  }
}

async function chat(event: WebSocketEvent, table: string): Promise<void> {
  const { connectionId, domainName, stage } = event.requestContext;
  // The usual way back to the client: the management API at the domain and stage the message came in on.
  const connection = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` });
  const abort = new AbortController();
  let gone = false;
  const post = async (message: unknown): Promise<void> => {
    if (gone) return;
    try {
      await connection.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(message) }));
    } catch (error) {
      if (!(error instanceof GoneException)) throw error;
      // The client left: nobody to stream to.
      gone = true;
      abort.abort();
    }
  };
  const request = parseChatRequest(event.body);
  if (typeof request === 'string') {
    await post({ type: 'error', error: { type: 'BadRequest', message: request } });
    return;
  }
  const generationId = await beginGeneration(dynamodb, table, connectionId);
  // Every message names its generation: a superseded one's last pieces can still be in flight.
  const send = (message: Record<string, unknown>): Promise<void> => post({ ...message, generationId });
  await send({ type: 'started' });
  let stopped: StopReason | undefined;
  // The one final message sent: a stop noticed after `done` went out changes nothing.
  let ended = false;
  const watching = watchForStop(table, connectionId, generationId, abort.signal).then((reason) => {
    if (reason === undefined) return;
    stopped = reason;
    abort.abort();
  });
  try {
    const response = await bedrock.send(
      new ConverseStreamCommand({
        modelId,
        messages: request.messages,
        ...(request.system === undefined ? {} : { system: [{ text: request.system }] }),
        inferenceConfig: { maxTokens: request.maxTokens },
      }),
      { abortSignal: abort.signal },
    );
    let stopReason: string | undefined;
    let usage: unknown;
    for await (const item of response.stream ?? []) {
      const text = item.contentBlockDelta?.delta?.text;
      if (text !== undefined) await send({ type: 'delta', text });
      if (item.messageStop !== undefined) stopReason = item.messageStop.stopReason;
      if (item.metadata !== undefined) usage = item.metadata.usage;
    }
    // A stopped stream may end quietly rather than throw: it is not done then.
    if (!abort.signal.aborted) {
      ended = true;
      await send({ type: 'done', stopReason, usage });
    }
  } catch (error) {
    if (!abort.signal.aborted) {
      ended = true;
      const { name, message } = error as Error;
      await send({ type: 'error', error: { type: name, message } });
    }
  } finally {
    abort.abort();
    await watching;
    // A closed connection has nobody to tell.
    if (!ended && (stopped === 'stop' || stopped === 'superseded')) await send({ type: 'stopped', reason: stopped });
    await finishGeneration(dynamodb, table, connectionId, generationId);
    connection.destroy();
  }
}

/** Polls the generation's item until it says why to stop, or `done` aborts. */
async function watchForStop(table: string, connectionId: string, generationId: string, done: AbortSignal): Promise<StopReason | undefined> {
  while (!done.aborted) {
    await sleep(stopPollMs, undefined, { signal: done }).catch(() => undefined);
    if (done.aborted) return undefined;
    const reason = await whyStop(dynamodb, table, connectionId, generationId);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

function parseChatRequest(body: string | undefined): ChatRequest | string {
  let request: unknown;
  try {
    request = JSON.parse(body ?? '{}');
  } catch {
    return 'The message must be JSON: {"action": "chat", "prompt": "…"}.';
  }
  const { prompt, messages, system, maxTokens } = (request ?? {}) as Record<string, unknown>;
  const conversation = typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : messages;
  if (!Array.isArray(conversation) || conversation.length === 0) return 'Give "prompt" (a string) or "messages" (a non-empty list).';
  const converted: Message[] = [];
  for (const [index, message] of conversation.entries()) {
    const { role, content } = (message ?? {}) as Record<string, unknown>;
    if ((role !== 'user' && role !== 'assistant') || typeof content !== 'string') return `messages[${index}] must be {"role": "user" | "assistant", "content": string}.`;
    converted.push({ role, content: [{ text: content }] });
  }
  if (system !== undefined && typeof system !== 'string') return '"system" must be a string.';
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && (maxTokens as number) > 0)) return '"maxTokens" must be a positive integer.';
  return { messages: converted, system: system ?? defaultSystem, maxTokens: (maxTokens as number | undefined) ?? defaultMaxTokens };
}
