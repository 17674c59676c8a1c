import type { Context } from 'hono';
import { authenticate, authorize, type Principal } from '../auth/auth-policy.ts';
import { BedrockException } from '../../core/errors/bedrock-exception.ts';
import { toBedrockException } from './error-response.ts';
import type { NormalizedRequest, Operation, ParsedRequest } from '../../core/fixtures/request.ts';
import { refuseUnsupportedOperation, resolveTarget, type CallTarget } from '../../apis/invoke-model/families.ts';
import { headersOf, openCall, reportedError, type Call } from './call.ts';
import type { EmulatorEnv } from './emulator-env.ts';
import type { EmulatorState } from './emulator-state.ts';
import { withoutSecrets } from '../journal/journal.ts';
import { maxBodyBytes, parseJsonBytes, readBodyBytes, readJsonBody } from './read-json-body.ts';
import { epochMsOf } from '../../core/playback/clock.ts';

/*
 * The steps every call takes, whichever API it speaks (Bedrock's routes, the
 * OpenAI-compatible ones): open it in the journal, authenticate, resolve the
 * model, authorize, read and report the request.
 */

/** Opens the call a request is: its id, timing origin and connection; reported `received`. */
export function open(c: Context<EmulatorEnv>, state: EmulatorState, operation: Operation, rawModelId = c.req.param('modelId') ?? ''): Call {
  const call = openCall({
    id: c.get('requestId'),
    operation,
    request: c.req.raw,
    path: rawPathOf(c.req.url),
    headers: headersOf(c.req.raw, c.env?.transport?.rawHeaders),
    rawModelId,
    startedAt: c.get('startedAt'),
    transport: c.env?.transport,
    clock: state.options.clock,
    report: state.report,
  });
  c.set('call', call);
  return call;
}

/** The path of a URL as sent (percent-encoding kept), without building a `URL`. */
function rawPathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  if (start === -1) return '/';
  const query = url.indexOf('?', start);
  return query === -1 ? url.slice(start) : url.slice(start, query);
}

/** The call's target, resolved once (against the emulator's model catalog); reported so the journal names the model. */
export function resolve(call: Call, state: EmulatorState, rawModelId = call.rawModelId): CallTarget {
  const target = resolveTarget(rawModelId, call.operation, state.options.models);
  call.report({ kind: 'resolved', model: { raw: target.model.raw, base: target.model.base } });
  refuseUnsupportedOperation(target);
  return target;
}

/**
 * Under an auth policy, who the caller is: its signature (over the body as
 * sent) or its API key, checked as the service's front end checks them,
 * before anything else about the request. Throws Bedrock's exception.
 */
export async function authenticateCall(
  call: Call,
  state: EmulatorState,
  bodyAsSent?: Uint8Array,
  services: readonly [string, ...string[]] = ['bedrock'],
  /** A header that may carry the API key instead of `Authorization: Bearer` (Anthropic's `x-api-key`). */
  apiKeyHeader?: string,
): Promise<Principal | undefined> {
  const policy = state.options.auth;
  if (policy === undefined) return undefined;
  // Over Bedrock's limit, the body is not read for a signature: parsing refuses it in Bedrock's words.
  if (Number(call.headers['content-length'] ?? 0) > maxBodyBytes) return undefined;
  const body = bodyAsSent ?? new Uint8Array(await call.request.clone().arrayBuffer());
  const url = call.request.url;
  const queryStart = url.indexOf('?');
  const principal = await authenticate(
    {
      method: call.request.method,
      rawPath: rawPathOf(url),
      rawQuery: queryStart === -1 ? '' : url.slice(queryStart + 1),
      // HTTP/2 has no Host header, and an HTTP/1.1 request no :authority: both are where the request went.
      header: (name) => {
        const apiKey = apiKeyHeader === undefined ? undefined : call.headers[apiKeyHeader];
        if (name === 'authorization' && call.headers.authorization === undefined && apiKey !== undefined) return `Bearer ${apiKey}`;
        return call.headers[name] ?? (name === 'host' || name === ':authority' ? hostOf(url) : undefined);
      },
      body,
    },
    policy,
    new Date(epochMsOf(state.options.clock)),
    services,
  );
  if (principal instanceof BedrockException) throw principal;
  return principal;
}

