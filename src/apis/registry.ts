import type { NormalizedRequest, Operation } from '../core/fixtures/request.ts';
import type { RecordedReader } from '../core/recording/recorded-answer.ts';
import { asBedrockClaudeBody, messagesModelOf } from './anthropic-messages/messages-api.ts';
import { chatModelOf, parseChatCompletionsRequest } from './chat-completions/chat-request.ts';
import { chatCompletionsReader } from './chat-completions/read-recorded.ts';
import { parseConverseRequest } from './converse/parse-converse-request.ts';
import { converseReader } from './converse/read-recorded.ts';
import { parseAnthropicRequest } from './invoke-model/claude/parse-request.ts';
import { claudeReader } from './invoke-model/claude/read-recorded.ts';
import { invokeFormatOf, resolveTarget } from './invoke-model/families.ts';
import { invokeModelReader } from './invoke-model/read-recorded.ts';
import { responsesReader } from './responses/read-recorded.ts';
import { parseResponsesRequest } from './responses/responses-request.ts';

/** Which of Bedrock's endpoints serves a route: the runtime's (`bedrock-runtime…`), or Mantle's (`bedrock-mantle…`). */
export type Endpoint = 'runtime' | 'mantle';

/** The request of a call, as the recorder has it: its parsed body, headers (lower-case), and path parameters. */
export type RecordedRequest = { readonly body: unknown; readonly headers: Readonly<Record<string, string>>; readonly params: Readonly<Record<string, string>> };

/** How a route's calls are recorded: its request read as fixtures see it, and its answer read back. */
export type Recording = {
  /** Throws (a `BedrockException`, or an Error saying why) for a request that cannot be recorded. */
  readRequest(request: RecordedRequest): NormalizedRequest;
  readonly answer: RecordedReader;
};

/** One route of one API: its path (`:name` for a parameter), the operation it is in the journal, its endpoint. */
export type ApiRoute = {
  readonly method: 'POST';
  readonly path: string;
  readonly operation: Operation;
  readonly endpoint: Endpoint;
  /** How the recorder writes its calls as fixtures; none for a call that generates nothing (CountTokens, ApplyGuardrail). */
  readonly recording?: Recording;
};

/** One API the emulator speaks, with its routes. */
export type Api = { readonly name: string; readonly routes: readonly ApiRoute[] };

const modelIdOf = (request: RecordedRequest): string => request.params['modelId'] ?? '';

/** InvokeModel's body in the model family's own format; Claude's is the one recorded so far. */
function invokeRecording(operation: 'InvokeModel' | 'InvokeModelWithResponseStream'): Recording {
  return {
    readRequest(request) {
      const target = resolveTarget(modelIdOf(request), operation);
      if (target.family.provider !== 'anthropic') throw new Error(`InvokeModel bodies of the "${target.family.provider}" family are forwarded but not recorded yet (Converse calls to the same model are)`);
      return { ...invokeFormatOf(target).parseBody(request.body, operation, target.model), headers: request.headers };
    },
    answer: invokeModelReader,
  };
}

function converseRecording(operation: 'Converse' | 'ConverseStream'): Recording {
  return {
    readRequest(request) {
      const target = resolveTarget(modelIdOf(request), operation);
      return { ...parseConverseRequest(request.body, operation, target.model), headers: request.headers };
    },
    answer: converseReader,
  };
}

const chatRecording: Recording = {
  readRequest(request) {
    const target = resolveTarget(chatModelOf(request.body), 'ChatCompletions');
    return { ...parseChatCompletionsRequest(request.body, target.model).request, headers: request.headers };
  },
  answer: chatCompletionsReader,
};

const responsesRecording: Recording = {
  readRequest(request) {
    const target = resolveTarget(chatModelOf(request.body), 'Responses');
    return { ...parseResponsesRequest(request.body, target.model).request, headers: request.headers };
  },
  answer: responsesReader,
};

const messagesRecording: Recording = {
  readRequest(request) {
    const target = resolveTarget(messagesModelOf(request.body), 'AnthropicMessages');
    const body = asBedrockClaudeBody(request.body as Record<string, unknown>, request.headers['anthropic-version'] ?? '2023-06-01');
    return { ...parseAnthropicRequest(body, 'AnthropicMessages', target.model), headers: request.headers };
  },
  answer: claudeReader,
};

const post = (path: string, operation: Operation, endpoint: Endpoint, recording?: Recording): ApiRoute => ({ method: 'POST', path, operation, endpoint, ...(recording === undefined ? {} : { recording }) });

/**
 * Every API the emulator speaks and its routes, in one place: the
 * emulator registers its routes from it, and the recorder reads which
 * endpoint a path goes to and how a call is written as a fixture.
 */
export const apis = {
  invokeModel: {
    name: 'InvokeModel',
    routes: [post('/model/:modelId/invoke', 'InvokeModel', 'runtime', invokeRecording('InvokeModel')), post('/model/:modelId/invoke-with-response-stream', 'InvokeModelWithResponseStream', 'runtime', invokeRecording('InvokeModelWithResponseStream'))],
  },
  converse: {
    name: 'Converse',
    routes: [post('/model/:modelId/converse', 'Converse', 'runtime', converseRecording('Converse')), post('/model/:modelId/converse-stream', 'ConverseStream', 'runtime', converseRecording('ConverseStream'))],
  },
  countTokens: { name: 'CountTokens', routes: [post('/model/:modelId/count-tokens', 'CountTokens', 'runtime')] },
  applyGuardrail: { name: 'ApplyGuardrail', routes: [post('/guardrail/:guardrailIdentifier/version/:guardrailVersion/apply', 'ApplyGuardrail', 'runtime')] },
  chatCompletions: {
    name: 'Chat Completions',
    routes: [post('/openai/v1/chat/completions', 'ChatCompletions', 'runtime', chatRecording), post('/v1/chat/completions', 'ChatCompletions', 'mantle', chatRecording)],
  },
  responses: {
    name: 'Responses',
    routes: [post('/openai/v1/responses', 'Responses', 'runtime', responsesRecording), post('/v1/responses', 'Responses', 'mantle', responsesRecording)],
  },
  anthropicMessages: {
    name: 'Anthropic Messages',
    routes: [post('/anthropic/v1/messages', 'AnthropicMessages', 'mantle', messagesRecording), post('/anthropic/v1/messages/count_tokens', 'CountTokens', 'mantle')],
  },
} as const satisfies Record<string, Api>;

const allRoutes: readonly ApiRoute[] = Object.values(apis).flatMap((api) => api.routes);

/**
 * The route a path is, with its parameters (percent-decoded), or undefined.
 *
 * @example
 * routeOf('POST', '/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream')
 * // { route: { operation: 'ConverseStream', … }, params: { modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0' } }
 */
export function routeOf(method: string, pathname: string): { readonly route: ApiRoute; readonly params: Record<string, string> } | undefined {
  const segments = pathname.split('/');
  for (const route of allRoutes) {
    if (route.method !== method) continue;
    const params = matchPath(route.path.split('/'), segments);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}

/** How an operation's calls are recorded (the same on every endpoint that serves it), or undefined for one that is not. */
export function recordingOf(operation: Operation): Recording | undefined {
  return allRoutes.find((route) => route.operation === operation && route.recording !== undefined)?.recording;
}

/** The route of an operation on an endpoint (the runtime's by default). */
export function routeFor(operation: Operation, endpoint: Endpoint = 'runtime'): ApiRoute {
  const route = allRoutes.find((candidate) => candidate.operation === operation && candidate.endpoint === endpoint);
  if (route === undefined) throw new Error(`no ${endpoint} route for ${operation}`);
  return route;
}

function matchPath(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? '';
    if (part.startsWith(':')) {
      if (segment === '') return undefined;
      params[part.slice(1)] = safelyDecoded(segment);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

function safelyDecoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