/** Whether the authenticated key may call this model (its allow list, as an IAM policy would say). */
export function authorizeCall(call: Call, state: EmulatorState, principal: Principal | undefined, target: CallTarget): void {
  const policy = state.options.auth;
  if (policy === undefined || principal === undefined) return;
  const refused = authorize(principal, call.operation, target.model, policy);
  if (refused !== undefined) throw refused;
}

/** The `host[:port]` of a URL. */
function hostOf(url: string): string {
  const start = url.indexOf('//') + 2;
  const end = url.indexOf('/', start);
  return url.slice(start, end === -1 ? undefined : end);
}

/** Reads and parses the body, and reports the request (headers without credentials) to the journal. */
export async function parse(call: Call, read: (body: unknown) => ParsedRequest, options: { readonly withHeaders: boolean; readonly bytes?: Uint8Array | undefined }): Promise<NormalizedRequest> {
  const body = options.bytes === undefined ? await readJsonBody(call.request, call.headers['content-length']) : await parseJsonBytes(options.bytes);
  return reportParsed(call, read(body), options);
}

/** The body as sent, read once, when a signature must be checked over it (else the parser reads the body itself). */
export async function bytesToVerify(call: Call, state: EmulatorState): Promise<Uint8Array | undefined> {
  if (state.options.auth === undefined || Number(call.headers['content-length'] ?? 0) > maxBodyBytes) return undefined;
  return readBodyBytes(call.request, call.headers['content-length']);
}

/** Reports a request read from its body (headers without credentials) to the journal, with its headers added. */
export function reportParsed(call: Call, parsed: ParsedRequest, options: { readonly withHeaders: boolean }): NormalizedRequest {
  const request: NormalizedRequest = { ...parsed, headers: call.headers };
  // The journal shows what was asked; the cache's block keys are the emulator's own bookkeeping.
  call.report({ kind: 'parsed', request: { ...request, cachePrefix: undefined, headers: options.withHeaders ? withoutSecrets(request.headers) : {} } });
  return request;
}

/**
 * A call that fails with an error of its request (or of the emulator), reported
 * once: aborted by its client, or the error; then the exception it answers.
 */
export function settleFailed(call: Call, error: unknown): BedrockException {
  const exception = toBedrockException(error);
  const aborted = call.signal.aborted;
  call.settle({ status: exception.status, outcome: aborted ? 'client-aborted' : 'error', error: aborted ? undefined : reportedError(exception) });
  return exception;
}

/**
 * The opening of a call whose model is named in its body (the OpenAI and
 * Anthropic APIs): the body read once within Bedrock's limit, the caller
 * authenticated over it (signatures scoped to `services`; an API key also
 * from `apiKeyHeader`), `afterAuthentication` checks run, the model read
 * from the JSON by `modelOf`, resolved and authorized.
 */
export async function openBodyCall(
  call: Call,
  state: EmulatorState,
  options: {
    readonly services: readonly [string, ...string[]];
    readonly modelOf: (body: unknown) => string;
    readonly apiKeyHeader?: string;
    readonly afterAuthentication?: () => void;
  },
): Promise<{ readonly body: unknown; readonly target: CallTarget }> {
  const bytes = await readBodyBytes(call.request, call.headers['content-length']);
  const principal = await authenticateCall(call, state, bytes, options.services, options.apiKeyHeader);
  options.afterAuthentication?.();
  const body = await parseJsonBytes(bytes);
  const target = resolve(call, state, options.modelOf(body));
  authorizeCall(call, state, principal, target);
  return { body, target };
}
